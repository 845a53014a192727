# IMRF Accreditation — the two commands of the README are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help run test check lint types audit format migrations messages prod-smoke bench bench-fixes screenshots totp clean

help:
	@echo "make run    install, migrate, load the demo forum and serve http://127.0.0.1:8000"
	@echo "make test   install and run the whole test suite (SQLite; PostgreSQL with DATABASE_URL)"
	@echo "make lint   ruff check and format check"
	@echo "make types  mypy (django-stubs) on the services, selectors, the core and events"
	@echo "make check  before pushing: lint, types, the migrations check, the tests without the browser"
	@echo "make audit  bandit on the code, pip-audit on the pinned requirements"
	@echo "make totp   the current two-factor code of the demo staff accounts"
	@echo "make screenshots / make prod-smoke / make bench   see the README"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(VENV)/.runtime $@

# A development .env with fresh random secrets, written once and never committed.
.env: | $(VENV)/.runtime
	@$(PY) scripts/write_dev_env.py .env
	@echo "Wrote .env (development settings with random secrets)."

run: $(VENV)/.runtime .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev
	$(BIN)/pytest $(PYTEST_ARGS)

# The current two-factor code of the demo staff accounts (development).
totp: $(VENV)/.runtime .env
	@$(PY) manage.py demo_totp

# Run the browser journeys, which write the README's screenshots to docs/screenshots/.
screenshots: $(VENV)/.dev
	$(BIN)/pytest tests/e2e -q -p no:randomly

# Production-like run on PostgreSQL: collectstatic, gunicorn, the tasks worker, checks over HTTP.
prod-smoke: $(VENV)/.dev
	$(PY) scripts/prod_smoke.py

# Load benchmark at the size of a UN climate conference (PostgreSQL); writes docs/benchmarks.md.
bench: $(VENV)/.dev
	$(PY) scripts/bench.py

# Each performance fix turned off then on, in one run, on the database of `make bench`.
bench-fixes: $(VENV)/.dev
	$(PY) scripts/bench_fixes.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs; what it checks is [tool.mypy] in pyproject.toml.
types: $(VENV)/.dev
	$(BIN)/mypy

# Before pushing: lint, types, the migrations check and the tests without the browser (no PostgreSQL).
check: lint types migrations
	$(BIN)/pytest $(PYTEST_ARGS) --ignore=tests/e2e

# Security audits: bandit on the code, pip-audit on the pinned requirements (scripts/audit.sh).
audit: $(VENV)/.dev
	scripts/audit.sh

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

# Refresh the French and Spanish catalogues after changing texts (needs GNU gettext); the
# compiled .mo files are committed so a fresh checkout needs no gettext.
messages: $(VENV)/.dev
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l fr -l es --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
