# The two commands of the README: `make run` and `make test`. Everything else is for developers.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := var/demo/kiosk.db
APT_PACKAGES := mosquitto xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-cursor0 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3

# the core runs with Qt's pytest plugin off: a PySide6 import there fails the run
CORE_FLAGS := -p no:pytest-qt -W ignore::pytest.PytestConfigWarning -q

.PHONY: run test test-core test-ui bench deps system-deps dist test-dist clean shots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

deps: $(STAMP)

# Debian packages the tests need (a real MQTT broker, X libraries for Qt); only as root, only if missing
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: missing Debian packages (run as root to install):$$missing"; fi; \
	fi

$(DEMO_DB): $(STAMP)
	$(BIN)/kiosk seed --db $(DEMO_DB)

run: $(STAMP) $(DEMO_DB)
	$(BIN)/kiosk --db $(DEMO_DB) $(ARGS)

test: system-deps $(STAMP)
	$(BIN)/python -m pytest tests/core $(CORE_FLAGS)
	$(BIN)/python -m pytest tests/ui -q

test-core: $(STAMP)
	$(BIN)/python -m pytest tests/core $(CORE_FLAGS)

test-ui: $(STAMP)
	$(BIN)/python -m pytest tests/ui -q

bench: system-deps $(STAMP)
	@for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

shots: $(STAMP) $(DEMO_DB)
	$(BIN)/python bench/shots.py --db $(DEMO_DB) --out var/shots

dist: $(STAMP)
	bash packaging/build.sh

test-dist: dist
	bash packaging/test_dist.sh

clean:
	rm -rf build dist var .venv-dist
