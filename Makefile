# Reading Digest. `make site` builds the site from digests/; `make test` runs every test.
# Both create the virtual environment in .venv from requirements.lock on first use.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
export NO_MKDOCS_2_WARNING := 1

.PHONY: site build test lint serve bench bench-quick bench-themes clean

$(READY): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
	  --config-settings editable_mode=compat
	touch $(READY)

build: $(READY) ## generate the Markdown pages under docs/
	$(BIN)/python -m generator build

site: $(READY) ## generate the pages, build the site into site/ and index it for search
	$(BIN)/python -m generator site
	@echo "Open site/index.html, or run make serve."

test: $(READY) ## run every test
	$(BIN)/python -m pytest

lint: $(READY) ## style and lint checks
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

serve: site ## serve the built site on http://127.0.0.1:8000/ (search included)
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site

bench: $(READY) ## time and memory of every stage at 1,000 to 50,000 papers (long)
	$(BIN)/python -m generator bench

bench-quick: $(READY) ## the benchmark at 1,000 and 5,000 papers only
	$(BIN)/python -m generator bench --quick

bench-themes: $(READY) ## measure theme quality on the shared labelled set
	$(BIN)/python -m generator bench-themes ../shared/bench/themes-dev.jsonl

clean: ## remove build output (not the virtual environment)
	rm -rf site docs/papers docs/digests docs/themes docs/index.md docs/report.md docs/feeds \
	  docs/.generated.json docs/.build-record.json docs/.site-build.json
