# Two commands for a fresh machine (Python 3.11+, Java 17+, Maven):
#   make sample   set everything up, then check the sample op-ed
#   make test     set everything up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/oped-pakistan-neutrality.txt

.PHONY: setup sample test lint clean

$(BIN)/copyedit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip uninstall -q -y copyedit 2>/dev/null || true  # the old distribution name
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/copyedit
	$(BIN)/copyedit languagetool install

sample: setup
	$(BIN)/copyedit check $(SAMPLE) --fail-on never

test: setup
	COPYEDIT_REQUIRE_LANGUAGETOOL=1 $(BIN)/pytest
	$(BIN)/ruff format --check copyedit tests
	$(BIN)/ruff check copyedit tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache
