# crm — customer-management toolkit.  See README.md.
#
#   make            build libcrm and the programs in place (cmd/crm-*)
#   make check      install missing build dependencies, build, run every test
#   make demo       the same, then import the example archive into ./demo
#   make bench      time imports, the ledger, grading and credit against sqlite3
#                   (BENCH_SMALL=1 for a quick run, BENCH_ONLY=ledger for the ledger
#                   jobs, BENCH_ONLY=credit for crm-alert and crm-credit aging, check,
#                   BENCH_ONLY=reports for crm-visit due and crm-report)
#   make fuzz       libFuzzer (clang) on the CSV reader, the validators and the
#                   store lookups, FUZZ_SECONDS each (tests/fuzz/README)
#   make install    PREFIX=/usr/local DESTDIR=
#   SANITIZE=1      build and test with AddressSanitizer and UBSan

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR   ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
SHAREDIR ?= $(PREFIX)/share/crm
DESTDIR  ?=

CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter
ifeq ($(CI),true)
WARN     += -Werror
endif
ifeq ($(SANITIZE),1)
CFLAGS   += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fPIC $(WARN) $(CFLAGS) \
             -DCRM_SHAREDIR='"$(SHAREDIR)"' -DCRM_XLSX_LIB='"$(XLSX_LIB)"' \
             -Ilib -MMD -MP
LIBS     = -lsqlite3 -lcsv
# libxlsxwriter is loaded by fmt.c when a workbook is written (dlopen):
# its soname, from the library the headers came with
XLSX_LIB := $(shell objdump -p "$$(pkg-config --variable=libdir xlsxwriter 2>/dev/null)/$$(gcc -print-multiarch 2>/dev/null)/libxlsxwriter.so" 2>/dev/null | sed -n 's/^ *SONAME *//p')
ifeq ($(XLSX_LIB),)
XLSX_LIB := libxlsxwriter.so.4
endif

