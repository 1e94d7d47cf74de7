#!/usr/bin/env bash
# slow: hostile 50 MB pages and the WCXB benchmark on five pages (211 s)
# HTML pages and WARC crawls end to end: sample-corpus/html and
# sample-corpus/warc are indexed with their metadata read from the pages and
# their boilerplate left out; the "html" key of JSONL is read the same way;
# the hostile inputs of sample-corpus/broken (a corrupt WARC record, an
# undeclared legacy charset, 100,000 levels of nesting, a 50 MB single-line
# page) each give one line naming the file and byte, and everything else is
# indexed.  The WCXB benchmark (bench/wcxb) runs on a few pages when
# the development data is there (DOCKET_DATA).
. "$(dirname "$0")/lib.sh"
SC=$TOP/sample-corpus
IDX=$TMP/index

# ---- the samples ------------------------------------------------------------
"$BIN/docket-index" --index "$IDX" "$SC/html" "$SC/warc" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "index sample html and warc" || not_ok "index sample html and warc" "exit $rc" "$(cat "$TMP/err")"
contains "7 articles: 4 pages, 3 crawled pages" "$TMP/err" "7 articles indexed"
lacks "no problem reported on the samples" "$TMP/err" "byte"

search() { "$BIN/docket-search" --index "$IDX" --json --limit 20 --no-fold "$@"; }
ids() { search "$@" | python3 -c 'import json,sys; [print(r["id"]) for r in json.load(sys.stdin)["results"]]'; }

[ "$(ids interoperability)" = "techledger-2025-03-12-helix-cloud-eu-commitments.html" ] &&
	ok "html page found by its text" || not_ok "html page found by its text" "$(ids interoperability)"
# Boilerplate of the pages is not indexed.
for q in '"Ledger Lines"' '"Courtside Live"' '"LawBeat Daily"' '"reader-funded"' 'cookies' '"More from TechLedger"'; do
	n=$(ids "$q" | wc -l)
	[ "$n" -eq 0 ] && ok "boilerplate $q not indexed" || not_ok "boilerplate $q not indexed" "$(ids "$q")"
done
# The windows-1252 page, decoded from its meta http-equiv declaration.
[ "$(ids 'Hearth')" = "courtside-2025-03-05-nestwell-coppa-settlement.htm" ] &&
	ok "declared windows-1252 page decoded" || not_ok "declared windows-1252 page decoded" "$(ids Hearth)"
ids 'author:Renée' | grep -q courtside && ok "accented author found by author:" || not_ok "accented author found by author:"
# The ISO-8859-1 page in the WARC, declared in the HTTP header only.
[ "$(ids 'Müller signed firmware')" = "https://bytewire.example/security/2025/03/07/quantix-relay-7-3-signed-firmware/" ] &&
	ok "HTTP-declared latin-1 page decoded" || not_ok "HTTP-declared latin-1 page decoded" "$(ids 'Müller')"
# Chunked and gzip-encoded WARC responses.
ids 'reproducible' | grep -q openquill-2-5-1 && ok "chunked response read" || not_ok "chunked response read"
ids 'decibels' | grep -q sunnyvale && ok "gzip-encoded response read" || not_ok "gzip-encoded response read"
n=$(ids '"Not Found"' | wc -l)
[ "$n" -eq 0 ] && ok "404 page not indexed" || not_ok "404 page not indexed"

# ---- metadata, through --extract ----------------------------------------------
"$BIN/docket-index" --extract "$SC/html" "$SC/warc" >"$TMP/ex.jsonl" 2>/dev/null
python3 - "$TMP/ex.jsonl" <<'PY' && ok "metadata read from the pages" || not_ok "metadata read from the pages"
import json, sys
rows = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
def want(id, **kw):
    r = rows[id]
    for k, v in kw.items():
        assert r[k] == v, (id, k, r[k], v)
want("techledger-2025-03-12-helix-cloud-eu-commitments.html",
     title="Helix Cloud offers EU interoperability commitments to end antitrust probe",
     date="2025-03-12", author="Dana Whitfield", source="TechLedger", lang="en",
     url="https://www.techledger.example/policy/2025/03/12/helix-cloud-eu-commitments/")
want("courtside-2025-03-05-nestwell-coppa-settlement.htm", date="2025-03-05",
     author="Ren\u00e9e Fontaine",
     title="Nestwell agrees to delete children\u2019s voice recordings in FTC settlement")
want("lawbeat-2025-03-28-quillon-appeals-sorrell-judgment.html.gz", date="2025-03-28",
     author="Aditi Rao", source="LawBeat",
     title="Quillon appeals $31.2 million patent judgment to Federal Circuit")
want("signalnoise-2025-03-20-deletion-is-the-new-fine.html", date="2025-03-20",
     author="Felix Amsel", source="Signal & Noise", title="Deletion is the new fine")
w = "https://bytewire.example/software/2025/03/04/openquill-2-5-1/"
want(w, url=w, date="2025-03-04", source="Bytewire", author="Mara Lindqvist")
assert rows[w]["meta"]["crawled"] == "2025-03-08T06:00:05Z"
# Paragraphs, one a line; the headline is not repeated in the text.
t = rows["techledger-2025-03-12-helix-cloud-eu-commitments.html"]["text"]
assert t.startswith("Helix Cloud Corp. has offered"), t[:80]
assert len(t.split("\n")) == 6, t
for junk in ("Share on", "Sign up", "Read more", "\u00a9", "Tags:"):
    assert junk not in t, junk
PY

