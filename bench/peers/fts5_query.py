#!/usr/bin/env python3
"""fts5_query.py - the SQLite FTS5 peer's query driver for bench/run.

    fts5_query.py DB [--passes N] [--no-warmup] [--limit N] < QUERIES.tsv
    fts5_query.py --translate < QUERIES.tsv

Reads "qid<TAB>query" lines in Docket's query language (doc/query-language.md), rewrites
each into FTS5's query syntax plus an SQL date filter, and times it
in-process through Python's sqlite3 module (the same SQLite library as the
sqlite3 program), the way an application would call FTS5:

    SELECT id, snippet(docs, 4, '[', ']', '…', 12) FROM docs
     WHERE docs MATCH ? [AND date BETWEEN ? AND ?] ORDER BY rank LIMIT 10

Output, one line per query and pass (warm-up pass 0, then 1..N), the same
columns as xapian_query:

    qid  pass  us_search  us_snippets  matches_estimated  matches_exact

us_search times the same statement selecting only the id; us_snippets the
statement above.  matches_exact is count(*) of the MATCH, computed in the
warm-up pass only (else -1); FTS5 has no estimate, so matches_estimated
repeats it.

The rewrite (Docket syntax -> FTS5):
    word                  "word"            (quoted: FTS5 barewords allow
                                             only letters, digits, _)
    "a phrase"            "a phrase"
    word*                 "word" *
    title:x, source:x     title : "x", source : "x"
    site:x                source : "x"      (a phrase over the host's words,
                                             AND-ed: site: is a filter)
    a NEAR/5 b            NEAR("a" "b", 5)
    a b c                 ("a" OR "b" OR "c")   the ranked bag, as Xapian's
                                             default OR; with +required
                                             items, those AND-ed
    -x inside a bag       (...) NOT "x"
    AND, OR, NOT, ( )     the same operators, fully parenthesized
    date:...              an SQL filter on the date column (fields.py)
--translate prints qid, the FTS5 expression and the date bounds instead.
"""

import argparse
import sqlite3
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
import fields  # noqa: E402

FIELDS = {"title": "title", "source": "source", "site": "source"}
OPS = ("AND", "OR", "NOT")


def tokenize(q):
    """Split into tokens: ( ) "phrase" and whitespace-separated words.
    A quote that is never closed runs to the end of the query."""
    toks, i, n = [], 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(c)
            i += 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in "()":
                if q[j] == '"':
                    k = q.find('"', j + 1)
                    j = n if k < 0 else k + 1
                else:
                    j += 1
            toks.append(q[i:j])
            i = j
    return toks


class Parser:
    """Docket's grammar (searcher/query_parser.h), leniently."""

    def __init__(self, q):
        self.toks = tokenize(q)
        self.pos = 0
        self.dates = []

    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self):
        t = self.peek()
        self.pos += 1
        return t

    def parse(self):
        node = self.or_expr()
        while self.peek() is not None:      # a stray ")": skip it
            self.take()
            more = self.or_expr()
            node = ("bag", [("", node), ("", more)]) if node and more else (node or more)
        return node

    def binary(self, op, sub):
        kids = [sub()]
        while self.peek() == op:
            self.take()
            kids.append(sub())
        kids = [k for k in kids if k is not None]
        if not kids:
            return None
        return kids[0] if len(kids) == 1 else (op.lower(), kids)

    def or_expr(self):
        return self.binary("OR", self.and_expr)

    def and_expr(self):
        return self.binary("AND", self.not_expr)

    def not_expr(self):
        kids = [self.bag()]
        while self.peek() == "NOT":
            self.take()
            kids.append(self.bag())
        if kids[0] is None:
            return None
        kids = [kids[0]] + [k for k in kids[1:] if k is not None]
        return kids[0] if len(kids) == 1 else ("not", kids)

    def bag(self):
        items = []
        while True:
            t = self.peek()
            if t is None or t == ")" or t in OPS:
                break
            mod = ""
            if len(t) > 1 and t[0] in "+-":
                mod = t[0]
                self.toks[self.pos] = t = t[1:]
            if mod == "" and t.lower().startswith("site:"):
                mod = "f"   # a boolean filter, as Docket's and Xapian's site:
            unit = self.item()
            if unit is not None:
                items.append((mod, unit))
        if not items:
            return None
        if len(items) == 1 and items[0][0] == "":
            return items[0][1]
        return ("bag", items)

    def item(self):
        node = self.unit()
        while self.peek() is not None and self.peek().startswith("NEAR") and \
                self.peek()[4:5] in ("", "/"):
            t = self.take()
            dist = int(t[5:]) if t[5:].isdigit() else 10
            other = self.unit()
            if node is None or other is None:
                node = node or other
            else:
                node = ("near", [node, other], dist)
        return node

    def unit(self):
        t = self.take()
        if t is None:
            return None
        if t == "(":
            node = self.or_expr()
            if self.peek() == ")":
                self.take()
            return node
        field = ""
        if ":" in t:
            name, rest = t.split(":", 1)
            if name.lower() == "date":
                bounds = fields.date_bounds(rest)
                if bounds is not None:
                    self.dates.append(bounds)
                    return None
            elif name.lower() in FIELDS and rest:
                field, t = FIELDS[name.lower()], rest
        return self.atom(t, field)

    @staticmethod
    def atom(t, field):
        if t.startswith('"'):
            text = t[1:-1] if t.endswith('"') and len(t) > 1 else t[1:]
            return ("phrase", text, field)
        if t.endswith("*") and len(t) > 1:
            return ("prefix", t[:-1], field)
        return ("word", t, field)


