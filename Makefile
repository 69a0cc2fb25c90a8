# Kendali Sensus — everything a developer or CI runs. Needs Python 3.11+ with venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
INSTALLER_STAMP := $(VENV)/.installer-stamp
FROZEN := build/dist/KendaliSensus

.PHONY: run demo test bench venv installer frozen check-frozen installer-deps screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

## Open the app on the office database (created on first run).
run: $(STAMP)
	@$(BIN)/python installer/qt_libraries.py
	$(BIN)/kendali-sensus

## Open the app on a fresh demo database (Kota Banjarmasin).
demo: $(STAMP)
	@$(BIN)/python installer/qt_libraries.py
	$(BIN)/kendali-sensus --demo

## Run the test suite (SQLite always; PostgreSQL too when KENDALI_TEST_POSTGRES_URL is set),
## one worker more than the cores (tests wait on subprocesses, PostgreSQL and timers: on two
## cores two workers left a third of the CPU idle), at most 4 (each holds a few connections).
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(4, (os.cpu_count() or 1) + 1))')
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) --durations=15

## Benchmarks: print measured ratios (tests/bench).
bench: $(STAMP)
	@test -d tests/bench || { echo "Belum ada benchmark di tests/bench."; exit 0; }; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/bench -s -p no:cacheprovider -o addopts=""

$(INSTALLER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[installer]"
	touch $(INSTALLER_STAMP)

installer-deps: $(INSTALLER_STAMP)

## Frozen app (PyInstaller, one folder) in build/dist/KendaliSensus, then its --self-test
## offscreen (also on PostgreSQL when KENDALI_TEST_POSTGRES_URL is set), size and start-up
## (median of FROZEN_RUNS timed starts of each).
## The Windows installer itself is built on Windows: installer\build-windows.cmd.
FROZEN_RUNS ?= 3
installer: frozen check-frozen

## Only the frozen build, and only the checks of one already built: FROZEN_ONLY=checks for the
## self-tests and the command line (.ci/run runs them beside the tests), =timing for the
## start-up times (on a quiet machine).
frozen: $(INSTALLER_STAMP)
	$(BIN)/pyinstaller installer/kendali-sensus.spec --noconfirm --clean \
		--distpath build/dist --workpath build/pyinstaller --log-level ERROR

check-frozen: $(INSTALLER_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python installer/check_frozen.py $(FROZEN) --runs $(FROZEN_RUNS) \
		$(if $(KENDALI_TEST_POSTGRES_URL),--db $(KENDALI_TEST_POSTGRES_URL)) \
		$(if $(FROZEN_ONLY),--only $(FROZEN_ONLY))

## Pictures of every page, the main dialogs and each letter kind on the demo data (offscreen)
## in docs/screenshots; needs pdftoppm (poppler-utils).
screenshots: $(STAMP)
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache build
