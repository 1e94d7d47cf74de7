#!/usr/bin/env bash
# slow: a rebuild killed at many moments (24 s alone on the shared 2-core machine)
# Promise (b): a rebuild killed with SIGKILL at random moments leaves the
# live index unchanged and answering; the next rebuild succeeds and
# removes what the killed ones left behind.
. "$(dirname "$0")/lib.sh"
IX=$TMP/idx
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/a" a 400 --rare 20
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/b" b 1200 --rare 20 --words 80 --files 4
"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/a" 2>/dev/null
live=$(cat "$IX/XAPIANDB")
answers() {  # answers TAG COUNT: the live index answers with generation TAG
	"$BIN/docket-search" --index "$IX" --json --limit 500 quokka >"$TMP/q.json" 2>"$TMP/q.err" &&
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ids = [r["id"] for r in d["results"]]
assert d["total"] == int(sys.argv[3]) and len(ids) == int(sys.argv[3]), d["total"]
assert all(i.startswith(sys.argv[2] + "-") for i in ids)
' "$TMP/q.json" "$1" "$2"
}
# How long a full run takes here (sanitizers make it slower), so that the
# kills land all over it: walking, building, compacting, checking.
t0=$(date +%s%N)
"$BIN/docket-index" -q --rebuild --index "$TMP/timing" "$TMP/b" 2>/dev/null
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -gt 0 ] || ms=1000
kills=0 intact=0 published=0
for frac in 5 30 55 80 97; do
	"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/b" 2>/dev/null &
	pid=$!
	delay=$(( ms * frac / 100 + RANDOM % 50 ))
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
	wait "$pid" 2>/dev/null
	if [ "$(cat "$IX/XAPIANDB")" = "$live" ]; then
		answers a 20 && intact=$((intact + 1)) ||
			not_ok "after a kill at ${frac}% the unchanged live index answers" "$(cat "$TMP/q.err")"
	else
		# Killed after the rename: the new generation is complete.
		answers b 60 && published=$((published + 1)) ||
			not_ok "after a kill at ${frac}% the live index is a complete generation" "$(cat "$TMP/q.err")"
		# Back to generation a (a smaller one: --force).
		"$BIN/docket-index" -q --force --rebuild --index "$IX" "$TMP/a" 2>/dev/null
		live=$(cat "$IX/XAPIANDB")
	fi
done
echo "# $kills kills; live generation intact $intact times, new one already published $published times"
[ "$kills" -ge 2 ] && ok "rebuilds were killed mid-run ($kills)" || not_ok "rebuilds were killed mid-run" "only $kills"
[ $((intact + published)) -eq 5 ] && ok "after every kill the live index was whole and answering" \
	|| not_ok "after every kill the live index was whole and answering" "$intact + $published of 5"
[ "$intact" -ge 2 ] && ok "kills before publishing left the live generation unchanged" \
	|| not_ok "kills before publishing left the live generation unchanged" "$intact"
expect_rc "the next rebuild succeeds" 0 "$BIN/docket-index" --rebuild --index "$IX" "$TMP/b"
answers b 60 && ok "its generation answers" || not_ok "its generation answers"
n=$(ls "$IX/shards" | wc -l)
if [ ! -e "$IX/tmp" ] && [ "$n" -le 2 ] && [ "$(ls "$IX/manifests" | wc -l)" -le 2 ] &&
   ! ls "$IX" | grep -q '\.new'; then
	ok "no leftovers of the killed rebuilds remain"
else
	not_ok "no leftovers of the killed rebuilds remain" "$(ls -R "$IX" | head -30)"
fi
done_testing
