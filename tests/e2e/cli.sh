#!/usr/bin/env bash
# The command-line contract: --help, --version, usage errors, DOCKET_INDEX.
. "$(dirname "$0")/lib.sh"
for p in docket-index docket-search; do
	expect_rc "$p --help exits 0" 0 "$BIN/$p" --help
	contains "$p --help shows usage" "$TMP/rc.out" "Usage: $p"
	expect_rc "$p --version exits 0" 0 "$BIN/$p" --version
	contains "$p --version names the program" "$TMP/rc.out" "$p "
	expect_rc "$p unknown option exits 2" 2 "$BIN/$p" --no-such-option
done
expect_rc "docket-index without PATH exits 2" 2 "$BIN/docket-index" --index "$TMP/i"
expect_rc "docket-index without index exits 2" 2 env -u DOCKET_INDEX "$BIN/docket-index" "$TOP/sample-corpus/jsonl"
expect_rc "docket-search without query exits 2" 2 "$BIN/docket-search" --index "$TMP/i"
expect_rc "bad --format exits 2" 2 "$BIN/docket-search" --index "$TMP/i" --format xml q
DOCKET_INDEX=$TMP/env "$BIN/docket-index" -q "$TOP/sample-corpus/jsonl" 2>/dev/null
expect_rc "DOCKET_INDEX is used when --index is absent" 0 env DOCKET_INDEX="$TMP/env" "$BIN/docket-search" privacy
expect_rc "--extract prints JSON lines" 0 "$BIN/docket-index" --extract "$TOP/sample-corpus/jsonl"
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) >= 10
for r in rows:
    for k in ("id", "url", "title", "source", "date", "author", "text"):
        assert k in r, k
' "$TMP/rc.out" && ok "--extract objects carry the keys of doc/input.md" || not_ok "--extract objects carry the keys of doc/input.md"
"$BIN/docket-index" --extract "$TOP/sample-corpus" >"$TMP/all.jsonl" 2>/dev/null
python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert ids, "nothing extracted"
bad = [i for i in ids if i.endswith((".md", ".sh"))]
assert not bad, bad
' "$TMP/all.jsonl" && ok "directory walks skip README.md and scripts" || not_ok "directory walks skip README.md and scripts"
done_testing
