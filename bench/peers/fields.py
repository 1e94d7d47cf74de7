"""fields.py - how the benchmark maps an article onto each peer's fields.

Shared by the input converters (jsonl2scriptindex.py, jsonl2csv.py) and the
FTS5 query driver, so that every peer sees the same id, title, source, site
and date as Docket does (common/fields.h, indexer/extract/date.c):

  date  -> a sortable key "YYYYMMDD" with "00" for an unknown month or day
           ("2016" -> "20160000"), "" when the value is no date.  Query
           ranges are padded the same way: a lower bound with zeros, an upper
           bound with nines, so "date:2016" is 20160000..20169999.
  site  -> the host (from `source`, else from the URL) and each parent
           domain with at least two labels: www.wired.com, wired.com.
"""

import re
from urllib.parse import urlsplit

_MONTHS = ["january", "february", "march", "april", "may", "june", "july",
           "august", "september", "october", "november", "december"]
_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WORDS = re.compile(r"[A-Za-z]+|\d+")


def _month(word):
    w = word.lower()
    if len(w) < 3:
        return 0
    for i, name in enumerate(_MONTHS):
        if name.startswith(w):
            return i + 1
    return 0


def _key(y, m, d):
    if not 1900 <= y <= 2199:
        return ""
    if m == 0 and d != 0:
        return ""
    if m and not 1 <= m <= 12:
        return ""
    if d and not 1 <= d <= _DAYS[m - 1]:
        return ""
    return "%04d%02d%02d" % (y, m, d)


def date_key(value):
    """The sortable "YYYYMMDD" key of a date as dumps write it, or ""."""
    if value is None:
        return ""
    s = str(value).strip()
    m = _ISO.match(s) or _COMPACT.match(s)
    if m:
        return _key(int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))
    # "January 24, 2025", "24 January 2025", "Fri, 24 Jan 2025 ...", "January 2025"
    toks = [t for t in _WORDS.findall(s) if t.isdigit() or _month(t)]
    nums = [int(t) for t in toks if t.isdigit()]
    months = [_month(t) for t in toks if not t.isdigit()]
    years = [n for n in nums if 1900 <= n <= 2199]
    if not years or not months:
        return ""
    days = [n for n in nums if 1 <= n <= 31]
    return _key(years[0], months[0], days[0] if days else 0)


def _pad(spec, fill):
    digits = spec.replace("-", "")
    if not digits.isdigit() or len(digits) not in (4, 6, 8):
        return None
    return digits + fill * (8 - len(digits))


def date_bounds(spec):
    """Inclusive (lo, hi) keys for a query range as Docket writes them:
    YYYY[-MM[-DD]], A..B (either side may be empty), >A, >=A, <A, <=A.
    An open side is "".  None when the text is no range."""
    s = spec.strip()
    if ".." in s:
        a, b = s.split("..", 1)
        lo = _pad(a, "0") if a else ""
        hi = _pad(b, "9") if b else ""
        if lo is None or hi is None:
            return None
        return lo, hi
    for op in (">=", "<=", ">", "<"):
        if s.startswith(op):
            x = s[len(op):]
            if op == ">=":
                v = _pad(x, "0")
                return None if v is None else (v, "")
            if op == "<=":
                v = _pad(x, "9")
                return None if v is None else ("", v)
            if op == ">":
                v = _pad(x, "9")
                return None if v is None else ("%08d" % (int(v) + 1), "")
            v = _pad(x, "0")
            return None if v is None else ("", "%08d" % (int(v) - 1))
    lo, hi = _pad(s, "0"), _pad(s, "9")
    if lo is None:
        return None
    return lo, hi


def sites(source, url):
    """The host and its parent domains (at least two labels), host first."""
    host = (source or "").strip().lower()
    if not host and url:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
    if not host or " " in host:
        return []
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)] or [host]


def clean(text):
    """Text as every peer receives it: a string, no NULs, newlines as \\n."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if "\x00" in text:
        text = text.replace("\x00", " ")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def open_input(path):
    """A text stream over a .jsonl file, gzip-compressed or not."""
    import gzip
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace",
                         newline="\n")
    return open(path, "r", encoding="utf-8", errors="replace", newline="\n")


def articles(paths, stats):
    """Yield (line_number, article dict) from .jsonl[.gz] files, "-" for
    stdin.  A line that is no JSON object, or has no id, is reported on
    standard error as FILE:LINE and skipped, as docket-index does; stats
    counts "read" and "skipped"."""
    import json
    import sys
    for path in paths:
        f = sys.stdin if path == "-" else open_input(path)
        try:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    art = json.loads(line)
                except ValueError as e:
                    print("%s:%d: invalid JSON (%s), skipped" % (path, n, e),
                          file=sys.stderr)
                    stats["skipped"] += 1
                    continue
                if not isinstance(art, dict) or art.get("id") in (None, ""):
                    print("%s:%d: no id, skipped" % (path, n), file=sys.stderr)
                    stats["skipped"] += 1
                    continue
                stats["read"] += 1
                yield n, art
        finally:
            if f is not sys.stdin:
                f.close()
