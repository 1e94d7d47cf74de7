#!/usr/bin/env python3
"""first_passage_rows.py - how many articles open with page furniture.

Reads `docket-index --extract` output (JSON lines) and counts the articles
whose text opens with a row that is not theirs: the first PREFIX characters
of the text (white space collapsed, case folded) are shared by at least
MIN_SHARE articles of the same source with different titles.  An article's
own first sentence is not shared by other articles, so a repeated opening
is a menu, a share bar or a banner; no site names and no word lists are
used.  Prints the share over all articles and the sources with most.

usage: docket-index --extract -q DUMP | bench/first_passage_rows.py [PREFIX [MIN_SHARE]]
"""
import collections, json, re, sys

PREFIX = int(sys.argv[1]) if len(sys.argv) > 1 else 60
MIN_SHARE = int(sys.argv[2]) if len(sys.argv) > 2 else 3

arts = []
for line in sys.stdin:
    d = json.loads(line)
    text = re.sub(r'\s+', ' ', d.get('text') or '').strip().lower()
    src = d.get('source') or d.get('site') or ''
    arts.append((src, d.get('title') or '', text[:PREFIX]))
titles = collections.defaultdict(set)
for src, title, head in arts:
    if len(head) >= PREFIX:
        titles[(src, head)].add(title)
bad = collections.Counter()
total = collections.Counter()
for src, title, head in arts:
    total[src] += 1
    if len(head) >= PREFIX and len(titles[(src, head)]) >= MIN_SHARE:
        bad[src] += 1
n, b = sum(total.values()), sum(bad.values())
print(f'articles {n}  opening with a repeated row {b}  ({100.0 * b / max(n, 1):.1f}%)')
for src, k in bad.most_common(8):
    print(f'  {src:30s} {k:5d} of {total[src]:5d}')
