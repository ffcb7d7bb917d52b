# Two commands for a fresh machine: `make run` (the app) and `make test` (the tests).
# Python 3.11 to 3.13 (Debian 12's own python3 is 3.11.2); set PYTHON=... to choose another.
PYTHON ?= python3
VENV := .venv
PORT ?= 8501
# Extra options for the Streamlit server, e.g. ARGS="--server.fileWatcherType auto".
ARGS ?=

.PHONY: run test bench lint check-python smoke

# Say plainly what is wrong with the Python given before installing anything with it.
check-python:
	@scripts/check-python "$(PYTHON)"

# The venv is made once; later changes to the requirements install into it. (Running
# `python -m venv` over a venv made by another Python leaves it half of each.)
$(VENV)/.installed-app: requirements.txt constraints.txt | check-python
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-app requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

run: check-python $(VENV)/.installed-app
	$(VENV)/bin/python -m maps.prepare
	PORT=$(PORT) $(VENV)/bin/python scripts/serve.py $(ARGS)

# Chromium and a loopback PostgreSQL with PostGIS are installed (as root) and started when
# they can be; where they cannot, their tests skip with the reason (CI requires them).
test: check-python $(VENV)/.installed-dev
	scripts/ensure-chromium
	CMM_TEST_DATABASE_URL="$${CMM_TEST_DATABASE_URL:-$$(scripts/start-postgres || true)}" \
		$(VENV)/bin/python -m pytest

bench: $(VENV)/.installed-dev
	scripts/ensure-chromium
	$(VENV)/bin/python -m bench.performance

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# Install the pinned set on each other supported Python found here and import the app.
smoke:
	scripts/smoke-pythons 3.12 3.13
