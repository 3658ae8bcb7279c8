# Every target bootstraps .venv from nothing, so a fresh clone needs only `make run`
# or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 2
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format bench openapi messages setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_handbook
	$(MANAGE) collectstatic --noinput --verbosity 0

# The app server: granian, chosen by measurement (bench/serving.py, bench/results/
# serving-*.md). Its Rust HTTP layer reads requests asynchronously and hands only
# complete ones to the WSGI threads, so slow or idle clients never hold a Python thread.
# THREADS is per worker: enough for requests waiting on the database; past that they
# only contend for the GIL. A request's headers must arrive within HEADER_TIMEOUT_MS,
# which also closes a connection that stays idle that long. The README's production
# command uses the same flags (deploy/samenwerkt.service); the tests that need a server
# (tests/appserver.py: serving, browser, faults) start exactly this line (`make -n run`).
THREADS ?= 8
HEADER_TIMEOUT_MS ?= 10000
APP_SERVER = $(BIN)/granian --interface wsgi samenwerkt.wsgi:application \
	--host $(HOST) --port $(PORT) --workers $(WORKERS) --blocking-threads $(THREADS) \
	--http 1 --http1-header-read-timeout $(HEADER_TIMEOUT_MS) --no-ws \
	--access-log --respawn-failed-workers

run: setup
	@echo "Samen werkt! on http://$(HOST):$(PORT)/"
	$(APP_SERVER)

# In parallel (pytest-xdist), one worker per core. --dist loadgroup keeps tests that
# share an expensive fixture on one worker (the browser tests' app server and Chromium;
# see tests/conftest.py).
# `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	cd src && ../$(BIN)/lint-imports ../pyproject.toml

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

# Regenerate the committed OpenAPI schema after changing the API.
openapi: $(STAMP)
	$(MANAGE) export_openapi_schema --api samenwerkt.api.api.api --indent 2 --sorted --output src/samenwerkt/api/openapi.json

# Extract and compile the Dutch translations (needs GNU gettext).
messages: $(STAMP)
	cd src/samenwerkt && ../../$(BIN)/python ../../manage.py makemessages -l nl --no-obsolete --no-location
	cd src/samenwerkt && ../../$(BIN)/python ../../manage.py compilemessages -l nl

bench: setup
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
