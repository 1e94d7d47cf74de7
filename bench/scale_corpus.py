#!/usr/bin/env python3
"""scale_corpus.py - make a K-times larger corpus from an article JSONL.

    scale_corpus.py --factor K [--seed S] -o OUT.jsonl.gz INPUT.jsonl[.gz]

Writes K copies of the input, one after the other, streamed (one article in
memory at a time) and gzip-compressed at level 1 so that a 16x corpus
(~2.9 GB of JSONL for tech-news) costs little time and disk.  Copy 0 is the
input unchanged.  In copy c >= 1 every article gets a new id ("<id>-s<c>")
and URL ("<url>#s<c>"), and its paragraphs (the lines of `text`) are
shuffled with a generator seeded by (seed, c, id), so the output is the
same on every machine and every run, the vocabulary and length statistics
of the corpus are kept, and no two copies of an article have the same text
(phrases that cross a paragraph boundary change).  Titles, sources and dates
are kept.
"""

import argparse
import gzip
import json
import random
import os
import shutil
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
import fields  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--factor", type=int, required=True)
    ap.add_argument("--seed", default="docket-bench-1")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("input")
    args = ap.parse_args()
    if args.factor < 1:
        ap.error("--factor must be at least 1")
    n = 0
    with gzip.open(args.output, "wt", compresslevel=1, encoding="utf-8",
                   newline="\n") as out:
        with fields.open_input(args.input) as f:
            shutil.copyfileobj(f, out)
        for c in range(1, args.factor):
            stats = {"read": 0, "skipped": 0}
            for _, art in fields.articles([args.input], stats):
                aid = str(art["id"])
                rng = random.Random("%s/%d/%s" % (args.seed, c, aid))
                art["id"] = "%s-s%d" % (aid, c)
                if art.get("url"):
                    art["url"] = "%s#s%d" % (art["url"], c)
                text = art.get("text")
                if isinstance(text, str) and "\n" in text:
                    paras = text.split("\n")
                    rng.shuffle(paras)
                    art["text"] = "\n".join(paras)
                out.write(json.dumps(art, ensure_ascii=False) + "\n")
            n = stats["read"]
    print("scale_corpus: %d copies of %d articles" % (args.factor, n),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
