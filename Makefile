# The China Bystander archive.  `make help` lists the targets.

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
SPHINX   := $(BIN)/sphinx-build
BINDERY  := $(BIN)/bindery
BUILDDIR ?= _build
PORT     ?= 8000
SPHINXOPTS ?= -W --keep-going -n -q -j auto
STAMP    := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help html epub pdf posts fetch pages check test lint serve linkcheck bench audit clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

html: $(STAMP) ## build the book in _build/html (the build makes the listings from the posts)
	$(SPHINX) -b html $(SPHINXOPTS) . $(BUILDDIR)/html
	@echo "The book is in $(BUILDDIR)/html/index.html; to read it with search, run: make serve"

epub: $(STAMP) ## the EPUB editions in _build/editions (one volume, or one a year past 500 posts; changed ones only)
	$(BINDERY) editions epub --out $(BUILDDIR)/editions

pdf: $(STAMP) ## the PDF editions in _build/editions, set by xelatex (needs TeX Live; see README)
	$(BINDERY) editions pdf --out $(BUILDDIR)/editions

posts: $(STAMP) ## import every source in raw/ (text dumps, WordPress exports…) into posts/ and pages/
	$(BINDERY) import raw

fetch: $(STAMP) ## fetch a public WordPress blog into raw/ and import it: make fetch URL=https://blog.example
	$(if $(URL),,$(error make fetch needs the blog's address: make fetch URL=https://blog.example))
	$(BINDERY) fetch $(URL) $(FETCHOPTS)

pages: $(STAMP) ## write the listings (categories/, tags/, posts/index…) from the posts, without a build
	$(BINDERY) pages

# The fast lane: the tests that need no Sphinx build, browser, server,
# Pagefind run or process of their own (tests/conftest.py marks each test
# by what it uses).
FAST := not sphinx and not browser and not server and not pagefind and not processes

check: $(STAMP) ## the fast lane: converter, readers, schema, merge, listings (about 15 s)
	$(BIN)/python -m pytest -q -m "$(FAST)"

test: $(STAMP) ## run the whole test suite (builds the book in temporary folders)
	$(BIN)/python -m pytest

lint: $(STAMP) ## check style (ruff) and types (mypy)
	$(BIN)/ruff check tools tests conf.py
	$(BIN)/ruff format --check tools tests conf.py
	$(BIN)/mypy

serve: html ## serve _build/html, search and 404 page included, on http://localhost:8000 (another port: make serve PORT=8001)
	@$(BIN)/python -m bindery.dev.serve $(BUILDDIR)/html --port $(PORT)

linkcheck: $(STAMP) ## check every internal link and reference (fails on a broken one)
	$(SPHINX) -b dummy $(SPHINXOPTS) . $(BUILDDIR)/dummy

bench: $(STAMP) ## benchmark a synthetic archive of N posts (make bench N=10000) against plain Sphinx
	$(BINDERY) bench $(or $(N),1000)

AUDIT    := tools/audit
$(AUDIT)/node_modules/.installed: $(AUDIT)/package.json $(AUDIT)/package-lock.json
	cd $(AUDIT) && npm ci --no-audit --no-fund
	touch $@

audit: html $(AUDIT)/node_modules/.installed ## Lighthouse (mobile) on each kind of page; fails below the goals
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python $(AUDIT)/lighthouse.py $(BUILDDIR)/html

clean: ## remove the build output
	rm -rf $(BUILDDIR)
