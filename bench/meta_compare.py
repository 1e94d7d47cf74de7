#!/usr/bin/env python3
"""meta_compare.py - what changed in the metadata between two extractions.

Reads two `docket-index --extract` outputs of the same input (JSON lines,
same order: BEFORE and AFTER) and prints, for each: how many titles
changed (per source, with a sample), the dates by precision (year, month,
day, none) and how many were filled or refined, and the stories that
hold more than one article (how many, their members, the largest, and
those that fold one site's pages under different titles).  With --gt DIR
(a WCXB-style ground-truth folder of NNNN.json files whose
ground_truth has title and publish_date), it also scores titles (exact
match of letters and digits, case aside) and dates (the extracted date
is a prefix of the true one) for each side.

usage: bench/meta_compare.py BEFORE.jsonl AFTER.jsonl [--gt DIR] [--sample N]
"""
import argparse
import collections
import json
import os
import random
import re


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def norm(t):
    return re.sub(r"\W+", "", (t or "").lower())


def precision(d):
    return {0: "none", 4: "year", 7: "month", 10: "day"}.get(len(d or ""), "other")


def stories(rows):
    by = collections.defaultdict(list)
    for r in rows:
        if r.get("story"):
            by[r["story"]].append(r)
    multi = [v for v in by.values() if len(v) > 1]
    mixed = sum(1 for v in multi
                if len({(r.get("site"), norm(r.get("title"))) for r in v})
                > len({r.get("site") for r in v}))
    return (len(multi), sum(len(v) for v in multi),
            max((len(v) for v in multi), default=0), mixed)


def ground_truth(rows, gtdir):
    by_id = {os.path.basename(r["id"]).split(".")[0]: r for r in rows}
    t_ok = t_all = d_all = d_given = d_ok = 0
    for f in sorted(os.listdir(gtdir)):
        if not f.endswith(".json"):
            continue
        g = json.load(open(os.path.join(gtdir, f), encoding="utf-8"))["ground_truth"]
        r = by_id.get(f[:-5])
        if not r:
            continue
        if g.get("title"):
            t_all += 1
            t_ok += norm(r.get("title")) == norm(g["title"])
        if g.get("publish_date"):
            d_all += 1
            if r.get("date"):
                d_given += 1
                d_ok += g["publish_date"][:10].startswith(r["date"])
    return t_ok, t_all, d_all, d_given, d_ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--gt")
    ap.add_argument("--sample", type=int, default=8)
    a = ap.parse_args()
    A, B = load(a.before), load(a.after)
    if len(A) != len(B):
        raise SystemExit("the two extractions hold %d and %d articles" % (len(A), len(B)))
    pairs = list(zip(A, B))
    tc = [(x, y) for x, y in pairs if x.get("title") != y.get("title")]
    print("articles %d, titles changed %d" % (len(A), len(tc)))
    per = collections.Counter(x.get("source") for x, _ in tc)
    tot = collections.Counter(x.get("source") for x in A)
    for s, n in per.most_common(12):
        print("  %-28s %6d of %6d" % (s, n, tot[s]))
    random.seed(1)
    for x, y in random.sample(tc, min(len(tc), a.sample)):
        print("  %r\n    -> %r" % (x.get("title"), y.get("title")))
    for name, rows in (("before", A), ("after", B)):
        c = collections.Counter(precision(r.get("date")) for r in rows)
        print("dates %-6s day %d, month %d, year %d, none %d" %
              (name, c["day"], c["month"], c["year"], c["none"]))
    filled = sum(1 for x, y in pairs if not x.get("date") and y.get("date"))
    refined = sum(1 for x, y in pairs if x.get("date") and y.get("date") != x.get("date"))
    print("dates filled %d, changed %d" % (filled, refined))
    for name, rows in (("before", A), ("after", B)):
        print("stories %-6s with >1 article %d (members %d, largest %d); "
              "one site under >1 title %d" % ((name,) + stories(rows)))
    if a.gt:
        for name, rows in (("before", A), ("after", B)):
            t_ok, t_all, d_all, d_given, d_ok = ground_truth(rows, a.gt)
            print("ground truth %-6s titles exact %d/%d; dates: %d true, %d given, "
                  "%d agreeing" % (name, t_ok, t_all, d_all, d_given, d_ok))


if __name__ == "__main__":
    main()
