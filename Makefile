# The two commands of the README: `make run` and `make test`. Everything else is for developers.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := var/demo/kiosk.db
APT_PACKAGES := mosquitto xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-cursor0 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3 \
	pulseaudio pulseaudio-utils sox cage xwayland grim xdotool libwayland-cursor0

# the core runs with Qt's pytest plugin off: a PySide6 import there fails the run
CORE_FLAGS := -p no:pytest-qt -W ignore::pytest.PytestConfigWarning -q

.PHONY: lock gates run test test-core test-ui bench deps system-deps dist test-dist clean shots

# every environment installs the exact versions and hashes of requirements/*.txt (`make lock`)
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet
LINT_PATHS := kiosk tests bench tools packaging content

$(STAMP): pyproject.toml requirements/test.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# refresh the lock from pyproject.toml's ranges; one package: make lock ARGS="--upgrade-package numpy"
lock:
	$(PY) -m pip install --quiet 'uv>=0.5'
	$(PY) -m uv pip compile pyproject.toml $(LOCK_FLAGS) $(ARGS) -o requirements/run.txt
	$(PY) -m uv pip compile pyproject.toml --extra test -c requirements/run.txt $(LOCK_FLAGS) $(ARGS) -o requirements/test.txt
	$(PY) -m uv pip compile pyproject.toml --extra dist -c requirements/run.txt $(LOCK_FLAGS) $(ARGS) -o requirements/dist.txt

# the gates: lint, types, layers (also the first step of `make test`)
gates: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy
	$(BIN)/lint-imports

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

# the UI tests run in three processes: the sound tests (a real PulseAudio), the fleet tests
# (a real broker and kiosk processes) and the rest, so one process never holds QtMultimedia's
# FFmpeg threads, a broker and the chart soak at once
UI_AUDIO := tests/ui/test_ui_sound.py tests/ui/test_ui_narration.py tests/ui/test_ui_video.py \
	tests/ui/test_ui_visitor_read_aloud.py
UI_FLEET := tests/ui/test_fleet_e2e.py tests/ui/test_ui_fleet_host.py tests/ui/test_ui_admin_fleet.py
UI_REST := $(foreach f,$(UI_AUDIO) $(UI_FLEET),--ignore=$(f))
# the sound tests run one per process (tests/run_isolated.py): Qt 6.11.3's FFmpeg backend has
# been seen to block the GUI thread intermittently while a player stops; a hung test is killed
# and run again (at most 4 times, each retry printed); a failing test fails at once

test: system-deps $(STAMP) gates
	$(BIN)/python -m pytest tests/core $(CORE_FLAGS)
	$(MAKE) --no-print-directory test-ui

test-core: $(STAMP)
	$(BIN)/python -m pytest tests/core $(CORE_FLAGS)

test-ui: $(STAMP)
	$(BIN)/python -m pytest tests/ui -q $(UI_REST)
	$(BIN)/python -m pytest $(UI_FLEET) -q
	$(BIN)/python tests/run_isolated.py $(UI_AUDIO)

bench: system-deps $(STAMP)
	@for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

shots: $(STAMP) $(DEMO_DB)
	$(BIN)/python bench/shots.py --db $(DEMO_DB) --out var/shots

dist: $(STAMP)
	bash packaging/build.sh

test-dist: system-deps dist
	bash packaging/test_dist.sh

clean:
	rm -rf build dist var .venv-dist
