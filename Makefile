# glossa: a terminal reader for an annotated article archive.
#
#   make            build libglossa.a and the glossa program
#   make run        build, import sample-archive/ once, open it
#   make check      build and run every test
#   make check-asan the same under AddressSanitizer and UBSan
#   make bench      benchmarks on generated and real text (not part of check)
#   make install    PREFIX=/usr/local DESTDIR= honoured
#
# Missing Debian packages are installed with apt-get when run as root;
# otherwise make prints the command to run and stops.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/glossa
BUILD ?= build

CC ?= cc
CFLAGS ?= -O2 -g -Wall -Wextra
PKG_CONFIG ?= pkg-config

override CPPFLAGS += -Iinclude -D_GNU_SOURCE
override CFLAGS += -std=c11 -MMD -MP
SQLITE_CFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3)
SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3)
CURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw)
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

ifeq ($(V),1)
Q =
else
Q = @
endif

LIB = $(BUILD)/libglossa.a
PROG = $(BUILD)/glossa
LIB_SRC = $(wildcard storage/*.c)
PROG_SRC = $(wildcard tui/*.c)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
PROG_OBJ = $(PROG_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_SUPPORT = $(wildcard tests/unit/support.c)
UNIT_SUPPORT_OBJ = $(UNIT_SUPPORT:%.c=$(BUILD)/%.o)
SAMPLE_DB = $(BUILD)/sample.db
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAY = $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
DICT_DB = $(BUILD)/cedict.db
DICT_TEXT = storage/data/cedict/cedict_ts.u8.xz
UNIHAN ?= /usr/share/unicode/Unihan_Readings.txt.bz2

# The Debian packages each step needs.
DEBS_BUILD = pkg-config libsqlite3-dev libncursesw5-dev xz-utils bzip2 \
	unicode-data
DEBS_CHECK = libcmocka-dev tmux fortunes-zh sqlite3 g++ zlib1g-dev
DEBS_FUZZ = clang libclang-rt-14-dev
DEBS_BENCH = ripgrep time zlib1g-dev fortunes-zh manpages

# Keep the objects of the test programs (make would delete them as
# intermediates and rebuild them every time).
.SECONDARY:

.PHONY: FORCE all run check check-headers check-unit check-cli check-screen \
	check-fuzz check-asan fuzz bench install uninstall clean deps deps-check

all: $(PROG) $(DICT_DB)

# deps_ensure: install missing Debian packages (root) or say how to.
define deps_ensure
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
		for p in $(1); do \
			dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
				grep -q 'ok installed' || missing="$$missing $$p"; \
		done; \
	fi; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "glossa: installing$$missing"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && \
			apt-get install -y -qq --no-install-recommends $$missing \
				>/dev/null || exit 1; \
		else \
			echo "glossa: missing packages:$$missing"; \
			echo "run:  sudo apt-get install$$missing"; \
			exit 1; \
		fi; \
	fi
	@mkdir -p $(BUILD) && touch $@
endef

$(BUILD)/.deps-build:
	$(call deps_ensure,$(DEBS_BUILD))

$(BUILD)/.deps-check:
	$(call deps_ensure,$(DEBS_CHECK))

$(BUILD)/.deps-fuzz:
	$(call deps_ensure,$(DEBS_FUZZ))

$(BUILD)/.deps-bench:
	$(call deps_ensure,$(DEBS_BENCH))

deps: $(BUILD)/.deps-build
deps-check: $(BUILD)/.deps-check

$(BUILD)/storage/%.o: storage/%.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SQLITE_CFLAGS) -c -o $@ $<

$(BUILD)/tui/%.o: tui/%.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(CURSES_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | $(BUILD)/.deps-build $(BUILD)/.deps-check
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) -Istorage -Itests/unit $(CFLAGS) $(SQLITE_CFLAGS) -c -o $@ $<

# The program finds the installed dictionary there (cli-dict.c); the
# stamp holds the value it was compiled with, so that `make install
# PREFIX=...` after a plain `make` compiles it again.
$(BUILD)/tui/cli-dict.o: override CPPFLAGS += -DGLOSSA_DATADIR='"$(DATADIR)"'
$(BUILD)/tui/cli-dict.o: $(BUILD)/.datadir
$(BUILD)/.datadir: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
FORCE:

$(LIB): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(PROG): $(PROG_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(PROG_OBJ) $(LIB) \
		$(CURSES_LIBS) $(SQLITE_LIBS) -lm -pthread

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(UNIT_SUPPORT_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(UNIT_SUPPORT_OBJ) $(LIB) \
		$(CMOCKA_LIBS) $(SQLITE_LIBS) -lm

# Fuzz targets, replayed over their corpora by a plain main().
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) -Istorage $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
		$(LIB) $(SQLITE_LIBS) -lm

# Helpers of the screen tests (tests/helpers/NAME.c, plain SQLite).
HELPERS = $(patsubst tests/helpers/%.c,$(BUILD)/tests/helpers/%,$(wildcard tests/helpers/*.c))
$(BUILD)/tests/helpers/%: tests/helpers/%.c | $(BUILD)/.deps-build
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SQLITE_CFLAGS) $(LDFLAGS) -o $@ $< \
		$(SQLITE_LIBS)

# The dictionary (storage/data/cedict/README.md): the committed CC-CEDICT
# text, with Unihan's kMandarin readings (unicode-data) when they are
# there, into an SQLite file beside the program, where it finds it.
$(DICT_DB): $(DICT_TEXT) storage/dict-build.c storage/dict-impl.h | $(PROG)
	@$(if $(Q),echo "  DICT    $@")
	$(Q)xz -dc $(DICT_TEXT) >$(BUILD)/cedict_ts.u8.tmp
	$(Q)rm -f $(BUILD)/kMandarin.tmp; if [ -r $(UNIHAN) ]; then \
		bzip2 -dc $(UNIHAN) | grep kMandarin >$(BUILD)/kMandarin.tmp; \
	fi
	$(Q)$(PROG) dict import --db $@ \
		$$([ -s $(BUILD)/kMandarin.tmp ] && echo --unihan $(BUILD)/kMandarin.tmp) \
		$(BUILD)/cedict_ts.u8.tmp >/dev/null
	$(Q)rm -f $(BUILD)/cedict_ts.u8.tmp $(BUILD)/kMandarin.tmp

# The sample archive, imported once; delete it to import again.
$(SAMPLE_DB): | $(PROG)
	$(PROG) -d $@ import sample-archive

run: $(PROG) $(DICT_DB) $(SAMPLE_DB)
	$(PROG) -d $(SAMPLE_DB)

# Everything is built first (in parallel under -j), then the suites run
# one after the other, so that their output is never interleaved; every
# suite runs even when one before it failed.
# The bench's programs are built too (not run): a change of the core's
# API must not leave them broken until the next make bench.
check: $(PROG) $(DICT_DB) $(UNIT_BIN) $(FUZZ_REPLAY) $(BUILD)/.deps-check \
	$(BUILD)/bench/gen $(BUILD)/bench/bench $(BUILD)/bench/dict \
	$(BUILD)/bench/vocab
	$(Q)status=0; for suite in headers unit cli fuzz screen; do \
		$(MAKE) --no-print-directory check-$$suite || status=1; \
	done; exit $$status

# Every public header alone, as C and as C++ with C linkage.
check-headers: $(BUILD)/.deps-check
	$(Q)CC="$(CC)" CXX="$(CXX)" sh tests/headers.sh include

check-unit: $(UNIT_BIN)
	@failed=0; for t in $(UNIT_BIN); do \
		echo "== $$t"; \
		( cd $(BUILD) && GLOSSA_SRC=$(CURDIR) $(CURDIR)/$$t ) || failed=1; \
	done; exit $$failed

check-cli: $(PROG) $(DICT_DB)
	$(Q)GLOSSA=$(CURDIR)/$(PROG) GLOSSA_SRC=$(CURDIR) \
		sh tests/run-sh cli tests/cli/*.sh

check-fuzz: $(FUZZ_REPLAY)
	@pass=0; fail=0; for n in $(FUZZ_NAMES); do \
		if $(BUILD)/fuzz/replay_$$n tests/fuzz/corpus/$$n/* \
			>$(BUILD)/fuzz/$$n.log 2>&1; then \
			pass=$$((pass + 1)); echo "ok   fuzz corpus $$n"; \
		else \
			fail=$$((fail + 1)); echo "FAIL fuzz corpus $$n"; \
			tail -5 $(BUILD)/fuzz/$$n.log; \
		fi; \
	done; echo "fuzz-replay: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# libFuzzer runs of each target (FUZZ_SECONDS each). New inputs go to
# $(BUILD)/fuzz/corpus-NAME; copy the ones worth keeping into tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
fuzz: $(BUILD)/.deps-fuzz
	@mkdir -p $(BUILD)/fuzz
	@for n in $(FUZZ_NAMES); do \
		clang -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) -Istorage \
			-o $(BUILD)/fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c \
			$(LIB_SRC) $(SQLITE_LIBS) -lm || exit 1; \
		mkdir -p $(BUILD)/fuzz/corpus-$$n; \
		$(BUILD)/fuzz/fuzz_$$n -max_total_time=$(FUZZ_SECONDS) \
			$(BUILD)/fuzz/corpus-$$n tests/fuzz/corpus/$$n || exit 1; \
	done

# Benchmarks (not part of check): BENCH_SIZES="10000 100000" by default,
# BENCH_LARGE=1 adds 1000000, BENCH_CORPUS="generated real" (gen --real
# reads the text Debian installed: fortunes-zh, manpages, zlib for the
# gzipped files). See tests/bench/RESULTS.md.
$(BUILD)/bench/gen: tests/bench/gen.c tests/bench/corpus.h | $(BUILD)/.deps-build \
	$(BUILD)/.deps-check
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lz -lm

$(BUILD)/bench/bench: tests/bench/bench.c tests/bench/corpus.h $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) -Istorage $(CFLAGS) $(SQLITE_CFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(SQLITE_LIBS) -lm

$(BUILD)/bench/dict: tests/bench/dict.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(SQLITE_CFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(SQLITE_LIBS) -lm

# What an archive's indexes hold, as text (tests/bench/same-index.sh).
$(BUILD)/bench/vocab: tests/bench/vocab.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CPPFLAGS) -Istorage $(CFLAGS) $(SQLITE_CFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(SQLITE_LIBS) -lm

bench: $(BUILD)/bench/gen $(BUILD)/bench/bench $(BUILD)/bench/dict \
	$(BUILD)/.deps-bench
	BUILD=$(BUILD) sh tests/bench/run.sh

check-screen: $(PROG) $(HELPERS) $(BUILD)/.deps-check
	$(Q)GLOSSA=$(CURDIR)/$(PROG) GLOSSA_SRC=$(CURDIR) \
		GLOSSA_HELPERS=$(CURDIR)/$(BUILD)/tests/helpers \
		sh tests/run-sh screen tests/screen/*.sh

check-asan:
	$(MAKE) BUILD=build-asan \
		CFLAGS="-O1 -g -Wall -Wextra -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check

install: $(PROG) $(DICT_DB)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/glossa
	install -m 644 tui/glossa.1 $(DESTDIR)$(MANDIR)/man1/glossa.1
	install -d $(DESTDIR)$(MANDIR)/man5
	install -m 644 tui/glossa-config.5 $(DESTDIR)$(MANDIR)/man5/glossa-config.5
	install -d $(DESTDIR)$(DATADIR)
	install -m 644 tui/glossarc.example $(DESTDIR)$(DATADIR)/glossarc.example
	install -m 644 $(DICT_DB) $(DESTDIR)$(DATADIR)/cedict.db

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/glossa $(DESTDIR)$(MANDIR)/man1/glossa.1
	rm -f $(DESTDIR)$(MANDIR)/man5/glossa-config.5
	rm -f $(DESTDIR)$(DATADIR)/cedict.db $(DESTDIR)$(DATADIR)/glossarc.example
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf $(BUILD) build-asan

-include $(LIB_OBJ:.o=.d) $(PROG_OBJ:.o=.d) $(UNIT_SUPPORT_OBJ:.o=.d) \
	$(UNIT_BIN:$(BUILD)/tests/%=$(BUILD)/tests/unit/%.d) $(FUZZ_REPLAY:=.d) \
	$(BUILD)/bench/gen.d $(BUILD)/bench/bench.d $(BUILD)/bench/dict.d \
	$(BUILD)/bench/vocab.d
