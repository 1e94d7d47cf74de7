#!/usr/bin/env bash
# library.sh - libdocket as a user gets it: make install into a staging
# directory (DESTDIR), the files and links it puts there, the symbols the
# library exports, pkg-config, contrib/docket-example.c built against the
# staged header and library and run on the sample corpus (its hits equal
# docket-search's), the man page, and make uninstall leaving nothing.
. "$(dirname "$0")/lib.sh"

STAGE=$TMP/stage
PFX=/usr/local
LIB=$STAGE$PFX/lib
san=${DOCKET_SAN:-}
make_q() { make --no-print-directory -s -C "$TOP" ${san:+SAN=$san} "$@"; }

index_sample "$TMP/idx"

check "make install DESTDIR=... PREFIX=$PFX" make_q install DESTDIR="$STAGE" PREFIX="$PFX"

missing=""
for f in lib/libdocket.so.0.1.0 include/docket.h lib/pkgconfig/docket.pc \
	share/man/man3/docket.3 bin/docket-search share/man/man1/docket-search.1; do
	[ -f "$STAGE$PFX/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "library, header, docket.pc and docket.3 installed"
else not_ok "library, header, docket.pc and docket.3 installed" "missing:$missing"; fi

if [ "$(readlink "$LIB/libdocket.so.0")" = libdocket.so.0.1.0 ] &&
   [ "$(readlink "$LIB/libdocket.so")" = libdocket.so.0 ]; then
	ok "libdocket.so -> libdocket.so.0 -> libdocket.so.0.1.0"
else
	not_ok "libdocket.so -> libdocket.so.0 -> libdocket.so.0.1.0" "$(ls -l "$LIB")"
fi

soname=$(readelf -d "$LIB/libdocket.so.0.1.0" 2>&1 | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$soname" = libdocket.so.0 ]; then ok "SONAME libdocket.so.0"
else not_ok "SONAME libdocket.so.0" "soname: '$soname'"; fi

# The library exports exactly the functions docket.h declares.
grep -oE '^[a-z].*\bdocket_[a-z_]+\(' "$TOP/searcher/docket.h" |
	grep -oE 'docket_[a-z_]+\($' | tr -d '(' | sort -u >"$TMP/declared"
nm -D --defined-only "$LIB/libdocket.so.0.1.0" | awk '$2 ~ /^[TWDB]$/ {print $3}' |
	sed 's/@.*//' | sort -u >"$TMP/exported"
if [ -s "$TMP/declared" ] && diff "$TMP/declared" "$TMP/exported" >"$TMP/sym.diff"; then
	ok "exports the $(wc -l <"$TMP/declared") functions of docket.h and nothing else"
else
	not_ok "exports the functions of docket.h and nothing else" "$(head -20 "$TMP/sym.diff")"
fi

pc() { PKG_CONFIG_PATH=$LIB/pkgconfig PKG_CONFIG_SYSROOT_DIR=$STAGE pkg-config "$@"; }
flags=$(pc --cflags --libs docket 2>&1)
case " $flags " in
*" -I$STAGE$PFX/include "*"-L$LIB "*"-ldocket "*) ok "pkg-config --cflags --libs docket: $flags" ;;
*) not_ok "pkg-config --cflags --libs docket" "got: $flags" ;;
esac
if [ "$(pc --modversion docket 2>&1)" = 0.1.0 ] &&
   grep -qx "libdir=$PFX/lib" "$LIB/pkgconfig/docket.pc"; then
	ok "docket.pc: version 0.1.0, libdir $PFX/lib"
else
	not_ok "docket.pc: version 0.1.0, libdir $PFX/lib" "$(cat "$LIB/pkgconfig/docket.pc")"
fi

