#!/usr/bin/env bash
# Promise (c): two rebuilds at once: the second exits at once with status
# 75 (EX_TEMPFAIL) and a message; the first is not disturbed.
. "$(dirname "$0")/lib.sh"
IX=$TMP/idx
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/a" a 300
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/b" b 2000 --words 100
"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/a" 2>/dev/null
live=$(cat "$IX/XAPIANDB")
# Deterministic: another process holds the lock.
if command -v flock >/dev/null; then
	flock -n -o "$IX/docket.lock" sleep 30 &
	holder=$!
	sleep 0.3
	start=$(date +%s)
	expect_rc "a rebuild while the lock is held exits 75" 75 "$BIN/docket-index" --rebuild --index "$IX" "$TMP/b"
	contains "it says another rebuild is running" "$TMP/rc.err" "another rebuild or update is running"
	[ $(( $(date +%s) - start )) -le 5 ] && ok "it exits at once" || not_ok "it exits at once"
	expect_rc "--update exits 75 too" 75 "$BIN/docket-index" --update --index "$IX" "$TMP/b"
	expect_rc "--rollback exits 75 too" 75 "$BIN/docket-index" --rollback --index "$IX"
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
	[ "$(cat "$IX/XAPIANDB")" = "$live" ] && ok "the live generation is untouched" || not_ok "the live generation is untouched"
else
	skip "a rebuild while the lock is held exits 75" "no flock(1)"
fi
# Two real rebuilds: the second starts while the first is building.
"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/b" 2>"$TMP/first.err" &
first=$!
for _ in $(seq 1 200); do [ -d "$IX/tmp" ] && break; sleep 0.02; done
if [ -d "$IX/tmp" ] && kill -0 "$first" 2>/dev/null; then
	"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/a" 2>"$TMP/second.err"
	rc=$?
	[ "$rc" -eq 75 ] && ok "the second of two concurrent rebuilds exits 75" \
		|| not_ok "the second of two concurrent rebuilds exits 75" "exit $rc" "$(cat "$TMP/second.err")"
	contains "the second says why" "$TMP/second.err" "another rebuild or update is running"
else
	skip "the second of two concurrent rebuilds exits 75" "the first finished too soon"
	skip "the second says why" "the first finished too soon"
fi
wait "$first"
rc=$?
[ "$rc" -eq 0 ] && ok "the first rebuild completes" || not_ok "the first rebuild completes" "exit $rc" "$(cat "$TMP/first.err")"
"$BIN/docket-search" --index "$IX" --json --limit 1 genb >"$TMP/b.json"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total"] == 2000' "$TMP/b.json" \
	&& ok "its generation is live" || not_ok "its generation is live" "$(head -c 300 "$TMP/b.json")"
done_testing
