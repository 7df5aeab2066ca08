# Every target builds its own virtual environment (.venv) when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint schema bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

## make demo: serve the embedded demo site on 127.0.0.1, crawl it, write data/out/demo/
demo: $(STAMP)
	$(BIN)/newsmill demo

## make test: lint, schema drift and the whole test suite
test: $(STAMP)
	$(BIN)/ruff check pipeline spiders models tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline spiders models tests bench

## make schema: regenerate models/article.schema.json after a deliberate model change
schema: $(STAMP)
	$(BIN)/newsmill schema > models/article.schema.json

## make bench: extraction on every development set beside trafilatura and readability-lxml (needs ../shared)
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python bench/extraction.py --write

clean:
	rm -rf $(VENV) data/out data/state .pytest_cache .ruff_cache
