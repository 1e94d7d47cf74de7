#!/usr/bin/env python3
"""make_corpus.py - small generated JSONL corpora for the rebuild tests.

    make_corpus.py OUT_DIR TAG ARTICLES [--files N] [--rare K] [--seed S]
                   [--words W]

Writes ARTICLES articles over N files (OUT_DIR/TAG-NN.jsonl).  Every
article's id starts with "TAG-", its text holds the word "gen<TAG>" and, for
every K-th article, the word "quokka"; the rest is random words from a
fixed vocabulary, so no two articles look alike (nothing folds).  A test
that queries "quokka" therefore knows the exact answer of each generation:
ARTICLES // K hits (ids 0, K, 2K, ...), all with ids starting "TAG-".
"""

import argparse
import json
import os
import random


def vocabulary():
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "po", "de",
            "ga", "fi", "ba", "zu", "ho", "ce"]
    words = set()
    rnd = random.Random(7)
    while len(words) < 3000:
        words.add("".join(rnd.choice(syll) for _ in range(rnd.randint(2, 4))))
    return sorted(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("tag")
    ap.add_argument("articles", type=int)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--rare", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words", type=int, default=60)
    a = ap.parse_args()
    vocab = vocabulary()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    files = [open(os.path.join(a.out, "%s-%02d.jsonl" % (a.tag, f)), "w")
             for f in range(a.files)]
    for i in range(a.articles):
        words = [rnd.choice(vocab) for _ in range(a.words)]
        words.insert(rnd.randrange(len(words)), "gen" + a.tag)
        if i % a.rare == 0:
            words.insert(rnd.randrange(len(words)), "quokka")
        rec = {"id": "%s-%d" % (a.tag, i),
               "title": " ".join(rnd.choice(vocab) for _ in range(5)),
               "date": "2025-01-%02d" % (1 + i % 28),
               "source": "Generated", "text": " ".join(words)}
        files[i % a.files].write(json.dumps(rec) + "\n")
    for f in files:
        f.close()


if __name__ == "__main__":
    main()
