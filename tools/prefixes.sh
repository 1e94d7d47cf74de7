#!/bin/sh
# tools/prefixes.sh - one name prefix per module (make check).
#
# Every function a public header declares is named after its module, or
# after a type the same header defines: query_compile.h declares
# dk_query_compile*() and, for its dk_compiled type, dk_compiled_free().
# A header whose module goes by a shorter name says so on a line of its
# opening comment, "Prefix: dk_gen", and every name starting with that
# stem is its own; the line may list several stems before any "(".  The
# installed library's header (searcher/docket.h) names everything
# docket_ instead of dk_; its names are checked the same way.  Prints each name that breaks the rule and exits 1;
# exits 0 when there is none.
#
# usage: tools/prefixes.sh [HEADER...]   (default: every .h of the layers)
set -eu
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- common/*.h indexer/*.h indexer/extract/*.h \
	searcher/*.h shims/*.h
bad=0
for h in "$@"; do
	mod=$(basename "$h" .h)
	# the allowed stems: the module, declared prefixes, the header's types
	declared=$(sed -n 's/^ \* Prefix: \([^(]*\).*/\1/p' "$h" |
		grep -oE '\b(dk|docket)_[a-z0-9_]*' || true)
	stems=$( {
		echo "dk_$mod"
		grep -oE '^(typedef +)?(struct|enum)? *[a-z_ ]*\b(dk|docket)_[a-z0-9_]+ *[;{]|}\s*(dk|docket)_[a-z0-9_]+;|typedef [^;(]*\b((dk|docket)_[a-z0-9_]+);' "$h" |
			grep -oE '\b(dk|docket)_[a-z0-9_]+' ; } | sort -u)
	# the functions declared: "dk_name(" at a declaration's start
	for f in $(grep -hoE '^[a-z].*\b((dk|docket)_[a-z0-9_]+)\(' "$h" |
		   grep -oE '\b(dk|docket)_[a-z0-9_]+\($' | tr -d '(' | sort -u); do
		ok=0
		for s in $declared; do
			case $f in "$s"*) ok=1 ;; esac
		done
		for s in $stems; do
			case $f in "$s"|"$s"_*) ok=1; break ;; esac
		done
		if [ $ok = 0 ]; then
			echo "prefixes: $h: $f is named after neither the module nor a type of $h"
			bad=1
		fi
	done
done
exit $bad
