# Partner Directory. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# The service reads HOST and PORT too: PUBLIC_URL (links, the token issuer) follows them unless set.
export HOST PORT
URL = $${PUBLIC_URL:-http://$(HOST):$(PORT)}

.DEFAULT_GOAL := help
.PHONY: help install run test lint messages openapi client services services-stop bench clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(BIN)/partner-directory: pyproject.toml
	@echo "==> Installing Partner Directory and its dependencies into $(VENV) (about a minute the first time)"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip
	@set -o pipefail; $(BIN)/pip install -e '.[test]' 2>$(VENV)/install.log | { grep -E '^(Collecting|Successfully installed)' || true; } | cut -d' ' -f1-2 \
		|| { cat $(VENV)/install.log; exit 1; }
	@touch $@

install: $(BIN)/partner-directory ## Create the virtual environment and install the project.

run: install ## Migrate, seed (with the demo centres), make demo clients and serve on $(HOST):$(PORT) (SQLite, local search).
	@echo "==> Database, seed data (with the demo centres), demo clients and people"
	@LOG_LEVEL=WARNING $(BIN)/partner-directory db upgrade
	@$(BIN)/partner-directory seed --demo
	@$(BIN)/partner-directory demo-clients
	@$(BIN)/partner-directory demo-users
	@echo "==> Partner Directory on $(URL)"
	@echo "    The app:  $(URL)/app/   (sign in as a demo person above)"
	@echo "    API docs: $(URL)/docs"
	@echo "    Stop with Ctrl-C. Another port: PORT=8300 make run"
	@# Webhook deliveries, vetting lapses and housekeeping run beside the server; all stop together.
	@$(BIN)/partner-directory webhooks worker & worker=$$!; \
	$(BIN)/partner-directory vetting lapse --every 3600 & lapse=$$!; \
	$(BIN)/partner-directory housekeeping prune --every 86400 >/dev/null & prune=$$!; \
	trap 'kill $$worker $$lapse $$prune 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c python:api.gunicorn_conf --bind $(HOST):$(PORT) --workers $(WORKERS) 'api:create_app()'

test: install ## Run the whole suite (starts local PostgreSQL/Elasticsearch when they can run here).
	@set -euo pipefail; \
	if [ -z "$${TEST_DATABASE_URL:-}" ] && { command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; }; then \
		export TEST_DATABASE_URL=$$(scripts/postgres.sh start | tail -n 1); \
	fi; \
	if [ -z "$${TEST_ELASTICSEARCH_URL:-}" ] && command -v java >/dev/null && command -v mvn >/dev/null; then \
		export TEST_ELASTICSEARCH_URL=$$(scripts/elasticsearch.sh start | tail -n 1); \
	fi; \
	if [ -z "$${TEST_KEYCLOAK_URL:-}" ] && command -v java >/dev/null && command -v mvn >/dev/null; then \
		export TEST_KEYCLOAK_URL=$$(scripts/keycloak.sh start | tail -n 1); \
	fi; \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

services: ## Start the local PostgreSQL, Elasticsearch and Keycloak used by the tests.
	scripts/postgres.sh start
	scripts/elasticsearch.sh start
	scripts/keycloak.sh start

services-stop: ## Stop them.
	-scripts/keycloak.sh stop
	-scripts/elasticsearch.sh stop
	-scripts/postgres.sh stop

openapi: install ## Write the OpenAPI document the clients are built from (clients/openapi.json), after a deliberate change.
	@LOG_LEVEL=WARNING $(BIN)/partner-directory openapi > clients/openapi.json

client: install ## Regenerate the Python client's generated half (clients/python/partner_directory_client) from clients/openapi.json.
	@rm -rf clients/python/partner_directory_client
	@PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path clients/openapi.json \
		--config clients/python/generator.yaml --meta none --output-path clients/python/partner_directory_client
	@touch clients/python/partner_directory_client/py.typed

messages: install ## Extract the words people read, the web app's and the domain's, for translators (api/translations/messages.pot).
	$(BIN)/pybabel extract -F babel.cfg -k _l -k Text --sort-by-file --omit-header -o api/translations/messages.pot .

lint: install ## ruff.
	$(BIN)/ruff check .

clean: ## Remove the virtual environment and local state.
	rm -rf $(VENV) instance .pytest_cache
