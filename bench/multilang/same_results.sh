#!/usr/bin/env bash
# bench/multilang/same_results.sh - do two builds rank alike?  Per-article
# stemming must leave English results as they were: this indexes the four
# test collections, sample-corpus/ and the seed articles with the programs
# of each BINDIR and prints the md5 of each search output, side by side.
#
#   bench/multilang/same_results.sh OLD_BINDIR NEW_BINDIR [WORKDIR]
#
# Outputs compared: `docket-search --queries queries.tsv --plain --format
# trec --limit 1000` on each collection (as bench/eval runs them), and on
# sample-corpus and the seeds the queries of bench/queries.tsv, in TREC
# form and as JSON with passages and highlights.  Skips (exit 0, with a
# message) when the development data is absent.
set -u
OLD=$1 NEW=$2
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
HERE=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${DOCKET_DATA:-$HERE/data}
if [ ! -d "$DATA/collections" ]; then
	echo "same_results: SKIP: no development data at $DATA (set DOCKET_DATA)"
	exit 0
fi
Q=$WORK/queries.tsv
grep -v '^#' "$HERE/bench/queries.tsv" | grep . >"$Q"
differ=0
run() {  # name bindir index-args... -- search-mode
	local tag=$1 bin=$2 name=$3; shift 3
	local idx=$WORK/$tag-$name
	rm -rf "$idx"
	nice "$bin/docket-index" --quiet --index "$idx" "$@" >/dev/null 2>&1
}
for name in cran cisi med cacm sample seeds; do
	for tag in old new; do
		bin=$OLD; [ $tag = new ] && bin=$NEW
		case $name in
		sample) run $tag "$bin" $name "$HERE"/sample-corpus/{html,jsonl,text,warc} ;;
		seeds) run $tag "$bin" $name "$DATA/seeds" ;;
		*) run $tag "$bin" $name "$DATA/collections/$name/docs.jsonl" ;;
		esac
		idx=$WORK/$tag-$name
		case $name in
		sample|seeds)
			"$bin/docket-search" --index "$idx" --queries "$Q" --format trec --limit 1000 >"$WORK/$tag-$name.trec" 2>&1
			"$bin/docket-search" --index "$idx" --queries "$Q" --format json --limit 20 >"$WORK/$tag-$name.json" 2>&1 ;;
		*)
			"$bin/docket-search" --index "$idx" --queries "$DATA/collections/$name/queries.tsv" --plain --format trec --limit 1000 >"$WORK/$tag-$name.trec" 2>&1 ;;
		esac
	done
	for ext in trec json; do
		[ -f "$WORK/old-$name.$ext" ] || continue
		a=$(md5sum <"$WORK/old-$name.$ext" | cut -c1-32)
		b=$(md5sum <"$WORK/new-$name.$ext" | cut -c1-32)
		lines=$(wc -l <"$WORK/new-$name.$ext")
		same=same; [ "$a" = "$b" ] || { same=DIFFERENT; differ=1; }
		printf '%-7s %-4s %6s lines  old %s  new %s  %s\n' "$name" "$ext" "$lines" "$a" "$b" "$same"
	done
done
exit $differ
