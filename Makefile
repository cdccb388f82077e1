# Ateliers: the two commands are `make demo` and `make test`.
SWIFT   ?= swift
VENV    := .venv
PYTHON  := $(VENV)/bin/python
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN      = $(shell $(SWIFT) build --show-bin-path)/ateliers
DEMO_OUT ?= out
# A fixed DTSTAMP for the demo and the interop checks (2023-09-01T00:00:00Z).
EPOCH   := 1693526400

.PHONY: all deps clients build demo test interop lint clean asan tsan sanitize

all: build

# libical (the iCalendar library), pkg-config to find it, tzdata (libical reads the system zone database) and
# SQLite (the publication store, through GRDB), zlib (the server's gzip), curl (the server's interop check) and
# GNU time (the hostile-input tests measure each run's peak memory with it).
deps:
	@if ! pkg-config --exists libical sqlite3 zlib || [ ! -e /usr/share/zoneinfo/Europe/Paris ] \
	    || ! command -v curl >/dev/null || [ ! -x /usr/bin/time ]; then \
	  echo "installing libical-dev, libsqlite3-dev, zlib1g-dev, pkg-config, tzdata, curl and time with apt-get"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libical-dev libsqlite3-dev zlib1g-dev pkg-config \
	    tzdata curl time >/dev/null; \
	fi

# khal and calcurse: two independent calendar clients that must read every feed the tests write; chromium: the
# browser the pages are checked in (driven by Playwright for Python, from the virtualenv).
clients:
	@if ! command -v khal >/dev/null || ! command -v calcurse >/dev/null || ! command -v chromium >/dev/null; then \
	  echo "installing khal, calcurse and chromium with apt-get"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq khal calcurse chromium >/dev/null; \
	fi

# Independent readers for the tests, in a git-ignored virtualenv: Python's icalendar and vobject (feeds),
# jsonschema (frab schedules).
$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --disable-pip-version-check 'icalendar==7.3.0' 'PyYAML==6.0.3' \
	  'vobject==0.9.9' 'python-dateutil==4.0.0' 'jsonschema==4.26.0' 'playwright==1.65.2'
	touch $@

build: deps
	$(SWIFT) build

demo: build
	@echo "== ateliers check seeds/ examples/event.yaml"
	@$(BIN) check seeds/ examples/event.yaml || [ $$? -eq 1 ]
	@echo
	@echo "== ateliers export seeds/ examples/event.yaml --out $(DEMO_OUT)"
	@SOURCE_DATE_EPOCH=$(EPOCH) $(BIN) export seeds/ examples/event.yaml --out $(DEMO_OUT)
	@echo
	@echo "Feeds written to $(DEMO_OUT)/ (see $(DEMO_OUT)/index.json); subscribe to $(DEMO_OUT)/all.ics"

# `swift test` runs with a private PostgreSQL server: Tests/postgres/with-postgres.sh installs Debian's postgresql if
# missing, starts a throw-away cluster on a free port of 127.0.0.1 (in a temporary folder, as the postgres user) and
# stops and removes it when the tests end, passed or not. The agenda store's suite runs against SQLite and
# PostgreSQL; ATELIERS_REQUIRE_POSTGRES=1 makes the PostgreSQL tests fail, not skip, if they cannot have it.
test: deps $(VENV)/.installed
	ATELIERS_REQUIRE_POSTGRES=1 bash Tests/postgres/with-postgres.sh $(SWIFT) test
	$(MAKE) --no-print-directory interop

