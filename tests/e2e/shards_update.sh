#!/bin/bash
# shards_update.sh - `docket-index --update` keeps the K dealt shards of `--rebuild --shards K`.
#
# Builds part of sample-corpus/ as 3 shards, then updates it with new
# dumps, a changed one and a vanished one, and compares the updated index
# with a fresh `--rebuild --shards 3` of the same dumps over a query set
# (words, phrases, NEAR, fields, dates, wildcards, suggestions): the same
# ids in the same order, the same scores (to 1e-9), totals and
# suggestions, and about the same size (the updated copies are
# compacted), and even (an update whose deletions fall on one shard says
# so).  A second update that only removes a dump is compared the
# same way.  The held-out dumps have no near-duplicates among the others:
# an update folds new articles only with those of the same run (README,
# "Running in production"), which is not what this test is about.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/in" "$TMP/hold"
cp -r "$TOP/sample-corpus/text" "$TOP/sample-corpus/jsonl" "$TOP/sample-corpus/html" "$TMP/in/"
mv "$TMP/in/text/lawbeat" "$TMP/in/html" "$TMP/hold/"
check "rebuild of part of the dumps into 3 shards" \
	"$BIN/docket-index" -q --jobs 1 --rebuild --shards 3 --index "$TMP/ix" "$TMP/in"

