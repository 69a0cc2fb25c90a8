# Kendali Sensus — everything a developer or CI runs. Needs Python 3.11+ with venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test bench venv clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

venv: $(STAMP)

## Open the app on the office database (created on first run).
run: $(STAMP)
	$(BIN)/kendali-sensus

## Open the app on a fresh demo database (Kota Banjarmasin).
demo: $(STAMP)
	$(BIN)/kendali-sensus --demo

## Run the test suite (SQLite always; PostgreSQL too when KENDALI_TEST_POSTGRES_URL is set).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

## Benchmarks: print measured ratios (tests/bench).
bench: $(STAMP)
	@test -d tests/bench || { echo "Belum ada benchmark di tests/bench."; exit 0; }; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/bench -s -p no:cacheprovider -o addopts=""

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
