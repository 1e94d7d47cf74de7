# lib.sh - shared helpers for the end-to-end tests (sourced, not run).
# Each test prints TAP lines; tests/run counts them.
set -u
TOP=${DOCKET_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${DOCKET_BIN:-$TOP/bin}
# The development data (bench/README.md): $DOCKET_DATA, else data/ in the
# project; tests that need it skip with a message when it is absent.
DATA=${DOCKET_DATA:-$TOP/data}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/docket-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
_n=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }

# check NAME CMD...: ok when CMD succeeds.
check() {
	local name=$1; shift
	if "$@" >"$TMP/check.out" 2>&1; then ok "$name"
	else not_ok "$name" "command: $*" "$(head -c 2000 "$TMP/check.out")"; fi
}

# expect_rc NAME WANT CMD...: ok when CMD exits with status WANT.
expect_rc() {
	local name=$1 want=$2; shift 2
	"$@" >"$TMP/rc.out" 2>"$TMP/rc.err"
	local rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name"
	else not_ok "$name" "exit $rc, wanted $want: $*" "$(head -c 1500 "$TMP/rc.err")"; fi
}

# contains NAME FILE TEXT: ok when FILE holds TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"
	else not_ok "$1" "'$3' not in $2:" "$(head -c 1500 "$2")"; fi
}
lacks() {
	if ! grep -qF -- "$3" "$2"; then ok "$1"
	else not_ok "$1" "'$3' unexpectedly in $2"; fi
}

# json_ids FILE: the result ids of a docket-search --json document, one a line.
json_ids() {
	python3 -c 'import json,sys; [print(r["id"]) for r in json.load(open(sys.argv[1]))["results"]]' "$1"
}

# index_sample DIR: index sample-corpus/text and sample-corpus/jsonl into a
# new index DIR (quietly); one ok line, or not ok with the indexer's output.
index_sample() {
	if "$BIN/docket-index" --quiet --index "$1" "$TOP/sample-corpus/text" \
		"$TOP/sample-corpus/jsonl" >"$TMP/index_sample.out" 2>&1; then
		ok "index sample-corpus"
	else
		not_ok "index sample-corpus" "$(cat "$TMP/index_sample.out")"
	fi
}

done_testing() { echo "1..$_n"; }
