#!/usr/bin/env python3
"""query_loop.py - a client that queries an index in a loop (rebuild tests).

    query_loop.py SEARCH_BIN INDEX STOP_FILE EXPECT

Runs `SEARCH_BIN --index INDEX --json --limit 500 quokka` until STOP_FILE
exists (and at least once more after), and checks every answer: exit
status 0, valid JSON, all result ids from one generation (the id prefix
before "-"), and exactly the number of hits EXPECT gives for that
generation (EXPECT: "a=75,b=80,..."); a mix of generations or a partial
one fails.  Prints one JSON line: {"queries": N, "failures": [...],
"generations": {TAG: answers}}.
"""

import json
import os
import subprocess
import sys


def main():
    search, index, stop, expect = sys.argv[1:5]
    want = {k: int(v) for k, v in (p.split("=") for p in expect.split(","))}
    n = 0
    failures = []
    seen = {}
    last = False
    while True:
        if os.path.exists(stop):
            if last:
                break
            last = True
        n += 1
        p = subprocess.run([search, "--index", index, "--json", "--limit",
                            "500", "quokka"], capture_output=True)
        if p.returncode != 0:
            failures.append("query %d: exit %d: %s" % (
                n, p.returncode, p.stderr.decode(errors="replace")[:300]))
            continue
        try:
            doc = json.loads(p.stdout)
        except ValueError as e:
            failures.append("query %d: bad JSON: %s" % (n, e))
            continue
        ids = [r["id"] for r in doc["results"]]
        tags = {i.split("-")[0] for i in ids}
        if len(tags) != 1:
            failures.append("query %d: ids from %s" % (n, sorted(tags)))
            continue
        tag = tags.pop()
        if tag not in want or len(ids) != want[tag] or doc["total"] != want[tag]:
            failures.append("query %d: generation %s gave %d ids (total %s), "
                            "want %s" % (n, tag, len(ids), doc["total"],
                                         want.get(tag)))
            continue
        seen[tag] = seen.get(tag, 0) + 1
    print(json.dumps({"queries": n, "failures": failures[:10],
                      "nfailures": len(failures), "generations": seen}))


if __name__ == "__main__":
    main()