# ---- JSONL with an "html" key -----------------------------------------------------
python3 - "$SC/html/techledger-2025-03-12-helix-cloud-eu-commitments.html" >"$TMP/pages.jsonl" <<'PY'
import json, sys
page = open(sys.argv[1], encoding="utf-8").read()
print(json.dumps({"id": "jl-1", "source": "Feed", "html": page}))
print(json.dumps({"id": "jl-2", "title": "Own title", "html": "<p>short</p>"}))
PY
"$BIN/docket-index" --extract "$TMP/pages.jsonl" >"$TMP/jl.jsonl" 2>"$TMP/jl.err"
python3 - "$TMP/jl.jsonl" <<'PY' && ok "jsonl html key: text and metadata from the page" || not_ok "jsonl html key" "$(cat "$TMP/jl.err")"
import json, sys
rows = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
r = rows["jl-1"]
assert r["source"] == "Feed" and r["author"] == "Dana Whitfield" and r["date"] == "2025-03-12", r
assert r["text"].startswith("Helix Cloud Corp."), r["text"][:60]
assert "Share on" not in r["text"]
assert rows["jl-2"]["title"] == "Own title" and rows["jl-2"]["text"] == "short"
assert "html" not in (r.get("meta") or {})
PY

# ---- bad input ----------------------------------------------------------------------
BR=$SC/broken
sh "$BR/make-html.sh" "$TMP/gen" >/dev/null 2>&1
check "make-html.sh writes the generated pages" test -s "$TMP/gen/huge-page.html"
BIDX=$TMP/bad
start=$(date +%s)
"$BIN/docket-index" --index "$BIDX" "$BR/corrupt-record.warc" "$BR/legacy-charset.html" \
	"$TMP/gen/deep-nesting.html" "$TMP/gen/huge-page.html" >/dev/null 2>"$TMP/bad.err"
rc=$?
[ $rc -eq 0 ] && ok "bad inputs: indexing succeeds overall" || not_ok "bad inputs: indexing succeeds overall" "exit $rc" "$(cat "$TMP/bad.err")"
bad=$(grep -vc '^docket-index: ' "$TMP/bad.err")
[ "$bad" -eq 0 ] && ok "every message is one prefixed line" || not_ok "every message is one prefixed line" "$(cat "$TMP/bad.err")"
one() {  # one NAME FILE-PATTERN: exactly one line about the file, with a byte offset
	local n
	n=$(grep -c -- "$2" "$TMP/bad.err")
	if [ "$n" -eq 1 ] && grep -- "$2" "$TMP/bad.err" | grep -qE ": byte [0-9]+: "; then ok "$1"
	else not_ok "$1" "$(cat "$TMP/bad.err")"; fi
}
one "corrupt WARC record: one line with its byte offset" "corrupt-record.warc: "
contains "corrupt WARC record named as such" "$TMP/bad.err" "corrupt WARC record: its Content-Length"
one "undeclared legacy charset: one warning with its byte offset" "legacy-charset.html: "
contains "legacy charset read as windows-1252" "$TMP/bad.err" "legacy-charset.html: byte 24: no charset declared and not valid UTF-8"
one "100,000 levels of nesting: one warning with its byte offset" "deep-nesting.html: "
contains "nesting flattened, page indexed" "$TMP/bad.err" "flattened (indexed anyway)"
one "50 MB single-line page: one line with its byte offset" "huge-page.html: "
contains "50 MB page over the page limit" "$TMP/bad.err" "page larger than the 33554432-byte limit"
bids() { "$BIN/docket-search" --index "$BIDX" --json --no-fold "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))'; }
for w in Brackenfield Dunmorrow Elsinmere Wrenfield Nestlevel Afterdeep; do
	[ "$(bids "$w")" = 1 ] && ok "readable input indexed ($w)" || not_ok "readable input indexed ($w)"
done
[ "$(bids Corruptium)" = 0 ] && ok "the corrupt record is skipped" || not_ok "the corrupt record is skipped"
"$BIN/docket-index" --extract "$BR/legacy-charset.html" 2>/dev/null |
	grep -q 'Caf\\u00e9 owners\|Café owners' && ok "legacy page decoded" || not_ok "legacy page decoded"
# With room for it, the 50 MB page is read, in bounded time.
"$BIN/docket-index" --index "$BIDX" --max-record 64000000 "$TMP/gen/huge-page.html" >/dev/null 2>"$TMP/huge.err"
[ "$(bids Longlinium)" = 1 ] && ok "50 MB page indexed with --max-record 64M" || not_ok "50 MB page indexed with --max-record 64M" "$(cat "$TMP/huge.err")"
secs=$(( $(date +%s) - start ))
limit=120; [ -n "${DOCKET_SAN:-}" ] && limit=600
[ "$secs" -le "$limit" ] && ok "hostile pages read in ${secs}s" || not_ok "hostile pages read in ${secs}s (limit $limit)"

# ---- the WCXB benchmark on a few pages -------------------------------------------------
WCXB=$DATA/extraction/wcxb-dev
if [ -d "$WCXB" ] && [ -z "${DOCKET_SAN:-}" ]; then
	python3 "$TOP/bench/wcxb" --data "$WCXB" --bin "$BIN" --ids 0001,0004,0005,0010,0027 >"$TMP/wcxb.out" 2>&1
	python3 - "$TMP/wcxb.out" <<'PY' && ok "bench/wcxb runs and scores pages" || not_ok "bench/wcxb runs" "$(cat "$TMP/wcxb.out")"
import re, sys
s = open(sys.argv[1]).read()
m = re.search(r"^\s+article\s+(\d+)\s+\S+\s+\S+\s+(\S+)", s, re.M)
assert m and int(m.group(1)) == 5 and float(m.group(2)) > 0.7, s
PY
else
	skip "bench/wcxb on a few pages" "no $WCXB (or under sanitizers)"
fi

done_testing
