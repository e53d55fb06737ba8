# The two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
STORE  := $(OUT)/demo-store

.PHONY: demo test lint bench setup clean eval chromium conformance fuzz

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found; run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	@touch $(STAMP)

setup: $(STAMP)

# The main job: build data/ into a store, validate it, show three named queries.
demo: $(STAMP)
	rm -rf $(STORE)
	$(BIN)/kg build data/decisions --store $(STORE)
	$(BIN)/kg validate --store $(STORE)
	@echo; echo "== decisions by outcome"; $(BIN)/kg query decisions_by_outcome --store $(STORE)
	@echo; echo "== total payments by authority"; $(BIN)/kg query total_payments_by_authority --store $(STORE)
	@echo; echo "== remedies of 20 007 812, with the injustice and fault behind each"; \
	  $(BIN)/kg query remedies_of_decision --store $(STORE) -p reference="20 007 812"
	$(BIN)/kg export --store $(STORE) --format trig -o $(OUT)/demo.trig

test: lint chromium
	$(BIN)/python -m pytest -q

# The explorer's browser tests (tests/test_explorer_browser.py) drive the distribution's Chromium through Playwright
# (never a browser Playwright downloads). Found through the CHROMIUM variable or on PATH; installed with apt-get where missing
# and possible (root); else the browser tests skip and say why.
chromium:
	@if [ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "installing the distribution's chromium for the browser tests"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	    || echo "warning: could not install chromium; the browser tests will be skipped"; \
	else echo "no Chromium (set CHROMIUM=/path/to/chromium): the browser tests will be skipped"; fi

# The linters the repo keeps green: ruff (lint and format), mypy on kg/, import-linter's layers contract.
lint: $(STAMP)
	$(BIN)/ruff check kg tests bench tools
	$(BIN)/ruff format --check kg tests bench tools
	$(BIN)/mypy
	$(BIN)/lint-imports

# Benchmarks: every bench/bench_*.py in name order; corpora and stores go under out/bench/.
bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The W3C SHACL test suite through `kg validate --engine auto`, one process per test (its files stay outside the
# repository): prints exact / inexact / wrong verdict / refused / crashes; fails on a wrong verdict, a crash, an
# ill-formed shapes graph accepted, or fewer than 113 exact reports (all of them).  docs/validation.md says how "exact" is judged.
#   make conformance SUITE=../shared/w3c-shacl-tests [ENGINE=auto|fast|pyshacl]
SUITE  ?= ../shared/w3c-shacl-tests
ENGINE ?= auto
conformance: $(STAMP)
	$(BIN)/python -m kg.validate.conformance $(SUITE) --engine $(ENGINE) $(if $(filter auto,$(ENGINE)),--min-exact 113)

# Parser accuracy per field against hand-labelled decisions:
#   make eval    or    make eval DIR=path LABELS=path/labels.jsonl [VERBOSE=1]
DIR    ?= tests/corpus
LABELS ?= $(DIR)/labels.jsonl
eval: $(STAMP)
	$(BIN)/python -m kg.evaluate $(DIR) --labels $(LABELS) $(if $(VERBOSE),--verbose)

# Fuzzing the parser (issue 19): every input ends as a parsed decision or as the project's own error.
#   make fuzz [FUZZ_HOSTILE=5600]: 5,600 hostile inputs (truncations, byte flips, invalid UTF-8, control characters
#   anywhere, deep nesting, huge numbers, non-ASCII digits, malformed markup) on top of the ~6,000 of make test;
#   prints the counts by kind
.PHONY: fuzz
FUZZ_HOSTILE ?= 5600
fuzz: $(STAMP)
	KG_FUZZ_HOSTILE=$(FUZZ_HOSTILE) $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
