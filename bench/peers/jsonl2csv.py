#!/usr/bin/env python3
"""jsonl2csv.py - convert article JSONL into the CSV that SQLite's shell loads.

    jsonl2csv.py [-o OUT] FILE.jsonl[.gz]...      ("-" is stdin)

Streams one article at a time.  One RFC 4180 row per article, no header,
columns in the order of the FTS5 table (bench/peers/fts5_schema.sql):

    id, title, source, date, text

where date is the sortable key "YYYYMMDD" (bench/peers/fields.py) so that
date ranges are plain string comparisons.  Newlines inside a field are
kept; the csv module quotes such fields and sqlite3's ".import --csv" reads
them back.
"""

import argparse
import csv
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
import fields  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    out = (sys.stdout if args.output == "-" else
           open(args.output, "w", encoding="utf-8", newline=""))
    writer = csv.writer(out, lineterminator="\n")
    stats = {"read": 0, "skipped": 0}
    clean = fields.clean
    for _, art in fields.articles(args.inputs, stats):
        writer.writerow((clean(art["id"]), clean(art.get("title")),
                         clean(art.get("source")),
                         fields.date_key(art.get("date")),
                         clean(art.get("text"))))
    if out is not sys.stdout:
        out.close()
    print("jsonl2csv: %d articles, %d skipped" %
          (stats["read"], stats["skipped"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
