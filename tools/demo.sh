#!/bin/sh
# demo.sh - build an index of sample-corpus/ and run a few searches that
# show ranked, highlighted passages.  Called by `make demo`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${DOCKET_BIN:-$top/bin}
index=${DEMO_INDEX:-$top/build/demo-index}

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

rm -rf "$index"
say docket-index --index "$index" sample-corpus/text sample-corpus/jsonl
"$bin/docket-index" --index "$index" "$top/sample-corpus/text" "$top/sample-corpus/jsonl"

run() {
	say docket-search "$@"
	"$bin/docket-search" --index "$index" --color=always "$@" || true
}
run --limit 3 'ai training lawsuit'
run --limit 3 '"class action" privacy'
run --limit 3 'title:brightpath OR title:quantix'
run --limit 3 '"Section 230"'
run --limit 3 --sort date 'date:2025-01 antitrust'
run --limit 2 'CVE-2025-21781'
run --limit 2 --json 'stored communications act'
printf '\nThe index is in %s; try: DOCKET_INDEX=%s %s/docket-search QUERY\n' \
	"$index" "$index" "$bin"
