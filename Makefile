# Docket - one non-recursive Makefile for the whole tree.
#
#   make                       bin/docket-index, bin/docket-search
#   make deps                  install the Debian packages the build and tests need
#   make demo                  build, index sample-corpus/, run example searches
#   make check                 build and run the quick tests (under 2 minutes)
#   make check-all             every test, then again under ASan/UBSan
#   make SAN=address,undefined check
#                              the quick tests under ASan/UBSan (build-san/)
#   make fuzz                  build libFuzzer targets with clang (build-fuzz/)
#   make fuzz-run              run each for FUZZ_SECONDS (600) and tabulate
#   make bench / bench-smoke   compare with Xapian's scriptindex and SQLite FTS5
#   make install PREFIX=/usr/local DESTDIR=
#                              the programs, their manuals and libdocket
#                              (LIBDIR, INCLUDEDIR, MANDIR, BINDIR);
#                              make uninstall removes them
#
# Dependencies point one way: indexer/ and searcher/ use shims/ and common/;
# shims/ uses common/; common/ never sees Xapian.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SAN        ?=
CC         ?= cc
CXX        ?= c++

ifeq ($(SAN),)
BUILD      := build
BIN        := bin
else
BUILD      := build-san
BIN        := build-san/bin
SANFLAGS   := -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

WARN       := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wformat=2 -Wvla
ifeq ($(CI),true)
WERROR     := -Werror
endif
OPT        ?= -O2 -g
HARDEN     := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
XML_CFLAGS := $(shell xml2-config --cflags 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell xml2-config --libs 2>/dev/null || echo -lxml2)
CPPFLAGS   += -D_POSIX_C_SOURCE=200809L -DDOCKET_VERSION='"$(VERSION)"' $(XML_CFLAGS)
CFLAGS     += -std=c11 $(OPT) $(WARN) $(WERROR) $(HARDEN) $(SANFLAGS) -MMD -MP
XAPIAN_CXXFLAGS := $(shell xapian-config --cxxflags 2>/dev/null)
XAPIAN_LIBS     := $(shell xapian-config --libs 2>/dev/null || echo -lxapian)
CXXFLAGS   += -std=c++17 $(OPT) -Wall -Wextra -Wshadow $(WERROR) $(HARDEN) \
              $(SANFLAGS) $(XAPIAN_CXXFLAGS) -MMD -MP
LDFLAGS    += -pie -Wl,-z,relro,-z,now $(SANFLAGS) -pthread
LIBS       := $(XAPIAN_LIBS) $(XML_LIBS) -lstemmer -lutf8proc -ljansson -lzstd -lz -lm

