#!/usr/bin/env bash
# Ingestion (issue 13): file ids do not depend on the folder a run starts
# from (a refresh of news/sub/ replaces what news/ indexed); a plain run
# that indexes nothing leaves no empty index; the run record and the
# warning for an article stripping would empty.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/news/sub"
printf 'Alpha story\n\nThe council met on Monday to discuss the new budget for the harbour district and the ferry.\n' >"$TMP/news/a.txt"
printf 'Beta story\n\nThe ferry company said on Tuesday that it would add two boats to the harbour route next year.\n' >"$TMP/news/sub/b.txt"
IX=$TMP/ix
expect_rc "index news/" 0 "$BIN/docket-index" -q --index "$IX" "$TMP/news"
expect_rc "refresh news/sub/" 0 "$BIN/docket-index" -q --index "$IX" "$TMP/news/sub/"
contains "the refresh replaces, not adds" "$TMP/rc.err" "0 articles indexed, 1 replaced"
"$BIN/docket-search" --index "$IX" --json ferry >"$TMP/s.json" 2>/dev/null
ids=$(json_ids "$TMP/s.json" | sort | tr '\n' ' ')
[ "$ids" = "a.txt sub/b.txt " ] && ok "one copy each, ids relative to the first root" ||
	not_ok "one copy each, ids relative to the first root" "got: $ids"
(cd "$TMP/news" && "$BIN/docket-index" -q --index "$IX" sub) 2>"$TMP/cd.err"
contains "a run from another folder replaces too" "$TMP/cd.err" "0 articles indexed, 1 replaced"
expect_rc "--root sets the root" 0 "$BIN/docket-index" --extract -q --root "$TMP" "$TMP/news/sub"
contains "--root ids are relative to it" "$TMP/rc.out" '"id":"news/sub/b.txt"'

echo '{"id":"x", "text": ' >"$TMP/bad.jsonl"
expect_rc "a run with nothing indexable exits 1" 1 "$BIN/docket-index" -q --index "$TMP/empty" "$TMP/bad.jsonl"
[ ! -e "$TMP/empty" ] && ok "no empty index is left behind" || not_ok "no empty index is left behind" "$(ls "$TMP/empty")"
expect_rc "the same on an existing index exits 1" 1 "$BIN/docket-index" -q --index "$IX" "$TMP/bad.jsonl"
expect_rc "and the existing index stays" 0 "$BIN/docket-search" --index "$IX" ferry

printf '%s\n' '{"id":"share","title":"Swatch debut","text":"Share on Facebook Share on X Share on LinkedIn Email"}' \
	'{"id":"caps","title":"TALKS","text":"THE PRESIDENT SAID ON TUESDAY THAT THE TALKS IN GENEVA WOULD GO ON THROUGH THE WINTER, AND THAT HE EXPECTED NO AGREEMENT BEFORE THE SPRING."}' >"$TMP/s.jsonl"
expect_rc "index a share bar and an all-caps article" 0 "$BIN/docket-index" --index "$TMP/ix2" --report "$TMP/run.json" "$TMP/s.jsonl"
contains "the article stripping would empty is warned about, with file and record" "$TMP/rc.err" "s.jsonl: record 1: article share: stripping would leave 0 of"
contains "the summary line counts it" "$TMP/rc.err" "1 lost over half of their text to stripping, 1 kept whole"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["run"] == "index" and r["indexed"] == 2 and r["lost_half"] == 1 and r["kept_whole"] == 1, r
' "$TMP/run.json" && ok "the run record holds the counts" || not_ok "the run record holds the counts" "$(cat "$TMP/run.json")"
"$BIN/docket-search" --index "$TMP/ix2" --json geneva >"$TMP/g.json" 2>/dev/null
[ "$(json_ids "$TMP/g.json")" = caps ] && ok "the all-caps article is found" || not_ok "the all-caps article is found" "$(cat "$TMP/g.json")"
"$BIN/docket-search" --index "$TMP/ix2" --json linkedin >"$TMP/l.json" 2>/dev/null
[ "$(json_ids "$TMP/l.json")" = share ] && ok "the share-bar article keeps its text" || not_ok "the share-bar article keeps its text" "$(cat "$TMP/l.json")"
done_testing
