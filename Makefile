# sslbill-desktop — every target bootstraps .venv from a fresh clone (python3 and make are enough).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
MO_STAMP := $(VENV)/.translations
LOCALES := locales
CODE := $(wildcard sslbill_desktop tests benchmarks scripts)
export PYTHONDONTWRITEBYTECODE := 1
# Test processes in parallel (pytest-xdist); CI has two cores.
TEST_WORKERS ?= 2

.PHONY: run test lint format typecheck i18n screenshots bench soak clean help

help:
	@echo "make run          start the application (creates .venv on first use)"
	@echo "make test         lint, type-check and run every test on SQLite, then the database tests on PostgreSQL"
	@echo "make lint         ruff and mypy only"
	@echo "make i18n         extract messages and update the en/ru catalogs"
	@echo "make screenshots  render the windows to docs/screenshots/"
	@echo "make bench        print every performance figure as JSON lines"
	@echo "make soak         the large fault and crash suites"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

$(MO_STAMP): $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po) | $(STAMP)
	@if ls $(LOCALES)/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -D messages -d $(LOCALES); fi
	@touch $@

qt-system-libs:
	@scripts/ensure-system-packages.sh qt

run: $(STAMP) $(MO_STAMP)
	@scripts/ensure-system-packages.sh qt
	$(BIN)/sslbill-desktop $(ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy sslbill_desktop

format: $(TEST_STAMP)
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

test: $(TEST_STAMP) $(MO_STAMP)
	@scripts/ensure-system-packages.sh qt postgresql
	$(MAKE) --no-print-directory lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) $(PYTEST_ARGS)
	scripts/with-postgresql.sh env QT_QPA_PLATFORM=offscreen \
		$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) -m db $(PYTEST_ARGS)

typecheck: $(TEST_STAMP)
	$(BIN)/mypy sslbill_desktop

i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NC_:1c,2 -k pgettext:1c,2 -k ngettext:1,2 -k plural:1,2 \
		--project=sslbill-desktop --no-location --sort-output -o $(LOCALES)/messages.pot sslbill_desktop
	$(BIN)/pybabel update -D messages -i $(LOCALES)/messages.pot -d $(LOCALES) --no-fuzzy-matching
	@$(PY) scripts/catalog_status.py $(LOCALES)

screenshots: $(TEST_STAMP) $(MO_STAMP)
	@scripts/ensure-system-packages.sh qt xvfb
	scripts/with-xvfb.sh $(PY) scripts/screenshots.py docs/screenshots

bench: $(TEST_STAMP) $(MO_STAMP)
	@scripts/ensure-system-packages.sh qt
	@for script in benchmarks/*.py; do \
		case $$script in */_*) continue;; esac; \
		QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; \
	done

soak: $(TEST_STAMP) $(MO_STAMP)
	@scripts/ensure-system-packages.sh qt postgresql
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider --run-slow
	SSLBILL_HYPOTHESIS_PROFILE=explore QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider tests/unit tests/reliability

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
