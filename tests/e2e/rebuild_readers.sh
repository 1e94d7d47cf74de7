#!/usr/bin/env bash
# slow: three rebuilds under a querying client (16 s)
# Promise (a): a client querying in a loop while three rebuilds publish new
# generations gets no failed query, and every answer comes from one
# complete generation (query_loop.py checks the ids and the exact count).
. "$(dirname "$0")/lib.sh"
IX=$TMP/idx
mk() { python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/$1" "$1" "$2" --rare 20; }
mk a 600; mk b 700; mk c 800; mk d 900
# quokka hits per generation: ARTICLES / 20, rounded up
EXPECT=a=30,b=35,c=40,d=45
"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/a" 2>"$TMP/build.log"
expect_rc "the first generation answers" 0 "$BIN/docket-search" --index "$IX" quokka
python3 "$TOP/tests/e2e/query_loop.py" "$BIN/docket-search" "$IX" "$TMP/stop" "$EXPECT" \
	>"$TMP/loop.json" 2>"$TMP/loop.err" &
loop=$!
sleep 0.5
rc_all=0
for g in b c d; do
	"$BIN/docket-index" -q --rebuild --index "$IX" "$TMP/$g" 2>>"$TMP/build.log" || rc_all=$?
	sleep 0.3
done
touch "$TMP/stop"
wait "$loop"
if [ "$rc_all" -eq 0 ]; then ok "three rebuilds succeed while a client queries"
else not_ok "three rebuilds succeed while a client queries" "$(tail -5 "$TMP/build.log")"; fi
python3 - "$TMP/loop.json" <<'PY' && ok "zero failed queries, each answer from one complete generation" || not_ok "zero failed queries, each answer from one complete generation" "$(cat "$TMP/loop.json" "$TMP/loop.err")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["queries"] >= 3, r
assert r["nfailures"] == 0, r
PY
python3 - "$TMP/loop.json" <<'PY' && ok "the client saw generations change under it" || not_ok "the client saw generations change under it" "$(cat "$TMP/loop.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert len(r["generations"]) >= 2 and "d" in r["generations"], r
PY
"$BIN/docket-search" --index "$IX" --json --limit 500 quokka >"$TMP/final.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["total"] == 45 and all(r["id"].startswith("d-") for r in d["results"]), d["total"]
' "$TMP/final.json" && ok "the last generation is live" || not_ok "the last generation is live"
n=$(ls "$IX/shards" | wc -l)
if [ "$n" -eq 2 ] && [ ! -e "$IX/tmp" ]; then ok "only the live and the previous generation are kept"
else not_ok "only the live and the previous generation are kept" "$(ls -R "$IX" | head -20)"; fi
done_testing
