#!/usr/bin/env python3
"""trec_eval.py - score a TREC run against qrels: MAP, nDCG@10, P@10.

Usage: trec_eval.py QRELS RUN [--json]

Definitions (as trec_eval computes them):
  AP      mean of precision at each relevant document retrieved, divided by
          the number of relevant documents of the query (rel > 0)
  nDCG@10 graded gain (2^rel - 1) / log2(rank + 1), normalized by the ideal
          ordering of the qrels
  P@10    relevant documents in the first 10 / 10
Queries with no relevant document in the qrels are left out; queries with
relevant documents but no line in the run count as 0.
"""
import json
import math
import sys
from collections import defaultdict


def load_qrels(path):
    q = defaultdict(dict)
    for line in open(path):
        f = line.split()
        if len(f) < 4:
            continue
        q[f[0]][f[2]] = int(f[3])
    return q


def load_run(path):
    r = defaultdict(list)
    for line in open(path):
        f = line.split()
        if len(f) < 6:
            continue
        r[f[0]].append((float(f[4]), int(f[3]), f[2]))
    out = {}
    for qid, rows in r.items():
        rows.sort(key=lambda x: (-x[0], x[1]))
        seen, docs = set(), []
        for _, _, d in rows:
            if d not in seen:
                seen.add(d)
                docs.append(d)
        out[qid] = docs
    return out


def score(qrels, run):
    aps, ndcgs, p10s = [], [], []
    for qid, rels in qrels.items():
        nrel = sum(1 for v in rels.values() if v > 0)
        if nrel == 0:
            continue
        docs = run.get(qid, [])
        hits, s = 0, 0.0
        for i, d in enumerate(docs, 1):
            if rels.get(d, 0) > 0:
                hits += 1
                s += hits / i
        aps.append(s / nrel)
        dcg = sum((2 ** rels.get(d, 0) - 1) / math.log2(i + 1)
                  for i, d in enumerate(docs[:10], 1) if rels.get(d, 0) > 0)
        ideal = sorted((v for v in rels.values() if v > 0), reverse=True)[:10]
        idcg = sum((2 ** v - 1) / math.log2(i + 1) for i, v in enumerate(ideal, 1))
        ndcgs.append(dcg / idcg if idcg else 0.0)
        p10s.append(sum(1 for d in docs[:10] if rels.get(d, 0) > 0) / 10)
    n = len(aps)
    return {"queries": n, "map": sum(aps) / n if n else 0.0,
            "ndcg@10": sum(ndcgs) / n if n else 0.0,
            "p@10": sum(p10s) / n if n else 0.0}


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    res = score(load_qrels(sys.argv[1]), load_run(sys.argv[2]))
    if "--json" in sys.argv:
        print(json.dumps(res))
    else:
        print("queries %d  MAP %.4f  nDCG@10 %.4f  P@10 %.4f" %
              (res["queries"], res["map"], res["ndcg@10"], res["p@10"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
