# Wegweiser as one image for the web server (gunicorn) and the task worker (manage.py db_worker).
# See docs/deploy.md ("Docker"). Not built in CI: the compose file and this file are checked by
# wegweiser/operations/tests/test_deploy_files.py only.

# --- Front-end packages (Leaflet, Chart.js, QR codes, icons), as package-lock.json pins them ---
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- The application ---
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=wegweiser.settings.production \
    WEGWEISER_VAR_DIR=/var/lib/wegweiser \
    STATIC_ROOT=/app/static

# pg_dump/pg_restore for `manage.py backup` and `restore` with PostgreSQL; Pango, HarfBuzz and the Noto fonts for
# printed guides (WeasyPrint: Latin, Cyrillic, Arabic script, Ge'ez).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first (this layer is rebuilt only when the lock changes): the project's own dependencies and the
# S3 storage extra, each at the version requirements.lock pins.
COPY requirements.lock pyproject.toml README.md ./
COPY wegweiser/__init__.py wegweiser/__init__.py
RUN pip install --constraint requirements.lock ".[s3]" && pip uninstall --yes wegweiser

COPY --from=frontend /app/node_modules node_modules
COPY manage.py ./
COPY wegweiser wegweiser

# Static files are collected into the image (whitenoise serves them; nginx may too). A build-only key: the
# settings refuse to load without one, and nothing is signed at build time.
RUN SECRET_KEY=collectstatic-only-not-used-at-runtime python manage.py collectstatic --no-input -v 0 \
    && python -m compileall -q wegweiser

RUN useradd --system --uid 10001 --home-dir /var/lib/wegweiser --create-home wegweiser \
    && chown wegweiser:wegweiser /var/lib/wegweiser
USER wegweiser
VOLUME ["/var/lib/wegweiser"]
EXPOSE 8000

# The worker runs the same image with `python manage.py db_worker` (see compose.yaml).
# Access lines come from the application (wegweiser.operations.logs); GUNICORN_CMD_ARGS can add options.
CMD ["gunicorn", "wegweiser.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
