# The LinkedIn playbook. Two commands matter (see README.md):
#   make site    set up, then build the site (strict) into site/, PDF included
#   make test    set up, then run the whole test suite
# Everything installs into .venv/ and node_modules/ inside the repository.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SITE_DIR ?= site
PORT ?= 8000

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup system-site system-test site serve test test-fast train bench lock vendor clean

## setup: create .venv and install the pinned dependencies (reruns only when they change)
setup: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not ((3, 11, 5) <= sys.version_info[:3] < (3, 12)))' || { \
		echo "make: Python 3.11.5 to 3.11.x is needed (pinned pymdown-extensions requires 3.11.5);" \
		"$(PYTHON) is $$($(PYTHON) -V 2>&1). Run with PYTHON=/path/to/python3.11." >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# Every download is checked against requirements.txt's hashes, uv's own included.
	awk '/^uv==/{p=1} p{print; if ($$0 !~ /\\$$/) exit}' requirements.txt > $(VENV)/uv-requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r $(VENV)/uv-requirements.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## system-site / system-test: the Debian packages the site (PDF fonts) or the tests need
system-site:
	.ci/system-packages site

system-test:
	.ci/system-packages test

## site: strict build of the whole site into $(SITE_DIR)/
site: setup system-site
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

## serve: live preview on http://127.0.0.1:$(PORT)/
serve: setup
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

## test: the whole suite (unit, fixture builds, real build, browser)
test: setup system-test
	$(BIN)/pytest

## train: retrain the verifier's judgment layer (snippets/verifier-model.json) from the labelled corpora
train: setup
	$(BIN)/python -m tools.train

## test-fast: unit, fixture-build and Node tests: neither the real site nor a browser
test-fast: setup system-site
	$(BIN)/pytest -m "not site and not browser"

## bench: figures (build times...), printed, never pass/fail
bench: setup
	$(BIN)/python -m tools.bench

## lock: recompile requirements.txt from pyproject.toml (after changing a dependency)
lock:
	$(BIN)/uv pip compile pyproject.toml requirements.in --extra test -o requirements.txt --python $(BIN)/python \
		--no-header --quiet --generate-hashes

## vendor: refresh the vendored browser files from the npm registry
vendor: $(NODE_STAMP)
	cp node_modules/iframe-worker/shim/index.js docs/assets/vendor/iframe-worker/shim.js
	cp node_modules/iframe-worker/LICENSE docs/assets/vendor/iframe-worker/LICENSE

clean:
	rm -rf $(SITE_DIR) .pytest_cache
