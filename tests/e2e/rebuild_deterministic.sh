#!/usr/bin/env bash
# The index is a function of its input (issue 13): site templates are
# learned from all articles before any is stripped, so two --rebuild runs
# with --jobs 2, and one with --jobs 1, store the same text.  Uses the
# shared tech-news corpus (many sites with templates); skips without it.
. "$(dirname "$0")/lib.sh"

CORPUS=$DATA/corpora/tech-news.jsonl.gz
if [ ! -r "$CORPUS" ]; then
	skip "rebuilds store the same text" "no $CORPUS"
	done_testing
	exit 0
fi
zcat "$CORPUS" | head -1500 >"$TMP/tn.jsonl"
for r in a b; do
	expect_rc "rebuild $r with --jobs 2" 0 "$BIN/docket-index" --rebuild -q --jobs 2 --index "$TMP/$r" "$TMP/tn.jsonl"
done
expect_rc "rebuild with --jobs 1" 0 "$BIN/docket-index" --rebuild -q --jobs 1 --index "$TMP/c" "$TMP/tn.jsonl"
# The stored text shows in the passages and, through document lengths,
# in every score (--no-fold: which copy of a story shows is not text).
for r in a b c; do
	for q in linkedin facebook "share" "newsletter" "data privacy" openai; do
		"$BIN/docket-search" --index "$TMP/$r" --json --no-fold --limit 5000 --passages 3 "$q" 2>/dev/null |
			python3 -c 'import json,sys; d=json.load(sys.stdin); [print(x["id"], repr(x["score"]), json.dumps(x["passages"])) for x in sorted(d["results"], key=lambda x: x["id"])]'
	done >"$TMP/$r.out"
done
[ -s "$TMP/a.out" ] && ok "the searches find articles" || not_ok "the searches find articles"
cmp -s "$TMP/a.out" "$TMP/b.out" && ok "two --jobs 2 rebuilds store the same text" ||
	not_ok "two --jobs 2 rebuilds store the same text" "$(diff "$TMP/a.out" "$TMP/b.out" | head -c 3000)"
cmp -s "$TMP/a.out" "$TMP/c.out" && ok "--jobs 1 stores the same text as --jobs 2" ||
	not_ok "--jobs 1 stores the same text as --jobs 2" "$(diff "$TMP/a.out" "$TMP/c.out" | head -c 1500)"
done_testing
