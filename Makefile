# Wegweiser — `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Test processes for `make pytest` (pytest-xdist; each loads the demo once). 0 runs the suite in one process.
PYTEST_WORKERS ?= 2

.PHONY: run test lint typecheck pytest lock clean

# Reinstall only when the lock file or pyproject changed.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

# The web app's front-end packages (Leaflet, icons, QR codes; axe-core for the tests), as locked.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP) $(NODE_STAMP)
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py generate_vapid_key --keep
	$(BIN)/python manage.py load_demo --insights
	$(BIN)/python manage.py rebuild_snapshots
	$(BIN)/python manage.py collectstatic --no-input -v 0
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py serve_demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# Re-resolve the pinned dependencies after editing pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var node_modules
