#!/usr/bin/env bash
# alerts.sh - saved searches and alerts (docket-search --alerts): the
# first run sets a baseline, a new generation's articles are reported,
# the same generation reports the same news again, a generation without
# news reports nothing, a changed query starts again, and bad files fail
# with a line naming them while the state stays whole.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/in"
cp -r "$TOP/sample-corpus/text" "$TMP/in/"
mv "$TMP/in/text/courtside-law" "$TMP/held"
IDX=$TMP/idx
rebuild() { "$BIN/docket-index" -q --rebuild --index "$IDX" "$TMP/in" 2>>"$TMP/index.err"; }
alerts() { "$BIN/docket-search" --index "$IDX" --alerts "$TMP/saved.tsv" "$@"; }
check "generation 1" rebuild
printf '# saved searches\nharlow\tparty:harlow\n\nprivacy\tprivacy lawsuit\nquiet\tquantum teleportation\n' >"$TMP/saved.tsv"

alerts >"$TMP/a1.txt" 2>"$TMP/a1.err"; rc=$?
if [ $rc = 1 ] && grep -q '^== harlow (party:harlow): 3 matching; new articles are reported from the next generation on' "$TMP/a1.txt"; then
	ok "first run: a baseline, nothing reported, exit 1"
else not_ok "first run: a baseline, nothing reported, exit 1" "rc=$rc" "$(cat "$TMP/a1.txt" "$TMP/a1.err")"; fi
if [ -s "$IDX/alerts/saved.tsv.json" ]; then ok "the state lives beside the index (alerts/saved.tsv.json)"
else not_ok "the state lives beside the index" "$(ls -R "$IDX")"; fi

mv "$TMP/held" "$TMP/in/text/courtside-law"
check "generation 2 (one site's articles added)" rebuild
alerts --json >"$TMP/a2.json" 2>"$TMP/a2.err"; rc=$?
# The news are exactly the articles of the site added that match each
# search, as the index answers the same queries (not counted by hand).
for q in party:harlow "privacy lawsuit"; do
	"$BIN/docket-search" --index "$IDX" --json --no-fold -n 100 "$q" |
		python3 -c 'import json,sys; [print(r["id"]) for r in json.load(sys.stdin)["results"] if "/courtside-law/" in r["id"]]'
done | sort >"$TMP/want.ids"
python3 - "$TMP/a2.json" >"$TMP/got.ids" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["generation"] == 2, d["generation"]
for s in d["searches"]:
    assert not s["baseline"] and s["since"] == 1, s
    assert s["new_total"] == len(s["new"]), s
    dates = [n["date"] for n in s["new"]]
    assert dates == sorted(dates, reverse=True), dates
    for n in s["new"]:
        print(n["id"])
PY
sort -o "$TMP/got.ids" "$TMP/got.ids"
if [ $rc = 0 ] && [ -s "$TMP/want.ids" ] && cmp -s "$TMP/want.ids" "$TMP/got.ids"; then
	ok "generation 2: the added articles that match, newest first, exit 0 ($(wc -l <"$TMP/got.ids") reported)"
else not_ok "generation 2: the added articles that match" "rc=$rc" "$(diff "$TMP/want.ids" "$TMP/got.ids")" "$(cat "$TMP/a2.err")"; fi
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); q=[s for s in d["searches"] if s["name"]=="quiet"][0]; assert q["new_total"]==0 and q["matches"]==0' "$TMP/a2.json"; then
	ok "a search without news reports none"
else not_ok "a search without news reports none" "$(cat "$TMP/a2.json")"; fi

alerts --json >"$TMP/a2b.json" 2>&1
if cmp -s "$TMP/a2.json" "$TMP/a2b.json"; then ok "the same generation again: the same report (a retried cron job)"
else not_ok "the same generation again: the same report" "$(diff "$TMP/a2.json" "$TMP/a2b.json" | head -20)"; fi

# A state written by format 1 (one JSON string per hash) is still read,
# and written back in format 2 (one string of hashes per set).
python3 - "$IDX/alerts/saved.tsv.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "docket-alerts 2", d["format"]
d["format"] = "docket-alerts 1"
for e in d["searches"].values():
    for k in ("base", "current"):
        assert isinstance(e[k], str) and len(e[k]) % 16 == 0, e[k][:40]
        e[k] = [e[k][i:i + 16] for i in range(0, len(e[k]), 16)]
json.dump(d, open(sys.argv[1], "w"))
PY
alerts --json >"$TMP/a2c.json" 2>&1
if cmp -s "$TMP/a2.json" "$TMP/a2c.json" && grep -q '"format":"docket-alerts 2"' "$IDX/alerts/saved.tsv.json"; then
	ok "a format-1 state is read (the same report) and written back in format 2"
else not_ok "a format-1 state is read" "$(diff "$TMP/a2.json" "$TMP/a2c.json" | head -20)" "$(head -c 200 "$IDX/alerts/saved.tsv.json")"; fi

check "generation 3 (nothing new)" rebuild
alerts >"$TMP/a3.txt" 2>&1; rc=$?
if [ $rc = 1 ] && grep -q '^Docket alerts, generation 3: 0 new articles for 0 of 3 saved searches' "$TMP/a3.txt" &&
   grep -q '^== harlow (party:harlow): nothing new since generation 2 (5 matching)' "$TMP/a3.txt"; then
	ok "generation 3: nothing new since generation 2, exit 1"
else not_ok "generation 3: nothing new since generation 2" "rc=$rc" "$(cat "$TMP/a3.txt")"; fi

printf 'harlow\tparty:brightpath\n' >"$TMP/saved.tsv"
alerts >"$TMP/a4.txt" 2>&1
n=$("$BIN/docket-search" --index "$IDX" --no-fold --limit 0 party:brightpath | sed -n 's/^\([0-9]*\) results.*/\1/p')
contains "a changed query starts a new baseline ($n matching)" "$TMP/a4.txt" "== harlow (party:brightpath): $n matching; new articles are reported"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert list(d["searches"]) == ["harlow"]' "$IDX/alerts/saved.tsv.json"; then
	ok "searches no longer saved drop out of the state"
else not_ok "searches no longer saved drop out of the state" "$(head -c 500 "$IDX/alerts/saved.tsv.json")"; fi

# bad input: one line naming the file, exit 2, the state untouched
cp "$IDX/alerts/saved.tsv.json" "$TMP/state.before"
printf 'harlow\tparty:harlow\nno tab here\n' >"$TMP/saved.tsv"
expect_rc "a line without a tab: exit 2" 2 alerts
contains "... naming the file and line" "$TMP/rc.err" "saved.tsv: line 2: no tab between name and query"
printf 'a\tx\na\ty\n' >"$TMP/saved.tsv"
expect_rc "a name given twice: exit 2" 2 alerts
contains "... naming the line" "$TMP/rc.err" "saved.tsv: line 2: a name already given"
if cmp -s "$TMP/state.before" "$IDX/alerts/saved.tsv.json"; then ok "the state is untouched by failed runs"
else not_ok "the state is untouched by failed runs"; fi
printf 'harlow\tparty:harlow\n' >"$TMP/saved.tsv"
echo '{"format": "something else"}' >"$TMP/other.json"
expect_rc "a foreign state file: exit 2" 2 alerts --alerts-state "$TMP/other.json"
contains "... naming it" "$TMP/rc.err" "other.json: not a Docket alerts state"
expect_rc "--alerts with --format csv: exit 2" 2 alerts --format csv

done_testing
