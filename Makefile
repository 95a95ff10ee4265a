# crm — customer-management toolkit.  See README.md.
#
#   make            build libcrm and the programs in place (cmd/crm-*)
#   make check      install missing build dependencies, build, run every test
#   make demo       the same, then import the example archive into ./demo
#   make bench      time imports against sqlite3 (BENCH_SMALL=1 for a quick run)
#   make install    PREFIX=/usr/local DESTDIR=
#   SANITIZE=1      build and test with AddressSanitizer and UBSan

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
MANDIR   ?= $(PREFIX)/share/man
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
             -DCRM_SHAREDIR='"$(SHAREDIR)"' -Ilib -MMD -MP
LIBS     = -lsqlite3 -lcsv

SOVER    = 0
LIBSRC   = $(wildcard lib/*.c)
LIBOBJ   = $(LIBSRC:.c=.o)
PROGSRC  = $(wildcard cmd/*.c)
PROGS    = $(PROGSRC:.c=)
MAN1     = $(wildcard man/*.1)
MAN57    = $(wildcard man/*.5 man/*.7)

all: $(PROGS) tests/unit tests/bench/gencust

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

tests/unit: tests/unit.o lib/libcrm.a
	$(CC) $(LDFLAGS) -o $@ tests/unit.o lib/libcrm.a $(LIBS)
tests/bench/gencust: tests/bench/gencust.o
	$(CC) $(LDFLAGS) -o $@ tests/bench/gencust.o
tests/bench/runtime: tests/bench/runtime.o
	$(CC) $(LDFLAGS) -o $@ tests/bench/runtime.o

# Build dependencies on a fresh Debian machine: installed when missing and
# we are root (or have sudo), else a clear message.
DEBS = libsqlite3-dev libcsv-dev pkg-config sqlite3 perl python3
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

check: deps
	$(MAKE) all
	prove -f tests/*.t

demo: deps
	$(MAKE) all
	sh share/crm/examples/demo.sh

bench: deps
	$(MAKE) all tests/bench/runtime
	sh tests/bench/bench.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(SHAREDIR)/examples \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 644 lib/libcrm.so.$(SOVER) $(DESTDIR)$(LIBDIR)
	ln -sf libcrm.so.$(SOVER) $(DESTDIR)$(LIBDIR)/libcrm.so
	install -m 644 lib/crm.h $(DESTDIR)$(PREFIX)/include/crm.h 2>/dev/null || \
	    { install -d $(DESTDIR)$(PREFIX)/include && install -m 644 lib/crm.h $(DESTDIR)$(PREFIX)/include; }
	install -m 644 share/crm/regions.csv share/crm/regions.LICENSE $(DESTDIR)$(SHAREDIR)
	install -m 644 share/crm/examples/customers.csv $(DESTDIR)$(SHAREDIR)/examples
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	for f in $(MAN57); do install -m 644 $$f $(DESTDIR)$(MANDIR)/man$${f##*.}; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGS)))
	rm -f $(DESTDIR)$(LIBDIR)/libcrm.so $(DESTDIR)$(LIBDIR)/libcrm.so.$(SOVER)
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -f lib/*.o lib/*.d lib/libcrm.* cmd/*.o cmd/*.d $(PROGS) .flags \
	    tests/*.o tests/*.d tests/unit tests/bench/*.o tests/bench/*.d \
	    tests/bench/gencust tests/bench/runtime
	rm -rf tests/trash demo bench-out

.PHONY: all check demo bench install uninstall clean deps FORCE
.SECONDARY: $(LIBOBJ) $(PROGSRC:.c=.o)

-include $(wildcard lib/*.d cmd/*.d tests/*.d tests/bench/*.d)
