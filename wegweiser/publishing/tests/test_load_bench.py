"""``bench/load_bench.py``, small: 300 requests from 8 concurrent clients against a real server on a copy of the
test database. No request may fail and every read endpoint is hit; the figures are printed, not asserted."""

import json
import sys

import pytest
from django.conf import settings

from wegweiser.publishing.testing import copy_of_test_database, manage, serving

sys.path.insert(0, str(settings.BASE_DIR / "bench"))
import load_bench  # noqa: E402

ENDPOINTS = [
    "v1 regions",
    "v1 region",
    "v1 manifest de",
    "v1 pages de",
    "v1 page de",
    "v1 search de",
    "v3 pages de",
    "v3 events de",
    "v3 locations de",
    "web start de",
    "web page de",
    "web events de",
    "offline manifest de",
    "v1 manifest ar",
    "v1 pages ar",
    "v1 page ar",
    "v1 search ar",
    "v3 pages ar",
    "v3 events ar",
    "v3 locations ar",
    "web start ar",
    "web page ar",
    "web events ar",
    "offline manifest ar",
]


@pytest.fixture
def server(django_db_blocker, tmp_path):
    # DEBUG: the development server serves the static files the web app's pages name.
    with django_db_blocker.unblock(), copy_of_test_database(tmp_path, DEBUG="1") as environment:
        manage(environment, "rebuild_snapshots")
        with serving(environment, tmp_path / "server.log") as base:
            yield base


def test_many_readers_at_once_get_every_answer(server, tmp_path, capsys):
    figures = tmp_path / "figures.json"
    exit_code = load_bench.main(
        ["--url", server, "--region", "musterstadt", "--requests", "300", "--clients", "8", "--json", str(figures)]
    )
    printed = capsys.readouterr().out
    summary = json.loads(figures.read_text())
    assert summary["errors"] == 0, printed
    assert exit_code == 0
    assert summary["requests"] == 300
    assert sorted(summary["endpoints"]) == sorted(ENDPOINTS), printed
    assert all(endpoint["requests"] >= 300 // len(ENDPOINTS) for endpoint in summary["endpoints"].values())
    assert "requests/s" in printed and "p99 ms" in printed
