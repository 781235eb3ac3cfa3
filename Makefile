# The two commands of the README. Both create ./.venv when missing and install into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install the package and build the demo site from the bundled sample feeds (offline).
demo: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/observatoire collect
	$(BIN)/observatoire build
	@echo "Demo site: site/index.html"

# Install the test dependencies, lint, and run the whole suite on both cores.
test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy generator
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(BIN)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf site data .pytest_cache