SOVER    = 0
VERSION := $(shell sed -n 's/^\#define CRM_VERSION "\(.*\)"/\1/p' lib/crm.h)
LIBSRC   = $(wildcard lib/*.c)
LIBOBJ   = $(LIBSRC:.c=.o)
PROGSRC  = $(wildcard cmd/*.c)
PROGS    = $(PROGSRC:.c=)
MAN1     = $(wildcard man/*.1)
MAN57    = $(wildcard man/*.5 man/*.7)

# make fuzz (see the rules below and tests/fuzz/README)
FUZZ_TARGETS = csvin valid store map
FUZZ_SECONDS ?= 60
FUZZ_MERGE   ?= 0
FUZZ_OPTS    ?=
FUZZ_CC      ?= clang
FUZZ_DIR      = tests/fuzz/build
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
                -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
                -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
                -DCRM_SHAREDIR='"$(SHAREDIR)"' -DFUZZ_SHARE_DIR='"$(CURDIR)/share/crm"' \
                -Ilib -Itests/fuzz -MMD -MP
FUZZ_LDFLAGS  = -fsanitize=fuzzer $(FUZZ_SAN) -Wl,--wrap=_exit
FUZZ_LIBOBJ   = $(LIBSRC:lib/%.c=$(FUZZ_DIR)/lib/%.o)
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%)
FUZZ_REPLAY   = $(FUZZ_TARGETS:%=tests/fuzz/replay-%)

all: $(PROGS) lib/crm.pc tests/unit tests/bench/gencust tests/bench/gensale tests/bench/genvisit $(FUZZ_REPLAY)

# Rebuild everything when the flags change (e.g. SANITIZE=1 after a plain build).
.flags: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
	    echo '$(CC) $(ALL_CFLAGS) $(LDFLAGS)' > $@
FORCE:

%.o: %.c .flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

lib/libcrm.so.$(SOVER): $(LIBOBJ)
	$(CC) -shared -Wl,-soname,libcrm.so.$(SOVER) $(LDFLAGS) -o $@ $(LIBOBJ) $(LIBS)
lib/libcrm.so: lib/libcrm.so.$(SOVER)
	ln -sf libcrm.so.$(SOVER) $@
lib/libcrm.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

# One rule builds every program; each finds libcrm beside it in the build
# tree (cmd/../lib) and when installed (bin/../lib, or LIBDIR).
cmd/%: cmd/%.o lib/libcrm.so
	$(CC) $(LDFLAGS) -o $@ $< -Llib -lcrm $(LIBS) \
	    -Wl,-rpath,'$$ORIGIN/../lib' -Wl,-rpath,'$(LIBDIR)'

# pkg-config for whoever links libcrm (installed by make install).
lib/crm.pc: Makefile lib/crm.h .flags
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCLUDEDIR)' '' \
	    'Name: crm' 'Description: customer management toolkit library (libcrm)' \
	    'Version: $(VERSION)' 'Libs: -L$${libdir} -lcrm' \
	    'Libs.private: $(LIBS) -ldl' 'Cflags: -I$${includedir}' >$@

tests/unit: tests/unit.o lib/libcrm.a
	$(CC) $(LDFLAGS) -o $@ tests/unit.o lib/libcrm.a $(LIBS)
tests/bench/gencust: tests/bench/gencust.o
	$(CC) $(LDFLAGS) -o $@ tests/bench/gencust.o
tests/bench/gensale: tests/bench/gensale.o
	$(CC) $(LDFLAGS) -o $@ tests/bench/gensale.o
tests/bench/genvisit: tests/bench/genvisit.o
	$(CC) $(LDFLAGS) -o $@ tests/bench/genvisit.o
tests/bench/runtime: tests/bench/runtime.o
	$(CC) $(LDFLAGS) -o $@ tests/bench/runtime.o

# Fuzzing (SPEC 5).  Each target is a harness tests/fuzz/TARGET.c
# (LLVMFuzzerTestOneInput) with its seed corpus in tests/fuzz/corpus/TARGET/;
# adding a target is adding its name here.  make fuzz builds every target
# with clang, libFuzzer, ASan and UBSan in tests/fuzz/build/ (lib/*.c
# compiled again there) and runs each for FUZZ_SECONDS over a copy of its
# corpus, one after the other; FUZZ_MERGE=1 merges what is new back into
# the corpus; FUZZ_OPTS are more libFuzzer options.  It fails when a target
# crashes (the input is in tests/fuzz/build/artifacts/TARGET/).  make all
# builds tests/fuzz/replay-TARGET with the normal compiler and flags, which
# tests/0014-fuzz-corpus.t runs over the corpus.
fuzz: deps deps-fuzz
	$(MAKE) $(FUZZ_BINS)
	sh tests/fuzz/run.sh '$(FUZZ_SECONDS)' '$(FUZZ_MERGE)' '$(FUZZ_OPTS)' $(FUZZ_TARGETS)

$(FUZZ_DIR)/.flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS)' | cmp -s - $@ || \
	    echo '$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS)' > $@
$(FUZZ_DIR)/lib/%.o: lib/%.c $(FUZZ_DIR)/.flags
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_DIR)/%.o: tests/fuzz/%.c $(FUZZ_DIR)/.flags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/%.o $(FUZZ_DIR)/exit.o $(FUZZ_LIBOBJ)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ $(LIBS)

# The replay: the harness and a main that feeds it files, no libFuzzer.
tests/fuzz/replay-%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
    $(wildcard lib/*.h) lib/libcrm.a .flags
	$(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -Itests/fuzz $(LDFLAGS) -o $@ \
	    tests/fuzz/$*.c tests/fuzz/replay.c lib/libcrm.a $(LIBS)

# Build dependencies on a fresh Debian machine: installed when missing and
# we are root (or have sudo), else a clear message.
DEBS = libsqlite3-dev libcsv-dev libxlsxwriter-dev pkg-config sqlite3 perl python3 \
       python3-openpyxl xlsx2csv tmux
deps:
	@missing=; for p in $(DEBS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
	        || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then sudo=; \
	    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; \
	    else echo "crm needs:$$missing; install them: apt-get install$$missing" >&2; exit 1; fi; \
	    echo "installing$$missing"; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

# clang (with libFuzzer) for make fuzz, installed like DEBS.
FUZZ_DEBS = clang
deps-fuzz:
	@command -v $(FUZZ_CC) >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; \
	else echo "make fuzz needs $(FUZZ_CC); install it: apt-get install $(FUZZ_DEBS)" >&2; exit 1; fi; \
	echo "installing $(FUZZ_DEBS)"; \
	$$sudo apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(FUZZ_DEBS) >/dev/null

check: deps
	$(MAKE) all
	prove -f tests/*.t

demo: deps
	$(MAKE) all
	sh share/crm/examples/demo.sh

bench: deps
	$(MAKE) all tests/bench/runtime
	sh tests/bench/bench.sh

# install-files copies what is built and nothing else, so that
# tests/0091-install.t can install into a scratch DESTDIR without a rebuild.
install: all
	$(MAKE) install-files

install-files:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(SHAREDIR)/examples \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 644 lib/libcrm.so.$(SOVER) $(DESTDIR)$(LIBDIR)
	ln -sf libcrm.so.$(SOVER) $(DESTDIR)$(LIBDIR)/libcrm.so
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 lib/crm.h $(DESTDIR)$(INCLUDEDIR)
	install -m 644 lib/crm.pc $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 share/bash-completion/crm $(DESTDIR)$(COMPLETIONDIR)/crm
	for p in $(filter-out crm,$(notdir $(PROGS))); do \
	    ln -sf crm $(DESTDIR)$(COMPLETIONDIR)/$$p; done
	install -m 644 share/crm/regions.csv share/crm/regions.LICENSE $(DESTDIR)$(SHAREDIR)
	install -m 644 share/crm/examples/customers.csv share/crm/examples/sales.csv \
	    $(DESTDIR)$(SHAREDIR)/examples
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	for f in $(MAN57); do install -m 644 $$f $(DESTDIR)$(MANDIR)/man$${f##*.}; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGS)))
	rm -f $(DESTDIR)$(LIBDIR)/libcrm.so $(DESTDIR)$(LIBDIR)/libcrm.so.$(SOVER)
	rm -f $(DESTDIR)$(INCLUDEDIR)/crm.h $(DESTDIR)$(PKGCONFIGDIR)/crm.pc
	rm -f $(addprefix $(DESTDIR)$(COMPLETIONDIR)/,$(notdir $(PROGS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/*.7)))
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -f lib/*.o lib/*.d lib/libcrm.* lib/crm.pc cmd/*.o cmd/*.d $(PROGS) .flags \
	    tests/*.o tests/*.d tests/unit tests/bench/*.o tests/bench/*.d \
	    tests/bench/gencust tests/bench/gensale tests/bench/genvisit tests/bench/runtime $(FUZZ_REPLAY)
	rm -rf tests/trash demo bench-out $(FUZZ_DIR)

.PHONY: all check demo bench install install-files uninstall clean deps deps-fuzz fuzz FORCE
.SECONDARY: $(LIBOBJ) $(PROGSRC:.c=.o) $(FUZZ_LIBOBJ) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%.o) \
    $(FUZZ_DIR)/exit.o

-include $(wildcard lib/*.d cmd/*.d tests/*.d tests/bench/*.d $(FUZZ_DIR)/*.d $(FUZZ_DIR)/lib/*.d)
