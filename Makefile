# Guomen: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_PEOPLE ?= 20000
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEV := $(VENV)/.stamp-dev

.PHONY: run test lint typecheck unit integration e2e slow bench install dev clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Guomen needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools<81" wheel

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
dev: $(STAMP_DEV)

## make run: set up, migrate the embedded SQLite database, load demo data once, serve on :8000
run: $(STAMP_RUN)
	$(BIN)/guomen db upgrade
	$(BIN)/guomen demo load --if-empty --people $(DEMO_PEOPLE)
	@echo "Guomen is at http://127.0.0.1:8000 (demo accounts: see README.md)"
	$(BIN)/guomen serve

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP_DEV)
	$(BIN)/mypy src

## make test: lint, types, then unit, integration, conformance and browser tests
test: lint typecheck
	$(BIN)/python -m pytest -m "not slow" -q; rc=$$?; [ $$rc -eq 5 ] && exit 0 || exit $$rc

unit: $(STAMP_DEV)
	$(BIN)/python -m pytest tests/unit -q

integration: $(STAMP_DEV)
	$(BIN)/python -m pytest tests/integration -q

e2e: $(STAMP_DEV)
	$(BIN)/python -m pytest tests/e2e -q

## make slow: long-running suites (fuzzing, large data), run on their own
slow: $(STAMP_DEV)
	$(BIN)/python -m pytest -m slow -q; rc=$$?; [ $$rc -eq 5 ] && exit 0 || exit $$rc

## make bench: one JSON line per benchmark
bench: $(STAMP_DEV)
	@for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache test-artifacts
