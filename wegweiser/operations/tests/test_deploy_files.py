"""The deployment files (Dockerfile, compose.yaml, systemd units, the environment example) against the code they
start, and ``check --deploy`` with the production settings. The image is not built here (no registry access in CI):
these tests catch names and paths that drift away from the code."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
SETTINGS_DIR = ROOT / "wegweiser" / "settings"
READ_FROM_ENVIRONMENT = re.compile(r'(?:os\.environ(?:\.get)?\(|os\.environ\[|env_bool\(|env_list\()\s*"([A-Z0-9_]+)"')
#: Read by the settings, but not for a production installation.
NOT_FOR_PRODUCTION = {"DEBUG", "SNAPSHOT_WRITE_DELAY"}


def environment_names_in_settings() -> set[str]:
    return {name for path in SETTINGS_DIR.glob("*.py") for name in READ_FROM_ENVIRONMENT.findall(path.read_text())}


def names_in_env_example() -> set[str]:
    text = (ROOT / "deploy" / "wegweiser.env.example").read_text()
    return set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def manage_commands(text: str) -> set[str]:
    return set(re.findall(r"manage\.py\"?,? \"?([a-z_]+)", text))


def test_the_environment_example_names_every_setting_and_only_real_ones():
    in_settings, in_example = environment_names_in_settings(), names_in_env_example()
    assert in_example - in_settings == set(), "names the settings never read"
    assert in_settings - NOT_FOR_PRODUCTION - in_example == set(), "settings missing from deploy/wegweiser.env.example"
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "FEEDBACK_CLIENT_ADDRESS_HEADER"} <= in_example


def test_compose_runs_web_worker_and_database_with_health_checks():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "db"}
    for name in ("web", "worker"):
        service = services[name]
        assert service["build"] == "."
        assert service["env_file"] == "deploy/wegweiser.env"
        assert set(service["environment"]) <= environment_names_in_settings()
        assert service["volumes"] == ["wegweiser-data:/var/lib/wegweiser"]
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/health/" in " ".join(services["web"]["healthcheck"]["test"])
    assert "postgres://wegweiser:" in services["web"]["environment"]["DATABASE_URL"]
    worker = " ".join(services["worker"]["command"])
    assert "db_worker" in worker
    commands = manage_commands(worker) | manage_commands(json.dumps(services["worker"]["healthcheck"]["test"]))
    assert commands == {"schedule_periodic_tasks", "db_worker", "health"}
    assert commands <= set(get_commands())
    assert services["db"]["environment"]["POSTGRES_DB"] == "wegweiser"
    assert set(compose["volumes"]) == {"wegweiser-data", "postgres-data"}


def test_the_dockerfile_copies_what_exists_and_starts_what_exists():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    for line in re.findall(r"^COPY (?!--from)(.+)$", dockerfile, flags=re.MULTILINE):
        for source in line.split()[:-1]:
            assert (ROOT / source).exists(), source
    assert "USER wegweiser" in dockerfile
    assert "requirements.lock" in dockerfile and "npm ci" in dockerfile
    assert "collectstatic" in dockerfile
    assert '"wegweiser.wsgi:application"' in dockerfile and (ROOT / "wegweiser" / "wsgi.py").exists()
    env_names = set(re.findall(r"^\s+([A-Z_]+)=", dockerfile, flags=re.MULTILINE)) - {
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        "PIP_NO_CACHE_DIR",
        "PIP_DISABLE_PIP_VERSION_CHECK",
        "DJANGO_SETTINGS_MODULE",
    }
    assert env_names and env_names <= environment_names_in_settings()
    # Every front-end package the settings serve is installed by the npm stage (not a dev dependency).
    packages = json.loads((ROOT / "package.json").read_text())["dependencies"]
    for _prefix, directory in settings.STATICFILES_DIRS:
        assert Path(directory).relative_to(settings.NODE_MODULES).parts[0] in packages
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "node_modules", "var"} <= set(ignored)


def test_the_systemd_units_start_existing_commands():
    units = {path.name: path.read_text() for path in (ROOT / "deploy").glob("wegweiser-*.service")}
    assert set(units) == {"wegweiser-web.service", "wegweiser-worker.service", "wegweiser-backup.service"}
    assert "gunicorn wegweiser.wsgi:application" in units["wegweiser-web.service"]
    assert manage_commands(units["wegweiser-worker.service"]) == {"schedule_periodic_tasks", "db_worker"}
    assert manage_commands(units["wegweiser-backup.service"]) == {"backup"}
    for text in units.values():
        assert "EnvironmentFile=/etc/wegweiser/wegweiser.env" in text
        assert "DJANGO_SETTINGS_MODULE=wegweiser.settings.production" in text
        assert "User=wegweiser" in text
    assert "OnCalendar=" in (ROOT / "deploy" / "wegweiser-backup.timer").read_text()
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "X-Forwarded-Proto $scheme" in nginx  # SECURE_PROXY_SSL_HEADER
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx  # FEEDBACK_CLIENT_ADDRESS_HEADER
    assert "X-Request-ID $request_id" in nginx


@pytest.fixture(scope="module")
def production_environment(tmp_path_factory) -> dict[str, str]:
    """What production needs, with SQLite in a temporary data directory (nothing is connected to by the checks)."""
    var_dir = tmp_path_factory.mktemp("var")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in environment_names_in_settings() and not key.startswith("DJANGO_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="wegweiser.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="wegweiser.example.org",
        CSRF_TRUSTED_ORIGINS="https://wegweiser.example.org",
        WEGWEISER_VAR_DIR=str(var_dir),
        WAGTAILADMIN_BASE_URL="https://wegweiser.example.org",
    )
    return environment


def test_check_deploy_is_clean_with_the_production_settings(production_environment):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_logs_one_json_object_per_line(production_environment):
    script = (
        "import logging; logging.getLogger('wegweiser.publishing').warning('snapshot of %s rebuilt', 'musterstadt')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=production_environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    ours = next(line for line in lines if line["logger"] == "wegweiser.publishing")
    assert ours["message"] == "snapshot of musterstadt rebuilt"
    assert ours["level"] == "WARNING"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$", ours["time"])
