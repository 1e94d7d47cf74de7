#!/usr/bin/env bash
# docket-search features end to end over sample-corpus/: --explain, "Did
# you mean", the folded-copies line, --passages N, --feedback, --rank and
# the exit status of a page past the results, --like and --like-file.
. "$(dirname "$0")/lib.sh"
IDX=$TMP/index
S() { "$BIN/docket-search" --index "$IDX" --color never "$@"; }

index_sample "$IDX"

# --explain: an outline in words, then the parser's tree and Xapian's query.
S --explain 'lawsuits +"stored communications" -settlement date:2025 priv*' >"$TMP/ex.out"
contains "explain: ranked words" "$TMP/ex.out" '    word "lawsuits" -> lawsuit ('
contains "explain: required phrase" "$TMP/ex.out" '    phrase "stored communications" -> store communic (adjacent, in this order)'
contains "explain: excluded" "$TMP/ex.out" 'excluded:'
contains "explain: date range" "$TMP/ex.out" '    published 2025-01-01 .. 2025-12-31'
contains "explain: prefix expansion" "$TMP/ex.out" 'prefix "priv" -> priv*:'
contains "explain: ranking" "$TMP/ex.out" 'ranking: BM25 (k1 1.6, b 0.4)'
contains "explain: tree" "$TMP/ex.out" 'parsed: (BAG '
contains "explain: index query" "$TMP/ex.out" 'index query: Query('
S --json --explain 'brightpath' >"$TMP/ex.json"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["explain"]; assert e.startswith("read as:"), e' \
	"$TMP/ex.json" && ok "explain in JSON" || not_ok "explain in JSON"

# Did you mean: from the index's words, in the user's spelling.
S 'Brightpth AND court' >"$TMP/dym.out"
contains "did you mean (text)" "$TMP/dym.out" 'Did you mean: Brightpath AND court'
S --json 'brightpth' >"$TMP/dym.json"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["suggestion"]; assert s == "brightpath", s' \
	"$TMP/dym.json" && ok "did you mean (JSON)" || not_ok "did you mean (JSON)" "$(cat "$TMP/dym.json")"
S --json 'brightpath' >"$TMP/nodym.json"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["suggestion"] is None' \
	"$TMP/nodym.json" && ok "no suggestion for a known word" || not_ok "no suggestion for a known word"

# Folded copies of the syndicated wire story: "also: A, B +N".
S 'brightpath sued private messages' >"$TMP/fold.out"
if grep -qE '^   also: [^,]+, [^,]+ \+[0-9]+$' "$TMP/fold.out"; then ok "also: two sources and a count"
else not_ok "also: two sources and a count" "$(head -c 1500 "$TMP/fold.out")"; fi
S --no-fold 'brightpath sued private messages' >"$TMP/nofold.out"
lacks "--no-fold: no also line" "$TMP/nofold.out" '   also: '

# --passages N.
S --json --passages 3 --limit 3 'stored communications act' >"$TMP/pass.json"
python3 - "$TMP/pass.json" <<'PY' && ok "--passages 3: up to three, best first, highlighted" || not_ok "--passages 3"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"]
assert any(len(r["passages"]) > 1 for r in d["results"])
for r in d["results"]:
    ps = r["passages"]
    assert 1 <= len(ps) <= 3
    assert all(ps[i]["score"] >= ps[i + 1]["score"] for i in range(len(ps) - 1))
    assert all(p["highlights"] for p in ps)
PY

# Feedback reorders, never adds: the same result set with and without.
S --json --no-fold --limit 100 --feedback 'privacy regulator fine' >"$TMP/fb1.json"
S --json --no-fold --limit 100 --no-feedback 'privacy regulator fine' >"$TMP/fb0.json"
if [ "$(json_ids "$TMP/fb1.json" | sort)" = "$(json_ids "$TMP/fb0.json" | sort)" ]; then
	ok "feedback keeps the result set"
else
	not_ok "feedback keeps the result set"
fi
S --explain --feedback 'privacy regulator fine' >"$TMP/fb.out"
contains "feedback terms explained" "$TMP/fb.out" '; feedback from the '

# --rank for experiments; bad values are usage errors.
expect_rc "--rank accepted" 0 S --rank k1=0.9,b=0.4,fbdocs=0 privacy
expect_rc "--rank rejects a bad key" 2 S --rank nope=1 privacy
expect_rc "--rank rejects a bad value" 2 S --rank b=3 privacy

# A page past the results still found results (status 0) and says so.
expect_rc "--limit 0 finds results" 0 S --limit 0 privacy
S --offset 1000 privacy >"$TMP/past.out"
contains "page past the end" "$TMP/past.out" 'none from 1001 on'
expect_rc "nothing found: status 1" 1 S zzzqqqxxx

# Query by document: an indexed article's likes leave it out; any text
# (standard input here); bad input is a one-line error naming it.
S --json --like mw-20250122-brightpath-ai-lawsuit >"$TMP/like.json"
json_ids "$TMP/like.json" >"$TMP/like.ids"
if [ -s "$TMP/like.ids" ] && ! grep -qx mw-20250122-brightpath-ai-lawsuit "$TMP/like.ids"; then
	ok "--like finds others, not itself"
else
	not_ok "--like finds others, not itself" "$(cat "$TMP/like.ids")"
fi
echo "Brightpath trained its AI models on private messages, a class action says." |
	S --like-file - >"$TMP/likef.out"
contains "--like-file reads standard input" "$TMP/likef.out" 'Brightpath'
expect_rc "--like: an unknown id" 2 S --like no-such-article
contains "--like: the error names the id" "$TMP/rc.err" 'no-such-article'
expect_rc "--like-file: a missing file" 2 S --like-file "$TMP/no-such-file"
contains "--like-file: the error names the file" "$TMP/rc.err" "$TMP/no-such-file"
expect_rc "--like and --queries go alone" 2 S --like x --queries "$TMP/q.tsv"

done_testing
