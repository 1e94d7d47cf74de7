#!/bin/bash
# shards_auto.sh - `--shards auto`, the default of `docket-index --rebuild`.
#
# The rule (indexer/shard_count.h): one shard until the index is over
# half the memory or 3.2 million articles.  With this machine's memory
# sample-corpus/ gets one shard; with DOCKET_MEM_BYTES=400000 (a shard
# of at most 200,000 bytes) the same rebuild picks K > 1 shards, logs and
# records why, and answers as `--shards K` and as one shard do.  An
# explicit `--shards 1` still gives one; `--update` keeps the shards it
# finds, whatever the memory says, and notes when the index has outgrown
# them; a bad DOCKET_MEM_BYTES or --shards is a usage error before
# anything is read.
. "$(dirname "$0")/lib.sh"
unset DOCKET_MEM_BYTES
IN=$TOP/sample-corpus
nshards() { grep -c '^auto ' "$1/XAPIANDB"; }
record() {  # record FILE KEY: a key of a run record
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]))' "$1" "$2"
}

expect_rc "rebuild without --shards" 0 "$BIN/docket-index" --jobs 1 --rebuild \
	--report "$TMP/one.json" --index "$TMP/one" "$IN"
[ "$(nshards "$TMP/one")" = 1 ] && ok "the sample corpus gets one shard" \
	|| not_ok "the sample corpus gets one shard" "$(cat "$TMP/one/XAPIANDB")"
contains "the log says why" "$TMP/rc.err" "1 shard (one shard holds them)"
contains "the summary names the rule" "$TMP/rc.err" "in 1 shard (--shards auto; "
[ "$(record "$TMP/one.json" shards)/$(record "$TMP/one.json" shards_rule)" = 1/auto ] \
	&& ok "the run record: shards 1, rule auto" \
	|| not_ok "the run record: shards 1, rule auto" "$(cat "$TMP/one.json")"

expect_rc "rebuild with 400,000 bytes of memory" 0 env DOCKET_MEM_BYTES=400000 \
	"$BIN/docket-index" --jobs 1 --rebuild --report "$TMP/auto.json" --index "$TMP/auto" "$IN"
k=$(nshards "$TMP/auto")
[ "$k" -gt 1 ] && ok "auto picks $k shards" || not_ok "auto picks K > 1 shards" "$(cat "$TMP/auto/XAPIANDB")"
contains "the log gives the figures" "$TMP/rc.err" "a shard holds at most 0.2 MB (half of 0.4 MB of memory)"
contains "... and the reason" "$TMP/rc.err" "$k shards (index size)"
contains "the shards are dealt and compacted" "$TMP/rc.err" "compacted the $k dealt shards"
[ "$(record "$TMP/auto.json" shards)/$(record "$TMP/auto.json" shards_rule)" = "$k/auto" ] \
	&& ok "the run record: shards $k, rule auto" \
	|| not_ok "the run record: shards $k, rule auto" "$(cat "$TMP/auto.json")"

check "an explicit --shards $k" "$BIN/docket-index" -q --jobs 1 --rebuild --shards "$k" \
	--index "$TMP/given" "$IN"
# page IX QUERY: ids and scores (to 1e-9), totals and suggestion
page() {
	"$BIN/docket-search" --json -n 20 --index "$1" "$2" 2>/dev/null </dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([(r["id"], round(r["score"], 9)) for r in d["results"]], d["total"], d["suggestion"])'
}
same=0 n=0
for q in privacy 'ai training' '"stored communications act"' 'privac*' brightpth \
	'source:meridian date:2025-01-01..2025-01-31'; do
	n=$((n + 1))
	a=$(page "$TMP/auto" "$q") g=$(page "$TMP/given" "$q") o=$(page "$TMP/one" "$q")
	if [ "$a" = "$g" ] && [ "$a" = "$o" ] && [ "$a" != "[] 0 None" ]; then same=$((same + 1))
	else echo "# $q: auto $a / given $g / one $o"; fi
