"""For tests that run the real server and task worker as subprocesses (the worker killed during a rebuild, the
load test): a copy of the test database they can share, with snapshots as files in a temporary directory.

The test database holds the demo, committed once per test run; a copy of it (a SQLite file made with SQLite's
backup API, or a PostgreSQL database made from it as template) costs a second instead of loading the demo again.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

ROOT = Path(settings.BASE_DIR)
#: Seconds to wait for a subprocess to reach a state (a server answering, a worker writing, a rebuild done).
PATIENCE = 120


@contextmanager
def copy_of_test_database(directory: Path, **settings_environment: str) -> Iterator[dict[str, str]]:
    """Environment variables that point ``manage.py`` at a copy of the test database, files in ``directory``.
    Call it with database access allowed (``django_db_blocker.unblock()``) and outside a test's transaction."""
    environment = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SNAPSHOT_S3_BUCKET"}}
    var = directory / "var"
    var.mkdir(parents=True, exist_ok=True)
    environment.update(
        DJANGO_SETTINGS_MODULE="wegweiser.settings.dev",
        DEBUG="0",
        WEGWEISER_VAR_DIR=str(var),
        SNAPSHOT_ROOT=str(directory / "published"),
        MEDIA_ROOT=str(var / "media"),
        SNAPSHOT_ETAG_SECONDS="0",
        # The search model's cache of the test run: the copy's search entries need no new vectors.
        SEARCH_EMBEDDING_CACHE=str(settings.SEARCH_EMBEDDING_CACHE),
        PYTHONUNBUFFERED="1",
    )
    environment.update(settings_environment)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(var / "db.sqlite3")
        connection.connection.backup(target)
        target.close()
        yield environment
    elif connection.vendor == "postgresql":
        with _postgres_copy() as url:
            environment["DATABASE_URL"] = url
            yield environment
    else:
        raise NotImplementedError(f"no copy of a {connection.vendor} database")


@contextmanager
def _postgres_copy() -> Iterator[str]:
    import psycopg

    params = connection.settings_dict
    source = params["NAME"]
    copy = f"{source}_copy_{uuid.uuid4().hex[:8]}"
    host, port = params["HOST"] or "localhost", params["PORT"] or 5432
    connections.close_all()  # a template database must have no other sessions
    maintenance = psycopg.connect(
        dbname="postgres", user=params["USER"], password=params["PASSWORD"], host=host, port=port, autocommit=True
    )
    try:
        maintenance.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
        yield f"postgres://{params['USER']}:{params['PASSWORD']}@{host}:{port}/{copy}"
    finally:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        maintenance.close()


def manage(environment: dict[str, str], *args: str, **extra: str) -> str:
    """Run ``manage.py`` in the copy and return what it printed; a failure fails the test with its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **extra},
        capture_output=True,
        text=True,
        timeout=PATIENCE * 3,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def started(environment: dict[str, str], *args: str, log: Path, **extra: str) -> subprocess.Popen:
    """``manage.py`` as a process that keeps running (a server, a worker), its output appended to ``log``."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**environment, **extra},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what: str, log: Path | None = None, process: subprocess.Popen | None = None):
    """``condition()``'s first true answer; fails the test (with the log) if none comes in time."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}\n{log.read_text()[-5000:] if log and log.exists() else ''}")


@contextmanager
def serving(environment: dict[str, str], log: Path) -> Iterator[str]:
    """Django's threaded development server on the copy, on a free port; its base URL."""
    import urllib.request

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = started(environment, "runserver", "--noreload", f"127.0.0.1:{port}", log=log)

    def answers() -> bool:
        try:
            with urllib.request.urlopen(base + "/api/v1/regions/", timeout=10) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        wait_for(answers, "the web server", log, server)
        yield base
    finally:
        stop(server)
