# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DATA_DIR ?= $(CURDIR)/var
export DATA_DIR

INSTALLED := $(VENV)/.installed-stamp
NODE_INSTALLED := frontend/node_modules/.installed-stamp
SCHEMA := frontend/openapi/schema.json
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: run test lint format frontend schema install chromium pango migrate clean yjs-tools

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

$(NODE_INSTALLED): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

# The stock Yjs clients (yjs + y-websocket from npm) that the interop test runs against a live
# server; the bench's chart packages are dev-only and not needed to test.
YJS_TOOLS := tools/yjs/node_modules/.installed-stamp
yjs-tools: $(YJS_TOOLS)

$(YJS_TOOLS): tools/yjs/package.json tools/yjs/package-lock.json
	cd tools/yjs && npm ci --no-audit --no-fund --omit=dev
	@touch $@

# The frontend's API client is generated from the live OpenAPI schema, so an API change that
# breaks the frontend fails this build.
schema: $(INSTALLED)
	@mkdir -p frontend/openapi
	DEBUG=1 $(BIN)/python manage.py spectacular --validate --fail-on-warn --format openapi-json --file $(SCHEMA)

API_SOURCES := $(shell find . -name '*.py' -not -path './.venv/*' -not -path './tests/*' \
	-not -path './bench/*' -not -path './frontend/*' -not -path '*/migrations/*')

frontend/dist/index.html: $(NODE_INSTALLED) $(FRONTEND_SOURCES) $(API_SOURCES)
	$(MAKE) schema
	cd frontend && npm run build

frontend: frontend/dist/index.html

migrate: $(INSTALLED)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py setup_platform

# The server, a task worker and the periodic-task scheduler (Procfile), under honcho: Ctrl-C, or
# any of them stopping, stops the three.
run: install pango frontend migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "e-Partage : http://127.0.0.1:$(PORT)/  (admin : /admin/, API : /api/v1/docs/)"
	DEBUG=1 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile -p $(PORT)

# Debian's chromium drives the browser tests; never a browser downloaded by a test tool.
chromium:
	@command -v chromium >/dev/null || { \
		echo "Installation de chromium (paquet Debian)…"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium; }

# WeasyPrint (PDF exports) needs Debian's pango and a font; pandoc comes with pypandoc-binary.
pango:
	@{ /sbin/ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q DejaVu; } || { \
		echo "Installation de pango et des polices DejaVu (paquets Debian)…"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get \
			-o DPkg::Lock::Timeout=300 install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig; }

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `frontend` type-checks against the fresh schema and builds; then the unit tests and pytest
# (API, WebSocket, and the browser tests, required here rather than skipped). CONN_MAX_AGE=0:
# connections opened by the ASGI app's own threads must not outlive a test (PostgreSQL would
# refuse to drop the test database).
test: install pango chromium lint frontend yjs-tools
	cd frontend && npm test
	SECRET_KEY=test-only-secret E2E_REQUIRED=1 CONN_MAX_AGE=0 $(BIN)/python -m pytest $(PYTEST_ARGS)
	SECRET_KEY=test-only-secret CONN_MAX_AGE=0 $(BIN)/python -m pytest --ds=tests.search_conformance.settings tests/search_conformance

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist tools/yjs/node_modules var
