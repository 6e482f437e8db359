#!/usr/bin/env python3
"""How Wegweiser's costs grow with the number of regions: 1, 10 and 100 regions on one machine.

    .venv/bin/python bench/scale/measure.py --var /tmp/wegweiser-scale             # 1, 10, 100 × 300 × 12
    .venv/bin/python bench/scale/measure.py --var DIR --sizes 1,3 --pages 30 --languages 3    # a quick try

For each size it grows the installation with ``generate.py`` (regions already generated are kept), then
measures, with the production settings:

- the editor's page tree: an editor of the first region opens the region in the page explorer, a topic with
  subpages, the sidebar's page menu and a page's edit view (server time in this process, median of 10);
- publishing: the editor publishes a change to a German page, with gunicorn and the task worker running as
  deployed; the time until the API (over HTTP) shows the change, three times after a first one (in which the
  worker loads the search model, reported apart);
- snapshot rebuilds: one region-language after a change (incremental), one region in every language, and
  every region (full, ``rebuild_everything``);
- API and web app latency: the endpoints of ``load_bench.py`` for the first region, one request at a time
  (the same region at every size, so that figures compare);
- ``migrate`` with nothing to migrate, as every upgrade runs it (it sets up every region's rights again);
- database, snapshot and search-vector sizes, and the peak memory (VmHWM) of the web and worker processes.

At the end it prints one table over the sizes with the issue's targets at the largest size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(HERE)]

import load_bench  # noqa: E402
from api_bench import GUNICORN, free_port, production_environment, server, wait_until_up  # noqa: E402

#: The issue's targets at the largest size.
TARGET_TREE_MS = 300
TARGET_PUBLISH_S = 5.0
TARGET_WEB_MB = 300
#: "API p50 unchanged from 1 region within noise": at most this much slower, or this many milliseconds.
NOISE_RATIO, NOISE_MS = 1.25, 1.0
API_ENDPOINTS = ("v1 pages de", "v1 page de", "v3 pages ar", "v3 events de", "v3 locations de", "web page de")


def environment(var: Path) -> dict[str, str]:
    """The production settings on the generated installation in ``var`` (or ``DATABASE_URL``'s database)."""
    env = production_environment(var, os.environ.get("DATABASE_URL"))
    # The measuring process uses Django's test client; editors sign in without a second factor.
    env.update(ALLOWED_HOSTS="127.0.0.1,localhost,testserver", TWO_FACTOR_REQUIRED="none", LOG_LEVEL="WARNING")
    return env


def grow(var: Path, size: int, args: argparse.Namespace, env: dict[str, str]) -> float:
    """Run ``generate.py`` up to ``size`` regions; returns the seconds it took (its output is shown)."""
    started = time.perf_counter()
    command = [sys.executable, str(HERE / "generate.py"), "--var", str(var), "--regions", str(size)]
    for name in ("pages", "languages", "events", "places"):
        command += [f"--{name}", str(getattr(args, name))]
    # Generation publishes as the worker would (development settings: no static files needed).
    generating = {**env, "DJANGO_SETTINGS_MODULE": "wegweiser.settings.dev", "DEBUG": "0"}
    subprocess.run(command, env=generating, check=True)
    return time.perf_counter() - started


def timed(function, repeat: int = 1) -> list[float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def first_region():
    from wegweiser.regions.models import RegionPage

    return RegionPage.objects.filter(slug__startswith="scale-001-", locale__language_code="de").get()


def editor_of(region):
    """A person with the editor role in the region (made once)."""
    from django.contrib.auth import get_user_model

    from wegweiser.regions.models import RegionRole

    user, _created = get_user_model().objects.get_or_create(username="scale-editor")
    user.groups.add(RegionRole.objects.get(region=region, role=RegionRole.Role.EDITOR).group)
    return user


def deepest_topic(region):
    """A German topic page with subpages below a topic (what an editor opens to work on a part of the guide)."""
    from wegweiser.content.models import TopicPage

    below = TopicPage.objects.descendant_of(region).filter(locale=region.locale)
    return below.filter(numchild__gt=0, depth__gt=region.depth + 1).order_by("path").first() or below.first()


def measure_page_tree(region, user) -> dict[str, float]:
    """Server time of the editor's views of the region's tree, median of 10 after one warm-up (ms)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    topic = deepest_topic(region)
    views = {
        "explorer region": f"/admin/pages/{region.pk}/",
        "explorer topic": f"/admin/pages/{topic.pk}/",
        "sidebar menu": f"/admin/api/main/pages/?child_of={region.pk}&for_explorer=1",
        "edit page": f"/admin/pages/{topic.pk}/edit/",
    }
    figures = {}
    for name, url in views.items():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} for the region's editor")
        figures[name] = statistics.median(timed(lambda url=url: client.get(url), 10)) * 1000
    return figures


def measure_rebuilds(region, full: bool) -> dict[str, float]:
    """Incremental (one region-language after a change), one region in every language, and everything (s)."""
    from wegweiser.content.models import TopicPage
    from wegweiser.publishing import snapshots

    topic = deepest_topic(region)
    title = topic.title
    figures = {}
    snapshots.rebuild_region(region, ["de"])  # loads the search model, as a running worker has it loaded
    try:
        TopicPage.objects.filter(pk=topic.pk).update(title=f"{title} ({uuid.uuid4().hex[:6]})")
        figures["one region-language"] = timed(lambda: snapshots.rebuild_region(region, ["de"]))[0]
    finally:
        TopicPage.objects.filter(pk=topic.pk).update(title=title)
        snapshots.rebuild_region(region, ["de"])
    figures["one region, all languages"] = timed(lambda: snapshots.rebuild_region(region))[0]
    if full:
        figures["all regions"] = timed(snapshots.rebuild_everything)[0]
    return figures


def measure_migrate(env: dict[str, str]) -> float:
    """Seconds of ``manage.py migrate`` with nothing to migrate, as every upgrade runs it: it sets up the rights of
    every region again (``regions.tenancy.setup_all_regions``)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def measure_publishing(region, user, base: str, times: int = 4) -> list[float]:
    """Seconds from the editor's "Publish" until the API shows the change (the worker rebuilds meanwhile); the
    first is the worker's first task after it started (it loads the search model), the others as it runs."""
    import requests

    from wegweiser.content.models import TopicPage

    topic = TopicPage.objects.get(pk=deepest_topic(region).pk)
    url = f"{base}/api/v1/regions/{region.slug}/de/pages/{topic.pk}/"
    session = requests.Session()
    seconds = []
    for _ in range(times):
        marker = f"Geändert {uuid.uuid4().hex[:8]}"
        started = time.perf_counter()
        topic.body += f"<p>{marker}</p>"
        topic.save_revision(user=user).publish(user=user)
        while marker not in session.get(url, timeout=30).text:
            if time.perf_counter() - started > 120:
                raise SystemExit("the change was not visible in the API after two minutes: is the worker running?")
            time.sleep(0.02)
        seconds.append(time.perf_counter() - started)
    return seconds


def measure_api(base: str, slug: str, requests_: int) -> dict[str, dict]:
    """p50 and p99 per endpoint of ``load_bench``, one request at a time."""
    options = argparse.Namespace(region=slug, requests=requests_, clients=1, seed=11, json=None)
    endpoints = load_bench.discover(base, slug)
    for endpoint in endpoints * 4:  # warm both web workers: a first request may load a model or build a cache entry
        load_bench.requests.get(base + endpoint.path, timeout=300)
    figures, seconds = load_bench.drive(base, load_bench.plan(endpoints, options.requests, options.seed), 1)
    return load_bench.report(figures, seconds, 1)["endpoints"]


def peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def storage_sizes(var: Path) -> dict[str, float]:
    """Database, snapshot files and the search vectors' cache, in MB."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            database = cursor.fetchone()[0]
    else:
        database = sum(path.stat().st_size for path in var.glob("db.sqlite3*"))
    snapshots = sum(path.stat().st_size for path in (var / "published").rglob("*") if path.is_file())
    vectors = sum(path.stat().st_size for path in var.glob("search-embeddings.sqlite3*"))
    return {"database": database / 1e6, "snapshots": snapshots / 1e6, "search vectors cache": vectors / 1e6}


@contextmanager
def web_server(env: dict[str, str], var: Path):
    """gunicorn as deployed on two cores (2 workers of 4 threads), on a free port; yields its URL and master process."""
    port = free_port()
    log = var / "gunicorn.log"
    command = [str(GUNICORN), "wegweiser.wsgi:application", "--workers", "2", "--threads", "4", "--chdir", str(ROOT)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    with server(command, log, env) as process:
        wait_until_up(port, "/api/v1/regions/", process, log)
        yield f"http://127.0.0.1:{port}", process


@contextmanager
def worker(env: dict[str, str], log: Path):
    """The task worker as deployed (``db_worker --interval 1``)."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def measure_size(size: int, var: Path, env: dict[str, str], args: argparse.Namespace) -> dict:
    from django.db import connections

    from wegweiser.regions.models import RegionPage

    figures: dict = {
        "regions": RegionPage.objects.filter(slug__startswith="scale-", locale__language_code="de").count()
    }
    region = first_region()
    user = editor_of(region)
    figures["page tree ms"] = measure_page_tree(region, user)
    print("  editor's page tree (ms, median of 10):", rounded(figures["page tree ms"], 0))
    figures["rebuild s"] = measure_rebuilds(region, full=size <= args.full_rebuild_up_to)
    print("  snapshot rebuilds (s):", rounded(figures["rebuild s"], 2))
    connections.close_all()  # the servers and commands get the database to themselves between the steps
    figures["migrate s"] = measure_migrate(env)
    print(f"  migrate with nothing to migrate (sets up every region's rights): {figures['migrate s']:.1f} s")
    with web_server(env, var) as (base, web), worker(env, var / "worker.log") as task_worker:
        first, *figures["publish to visible s"] = measure_publishing(region, user, base)
        figures["first publish after the worker started s"] = first
        print(
            f"  publish → visible in the API (s): {[round(s, 2) for s in figures['publish to visible s']]}"
            f" (the worker's first task after starting: {first:.2f})"
        )
        print(f"  API and web app, one request at a time ({args.requests} requests):")
        figures["api"] = measure_api(base, region.slug, args.requests)
        figures["web peak MB"] = max(peak_mb(pid) for pid in children(web.pid))
        figures["worker peak MB"] = peak_mb(task_worker.pid)
    figures["storage MB"] = storage_sizes(var)
    print(
        f"  peak memory: web worker {figures['web peak MB']:.0f} MB, task worker {figures['worker peak MB']:.0f} MB;"
        f" storage (MB): {rounded(figures['storage MB'], 1)}"
    )
    return figures


def rounded(values: dict[str, float], digits: int) -> dict[str, float]:
    return {name: round(value, digits) for name, value in values.items()}


def tree_views(figures: dict) -> dict[str, float]:
    """The views that show the tree (the edit view, measured beside them, does not)."""
    return {name: ms for name, ms in figures["page tree ms"].items() if name != "edit page"}


def summary(results: dict[int, dict]) -> bool:
    """The table over the sizes, and the targets at the largest; True when every target is met."""
    sizes = sorted(results)
    smallest, largest = results[sizes[0]], results[sizes[-1]]
    rows: list[tuple[str, list[str]]] = []
    for view in largest["page tree ms"]:
        rows.append((f"page tree: {view} (ms)", [f"{results[s]['page tree ms'][view]:.0f}" for s in sizes]))
    rows.append(
        (
            "publish → visible, median (s)",
            [f"{statistics.median(results[s]['publish to visible s']):.2f}" for s in sizes],
        )
    )
    for name in largest["rebuild s"]:
        rows.append((f"rebuild: {name} (s)", [f"{results[s]['rebuild s'].get(name, float('nan')):.1f}" for s in sizes]))
    for name in API_ENDPOINTS:
        if name in largest["api"]:
            rows.append((f"{name} p50 (ms)", [f"{results[s]['api'][name]['p50_ms']:.1f}" for s in sizes]))
            rows.append((f"{name} p99 (ms)", [f"{results[s]['api'][name]['p99_ms']:.1f}" for s in sizes]))
    for name in largest["storage MB"]:
        rows.append((f"{name} (MB)", [f"{results[s]['storage MB'][name]:.0f}" for s in sizes]))
    migrate = [f"{results[s].get('migrate s', float('nan')):.1f}" for s in sizes]
    rows.append(("migrate, nothing to migrate (s)", migrate))
    rows.append(("web process peak (MB)", [f"{results[s]['web peak MB']:.0f}" for s in sizes]))
    rows.append(("task worker peak (MB)", [f"{results[s]['worker peak MB']:.0f}" for s in sizes]))
    print(f"\n{'regions':44}" + "".join(f"{size:>10}" for size in sizes))
    for label, values in rows:
        print(f"{label:44}" + "".join(f"{value:>10}" for value in values))

    checks = [
        (f"editor's page tree ≤ {TARGET_TREE_MS} ms", max(tree_views(largest).values()) <= TARGET_TREE_MS),
        (f"publish → visible ≤ {TARGET_PUBLISH_S:.0f} s", max(largest["publish to visible s"]) <= TARGET_PUBLISH_S),
        (f"web process ≤ {TARGET_WEB_MB} MB", largest["web peak MB"] <= TARGET_WEB_MB),
    ]
    for name in API_ENDPOINTS:
        if name in largest["api"] and name in smallest["api"]:
            before, after = smallest["api"][name]["p50_ms"], largest["api"][name]["p50_ms"]
            checks.append(
                (f"{name} p50 as with {sizes[0]} region(s)", after <= max(before * NOISE_RATIO, before + NOISE_MS))
            )
    print(f"\nTargets at {sizes[-1]} regions:")
    for name, met in checks:
        print(f"  {'met    ' if met else 'MISSED '} {name}")
    return all(met for _name, met in checks)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var", type=Path, required=True, help="directory of the generated installation")
    parser.add_argument("--sizes", default="1,10,100", help="numbers of regions to measure at (1,10,100)")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--languages", type=int, default=12)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--places", type=int, default=30)
    parser.add_argument("--requests", type=int, default=600, help="API requests per size (600)")
    parser.add_argument(
        "--full-rebuild-up-to", type=int, default=1000, help="skip the rebuild of every region above this size"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--previous", type=Path, help="figures (--json) of an earlier run at other sizes, shown in the same table"
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",")})
    except ValueError:
        parser.error("--sizes must be numbers separated by commas, e.g. 1,10,100")
    if args.sizes[0] < 1:
        parser.error("--sizes must be at least 1")
    args.earlier = {}
    if args.previous:
        try:
            args.earlier = {int(size): figures for size, figures in json.loads(args.previous.read_text()).items()}
        except (OSError, ValueError, AttributeError) as problem:
            parser.error(f"--previous {args.previous}: not the figures of an earlier run ({problem})")
    return args


def main(argv=None) -> int:
    args = parse_arguments(argv)
    var = args.var.resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = environment(var)
    results = dict(args.earlier)
    for size in args.sizes:
        print(f"\n== {size} region(s) ==", flush=True)
        seconds = grow(var, size, args, env)
        print(f"  generated in {seconds:.0f} s", flush=True)
        if size == args.sizes[0]:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
            )
            os.environ.update(env)
            import django

            django.setup()
        results[size] = measure_size(size, var, env, args)
    met = summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