done
[ "$same" = "$n" ] && ok "auto's $k shards answer as --shards $k and as one shard ($n queries)" \
	|| not_ok "auto's $k shards answer as --shards $k and as one shard" "$same of $n the same"

expect_rc "an explicit --shards 1 with little memory" 0 env DOCKET_MEM_BYTES=400000 \
	"$BIN/docket-index" --jobs 1 --rebuild --shards 1 --report "$TMP/forced.json" \
	--index "$TMP/forced" "$IN"
[ "$(nshards "$TMP/forced")" = 1 ] && ok "--shards 1 still gives one shard" \
	|| not_ok "--shards 1 still gives one shard" "$(cat "$TMP/forced/XAPIANDB")"
lacks "... without asking the rule" "$TMP/rc.err" "--shards auto:"
[ "$(record "$TMP/forced.json" shards_rule)" = given ] && ok "the run record: rule given" \
	|| not_ok "the run record: rule given" "$(cat "$TMP/forced.json")"

# --update keeps the shards it finds, whatever the memory
mkdir -p "$TMP/in"
cp -r "$IN/text" "$IN/jsonl" "$TMP/in/"
check "rebuild of part of the corpus with little memory" env DOCKET_MEM_BYTES=400000 \
	"$BIN/docket-index" -q --jobs 1 --rebuild --index "$TMP/upd" "$TMP/in"
k2=$(nshards "$TMP/upd")
cp -r "$IN/html" "$TMP/in/"
expect_rc "update with plenty of memory" 0 "$BIN/docket-index" --jobs 1 --update \
	--report "$TMP/upd.json" --index "$TMP/upd" "$TMP/in"
[ "$k2" -gt 1 ] && [ "$(nshards "$TMP/upd")" = "$k2" ] && ok "the update keeps the $k2 shards" \
	|| not_ok "the update keeps the $k2 shards" "$(cat "$TMP/upd/XAPIANDB")"
contains "the summary says so" "$TMP/rc.err" "in $k2 shards (kept; "
lacks "... with no note: plenty of memory" "$TMP/rc.err" "has outgrown"
[ "$(record "$TMP/upd.json" shards)/$(record "$TMP/upd.json" shards_rule)" = "$k2/kept" ] \
	&& ok "the run record: shards $k2, rule kept" \
	|| not_ok "the run record: shards $k2, rule kept" "$(cat "$TMP/upd.json")"
rm -r "$TMP/in/html"
expect_rc "update of one shard with little memory" 0 env DOCKET_MEM_BYTES=400000 \
	"$BIN/docket-index" --jobs 1 --update --index "$TMP/one" "$TMP/in"
[ "$(nshards "$TMP/one")" = 1 ] && ok "an update does not reshard one shard" \
	|| not_ok "an update does not reshard one shard" "$(cat "$TMP/one/XAPIANDB")"
contains "... but says it has outgrown it" "$TMP/rc.err" "has outgrown its 1 shard: --shards auto would make"
contains "... and what to do" "$TMP/rc.err" "a --rebuild reshards it"

# usage errors, before any input is read
expect_rc "a bad DOCKET_MEM_BYTES" 2 env DOCKET_MEM_BYTES=lots "$BIN/docket-index" \
	--rebuild --index "$TMP/bad" "$IN"
contains "... is named" "$TMP/rc.err" "DOCKET_MEM_BYTES='lots' is not a size"
[ ! -e "$TMP/bad" ] && ok "... and nothing is written" || not_ok "... and nothing is written" "$(ls "$TMP/bad")"
expect_rc "a bad --shards" 2 "$BIN/docket-index" --rebuild --shards many --index "$TMP/bad" "$IN"
contains "... says what it takes" "$TMP/rc.err" "bad --shards 'many' (1 to 256, or auto)"
"$BIN/docket-index" --help >"$TMP/help"
contains "--help describes auto" "$TMP/help" "--shards K|auto"
done_testing
