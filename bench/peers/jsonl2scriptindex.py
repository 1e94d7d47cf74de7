#!/usr/bin/env python3
"""jsonl2scriptindex.py - convert article JSONL into scriptindex's dump format.

    jsonl2scriptindex.py [-o OUT] FILE.jsonl[.gz]...      ("-" is stdin)

Streams: one article in memory at a time.  Each article becomes one record
of "name=value" lines, records separated by a blank line.  A newline inside
a value is written as a newline followed by "=", which is how scriptindex
continues a value on the next line (Omega's scriptindex.html, "Input
files"); a blank line inside the text therefore becomes a line holding only
"=", never a record separator.

Fields written, in this order (bench/peers/scriptindex.script says what
scriptindex does with each):

    id      the article id (string or number in the JSON)
    url     as given
    title   as given
    source  the host as given ("www.wired.com")
    site    once per domain: the host and each parent ("wired.com")
    date    the sortable key "YYYYMMDD" (bench/peers/fields.py)
    text    the article text, newlines kept
"""

import argparse
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
import fields  # noqa: E402


def escape(value):
    return fields.clean(value).replace("\n", "\n=")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    out = (sys.stdout if args.output == "-" else
           open(args.output, "w", encoding="utf-8", newline="\n"))
    stats = {"read": 0, "skipped": 0}
    w = out.write
    for _, art in fields.articles(args.inputs, stats):
        w("id=" + escape(art["id"]) + "\n")
        w("url=" + escape(art.get("url")) + "\n")
        w("title=" + escape(art.get("title")) + "\n")
        w("source=" + escape(art.get("source")) + "\n")
        for site in fields.sites(art.get("source"), art.get("url")):
            w("site=" + escape(site) + "\n")
        w("date=" + fields.date_key(art.get("date")) + "\n")
        w("text=" + escape(art.get("text")) + "\n\n")
    if out is not sys.stdout:
        out.close()
    print("jsonl2scriptindex: %d articles, %d skipped" %
          (stats["read"], stats["skipped"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
