# Every target builds its own virtual environment (.venv) when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

PIP    := $(BIN)/python -m pip install --disable-pip-version-check
PIPLOG := $(VENV)/pip.log
comma  := ,
# $(call quietly,COMMAND): run it with its output in $(PIPLOG), shown only when it fails
# (pip can print hundreds of warnings about the machine's own pip config)
quietly = { $(1); } >$(PIPLOG) 2>&1 || { s=$$?; cat $(PIPLOG) >&2; \
	echo "make: failed ($$s): $(1) (output above, also in $(PIPLOG))" >&2; exit $$s; }

.PHONY: demo test lint schema bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing newsmill and its dependencies into $(VENV) (pip output: $(PIPLOG))"
	@$(call quietly,$(PIP) --upgrade pip && $(PIP) -e '.[test]')
	@touch $(STAMP)

## make demo: serve the embedded demo site on 127.0.0.1, crawl it, write data/out/demo/
demo: $(STAMP)
	$(BIN)/newsmill demo

## make test: lint, format, types, schema drift and the whole test suite
test: $(STAMP)
	$(BIN)/ruff check pipeline spiders models tests bench
	$(BIN)/ruff format --check pipeline spiders models tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline spiders models tests bench
	$(BIN)/ruff format --check pipeline spiders models tests bench
	$(BIN)/mypy

## make schema: regenerate models/article.schema.json after a deliberate model change
schema: $(STAMP)
	$(BIN)/newsmill schema > models/article.schema.json

## make bench: extraction on every development set beside trafilatura and readability-lxml (needs ../shared)
bench: $(STAMP)
	@$(call quietly,$(PIP) -e '.[test$(comma)bench]')
	$(BIN)/python bench/extraction.py --write

clean:
	rm -rf $(VENV) data/out data/state .pytest_cache .ruff_cache
