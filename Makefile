# Two commands do all the set-up on a machine with only python3 and make:
#   make run    creates .venv, installs kg, builds the graph from seeds/ into out/
#   make test   creates .venv, installs kg with its test tools, runs ruff and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint clean

# (setup.py compiles kg/text/_segfast.c in place during the editable install; kg runs without it if that fails)
$(STAMP): pyproject.toml setup.py kg/text/_segfast.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds/ --out out

lint: $(STAMP)
	$(BIN)/ruff check kg tests

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf out $(VENV) *.egg-info .pytest_cache .ruff_cache