# Independent proof: Python's icalendar reads the golden feed and a fresh export of every feed kind, and each
# event's start and end instant must match the programme; vobject, khal and calcurse read every feed, also
# those made from the iCalendar (all-day event), CSV and frab fixtures; the frab schedules are checked against
# the c3voc schema; `ateliers serve` is subscribed to over HTTP (icalendar, curl), byte for byte what export
# writes, and sees an edit arrive; it is killed with SIGKILL during a stream of agenda saves and keeps every save it
# answered; and it holds under abuse (slow and idle clients, smuggling, oversized headers, traversal, guessed
# tokens).
IMPORTED := Tests/AteliersTests/Fixtures/import
interop: build $(VENV)/.installed clients
	@rm -rf .build/interop && mkdir -p .build/interop
	@SOURCE_DATE_EPOCH=$(EPOCH) $(BIN) import seeds/ examples/event.yaml -o .build/interop/programme.yaml
	@SOURCE_DATE_EPOCH=$(EPOCH) $(BIN) export seeds/ examples/event.yaml --attendees examples/picks.csv --alarm 10 \
	  --out .build/interop/feeds >/dev/null
	@for source in other-zone.ics semicolon-bom.csv schedule.xml schedule.json; do \
	  zone=$$(case $$source in *.csv) echo "--timezone Europe/Paris";; esac); \
	  SOURCE_DATE_EPOCH=$(EPOCH) $(BIN) import $(IMPORTED)/$$source $$zone -o .build/interop/$$source.yaml && \
	  SOURCE_DATE_EPOCH=$(EPOCH) $(BIN) export $(IMPORTED)/$$source $$zone --force --out .build/interop/imported/$$(echo $$source | tr . -) \
	    >/dev/null || exit 1; done
	@for format in frab-xml frab-json; do SOURCE_DATE_EPOCH=$(EPOCH) $(BIN) export seeds/ examples/event.yaml \
	  $(IMPORTED)/schedule.xml --format $$format --force --out .build/interop/schedule >/dev/null || exit 1; done
	$(PYTHON) Tests/interop/check_feeds.py \
	  --programme Tests/AteliersTests/Fixtures/golden/seeds.yaml Tests/AteliersTests/Fixtures/golden/seeds-all.ics \
	  --programme .build/interop/programme.yaml .build/interop/feeds \
	  $(foreach source,other-zone.ics semicolon-bom.csv schedule.xml schedule.json,\
	    --programme .build/interop/$(source).yaml .build/interop/imported/$(subst .,-,$(source)))
	$(PYTHON) Tests/interop/check_clients.py Tests/AteliersTests/Fixtures/golden/seeds-all.ics \
	  .build/interop/feeds .build/interop/imported
	$(PYTHON) Tests/interop/check_schedules.py Tests/AteliersTests/Fixtures/golden/seeds-schedule.xml \
	  Tests/AteliersTests/Fixtures/golden/seeds-schedule.json .build/interop/schedule/schedule.xml \
	  .build/interop/schedule/schedule.json
	$(PYTHON) Tests/interop/check_serve.py $(BIN)
	$(PYTHON) Tests/interop/check_crash_saves.py $(BIN)
	$(PYTHON) Tests/interop/check_abuse.py $(BIN)
	@if command -v chromium >/dev/null; then $(PYTHON) Tests/browser/check_pages.py $(BIN) .build/browser; \
	  else echo "browser: chromium is not installed: the pages were not checked in a browser"; fi

clean:
	rm -rf .build $(VENV) $(DEMO_OUT)

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

# CI's memory check (after `make test`): an AddressSanitizer build of `ateliers` alone (LeakSanitizer included), run
# on every fixture, the seeds and a generated programme with attendees; any report fails (Tests/sanitize/run.sh).
sanitize: deps
	$(SWIFT) build --sanitize=address --product ateliers --scratch-path .build-asan
	ASAN_SYMBOLIZER_PATH=$$(dirname $$(command -v $(SWIFT)))/llvm-symbolizer ASAN_OPTIONS=symbolize=1 \
	  bash Tests/sanitize/run.sh .build-asan/debug/ateliers

# The whole suite under AddressSanitizer and LeakSanitizer, in its own build folder (valgrind 3.19 cannot read this
# toolchain's debug information). Not part of `make test`: a sanitized build of every dependency takes minutes.
# Stacks are symbolized with the toolchain's own llvm-symbolizer (Debian's older one hangs on its DWARF 5).
asan: deps
	ASAN_SYMBOLIZER_PATH=$$(dirname $$(command -v $(SWIFT)))/llvm-symbolizer ASAN_OPTIONS=symbolize=1:detect_leaks=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt:print_suppressions=0 \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan

# The concurrent parts (the server's holder, reloader and agenda store; the publisher; the output folder's parallel
# lanes and lock) under ThreadSanitizer, in its own build folder.
tsan: deps
	$(SWIFT) test --sanitize=thread --scratch-path .build-tsan \
	  --filter 'AteliersServerTests|PublisherTests|OutputFolderTests'
