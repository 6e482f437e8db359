#!/usr/bin/env python3
"""Load test of the read endpoints on the loopback interface: many readers at once, no request may fail.

What it does, in one run (see bench/README.md):

1. sets up a scratch copy of the demo (``migrate``, ``load_demo``, ``rebuild_snapshots``, ``collectstatic`` in a
   temporary directory) and serves it with gunicorn (2 workers) and the production settings on a free port — or,
   with ``--url``, loads a server that is already running (``make run``, or the test's server);
2. asks the server what it publishes (a region, its German and Arabic pages) and makes the list of read endpoints:
   API v1 (regions, region, manifest, pages, one page, search), Integreat v3 (pages, events, locations), the web
   app (start page, a topic page, events) in German and Arabic, and the offline download's manifest;
3. sends ``--requests`` requests from ``--clients`` concurrent clients (threads with keep-alive sessions), each
   endpoint in turn, in a shuffled (seeded) order;
4. prints requests/s, p50/p95/p99 latency and errors per endpoint, and exits 1 if any request failed (a status of
   400 or more, or no answer), 0 otherwise.

Run it with the project's virtualenv: ``.venv/bin/python bench/load_bench.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests

#: The web app's languages in the run: German and a right-to-left one.
LANGUAGES = ["de", "ar"]
SEARCH_WORDS = {"de": "Kita Anmeldung", "ar": "تسجيل روضة", "en": "register"}


@dataclass
class Endpoint:
    name: str
    path: str


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def get_json(session: requests.Session, base: str, path: str):
    response = session.get(base + path, timeout=60)
    response.raise_for_status()
    return response.json()


def discover(base: str, region_slug: str | None = None) -> list[Endpoint]:
    """The read endpoints of one region the server publishes, with real ids and paths."""
    session = requests.Session()
    regions = get_json(session, base, "/api/v1/regions/")
    if not regions:
        raise SystemExit("the server publishes no region: load the demo (manage.py load_demo) first")
    region = next((r for r in regions if r["path"] == region_slug), None) if region_slug else regions[-1]
    if region is None:
        raise SystemExit(f"the server publishes no region {region_slug!r}")
    slug = region["path"]
    published = {language["code"] for language in get_json(session, base, f"/api/v1/regions/{slug}/languages/")}
    languages = [language for language in LANGUAGES if language in published] or sorted(published)[:2]
    endpoints = [
        Endpoint("v1 regions", "/api/v1/regions/"),
        Endpoint("v1 region", f"/api/v1/regions/{slug}/"),
    ]
    for language in languages:
        guide = f"{slug}/{language}"
        pages = get_json(session, base, f"/api/v1/regions/{guide}/pages/")
        topic = pages[len(pages) // 2] if pages else None
        words = quote(SEARCH_WORDS.get(language, "a"))
        endpoints += [
            Endpoint(f"v1 manifest {language}", f"/api/v1/regions/{guide}/manifest/"),
            Endpoint(f"v1 pages {language}", f"/api/v1/regions/{guide}/pages/"),
            Endpoint(f"v1 search {language}", f"/api/v1/regions/{guide}/search/?q={words}"),
            Endpoint(f"v3 pages {language}", f"/api/v3/{guide}/pages/"),
            Endpoint(f"v3 events {language}", f"/api/v3/{guide}/events/"),
            Endpoint(f"v3 locations {language}", f"/api/v3/{guide}/locations/"),
            Endpoint(f"web start {language}", f"/{guide}/"),
            Endpoint(f"web events {language}", f"/{guide}/events/"),
            Endpoint(f"offline manifest {language}", f"/{guide}/offline.json"),
        ]
        if topic is not None:
            endpoints += [
                Endpoint(f"v1 page {language}", f"/api/v1/regions/{guide}/pages/{topic['id']}/"),
                Endpoint(f"web page {language}", web_path(topic, guide)),
            ]
    return endpoints


def web_path(page: dict, guide: str) -> str:
    """Where the web app shows a page of the page list: its ``path`` below the region and language."""
    path = page.get("path") or page.get("url", "")
    if path.startswith("http"):
        path = "/" + path.split("/", 3)[3]
    if not path.startswith(f"/{guide}/"):
        path = f"/{guide}/{path.strip('/')}/"
    return path


def plan(endpoints: list[Endpoint], total: int, seed: int) -> list[Endpoint]:
    """``total`` requests, each endpoint in turn (every one is hit once ``total`` reaches their number), shuffled."""
    requests_ = [endpoints[i % len(endpoints)] for i in range(total)]
    random.Random(seed).shuffle(requests_)
    return requests_


def drive(base: str, work: list[Endpoint], clients: int) -> tuple[dict[str, Figures], float]:
    """Send every planned request from ``clients`` threads; returns the figures per endpoint and the seconds taken."""
    figures: dict[str, Figures] = defaultdict(Figures)
    lock = threading.Lock()
    queue = iter(work)

    def client():
        session = requests.Session()
        session.headers["Accept-Encoding"] = "gzip, br"
        while True:
            with lock:
                endpoint = next(queue, None)
            if endpoint is None:
                return
            started = time.perf_counter()
            error = ""
            try:
                response = session.get(base + endpoint.path, timeout=60)
                response.content  # noqa: B018 (read the whole body, as a reader would)
                if response.status_code >= 400:
                    error = f"{response.status_code} {endpoint.path}: {response.text[:200]}"
            except requests.RequestException as problem:
                error = f"{type(problem).__name__} {endpoint.path}: {problem}"
            took = time.perf_counter() - started
            with lock:
                figures[endpoint.name].latencies.append(took)
                if error:
                    figures[endpoint.name].errors.append(error)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return figures, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(figures: dict[str, Figures], seconds: float, clients: int) -> dict:
    total = sum(len(f.latencies) for f in figures.values())
    errors = sum(len(f.errors) for f in figures.values())
    print(
        f"{total} requests from {clients} clients in {seconds:.1f} s: {total / seconds:.0f} requests/s, {errors} errors"
    )
    print(f"{'endpoint':24} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    summary = {}
    for name in sorted(figures):
        found = figures[name]
        p50, p95, p99 = (percentile(found.latencies, share) * 1000 for share in (0.5, 0.95, 0.99))
        print(f"{name:24} {len(found.latencies):8} {len(found.errors):6} {p50:8.1f} {p95:8.1f} {p99:8.1f}")
        summary[name] = {"requests": len(found.latencies), "errors": len(found.errors), "p50_ms": p50, "p99_ms": p99}
    for name in sorted(figures):
        for error in figures[name].errors[:3]:
            print(f"  error ({name}): {error}")
    return {"requests": total, "errors": errors, "seconds": seconds, "endpoints": summary}


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server to load (default: set up the demo and serve it here)")
    parser.add_argument("--region", help="the region to load (default: the last one the server lists)")
    parser.add_argument("--requests", type=int, default=3000, help="requests in all (default: %(default)s)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers without --url (default: 2)")
    parser.add_argument("--seed", type=int, default=11, help="order of the requests (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.clients < 1:
        parser.error("--requests and --clients must be at least 1")
    return args


def run(base: str, args: argparse.Namespace) -> int:
    endpoints = discover(base, args.region)
    print(f"{len(endpoints)} endpoints on {base}")
    for endpoint in endpoints:  # a first request each: models loaded, caches warm, before the clock runs
        requests.get(base + endpoint.path, timeout=120)
    figures, seconds = drive(base, plan(endpoints, args.requests, args.seed), args.clients)
    summary = report(figures, seconds, args.clients)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 1 if summary["errors"] else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    if args.url:
        return run(args.url.rstrip("/"), args)
    # The helpers of the API benchmark: the scratch environment, manage.py, gunicorn on a free port.
    from api_bench import gunicorn, manage, project_environment

    scratch = Path(tempfile.mkdtemp(prefix="wegweiser-load-"))
    try:
        env = project_environment(scratch)
        print(f"Setting up the demo in {scratch} (a few minutes) …")
        for command in (["migrate"], ["load_demo"], ["rebuild_snapshots"], ["collectstatic", "--no-input"]):
            manage(env, *command)
        with gunicorn("wegweiser.wsgi:application", args.workers, 1, env, scratch, "/api/v1/regions/") as port:
            return run(f"http://127.0.0.1:{port}", args)
    finally:
        if args.keep:
            print(f"Kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
