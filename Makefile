# Quick start: `make run` serves the demo on the embedded default (SQLite + in-process
# broadcast); `make test` runs the whole suite. Both set up .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench bench-queries clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m app.cli migrate
	$(BIN)/python -m app.cli demo
	$(BIN)/python -m app.cli serve

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app db schema subscriptions tests bench

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench.fanout $(BENCH_ARGS)

# the read path against PostGraphile 4 (needs PostgreSQL, wrk, and Node for PostGraphile)
bench-queries: $(STAMP)
	$(BIN)/python -m bench.queries $(BENCH_ARGS)

clean:
	rm -rf $(VENV) samverka.db samverka.db-shm samverka.db-wal