# The layers, lowest first.  Each is one static library; a layer may use
# only the layers below it (tools/layers.sh checks it with nm):
#   common   analyzer, buffers, status, article record, fields, index dir
#   extract  indexer/extract/: dump bytes in, clean articles out  (common)
#   shim     the C API over Xapian                                (common)
#   index    indexer/: building and publishing indexes  (extract, shim, common)
#   search   searcher/: queries, ranking, passages, CGI           (shim, common)
COMMON_SRC   := $(sort $(wildcard common/*.c))
EXTRACT_SRC  := $(sort $(wildcard indexer/extract/*.c))
SHIM_SRC     := $(sort $(wildcard shims/*.cc))
INDEXER_SRC  := $(filter-out indexer/main.c,$(sort $(wildcard indexer/*.c)))
SEARCHER_SRC := $(filter-out searcher/main.c searcher/cgi_main.c searcher/fcgi_main.c,$(sort $(wildcard searcher/*.c)))

obj = $(patsubst %.c,$(BUILD)/%.o,$(patsubst %.cc,$(BUILD)/%.o,$(1)))

COMMON_LIB   := $(BUILD)/libdk_common.a
EXTRACT_LIB  := $(BUILD)/libdk_extract.a
SHIM_LIB     := $(BUILD)/libdk_shim.a
INDEXER_LIB  := $(BUILD)/libdk_indexer.a
SEARCHER_LIB := $(BUILD)/libdk_searcher.a
# Link lines name the layers highest first, so a lower layer that used a
# higher one would fail to link.
INDEX_LIBS   := $(INDEXER_LIB) $(EXTRACT_LIB) $(SHIM_LIB) $(COMMON_LIB)
SEARCH_LIBS  := $(SEARCHER_LIB) $(SHIM_LIB) $(COMMON_LIB)
ALL_LIBS     := $(SEARCHER_LIB) $(INDEXER_LIB) $(EXTRACT_LIB) $(SHIM_LIB) $(COMMON_LIB)

PROGRAMS     := $(BIN)/docket-index $(BIN)/docket-search
ifneq ($(wildcard searcher/cgi_main.c),)
PROGRAMS     += $(BIN)/docket.cgi
endif
# docket.fcgi, the long-running searcher, is the one program linking
# libfcgi (libfcgi-dev).
PROGRAMS     += $(BIN)/docket.fcgi
FCGI_LIBS    := -lfcgi

# libdocket.so, the installable library (searcher/docket.h): the search
# layer and the layers below it built again as position-independent code
# (build/pic/; the programs keep their static, PIE-built archives), with
# only docket.h's functions exported (searcher/docket.map).  The CGI's
# page code is not part of it.
SOVERSION    := 0
LIBDOCKET    := $(BUILD)/libdocket.so.$(VERSION)
LIBDOCKET_SRC := $(filter-out searcher/cgi%.c,$(SEARCHER_SRC)) $(SHIM_SRC) \
                 $(COMMON_SRC)
picobj = $(patsubst %.c,$(BUILD)/pic/%.o,$(patsubst %.cc,$(BUILD)/pic/%.o,$(1)))

UNIT_SRC     := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
FUZZ_SRC     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BINS  := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/replay_%,$(FUZZ_SRC))

.PHONY: cgi-bench fcgi-bench
.PHONY: all deps demo check check-all check-unit check-e2e fuzz bench bench-smoke eval \
        install uninstall clean tools
.DEFAULT_GOAL := all

all: $(PROGRAMS) $(LIBDOCKET)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(filter-out -fPIE,$(CFLAGS)) -fPIC -c $< -o $@

$(BUILD)/pic/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(filter-out -fPIE,$(CXXFLAGS)) -fPIC -c $< -o $@

# The shared library and its two links, as installed.
$(LIBDOCKET): $(call picobj,$(LIBDOCKET_SRC)) searcher/docket.map
	$(CXX) -shared -Wl,-soname,libdocket.so.$(SOVERSION) \
	  -Wl,--version-script=searcher/docket.map -Wl,--no-undefined \
	  -Wl,-z,relro,-z,now $(SANFLAGS) -pthread -o $@ \
	  $(call picobj,$(LIBDOCKET_SRC)) $(LIBS)
	ln -sf libdocket.so.$(VERSION) $(BUILD)/libdocket.so.$(SOVERSION)
	ln -sf libdocket.so.$(SOVERSION) $(BUILD)/libdocket.so

$(COMMON_LIB): $(call obj,$(COMMON_SRC))
$(EXTRACT_LIB): $(call obj,$(EXTRACT_SRC))
$(SHIM_LIB): $(call obj,$(SHIM_SRC))
$(INDEXER_LIB): $(call obj,$(INDEXER_SRC))
$(SEARCHER_LIB): $(call obj,$(SEARCHER_SRC)) $(BUILD)/gen/templates_default.o
$(BUILD)/%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# The page templates (templates/*.html), compiled into docket.cgi as the
# defaults a site's DOCKET_TEMPLATES directory overrides file by file.
TEMPLATES    := $(sort $(wildcard templates/*.html))
$(BUILD)/gen/templates_default.c: $(TEMPLATES) tools/embed_templates.sh
	@mkdir -p $(dir $@)
	tools/embed_templates.sh $(TEMPLATES) >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/templates_default.o: $(BUILD)/gen/templates_default.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# The programs link with the C++ driver because the shim is C++.
$(BIN)/docket-index: $(BUILD)/indexer/main.o $(INDEX_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(INDEX_LIBS) $(LIBS)

$(BIN)/docket-search: $(BUILD)/searcher/main.o $(SEARCH_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(SEARCH_LIBS) $(LIBS)

$(BIN)/docket.cgi: $(BUILD)/searcher/cgi_main.o $(SEARCH_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(SEARCH_LIBS) $(LIBS)

$(BIN)/docket.fcgi: $(BUILD)/searcher/fcgi_main.o $(SEARCH_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(SEARCH_LIBS) $(LIBS) $(FCGI_LIBS)

# ---- tests -------------------------------------------------------------

# A test links only the layers whose headers it includes, and those below
# them (tools/layers.sh libs): a unit test of common/ proves common/
# stands alone.
$(BUILD)/tests/test_%: tests/unit/test_%.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $$(tools/layers.sh libs $< $(BUILD)) $(LIBS) -lcmocka

# Fuzz targets built without libFuzzer: a main() that replays the corpus.
$(BUILD)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay_main.c $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CC) $(CPPFLAGS) $(CFLAGS) -c tests/fuzz/replay_main.c -o $@.main.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $@.main.o $$(tools/layers.sh libs $< $(BUILD)) $(LIBS)

tools: $(UNIT_BINS) $(REPLAY_BINS)

# make check: the quick set (unit tests, fuzz-corpus replays, the layer
# check, the end-to-end scripts not marked "# slow:").  make check-all:
# every test, then every test again built with ASan/UBSan in build-san/.
check: deps-quiet $(PROGRAMS) $(LIBDOCKET) $(UNIT_BINS) $(REPLAY_BINS)
	@CC="$(CC)" tools/layers.sh check $(BUILD)
	@tools/prefixes.sh
	@DOCKET_BIN=$(CURDIR)/$(BIN) DOCKET_TESTBIN=$(CURDIR)/$(BUILD)/tests \
	  DOCKET_SAN=$(SAN) tests/run --quick

check-all: deps-quiet $(PROGRAMS) $(LIBDOCKET) $(UNIT_BINS) $(REPLAY_BINS)
	@CC="$(CC)" tools/layers.sh check $(BUILD)
	@tools/prefixes.sh
ifeq ($(SAN),)
	@$(MAKE) --no-print-directory SAN=address,undefined all tools
	@DOCKET_BIN=$(CURDIR)/$(BIN) DOCKET_TESTBIN=$(CURDIR)/$(BUILD)/tests \
	  DOCKET_SAN_BIN=$(CURDIR)/build-san/bin \
	  DOCKET_SAN_TESTBIN=$(CURDIR)/build-san/tests tests/run --all --san
else
	@DOCKET_BIN=$(CURDIR)/$(BIN) DOCKET_TESTBIN=$(CURDIR)/$(BUILD)/tests \
	  DOCKET_SAN=$(SAN) tests/run --all
endif

# libFuzzer builds (clang).  make fuzz; build-fuzz/fuzz_query -max_total_time=60
# -fno-sanitize-recover=all: a UBSan finding aborts like an ASan one, so
# libFuzzer stops on it and saves the input.  The targets link with the C
# driver, which lacks UBSan's C++ runtime, so the vptr and function checks
# (C++ only: the shim) are left out.
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize=vptr,function \
               -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer $(FUZZ_SAN) $(CPPFLAGS)
fuzz:
	@mkdir -p build-fuzz
	$(MAKE) BUILD=build-fuzz CC=clang CXX=clang++ OPT="-g -O1" \
	  SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	  build-fuzz/libdk_common.a build-fuzz/libdk_extract.a \
	  build-fuzz/libdk_shim.a build-fuzz/libdk_indexer.a \
	  build-fuzz/libdk_searcher.a
	for f in $(FUZZ_SRC); do \
	  n=$$(basename $$f .c); \
	  clang $(FUZZ_CFLAGS) $$f -o build-fuzz/$$n \
	    $$(tools/layers.sh libs $$f build-fuzz) \
	    $(LIBS) -lstdc++ || exit 1; \
	done

# make fuzz-run: every target in turn, FUZZ_SECONDS each (600 by default,
# what issue 13 asks), one table row per target (tests/fuzz/run).  Takes
# FUZZ_SECONDS x the 16 targets of tests/fuzz/; FUZZ_TARGETS="fuzz_stub fuzz_manifest" for some.
FUZZ_SECONDS ?= 600
.PHONY: fuzz-run
fuzz-run: fuzz
	tests/fuzz/run -t $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ---- set-up, demo, install --------------------------------------------

deps:
	@sh tools/deps.sh

deps-quiet:
	@sh tools/deps.sh --quiet

demo: deps-quiet $(PROGRAMS)
	@DOCKET_BIN=$(CURDIR)/$(BIN) sh tools/demo.sh

bench: $(PROGRAMS) $(BUILD)/bench-latency
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/run

bench-smoke: $(PROGRAMS) $(BUILD)/bench-latency
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/run --smoke

cgi-bench: $(PROGRAMS)
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/cgi

fcgi-bench: $(PROGRAMS)
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/fcgi

eval: $(PROGRAMS)
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/eval

# Article-body extraction on the HTML dev sets (bench/extraction).
.PHONY: eval-extract
eval-extract: $(PROGRAMS)
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/extraction

# Passage question answering beside FTS5 over paragraphs (bench/qa).
.PHONY: eval-qa
eval-qa: $(PROGRAMS)
	@DOCKET_BIN=$(CURDIR)/$(BIN) bench/qa

# The in-process driver of bench/latency (which builds it through make).
# $(BUILD)/bench/queries.o, the query-file reader both drivers share
# (bench/queries.h), comes from the pattern rule.
$(BUILD)/bench-latency: bench/latency.c bench/queries.h $(BUILD)/bench/queries.o $(SEARCH_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $(BUILD)/bench/queries.o $(SEARCH_LIBS) $(LIBS)

# The CPU of a page inside a long-running searcher (bench/pages.c).
$(BUILD)/bench-pages: bench/pages.c bench/queries.h $(BUILD)/bench/queries.o $(SEARCH_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@.o
	$(CXX) $(LDFLAGS) -o $@ $@.o $(BUILD)/bench/queries.o $(SEARCH_LIBS) $(LIBS)

# docket.pc is written at install time, so that it names the directories
# the library was installed to.  ldconfig runs only for a real install
# (no DESTDIR) and may fail for a user without the rights to run it.
install: $(PROGRAMS) $(LIBDOCKET)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(LIBDIR) \
	  $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(wildcard doc/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 doc/docket.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 755 $(LIBDOCKET) $(DESTDIR)$(LIBDIR)/
	ln -sf libdocket.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libdocket.so.$(SOVERSION)
	ln -sf libdocket.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libdocket.so
	install -m 644 searcher/docket.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 755 contrib/docket-replicate $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(PREFIX)/share/docket/templates
	install -m 644 $(TEMPLATES) $(DESTDIR)$(PREFIX)/share/docket/templates/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	  contrib/docket.pc.in >$(DESTDIR)$(PKGCONFIGDIR)/docket.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/docket.pc
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null; then \
	  ldconfig 2>/dev/null || echo "make install: ldconfig failed; run it as root"; fi

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard doc/*.1)))
	rm -f $(DESTDIR)$(MANDIR)/man3/docket.3
	rm -f $(DESTDIR)$(LIBDIR)/libdocket.so.$(VERSION) \
	  $(DESTDIR)$(LIBDIR)/libdocket.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libdocket.so
	rm -f $(DESTDIR)$(INCLUDEDIR)/docket.h $(DESTDIR)$(PKGCONFIGDIR)/docket.pc
	rm -f $(DESTDIR)$(BINDIR)/docket-replicate
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/docket/templates/,$(notdir $(TEMPLATES)))
	-rmdir $(DESTDIR)$(PREFIX)/share/docket/templates $(DESTDIR)$(PREFIX)/share/docket 2>/dev/null

clean:
	rm -rf build build-san build-fuzz bin

-include $(shell find build build-san -name '*.d' 2>/dev/null)
