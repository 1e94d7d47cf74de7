#!/usr/bin/env bash
# Metadata (issue 13, 2): titles without the site's name and never a file
# name, dates from URL paths with their precision, date: ranges that hold
# a year- or month-dated article only when they cover all of it, and one
# site's pages under different titles not folded as copies.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/in"
printf 'The council met on Monday to discuss the harbour budget. It agreed on nothing.\n' >"$TMP/in/notes-7.txt"
body() { printf 'The ferry operator will add two boats to the harbour route next spring, officials said, after a year of complaints about crowded crossings and delays. Passengers welcomed the plan. %s' "$1"; }
{
	printf '{"id":"v1","title":"Ferry line adds boats - The Harbour Times","url":"https://www.harbourtimes.example/2023/11/9/1/ferry","date":"2023","text":"%s"}\n' "$(body one)"
	printf '{"id":"y1","title":"HARBOUR TIMES: Year in ferries","url":"https://www.harbourtimes.example/review","date":"2023","text":"A review of the ferry year."}\n'
	printf '{"id":"m1","title":"Ferry timetable","url":"https://www.harbourtimes.example/archive/2023/01/timetable","text":"The January ferry timetable."}\n'
	printf '{"id":"l1","title":"Other ferry story | The Harbour Times","url":"https://www.harbourtimes.example/2023/11/10/ferry-2","date":"2023-11-10","text":"%s"}\n' "$(body one)"
} >"$TMP/in/news.jsonl"
IX=$TMP/ix
expect_rc "index" 0 "$BIN/docket-index" -q --index "$IX" "$TMP/in"
"$BIN/docket-search" --index "$IX" --json --no-fold council >"$TMP/c.json" 2>/dev/null
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
assert r["id"] == "notes-7.txt" and r["title"] == "The council met on Monday to discuss the harbour budget", r
' "$TMP/c.json" && ok "a text file without a headline is titled from its first sentence" ||
	not_ok "a text file without a headline is titled from its first sentence" "$(cat "$TMP/c.json")"
"$BIN/docket-search" --index "$IX" --json --no-fold ferry >"$TMP/f.json" 2>/dev/null
python3 -c '
import json, sys
rs = {r["id"]: r for r in json.load(open(sys.argv[1]))["results"]}
assert rs["v1"]["title"] == "Ferry line adds boats", rs["v1"]
assert rs["y1"]["title"] == "Year in ferries", rs["y1"]
assert rs["l1"]["title"] == "Other ferry story", rs["l1"]
assert rs["v1"]["date"] == "2023-11-09" and rs["y1"]["date"] == "2023" and rs["m1"]["date"] == "2023-01", rs
' "$TMP/f.json" && ok "site names cut from titles; dates from URL paths, with their precision" ||
	not_ok "site names cut from titles; dates from URL paths, with their precision" "$(cat "$TMP/f.json")"
q() {
	"$BIN/docket-search" --index "$IX" --json --no-fold "ferry $1" >"$TMP/q.json" 2>/dev/null
	json_ids "$TMP/q.json" | sort | tr '\n' ' '
}
[ "$(q date:2023)" = "l1 m1 v1 y1 " ] && ok "date:2023 holds the year-dated article" || not_ok "date:2023 holds the year-dated article" "$(q date:2023)"
[ "$(q date:2023-01)" = "m1 " ] && ok "date:2023-01 does not" || not_ok "date:2023-01 does not" "$(q date:2023-01)"
[ "$(q date:2023-11)" = "l1 v1 " ] && ok "date:2023-11 finds the URL-dated day" || not_ok "date:2023-11 finds the URL-dated day" "$(q date:2023-11)"
"$BIN/docket-search" --index "$IX" --json ferry >"$TMP/fold.json" 2>/dev/null
python3 -c '
import json, sys
ids = sorted(r["id"] for r in json.load(open(sys.argv[1]))["results"])
assert "v1" in ids and "l1" in ids, ids
' "$TMP/fold.json" && ok "one site, same text, different titles: not folded" ||
	not_ok "one site, same text, different titles: not folded" "$(cat "$TMP/fold.json")"
done_testing
