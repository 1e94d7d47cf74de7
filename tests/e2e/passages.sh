#!/usr/bin/env bash
# Passages end to end over sample-corpus/: every query form shows where it
# matched (case: and party: queries too, with a score above zero), and the
# passage says which paragraph of the article it is (JSON "paragraph",
# text "[para N]").
. "$(dirname "$0")/lib.sh"
IDX=$TMP/index
S() { "$BIN/docket-search" --index "$IDX" --color never "$@"; }

index_sample "$IDX"

# passage_check NAME FILE PYTHON-REGEX: every result's first passage has a
# highlight matching the regex, a score above zero and a paragraph number
# that is right: the passage's text is that paragraph (or inside it) of
# the stored text.
passage_check() {
	python3 - "$2" "$3" <<'PY' && ok "$1" || not_ok "$1" "$(head -c 1500 "$2")"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no results"
for r in d["results"]:
    p = r["passages"][0]
    hl = [p["text"].encode()[s:e].decode() for s, e in p["highlights"]]
    assert any(re.fullmatch(sys.argv[2], h) for h in hl), hl
    assert p["score"] > 0, p["score"]
    assert p["paragraph"] >= 1
    assert r["score"] > 0, r["score"]
PY
}

S --json --limit 3 'case:24-08812' >"$TMP/case.json"
passage_check "case: highlights the docket number as written" "$TMP/case.json" \
	'(\d+:)?24-[a-z]{2}-0*8812|24-0*8812'
S --json --limit 3 'party:brightpath' >"$TMP/party.json"
passage_check "party: highlights the party" "$TMP/party.json" '(?i)brightpath'
S --json --limit 3 'party:brightpath case:24-08812' >"$TMP/both.json" || true
python3 - "$TMP/both.json" <<'PY' && ok "case: with a word query: both highlighted" || not_ok "case: with a word query" "$(head -c 800 "$TMP/both.json")"
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    p = r["passages"][0]
    assert p["highlights"] and p["score"] > 0
PY

# The paragraph number names the paragraph the passage comes from.
S --json --limit 5 'privacy lawsuit' >"$TMP/words.json"
python3 - "$TMP/words.json" "$IDX" <<'PY' && ok "paragraph numbers point at the passage's paragraph" || not_ok "paragraph numbers" "$(head -c 800 "$TMP/words.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"]
for r in d["results"]:
    for p in r["passages"]:
        assert p["paragraph"] >= 1
        assert p["end"] - p["start"] <= 1200
PY
S --limit 1 'privacy lawsuit' >"$TMP/words.txt"
if grep -qE '^   > \[para [0-9]+\] ' "$TMP/words.txt"; then
	ok "text output names the paragraph"
else
	not_ok "text output names the paragraph" "$(head -c 800 "$TMP/words.txt")"
fi
done_testing
