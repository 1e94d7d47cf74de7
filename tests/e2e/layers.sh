#!/usr/bin/env bash
# The layer check can fail: tools/layers.sh symbols over libraries built
# here from two tiny objects refuses common/ calling into extract/ (a lower
# layer using a higher one) and accepts the same call the other way round.
# The real libraries are checked by make check itself (tools/layers.sh check).
. "$(dirname "$0")/lib.sh"
CC=${CC:-cc}

# build_libs DIR LOWER HIGHER: LOWER's library calls dk_layers_probe, which
# HIGHER's library defines; the other three layers get empty libraries.
build_libs() {
	local d=$1 lower=$2 higher=$3
	mkdir -p "$d"
	printf 'int dk_layers_probe(void);\nint dk_layers_use(void);\nint dk_layers_use(void) { return dk_layers_probe(); }\n' >"$d/use.c"
	printf 'int dk_layers_probe(void);\nint dk_layers_probe(void) { return 1; }\n' >"$d/def.c"
	printf 'int dk_layers_empty_%s(void);\nint dk_layers_empty_%s(void) { return 0; }\n' x x >"$d/empty.c"
	$CC -c "$d/use.c" -o "$d/use.o" && $CC -c "$d/def.c" -o "$d/def.o" &&
		$CC -c "$d/empty.c" -o "$d/empty.o" || return 1
	for l in common extract shim indexer searcher; do
		case $l in
		"$lower") ar rcs "$d/libdk_$l.a" "$d/use.o" ;;
		"$higher") ar rcs "$d/libdk_$l.a" "$d/def.o" ;;
		*) ar rcs "$d/libdk_$l.a" "$d/empty.o" ;;
		esac
	done
}

build_libs "$TMP/bad" common extract
(cd "$TOP" && tools/layers.sh symbols "$TMP/bad") >"$TMP/bad.out" 2>&1; rc=$?
check "common calling into extract is refused" test "$rc" -eq 1
contains "the refusal names both layers and the symbol" "$TMP/bad.out" "layers: common uses extract (not allowed): dk_layers_probe"

build_libs "$TMP/good" extract common
(cd "$TOP" && tools/layers.sh symbols "$TMP/good") >"$TMP/good.out" 2>&1; rc=$?
check "extract calling into common is allowed" test "$rc" -eq 0

build_libs "$TMP/bad2" searcher indexer
(cd "$TOP" && tools/layers.sh symbols "$TMP/bad2") >"$TMP/bad2.out" 2>&1; rc=$?
check "searcher calling into indexer is refused" test "$rc" -eq 1

# One name prefix per module (tools/prefixes.sh, run by make check): a
# header may declare functions named after its module, a type it defines,
# or a declared "Prefix:" stem, and nothing else.
mkdir -p "$TMP/pfx"
cat >"$TMP/pfx/widget.h" <<'EOF'
/*
 * widget.h - a probe for the name-prefix check.
 */
typedef struct dk_knob dk_knob;
int dk_widget_new(void);
int dk_widget(void);
void dk_knob_turn(dk_knob *k);
int dk_gadget_spin(void);
EOF
(cd "$TOP" && tools/prefixes.sh "$TMP/pfx/widget.h") >"$TMP/pfx.out" 2>&1; rc=$?
check "a function named after another module is refused" test "$rc" -eq 1
contains "... and named" "$TMP/pfx.out" "dk_gadget_spin is named after neither the module nor a type"
lacks "the module's and its type's names pass" "$TMP/pfx.out" "dk_knob_turn"
sed -i 's/^ \* widget.h - a probe for the name-prefix check.$/&\n *\n * Prefix: dk_gadget (for the test)./' "$TMP/pfx/widget.h"
(cd "$TOP" && tools/prefixes.sh "$TMP/pfx/widget.h") >"$TMP/pfx.out" 2>&1; rc=$?
check "a declared Prefix: stem passes" test "$rc" -eq 0
(cd "$TOP" && tools/prefixes.sh) >"$TMP/pfx.out" 2>&1; rc=$?
if [ $rc = 0 ]; then ok "every header of the tree keeps the rule"
else not_ok "every header of the tree keeps the rule" "$(cat "$TMP/pfx.out")"; fi

done_testing