# The installed header alone, as C and as C++.
printf '#include <docket.h>\nint main(void) { return docket_version() == 0; }\n' >"$TMP/h.c"
cp "$TMP/h.c" "$TMP/h.cc"
check "docket.h compiles alone as C11 and C++11" sh -c "
	${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -c $(pc --cflags docket) '$TMP/h.c' -o '$TMP/h.o' &&
	${CXX:-c++} -std=c++11 -Wall -Wextra -Werror -c $(pc --cflags docket) '$TMP/h.cc' -o '$TMP/hh.o'"

sanflags=""
[ -n "$san" ] && sanflags="-fsanitize=$san -fno-omit-frame-pointer"
check "contrib/docket-example.c builds with pkg-config's flags" \
	${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror $sanflags \
	"$TOP/contrib/docket-example.c" $flags -o "$TMP/docket-example"

ex() { LD_LIBRARY_PATH=$LIB "$TMP/docket-example" "$@"; }
if LD_LIBRARY_PATH=$LIB ldd "$TMP/docket-example" 2>&1 | grep -q "libdocket.so.0 => $LIB/"; then
	ok "the example loads the staged libdocket.so.0"
else
	not_ok "the example loads the staged libdocket.so.0" \
		"$(LD_LIBRARY_PATH=$LIB ldd "$TMP/docket-example" 2>&1 | head -5)"
fi

# Its hits, passages, highlights and entities are docket-search's (which
# also names the sources of folded copies: "also:" lines).
n=0
for q in lawsuit 'court ruling' '"data breach"' 'case:25-01234'; do
	n=$((n + 1))
	ex "$TMP/idx" "$q" >"$TMP/ex.$n" 2>"$TMP/ex.err"
	rc=$?
	"$BIN/docket-search" --color never -i "$TMP/idx" "$q" |
		grep -v '^   also:' >"$TMP/ds.$n"
	if [ $rc -eq 0 ] && [ -s "$TMP/ex.$n" ] && cmp -s "$TMP/ex.$n" "$TMP/ds.$n"; then
		ok "example = docket-search for '$q' ($(grep -c '^[0-9]*\. ' "$TMP/ex.$n") hits)"
	else
		not_ok "example = docket-search for '$q'" "exit $rc: $(head -c 300 "$TMP/ex.err")" \
			"$(diff "$TMP/ex.$n" "$TMP/ds.$n" | head -20)"
	fi
done
expect_rc "example: a query with no hits exits 1" 1 ex "$TMP/idx" zzyzxqwv
contains "example: ... and says so" "$TMP/rc.out" "No results for: zzyzxqwv"
expect_rc "example: no index exits 2" 2 ex "$TMP/none" lawsuit
contains "example: ... with the library's message" "$TMP/rc.err" "$TMP/none: no index here"

if ! command -v man >/dev/null; then
	skip "man --warnings -l docket.3: clean" "no man(1) here (man-db)"
elif man --warnings -l "$STAGE$PFX/share/man/man3/docket.3" >"$TMP/man.out" 2>"$TMP/man.err" &&
   [ ! -s "$TMP/man.err" ] && grep -q docket_search "$TMP/man.out"; then
	ok "man --warnings -l docket.3: clean"
else
	not_ok "man --warnings -l docket.3: clean" "$(head -5 "$TMP/man.err")"
fi

# LIBDIR and INCLUDEDIR move the files and what docket.pc says.
check "make install with LIBDIR and INCLUDEDIR" make_q install DESTDIR="$TMP/stage2" \
	PREFIX=/opt/dk LIBDIR=/opt/dk/lib64 INCLUDEDIR=/opt/dk/include/dk
if [ -f "$TMP/stage2/opt/dk/lib64/libdocket.so.0.1.0" ] &&
   [ -f "$TMP/stage2/opt/dk/include/dk/docket.h" ] &&
   [ "$(echo $(PKG_CONFIG_PATH=$TMP/stage2/opt/dk/lib64/pkgconfig pkg-config --cflags --libs docket))" = \
	"-I/opt/dk/include/dk -L/opt/dk/lib64 -ldocket" ]; then
	ok "... files there, docket.pc names them"
else
	not_ok "... files there, docket.pc names them" "$(find "$TMP/stage2" -name 'docket*' | head)"
fi

check "make uninstall DESTDIR=..." make_q uninstall DESTDIR="$STAGE" PREFIX="$PFX"
left=$(find "$STAGE" ! -type d | head)
if [ -z "$left" ]; then ok "uninstall leaves no file or link"
else not_ok "uninstall leaves no file or link" "$left"; fi

done_testing