def fts_string(text):
    return '"' + text.replace('"', '""') + '"'


def render(node):
    """FTS5 expression for a node, or None when it cannot match anything
    by itself (a bag of exclusions only)."""
    kind = node[0]
    if kind in ("word", "phrase", "prefix"):
        s = fts_string(node[1]) + (" *" if kind == "prefix" else "")
        return ("%s : %s" % (node[2], s)) if node[2] else s
    if kind == "near":
        parts = [render(k) for k in node[1]]
        return "NEAR(%s, %d)" % (" ".join(parts), node[2])
    if kind in ("and", "or"):
        parts = [p for p in (render(k) for k in node[1]) if p]
        if not parts:
            return None
        return "(" + (" %s " % kind.upper()).join(parts) + ")"
    if kind == "not":
        first = render(node[1][0])
        if not first:
            return None
        rest = [p for p in (render(k) for k in node[1][1:]) if p]
        return "(" + " NOT ".join([first] + rest) + ")"
    if kind == "bag":
        req = [render(n) for m, n in node[1] if m == "+"]
        opt = [render(n) for m, n in node[1] if m == ""]
        exc = [render(n) for m, n in node[1] if m == "-"]
        flt = [render(n) for m, n in node[1] if m == "f"]
        req, opt, exc, flt = ([p for p in l if p] for l in (req, opt, exc, flt))
        pos = ("(" + " AND ".join(req) + ")") if req else \
              ("(" + " OR ".join(opt) + ")") if opt else None
        if flt:
            pos = "(" + " AND ".join(([pos] if pos else []) + flt) + ")"
        if not pos:
            return None
        return "(" + " NOT ".join([pos] + exc) + ")" if exc else pos
    raise ValueError(kind)


def translate(query):
    """(FTS5 expression or None, lo, hi) for a Docket query; lo/hi are the
    tightest date bounds ("" when open)."""
    p = Parser(query)
    node = p.parse()
    expr = render(node) if node is not None else None
    lo = max([d[0] for d in p.dates] + [""])
    his = [d[1] for d in p.dates if d[1]]
    return expr, lo, (min(his) if his else "")


def statements(expr, lo, hi, limit):
    """The timed id-only and snippet statements, the count, and params."""
    where, params = [], []
    if expr:
        where.append("docs MATCH ?")
        params.append(expr)
    if lo:
        where.append("date >= ?")
        params.append(lo)
    if hi:
        where.append("date <= ? AND date <> ''")
        params.append(hi)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    if expr:
        ids = "SELECT id FROM docs%s ORDER BY rank LIMIT %d" % (w, limit)
        snip = ("SELECT id, snippet(docs, 4, '[', ']', '…', 12) FROM docs%s "
                "ORDER BY rank LIMIT %d" % (w, limit))
    else:   # a pure date filter: no rank and no snippet without MATCH
        ids = "SELECT id FROM docs%s LIMIT %d" % (w, limit)
        snip = "SELECT id, substr(text, 1, 80) FROM docs%s LIMIT %d" % (w, limit)
    count = "SELECT count(*) FROM docs" + w
    return ids, snip, count, params


def read_queries(stream):
    out = []
    for line in stream:
        line = line.rstrip("\n")
        if not line or line.startswith("#") or "\t" not in line:
            continue
        qid, q = line.split("\t", 1)
        out.append((qid, q))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", nargs="?")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--no-warmup", action="store_true")
    ap.add_argument("--translate", action="store_true")
    args = ap.parse_args()
    queries = read_queries(sys.stdin)
    if args.translate:
        for qid, q in queries:
            expr, lo, hi = translate(q)
            print("%s\t%s\t%s\t%s" % (qid, expr or "", lo, hi))
        return 0
    if not args.db:
        ap.error("no database given")
    con = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    ndocs = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    print("# doccount %d" % ndocs)
    status = 0
    prepared = [(qid,) + statements(*translate(q), args.limit)
                for qid, q in queries]
    clock = time.perf_counter
    for pas in range(0 if not args.no_warmup else 1, args.passes + 1):
        for qid, ids, snip, count, params in prepared:
            try:
                t0 = clock()
                con.execute(ids, params).fetchall()
                t1 = clock()
                con.execute(snip, params).fetchall()
                t2 = clock()
                exact = con.execute(count, params).fetchone()[0] \
                    if pas == 0 else -1
            except sqlite3.Error as e:
                print("%s\t%d\tERROR\t%s" % (qid, pas, e))
                status = 2
                continue
            print("%s\t%d\t%.1f\t%.1f\t%d\t%d" %
                  (qid, pas, (t1 - t0) * 1e6, (t2 - t1) * 1e6,
                   exact, exact))
        sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
