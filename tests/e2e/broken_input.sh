#!/usr/bin/env bash
# Bad input (sample-corpus/broken/): each problem is one line naming the
# file and position, everything readable is indexed, nothing crashes.
. "$(dirname "$0")/lib.sh"
IDX=$TMP/index
BR=$TOP/sample-corpus/broken
sh "$BR/make-huge.sh" "$TMP/huge" >/dev/null 2>&1

"$BIN/docket-index" --index "$IDX" "$BR" "$TMP/huge" >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && ok "indexing broken inputs succeeds overall" || not_ok "indexing broken inputs succeeds overall" "exit $rc" "$(cat "$TMP/err")"
contains "truncated gzip: named with line" "$TMP/err" "truncated.jsonl.gz: line 3: broken compressed stream"
contains "invalid UTF-8: named with byte offset" "$TMP/err" "invalid-utf8.txt: byte 663: invalid UTF-8"
contains "malformed JSON line: named with line and column" "$TMP/err" "malformed.jsonl: line 3: invalid JSON at column"
contains "JSON without id or url: named" "$TMP/err" "malformed.jsonl: line 5: no \"id\""
contains "JSON array line: named" "$TMP/err" "malformed.jsonl: line 6: not a JSON object"
contains "empty file: named" "$TMP/err" "empty.txt: empty file"
contains "10 MB line: named and skipped" "$TMP/err" "huge-line.jsonl: line 2: line of"
# One line per problem: no message spans lines.
bad=$(grep -vc '^docket-index: ' "$TMP/err")
[ "$bad" -eq 0 ] && ok "every message is one prefixed line" || not_ok "every message is one prefixed line" "$(cat "$TMP/err")"

# Everything readable was indexed.
for id in broken-trunc-001 broken-trunc-002 broken-huge-001 broken-huge-003 invalid-utf8.txt; do
	n=$("$BIN/docket-search" --index "$IDX" --json --limit 100 --no-fold 'the' |
		python3 -c 'import json,sys; print(sum(r["id"]==sys.argv[1] for r in json.load(sys.stdin)["results"]))' "$id")
	[ "$n" = 1 ] && ok "readable article $id indexed" || not_ok "readable article $id indexed" "found $n"
done
good=$(grep -c '^{' "$BR/malformed.jsonl")
n=$("$BIN/docket-search" --index "$IDX" --json --limit 100 --no-fold 'the' | python3 -c 'import json,sys; print(len([r for r in json.load(sys.stdin)["results"] if r["id"].startswith("broken-mal")]))')
[ "$n" -ge 3 ] && ok "good lines around the malformed one indexed ($n)" || not_ok "good lines around the malformed one indexed" "$n of $good"

# A later failure loses nothing already indexed: index again with a missing
# path in the list, then the index is still complete.
before=$("$BIN/docket-search" --index "$IDX" --json --limit 0 --no-fold 'the' | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
"$BIN/docket-index" --index "$IDX" "$TMP/does-not-exist" "$BR/malformed.jsonl" >/dev/null 2>"$TMP/err2"
contains "missing path: named" "$TMP/err2" "does-not-exist: No such file or directory"
after=$("$BIN/docket-search" --index "$IDX" --json --limit 0 --no-fold 'the' | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[ "$before" = "$after" ] && ok "nothing lost on a partly failing run ($after)" || not_ok "nothing lost on a partly failing run" "$before -> $after"

# Only missing input: nothing indexed -> exit 1; unwritable index -> exit 2.
expect_rc "nothing indexable exits 1" 1 "$BIN/docket-index" --index "$TMP/i2" "$TMP/nothing-here"
touch "$TMP/afile"
expect_rc "an index path that is a file exits 2" 2 "$BIN/docket-index" --index "$TMP/afile/x" "$BR/malformed.jsonl"

done_testing
