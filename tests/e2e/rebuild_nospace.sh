#!/usr/bin/env bash
# slow: rebuilds out of room under ulimit -f (6 s; kept with the other rebuild promises)
# Promise (d): a build that runs out of space (here: a file size limit,
# ulimit -f) fails with a clear message and leaves the live index as it
# was; the next rebuild with room succeeds and cleans up.
. "$(dirname "$0")/lib.sh"
IX=$TMP/idx
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/a" a 200 --rare 20
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/b" b 1000 --rare 20 --words 60
"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/a" 2>/dev/null
live=$(cat "$IX/XAPIANDB")
# 64 KiB per file: the scratch shards of the new generation outgrow it
# (the live one was written without the limit).
( ulimit -f 64; exec "$BIN/docket-index" --rebuild --index "$IX" "$TMP/b" ) >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] && ok "the build out of space exits 2" || not_ok "the build out of space exits 2" "exit $rc" "$(tail -5 "$TMP/err")"
contains "the message says the file got too large" "$TMP/err" "File too large"
contains "the message says the live index is unchanged" "$TMP/err" "the live index is unchanged"
[ "$(cat "$IX/XAPIANDB")" = "$live" ] && ok "the live stub is unchanged" || not_ok "the live stub is unchanged"
"$BIN/docket-search" --index "$IX" --json --limit 100 quokka >"$TMP/q.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 10 and all(r["id"].startswith("a-") for r in d["results"])
' "$TMP/q.json" && ok "the live index answers as before" || not_ok "the live index answers as before"
[ ! -e "$IX/tmp" ] && ok "the failed build removed its scratch files" || not_ok "the failed build removed its scratch files" "$(ls -R "$IX/tmp" | head)"
expect_rc "a rebuild with room succeeds" 0 "$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/b"
"$BIN/docket-search" --index "$IX" --json --limit 1 genb >"$TMP/b.json"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total"] == 1000' "$TMP/b.json" \
	&& ok "and its generation is live" || not_ok "and its generation is live"
done_testing