# new dumps, a vanished one, a changed one
mv "$TMP/hold/lawbeat" "$TMP/in/text/"
mv "$TMP/hold/html" "$TMP/in/"
rm -r "$TMP/in/text/bytewire"
f=$(ls "$TMP"/in/text/signal-and-noise/*section-230* | head -1)
printf '\nThe appeal is set for argument in the spring.\n' >>"$f"
expect_rc "update of the 3 shards" 0 "$BIN/docket-index" --jobs 1 --update --index "$TMP/ix" "$TMP/in"
contains "it keeps 3 dealt shards" "$TMP/rc.err" "kept 3 dealt shards"
contains "it refreshes the term list" "$TMP/rc.err" "wrote the term list ("
contains "it compacts the updated shards" "$TMP/rc.err" "compacted the 3 dealt shards"
contains "it logs how even they are" "$TMP/rc.err" "the 3 shards hold "
lacks "... with no note: they are even" "$TMP/rc.err" "left the 3 shards uneven"
n=$(grep -c '^auto shards/g000002-' "$TMP/ix/XAPIANDB")
[ "$n" = 3 ] && ok "generation 2 names 3 new shards" || not_ok "generation 2 names 3 new shards" "$(cat "$TMP/ix/XAPIANDB")"
sizes() {
	for s in $(sed -n 's/^auto //p' "$1/XAPIANDB"); do
		xapian-delve "$1/$s" 2>/dev/null | sed -n 's/^number of documents = //p'
	done | sort -n | tr '\n' ' '
}
if command -v xapian-delve >/dev/null; then
	set -- $(sizes "$TMP/ix")
	# new articles are dealt round-robin; the deletions may fall unevenly
	if [ $# = 3 ] && [ $(($3 - $1)) -le 3 ]; then ok "the shards stay balanced ($*)"
	else not_ok "the shards stay balanced" "documents per shard: $*"; fi
else
	skip "the shards stay balanced" "xapian-delve is not installed"
fi

cat >"$TMP/queries" <<'EOF'
privacy
ai training
brightpath
"stored communications act"
lumenary NEAR/5 "fair use"
title:brightpath OR title:quantix
source:meridian date:2025-01-01..2025-01-31
privacy -settlement date:>2024-09-18
privac*
qua* -breach
section 230 appeal
party:brightpath
brightpth
privcy regulater
patent verdict
EOF

# compare A B LABEL: the pages of the query set on A and B
compare() {
	local nq=0 line
	while IFS= read -r line; do
		nq=$((nq + 1))
		for ix in "$1" "$2"; do
			"$BIN/docket-search" --json -n 20 --index "$TMP/$ix" "$line" \
				>"$TMP/$ix.$nq.json" 2>/dev/null </dev/null
		done
	done <"$TMP/queries"
	python3 - "$TMP" "$1" "$2" "$nq" >"$TMP/cmp.out" <<'EOF'
import json, sys
tmp, a, b, nq = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def page(ix, i):
    d = json.load(open("%s/%s.%d.json" % (tmp, ix, i)))
    return ([(r["id"], round(r["score"], 9)) for r in d["results"]],
            d["total"], d["total_exact"], d["suggestion"])
same = 0
for i in range(1, nq + 1):
    pa, pb = page(a, i), page(b, i)
    if pa == pb and (pa[0] or pa[3]):
        same += 1
    elif pa != pb:
        print("differs: query %d: %r / %r" % (i, pa, pb))
    else:
        print("no results and no suggestion: query %d" % i)
print("same=%d of %d" % (same, nq))
EOF
	if tail -1 "$TMP/cmp.out" | grep -q "same=$nq of $nq"; then ok "$3 ($nq queries)"
	else not_ok "$3" "$(cat "$TMP/cmp.out")"; fi
}

check "a fresh rebuild of the same dumps into 3 shards" \
	"$BIN/docket-index" -q --jobs 1 --rebuild --shards 3 --index "$TMP/fresh" "$TMP/in"
compare ix fresh "the updated shards answer as a fresh rebuild: ids, order, scores, totals, suggestions"

# gen_bytes IX: the bytes of the live generation's shards
gen_bytes() {
	local t=0 s
	for s in $(sed -n 's/^auto //p' "$1/XAPIANDB"); do
		t=$((t + $(du -sb "$1/$s" | cut -f1)))
	done
	echo "$t"
}
# The copies were compacted: the update is within a quarter of the fresh
# rebuild's size (a copy left as is grew from 0.5 to 1.4 MB).
u=$(gen_bytes "$TMP/ix") f=$(gen_bytes "$TMP/fresh")
if [ $((u * 4)) -le $((f * 5)) ]; then ok "the updated shards are compact ($u bytes; a fresh rebuild $f)"
else not_ok "the updated shards are compact" "updated $u bytes, fresh rebuild $f"; fi

# an update that only removes a dump (DOCKET_TERM_LIST=off only turns off
# the list's use by searches: the update still sees dealt shards)
rm -r "$TMP/in/text/techledger"
expect_rc "update that only removes a dump" 0 env DOCKET_TERM_LIST=off \
	"$BIN/docket-index" --jobs 1 --update --index "$TMP/ix" "$TMP/in"
contains "it keeps 3 dealt shards again" "$TMP/rc.err" "kept 3 dealt shards"
check "a fresh rebuild without that dump" \
	"$BIN/docket-index" -q --jobs 1 --rebuild --shards 3 --index "$TMP/fresh2" "$TMP/in"
compare ix fresh2 "after the removal too"

# deletions that fall on one shard: one article per dump, dealt
# alternately into 2 shards; removing 7 of the first shard's 10 leaves 3
# and 10, which the update notes (it does not move articles)
python3 "$TOP/tests/e2e/make_corpus.py" "$TMP/alt" a 20 --files 20
check "rebuild of 20 one-article dumps into 2 shards" \
	"$BIN/docket-index" -q --jobs 1 --rebuild --shards 2 --index "$TMP/alt-ix" "$TMP/alt"
rm "$TMP"/alt/a-0[02468].jsonl "$TMP"/alt/a-1[02].jsonl
expect_rc "update removing 7 dumps of the first shard" 0 "$BIN/docket-index" -q --jobs 1 \
	--update --index "$TMP/alt-ix" "$TMP/alt"
contains "it notes the uneven shards and the remedy, even with -q" "$TMP/rc.err" \
	"left the 2 shards uneven: 3 to 10 articles (mean 6.5; the largest over 25% above it); a --rebuild with --shards 2 deals them evenly"

# an index of one shard still updates as before (the merge policy)
check "rebuild into one shard" "$BIN/docket-index" -q --jobs 1 --rebuild --index "$TMP/one" "$TMP/in"
cp -r "$TOP/sample-corpus/text/techledger" "$TMP/in/text/"
expect_rc "update of one shard" 0 "$BIN/docket-index" --jobs 1 --update --index "$TMP/one" "$TMP/in"
lacks "one shard is not dealt" "$TMP/rc.err" "dealt shards"
done_testing
