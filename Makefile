# Two commands for a fresh machine: `make run` (the app) and `make test` (the tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PORT ?= 8501

.PHONY: run test bench lint

$(VENV)/.installed-app: requirements.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-app requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

run: $(VENV)/.installed-app
	$(VENV)/bin/python -m geo.prepare
	PORT=$(PORT) $(VENV)/bin/python scripts/serve.py

# Chromium and a loopback PostgreSQL with PostGIS are installed (as root) and started when
# they can be; where they cannot, their tests skip with the reason (CI requires them).
test: $(VENV)/.installed-dev
	scripts/ensure-chromium
	CMM_TEST_DATABASE_URL="$${CMM_TEST_DATABASE_URL:-$$(scripts/start-postgres || true)}" \
		$(VENV)/bin/python -m pytest

bench: $(VENV)/.installed-dev
	scripts/ensure-chromium
	$(VENV)/bin/python -m bench.performance

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
