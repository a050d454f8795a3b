# Set-up is part of every target: a fresh clone needs only `make crawl` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: crawl test bench clean-db check-migrations explore report screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "jobcrawl needs Python >= 3.11; set PYTHON=python3.11 or newer" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

crawl: $(STAMP)
	$(VENV)/bin/scrapy crawl postings
	@echo
	@echo "Postings are in $$(pwd)/postings.db (SQLite). Try:"
	@echo "  sqlite3 postings.db \"SELECT company, title, location_raw FROM postings WHERE duplicate_of IS NULL ORDER BY company;\""
	@echo "  (no sqlite3? $(PY) -m jobcrawl.sql \"SELECT ...\")"

test: $(STAMP)
	$(PY) -m pytest -q

# Look at the data: Datasette on postings.db (127.0.0.1:8001) and a one-file HTML report. Each installs its
# optional extra first; both read what `make crawl` stored.
explore: $(STAMP)
	$(PY) -m pip install --quiet -e '.[explore]'
	$(PY) -m jobcrawl.explore postings.db

report: $(STAMP)
	$(PY) -m pip install --quiet -e '.[report]'
	$(PY) -m jobcrawl.report -o report.html

# docs/report.png and docs/datasette.png, from a fresh crawl of the demo board (needs Debian's chromium).
screenshots: $(STAMP)
	$(PY) -m jobcrawl.screenshots

bench: $(STAMP)
	$(PY) -m bench

check-migrations: $(STAMP)
	JOBCRAWL_DATABASE_URL=sqlite:///$$(mktemp -d)/check.db $(VENV)/bin/alembic upgrade head
	JOBCRAWL_DATABASE_URL=sqlite:///$$(mktemp -d)/check.db sh -c '$(VENV)/bin/alembic upgrade head && $(VENV)/bin/alembic check'
