#!/usr/bin/env python3
"""Benchmark of view counting: how many views per second ``POST /api/v1/views/`` takes, and whether reads slow down.

What it does, in one run (see bench/README.md):

1. generates and imports a region of N pages in German and English, as ``api_bench.py`` does (scratch SQLite);
2. starts gunicorn with the production settings (2 workers, as on this machine's 2 cores);
3. measures with ``wrk``: reads alone (a v1 page, which the API also counts as a view, and v3 ``pages/``);
   counting alone, with batches of 1, 20 and 100 views (what the web app sends: one view online, a batch after
   reading offline); then reads next to counting as fast as it goes; and, the measurement that matters, reads
   while views arrive at a steady 1,000 per second (the target);
4. adds the stored views up with ``manage.py aggregate_views`` (timed) and checks that every view the server
   accepted is in the daily totals;
5. prints views/s against the target (≥ 1,000 views/s) and the reads' p50/p99 alone and while 1,000 views/s
   are counted.

Run it with the project's virtualenv: ``.venv/bin/python bench/insights_bench.py`` (``--help`` for options).
Nothing outside a temporary directory is written; the directory is removed unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api_bench  # noqa: E402 (the generator, servers and wrk helpers of the API benchmark)

TARGET_VIEWS_PER_SECOND = 1000
#: Views per request of the steady load: what the web app sends after reading a while offline.
PACED_BATCH = 20
#: Connections sending them, each at an equal share of the rate.
PACED_SENDERS = 4
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "{agent}"
"""


@dataclass
class Load:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    views_per_request: int = 0

    @property
    def views_per_second(self) -> float:
        return self.requests_per_second * self.views_per_request


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages of the generated region (default 100)")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections per load (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--batches", default="1,20,100", help="views per request to try (default 1,20,100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    return parser.parse_args()


def counting_body(page_ids: list[int], batch: int) -> bytes:
    """``batch`` views of different pages, read today in German."""
    today = date.today().isoformat()
    views = [
        {"region": api_bench.REGION, "language": "de", "kind": "page", "id": page_ids[n % len(page_ids)], "day": today}
        for n in range(batch)
    ]
    return json.dumps({"views": views}).encode()


def counting_script(directory: Path, page_ids: list[int], batch: int) -> Path:
    """A wrk script posting ``counting_body``."""
    script = directory / f"count-{batch}.lua"
    script.write_text(WRK_SCRIPT.format(body=json.dumps(counting_body(page_ids, batch).decode()), agent=BROWSER))
    return script


def start_wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> subprocess.Popen:
    command = api_bench.wrk_command(url, seconds, 1, connections, script)
    command[-1:-1] = ["-H", f"User-Agent: {BROWSER}"]  # readers' browsers: robots are not counted
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(name: str, process: subprocess.Popen, views_per_request: int = 0) -> Load:
    out, err = process.communicate(timeout=600)
    rate, p50, p99, errors = api_bench.parse_wrk(out, err)
    return Load(name, rate, p50, p99, errors, views_per_request)


def run_together(port: int, loads: Sequence[tuple[str, str, Path | None, int]], seconds: int, connections: int):
    """Start every load at once and wait for all: (name, path, wrk script, views per request) each."""
    started = [
        (name, start_wrk(f"http://127.0.0.1:{port}{path}", seconds, connections, script), views)
        for name, path, script, views in loads
    ]
    return [finish(name, process, views) for name, process, views in started]


