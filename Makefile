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

run: setup
	@echo "Samen werkt! on http://$(HOST):$(PORT)/"
	$(BIN)/gunicorn samenwerkt.wsgi --config gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
