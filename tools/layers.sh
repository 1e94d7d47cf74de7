#!/bin/sh
# layers.sh - the layer rules of the build, in one place.
#
#   tools/layers.sh libs FILE BUILD   the static libraries (highest layer
#                                     first) that a test or tool source
#                                     may link, from the headers it includes
#   tools/layers.sh symbols BUILD     fail when a layer's library references
#                                     a symbol defined by a layer it may not
#                                     use (nm)
#   tools/layers.sh check BUILD       symbols, and fail when a public header
#                                     does not compile on its own
#
# The layers, lowest first, and what each may use:
#   common  -                       extract -> common
#   shim    -> common               index   -> extract, shim, common
#   search  -> shim, common
set -u
mode=${1:-}

allowed() {
	case $1 in
	common) echo "common" ;;
	extract) echo "extract common" ;;
	shim) echo "shim common" ;;
	indexer) echo "indexer extract shim common" ;;
	searcher) echo "searcher shim common" ;;
	esac
}

case $mode in
libs)
	f=$2 b=$3
	s="" i="" x="" h=""
	grep -q '#include "[./]*searcher/' "$f" && s=1
	grep -Eq '#include "[./]*indexer/[a-z_]+\.h"' "$f" && i=1
	grep -q '#include "[./]*indexer/' "$f" && x=1
	grep -q '#include "[./]*shims/' "$f" && h=1
	out=""
	[ -n "$s" ] && out="$out $b/libdk_searcher.a"
	[ -n "$i" ] && out="$out $b/libdk_indexer.a"
	[ -n "$x" ] && out="$out $b/libdk_extract.a"
	[ -n "$s$i$h" ] && out="$out $b/libdk_shim.a"
	echo "$out $b/libdk_common.a"
	;;
symbols|check)
	b=$2 tmp=$(mktemp -d) bad=0
	trap 'rm -rf "$tmp"' EXIT
	for l in common extract shim indexer searcher; do
		nm -g --defined-only "$b/libdk_$l.a" 2>/dev/null |
			awk 'NF==3 {print $3}' | sort -u >"$tmp/def.$l"
		nm -u "$b/libdk_$l.a" 2>/dev/null | awk '{print $NF}' |
			sort -u >"$tmp/undef.$l"
	done
	for l in common extract shim indexer searcher; do
		ok=$(allowed $l)
		for m in common extract shim indexer searcher; do
			case " $ok " in *" $m "*) continue ;; esac
			comm -12 "$tmp/undef.$l" "$tmp/def.$m" >"$tmp/x"
			if [ -s "$tmp/x" ]; then
				echo "layers: $l uses $m (not allowed): $(head -5 "$tmp/x" | tr '\n' ' ')"
				bad=1
			fi
		done
	done
	[ "$mode" = symbols ] && { [ $bad -eq 0 ] && echo "layers: ok"; exit $bad; }
	for h in common/*.h indexer/extract/*.h shims/*.h indexer/*.h searcher/*.h; do
		printf '#include "%s"\n' "$PWD/$h" >"$tmp/h.c"
		if ! ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L $(xml2-config --cflags 2>/dev/null) \
			-Wall -Werror -fsyntax-only "$tmp/h.c" 2>"$tmp/err"; then
			echo "layers: $h does not compile on its own:"; head -3 "$tmp/err"
			bad=1
		fi
	done
	[ $bad -eq 0 ] && echo "layers: ok"
	exit $bad
	;;
*)
	echo "usage: tools/layers.sh libs FILE BUILD | symbols BUILD | check BUILD" >&2
	exit 2 ;;
esac