class PacedCounting(threading.Thread):
    """Views sent at a steady rate (batches of ``batch`` over a kept-alive connection), as many readers would send
    them: what reads meet while the server counts the target's views per second, not as many as it can."""

    def __init__(self, port: int, body: bytes, batch: int, views_per_second: int, seconds: int):
        super().__init__(daemon=True)
        self.port, self.body, self.batch = port, body, batch
        self.interval = batch / views_per_second
        self.seconds = seconds
        self.sent = self.failed = 0
        self.elapsed = 0.0

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Content-Type": "application/json", "User-Agent": BROWSER}
        started = time.perf_counter()
        due = started
        while (now := time.perf_counter()) - started < self.seconds:
            if now < due:
                time.sleep(due - now)
            due += self.interval
            try:
                connection.request("POST", "/api/v1/views/", self.body, headers)
                response = connection.getresponse()
                response.read()
                self.sent += self.batch if response.status == 202 else 0
                self.failed += response.status != 202
            except OSError:
                self.failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        self.elapsed = time.perf_counter() - started

    @property
    def views_per_second(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0


def reads_while_counting_at(port: int, read: tuple, body: bytes, batch: int, rate: int, args) -> tuple[Load, float]:
    """A read load with wrk while views arrive at ``rate`` per second; returns the reads and the views/s reached.

    Several senders share the rate, so that one slow answer does not hold the others back (readers do not wait
    for each other either)."""
    senders = [PacedCounting(port, body, batch, rate // PACED_SENDERS, args.seconds + 1) for _ in range(PACED_SENDERS)]
    for sender in senders:
        sender.start()
    time.sleep(0.5)
    (load,) = run_together(port, [read], args.seconds, args.connections)
    for sender in senders:
        sender.join()
    return load, sum(sender.views_per_second for sender in senders)


def print_loads(title: str, loads: list[Load]) -> None:
    print(f"\n{title}")
    print(f"  {'load':<34} {'requests/s':>10} {'views/s':>9} {'p50 ms':>7} {'p99 ms':>7}  errors")
    for load in loads:
        views = f"{load.views_per_second:,.0f}" if load.views_per_request else "–"
        print(
            f"  {load.name:<34} {load.requests_per_second:>10,.0f} {views:>9} {load.p50_ms:>7.2f} "
            f"{load.p99_ms:>7.2f}  {load.errors}"
        )


def stored_views(env: dict[str, str]) -> tuple[int, int]:
    code = (
        "from django.db.models import Sum\nfrom wegweiser.insights.models import DailyViews, View\n"
        "print('BENCH', View.objects.count(), DailyViews.objects.aggregate(s=Sum('views'))['s'] or 0)"
    )
    line = next(line for line in api_bench.manage(env, "shell", "-c", code).splitlines() if line.startswith("BENCH"))
    raw, totals = line.split()[1:]
    return int(raw), int(totals)


def run(args: argparse.Namespace, scratch: Path) -> None:
    env = api_bench.project_environment(scratch)
    args.languages, args.reuse = 2, None
    api_bench.prepare(args, env, api_bench.ALL_LANGUAGES[:2], scratch)
    batches = [int(n) for n in args.batches.split(",") if n.strip()]
    region = api_bench.REGION
    pages_path = f"/api/v1/regions/{region}/de/pages/"
    with api_bench.gunicorn("wegweiser.wsgi:application", args.workers, 1, env, scratch, pages_path) as port:
        status, _, body = api_bench.fetch(port, pages_path)
        if status != 200:
            raise SystemExit(f"GET {pages_path} answered {status}")
        page_ids = [page["id"] for page in json.loads(gzip.decompress(body))]
        read_path = f"/api/v1/regions/{region}/de/pages/{page_ids[len(page_ids) // 2]}/"
        reads = [
            ("read: v1 page (counted)", read_path, None, 0),
            ("read: v3 pages/", f"/api/v3/{region}/de/pages/", None, 0),
        ]
        busy = api_bench.cpu_busy()
        print(f"\nCPU busy before the load (other processes): {busy:.0%} of 2 cores", end="")
        print(" — the machine is not idle: figures will be low and noisy" if busy > 0.15 else "")
        print(
            f"gunicorn --workers {args.workers} (production settings); wrk -t1 -c{args.connections} -d{args.seconds}s "
            "per load; every load shares the 2 cores with the server"
        )
        run_together(port, reads[:1], 2, args.connections)  # warm-up: every worker loads its documents

        alone = [run_together(port, [read], args.seconds, args.connections)[0] for read in reads]
        print_loads("Reads alone", alone)

        counting = [
            (
                f"count: {batch} view{'s' if batch > 1 else ''}/request",
                "/api/v1/views/",
                counting_script(scratch, page_ids, batch),
                batch,
            )
            for batch in batches
        ]
        counted_alone = [run_together(port, [load], args.seconds, args.connections)[0] for load in counting]
        print_loads("Counting alone", counted_alone)

        together = run_together(port, [reads[0], counting[min(1, len(counting) - 1)]], args.seconds, args.connections)
        together += run_together(port, [reads[1], counting[min(1, len(counting) - 1)]], args.seconds, args.connections)
        print_loads("Reads next to counting as fast as it goes (each read load beside the batch-of-20 load)", together)

        body = counting_body(page_ids, PACED_BATCH)
        paced = [
            reads_while_counting_at(port, read, body, PACED_BATCH, TARGET_VIEWS_PER_SECOND, args) for read in reads
        ]
        print_loads(
            f"Reads while {TARGET_VIEWS_PER_SECOND:,} views/s arrive (batches of {PACED_BATCH}, at a steady rate)",
            [load for load, _ in paced],
        )
        for load, reached in paced:
            print(f"  views counted meanwhile, next to {load.name}: {reached:,.0f}/s")

    raw, _ = stored_views(env)
    started = time.perf_counter()
    api_bench.manage(env, "aggregate_views")
    aggregate_seconds = time.perf_counter() - started
    left, totals = stored_views(env)
    print(
        f"\nAdding up: {raw:,} stored views → daily totals in {aggregate_seconds:.1f} s "
        f"(manage.py, including Django's start); {left} single views left; totals hold {totals:,} views"
    )
    if totals != raw:
        print("  MISMATCH: the totals do not hold every stored view")

    best = max(counted_alone, key=lambda load: load.views_per_second)
    print("\nTargets:")
    ok = best.views_per_second >= TARGET_VIEWS_PER_SECOND
    print(
        f"  counting ≥ {TARGET_VIEWS_PER_SECOND:,} views/s: {best.views_per_second:,.0f} views/s with {best.name} "
        f"{api_bench.verdict(ok)}"
    )
    single = next((load for load in counted_alone if load.views_per_request == 1), None)
    if single:
        print(f"    (one view per request, as a reader online sends them: {single.views_per_second:,.0f} views/s)")
    for read, (next_to, reached) in zip(alone, paced, strict=True):
        print(
            f"  {read.name}, while {reached:,.0f} views/s are counted: "
            f"p50 {read.p50_ms:.2f} → {next_to.p50_ms:.2f} ms, p99 {read.p99_ms:.2f} → {next_to.p99_ms:.2f} ms, "
            f"{read.requests_per_second:,.0f} → {next_to.requests_per_second:,.0f} requests/s"
        )
    if any(load.errors for load in [*alone, *counted_alone, *together, *(load for load, _ in paced)]):
        print("  Note: some requests failed (see the errors columns).")


def main() -> int:
    args = parse_arguments()
    if not shutil.which("wrk"):
        raise SystemExit(f"wrk is needed: {api_bench.INSTALL_HINT}")
    scratch = Path(tempfile.mkdtemp(prefix="wegweiser-insights-bench-"))
    print(f"Scratch directory: {scratch}{' (kept)' if args.keep else ' (removed at the end; --keep keeps it)'}")
    try:
        run(args, scratch)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
