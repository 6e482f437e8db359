#!/usr/bin/env python3
"""Benchmark of the readers' API under concurrent load, next to a static file served by nginx.

What it does, in one run (see bench/README.md):

1. generates a region "benchstadt" of N pages × L languages as Integreat ``pages.<lang>.json`` dumps;
2. imports it into a scratch SQLite database (``manage.py migrate`` + ``import_integreat``);
3. times the full rebuild of the German documents of the region (best of 3);
4. starts gunicorn with the production settings and nginx serving the precompressed pages file;
5. loads v3 ``pages/``, v3 ``children/``, a v1 page and the static file with ``wrk`` and prints
   requests/s, p50 and p99, and PASS/MISS against the targets.

Run it with the project's virtualenv: ``.venv/bin/python bench/api_bench.py`` (``--help`` for options).
Nothing outside a temporary directory is written; the directory is removed unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
REGION = "benchstadt"
ALL_LANGUAGES = ["de", "en", "ar", "uk", "fa", "tr", "ru", "fr"]
SITE = "https://wegweiser.example"
INSTALL_HINT = "sudo apt-get install -y wrk nginx-light"

# Targets from the issue.
TARGET_STATIC_RATIO = 0.5
TARGET_P50_MS = 5.0
TARGET_REBUILD_S = 5.0


# --- Generating the dump ------------------------------------------------------------------------------------------

#: Syllables per language, in the language's script, to make pseudo-words that look and compress like real text.
SYLLABLES: dict[str, str] = {
    "de": "an be ber bür de der ei en ge gen hil fe kin la le lung mel ne nung re sa schu stadt te ten ter "
    "ung ver wo woh amt ar beit kur se sprach ä ö ü straß keit heit schaft zu",
    "en": "a al an ap ce cen ci con de en er for help house in is job ment ni of on point re sion ter the "
    "tion to un work city care child health school course office",
    "ar": "ال مد ين ة عمل سك ن مدر سة لغ تس جيل صح تأ مين أط فال مسا عد بل دي ي و في من إلى على",
    "fa": "شهر دار ی کار خان ه مدر سه زبا ن ثبت نام بیم سلا مت کو دک کم ک گ پ چ ژ در از با برای",
    "uk": "мі сто ро бо та жит ло шко ла мо ва ре єст ра ці я здо ров стра ху ван ня ді ти до по га ї і є",
    "tr": "iş ev kur dil ka yıt sağ lık si gor ta ço cuk yar dım be le di ye şe ğı ü ö ma ne ri la",
    "ru": "го род ра бо та жи льё шко ла язык ре гист ци я здо ро вье стра хо ва ни е де ти по мощь ы",
    "fr": "la ville é cole tra vail lo ge ment san té as su ran ce cours lan gue ins crip tion ai de fa mil",
}


class Words:
    """Deterministic pseudo-text in one language: a vocabulary of syllable words, used with a Zipf-like skew."""

    def __init__(self, language: str, rng: random.Random):
        self.rng = rng
        syllables = SYLLABLES[language].split()
        vocabulary = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(900)}
        self.vocabulary = sorted(vocabulary)
        rng.shuffle(self.vocabulary)
        self.weights = [1 / (rank + 1) for rank in range(len(self.vocabulary))]

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, self.weights, k=count)

    def phrase(self, low: int, high: int) -> str:
        text = " ".join(self.words(self.rng.randint(low, high)))
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self.phrase(6, 16) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))


def content_html(words: Words, rng: random.Random) -> str:
    """2–4 KB (UTF-8) of Integreat-like HTML: headings, paragraphs, lists, links."""
    target = rng.randint(2000, 4000)
    blocks: list[str] = []
    while sum(len(block.encode()) for block in blocks) < target:
        kind = rng.random()
        if kind < 0.15:
            blocks.append(f"<h2>{words.phrase(2, 5)}</h2>")
        elif kind < 0.3:
            items = "".join(f"<li>{words.phrase(3, 9)}</li>" for _ in range(rng.randint(3, 6)))
            blocks.append(f"<ul>{items}</ul>")
        elif kind < 0.4:
            href = (
                f"https://www.{rng.choice(['landratsamt', 'stadt', 'jobcenter', 'vhs'])}-bench.de/{rng.randint(1, 999)}"
            )
            blocks.append(f'<p>{words.sentence()} <a href="{href}">{words.phrase(2, 4)}</a></p>')
        elif kind < 0.45:
            phone = f"+49 7151 {rng.randint(100, 999)} {rng.randint(10, 99)}"
            blocks.append(f'<p>{words.phrase(2, 4)}: <a href="tel:{phone.replace(" ", "")}">{phone}</a></p>')
        else:
            blocks.append(f"<p>{words.paragraph()}</p>")
    return "\n".join(blocks)


def slugify(text: str) -> str:
    """A Unicode slug, as Integreat makes them from titles (Arabic and Cyrillic letters stay)."""
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text.lower())).strip("-_")


def make_tree(pages: int, rng: random.Random) -> list[int | None]:
    """The parent (an index, None for root pages) of each page: about ten root pages, at most four levels."""
    roots = min(10, pages)
    parents: list[int | None] = [None] * roots
    depth = [1] * roots
    for _ in range(roots, pages):
        while True:
            parent = rng.randrange(len(parents))
            if depth[parent] < 4:
                break
        parents.append(parent)
        depth.append(depth[parent] + 1)
    return parents


def page_id(language_index: int, index: int) -> int:
    """Ids unique across languages; the German id (language index 0) is the family's id, as in Integreat."""
    return (language_index + 1) * 100_000 + index


def generate_dump(directory: Path, pages: int, languages: list[str], seed: int) -> dict[str, int]:
    """Write ``pages.<lang>.json`` for each language; returns the bytes written per file."""
    rng = random.Random(seed)
    parents = make_tree(pages, rng)
    children: dict[int | None, list[int]] = {}
    for index, parent in enumerate(parents):
        children.setdefault(parent, []).append(index)
    order = {index: position for siblings in children.values() for position, index in enumerate(siblings)}
    tree_order: list[int] = []  # depth first, as Integreat lists pages
    stack = list(reversed(children[None]))
    while stack:
        index = stack.pop()
        tree_order.append(index)
        stack.extend(reversed(children.get(index, [])))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    changed = [start + timedelta(seconds=rng.randrange(30_000_000)) for _ in range(pages)]
    berlin = ZoneInfo("Europe/Berlin")

    # Paths first: every language's path of every page is needed for ``available_languages``.
    paths: dict[str, list[str]] = {}
    texts: dict[str, list[tuple[str, str]]] = {}
    for language in languages:
        words = Words(language, random.Random(f"{seed}:{language}"))
        text_rng = random.Random(f"{seed}:{language}:content")
        titles = [words.phrase(2, 5) for _ in range(pages)]
        texts[language] = [(title, content_html(words, text_rng)) for title in titles]
        language_paths = [""] * pages
        for index in tree_order:  # parents before children
            parent = parents[index]
            base = f"/{REGION}/{language}/" if parent is None else language_paths[parent]
            slug = slugify(titles[index]) or f"seite-{index}"
            taken = {language_paths[i] for i in children[parent] if language_paths[i]}
            candidate, number = f"{base}{slug}/", 1
            while candidate in taken:
                number += 1
                candidate = f"{base}{slug}-{number}/"
            language_paths[index] = candidate
        paths[language] = language_paths

    sizes = {}
    for language_index, language in enumerate(languages):
        items = []
        for index in tree_order:
            title, content = texts[language][index]
            parent = parents[index]
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)).strip()
            items.append(
                {
                    "id": page_id(language_index, index),
                    "url": SITE + paths[language][index],
                    "path": paths[language][index],
                    "title": title,
                    "modified_gmt": changed[index].isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "last_updated": changed[index].astimezone(berlin).isoformat(timespec="milliseconds"),
                    "excerpt": text[:600],
                    "content": content,
                    "parent": (
                        {"id": 0, "url": None, "path": None}
                        if parent is None
                        # parent.id is the family's (German) id in Integreat's dumps
                        else {
                            "id": page_id(0, parent),
                            "url": SITE + paths[language][parent],
                            "path": paths[language][parent],
                        }
                    ),
                    "order": order[index],
                    "available_languages": {
                        other: {
                            "id": page_id(other_index, index),
                            "url": SITE + paths[other][index],
                            "path": paths[other][index],
                        }
                        for other_index, other in enumerate(languages)
                        if other != language
                    },
                    "thumbnail": None,
                    "organization": None,
                    "hash": None,
                    "embedded_offers": [],
                }
            )
        data = json.dumps(items, ensure_ascii=False, indent=1).encode()
        (directory / f"pages.{language}.json").write_bytes(data)
        sizes[language] = len(data)
    return sizes


# --- Running the project's commands -------------------------------------------------------------------------------


def project_environment(scratch: Path) -> dict[str, str]:
    """Production settings on a scratch SQLite database and scratch snapshot/static/media directories."""
    return production_environment(scratch / "var")


def production_environment(var: Path, database_url: str | None = None) -> dict[str, str]:
    """Production settings with the database, snapshots, static and media files in ``var`` (the database at
    ``database_url`` if given)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SNAPSHOT_S3_BUCKET", "DEBUG"}}
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(
        DJANGO_SETTINGS_MODULE="wegweiser.settings.production",
        WEGWEISER_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        SNAPSHOT_ROOT=str(var / "published"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback interface: no redirect to HTTPS, no HSTS.
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_PRELOAD="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> str:
    """Run ``manage.py`` with the scratch environment; its output is returned (and shown when it fails)."""
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {args[0]} failed (exit {result.returncode})")
    if not quiet:
        print(textwrap.indent(result.stdout.strip(), "    "))
    return result.stdout


#: Run inside Django (``manage.py shell -c``): the full rebuild of one region-language, best of three, and what the
#: load test needs to know. A German page's title changes before each rebuild so that the documents really change
#: and are written (compressed twice, stored, and switched in the database). The title is left changed.
REBUILD_CODE = """
import brotli, gzip, json, re, time
from wagtail.models import Page
from wegweiser.content.models import TopicPage
from wegweiser.publishing.models import Snapshot, snapshot_storage
from wegweiser.publishing.snapshots import build_region_language, region_key, store
from wegweiser.regions.models import RegionPage

region = RegionPage.objects.get(slug=REGION, locale__language_code="de")
page = TopicPage.objects.live().descendant_of(region).filter(locale__language_code="de").first()
title = re.sub(r"( \\(\\d\\))+$", "", page.title)  # without the marks of earlier runs (--reuse)
runs = []
for attempt in range(3):
    Page.objects.filter(pk=page.pk).update(title=f"{title} ({attempt + 1})")
    started = time.perf_counter()
    documents = build_region_language(region, "de")
    built = time.perf_counter()
    report = store(documents)
    runs.append({"build": built - started, "store": time.perf_counter() - built, "written": report.written})
snapshot = Snapshot.objects.get(key=region_key(region.id, "de", "pages"))
raw = next(d.raw for d in documents if d.document == "pages")
started = time.perf_counter()
gzip.compress(raw, compresslevel=9, mtime=0)
gzip_seconds = time.perf_counter() - started
started = time.perf_counter()
brotli.compress(raw, quality=11)
brotli_seconds = time.perf_counter() - started
started = time.perf_counter()
brotli5_size = len(brotli.compress(raw, quality=5))
brotli5_seconds = time.perf_counter() - started
pages = json.loads(raw)
roots = [p for p in pages if p["parent"]["id"] == 0]
print("BENCH_JSON " + json.dumps({
    "runs": runs,
    "region_id": region.id,
    "pages": len(pages),
    "size": snapshot.size, "gzip_size": snapshot.gzip_size, "brotli_size": snapshot.brotli_size,
    "gzip_seconds": gzip_seconds, "brotli_seconds": brotli_seconds,
    "brotli5_size": brotli5_size, "brotli5_seconds": brotli5_seconds,
    "gzip_file": snapshot_storage().path(snapshot.storage_name(suffix=".gz")),
    "root_url": roots[0]["path"].rstrip("/"),
    "page_id": pages[len(pages) // 2]["id"],
}))
"""


@dataclass
class RebuildResult:
    best: float
    build: float
    store: float
    written: int
    info: dict


def measure_rebuild(env: dict[str, str]) -> RebuildResult:
    output = manage(env, "shell", "-c", REBUILD_CODE.replace("REGION", repr(REGION)))
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    info = json.loads(line.removeprefix("BENCH_JSON "))
    best = min(info["runs"], key=lambda run: run["build"] + run["store"])
    return RebuildResult(best["build"] + best["store"], best["build"], best["store"], best["written"], info)


# --- Servers ------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_program(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")


@contextmanager
def server(command: list[str], log: Path, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """A server process in its own session (Ctrl-C reaches only this script), stopped on leaving, whatever happens."""
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's master, then SIGKILL to the process group it leads (its workers) if it lingers."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    with suppress(ProcessLookupError):  # the group is gone when every process of it has ended
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=5)


def fetch(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    """One GET as the apps send it (gzip accepted, no ETag); the body is returned as sent, not decompressed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_until_up(port: int, path: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if fetch(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} within {seconds:.0f} s; see {log}")


NGINX_CONF = """
daemon off;
master_process on;
worker_processes 2;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/body;
    server {{
        listen 127.0.0.1:{port};
        # The precompressed document as a plain file, labelled as gzip: what a CDN or nginx would send.
        location = /pages.json {{
            alias {file};
            default_type application/json;
            add_header Content-Encoding gzip;
            add_header Vary Accept-Encoding;
        }}
    }}
}}
"""


#: Not one of the issue's measurements: a deployment option, nginx in front of gunicorn keeping each answer for a
#: second (as long as a gunicorn worker trusts the ETag it looked up). The app sends ``Cache-Control: no-cache``
#: for browsers, which nginx would obey, hence ``proxy_ignore_headers``.
NGINX_CACHE_CONF = """
daemon off;
master_process on;
worker_processes 2;
{user}
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=api:10m max_size=1g inactive=1m use_temp_path=off;
    upstream wegweiser {{ server 127.0.0.1:{upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://wegweiser;
            proxy_set_header Host $host;
            proxy_cache api;
            proxy_cache_valid 200 1s;
            proxy_cache_lock on;
            proxy_cache_use_stale updating;
            proxy_cache_background_update on;
            proxy_ignore_headers Cache-Control;
            add_header X-Cache-Status $upstream_cache_status;
        }}
    }}
}}
"""


def nginx_command(nginx: str, directory: Path, conf_template: str, **values: object) -> list[str]:
    directory.mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers drop to an unprivileged user that cannot read the private scratch directory.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = directory / "nginx.conf"
    conf.write_text(conf_template.format(user=user, dir=directory, **values))
    return [nginx, "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(conf)]


# --- Load ---------------------------------------------------------------------------------------------------------


@dataclass
class Load:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    body_bytes: int
    encoding: str
    errors: int
    p50_one_ms: float  # p50 with a single connection: the service time without queueing


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(
    url: str, seconds: int, threads: int, connections: int, script: Path | None = None
) -> tuple[float, float, float, int]:
    """Requests/s, p50 ms, p99 ms and the number of failed requests (socket errors and non-2xx/3xx answers)."""
    result = subprocess.run(
        wrk_command(url, seconds, threads, connections, script),
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    return parse_wrk(result.stdout, result.stderr)


def wrk_command(url: str, seconds: int, threads: int, connections: int, script: Path | None = None) -> list[str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip"]
    return [*command, *(["-s", str(script)] if script else []), url]


def parse_wrk(out: str, errors_out: str = "") -> tuple[float, float, float, int]:
    percentiles = {
        match[1]: float(match[2]) * UNITS_MS[match[3]]
        for match in re.finditer(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE)
    }
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.MULTILINE)
    if rate is None or set(percentiles) != {"50", "99"}:
        raise SystemExit(f"cannot read wrk's output:\n{out}\n{errors_out}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx[1]) if non_2xx else 0
    return float(rate[1]), percentiles["50"], percentiles["99"], errors


def measure(name: str, port: int, path: str, args: argparse.Namespace) -> Load:
    status, headers, body = fetch(port, path)
    if status != 200:
        raise SystemExit(f"{name}: GET {path} answered {status}: {body[:300]!r}")
    url = f"http://127.0.0.1:{port}{path}"
    run_wrk(url, args.warmup, args.threads, args.connections)  # fills every worker's per-process document cache
    rate, p50, p99, errors = run_wrk(url, args.seconds, args.threads, args.connections)
    _, p50_one, _, errors_one = run_wrk(url, max(2, args.seconds // 2), 1, 1)
    encoding = headers.get("content-encoding", "identity")
    return Load(name, rate, p50, p99, len(body), encoding, errors + errors_one, p50_one)


def cpu_busy(seconds: float = 2.0) -> float:
    """How busy the CPUs are (0–1, all cores) over a short while: other work on the machine skews the figures."""

    def sample() -> tuple[int, int]:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields) - idle, sum(fields)

    busy_before, total_before = sample()
    time.sleep(seconds)
    busy_after, total_after = sample()
    return (busy_after - busy_before) / max(1, total_after - total_before)


# --- Report -------------------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(loads: list[Load], header: bool = True) -> None:
    if header:
        print(
            f"  {'endpoint':<38} {'requests/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'bytes/response':>17} "
            f"{'p50 ms, 1 conn':>15}  errors"
        )
    for load in loads:
        size = f"{load.body_bytes:,} {'gzip' if load.encoding == 'gzip' else load.encoding}"
        print(
            f"  {load.name:<38} {load.requests_per_second:>10,.0f} {load.p50_ms:>7.2f} {load.p99_ms:>7.2f} "
            f"{size:>17} {load.p50_one_ms:>15.2f}  {load.errors}"
        )


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB"


# --- Main ---------------------------------------------------------------------------------------------------------


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=500, help="pages per language (default 500)")
    parser.add_argument("--languages", type=int, default=8, choices=range(1, 9), help="languages, German first (8)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint (default 10)")
    parser.add_argument("--warmup", type=int, default=2, help="wrk warm-up per endpoint, not counted (default 2)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--workers", default="2,4", help="gunicorn worker counts to try, comma-separated (2,4)")
    parser.add_argument(
        "--gunicorn-threads",
        type=int,
        default=1,
        help="gunicorn --threads (default 1: sync workers, no keep-alive; more: gthread workers with keep-alive)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated content (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (database, dump, logs)")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="the scratch directory of an earlier --keep run: skip generation and import",
    )
    parser.add_argument(
        "--no-proxy-cache",
        dest="proxy_cache",
        action="store_false",
        help="skip the extra rows through an nginx cache in front of gunicorn (a deployment option, not a target)",
    )
    parser.add_argument(
        "--collectstatic",
        action="store_true",
        help="run collectstatic first (slow; the API's requests do not depend on it, see README)",
    )
    return parser.parse_args()


def check_tools() -> str:
    """nginx's path; exits with the install command when wrk or nginx is missing."""
    nginx = find_program("nginx")
    missing = [name for name, found in (("wrk", shutil.which("wrk")), ("nginx", nginx)) if not found]
    if missing:
        sys.stderr.write(f"{' and '.join(missing)} not installed; this benchmark needs them. Install with:\n")
        sys.stderr.write(f"    {INSTALL_HINT}\n")
        raise SystemExit(2)
    for path in (PYTHON, GUNICORN):
        if not path.exists():
            raise SystemExit(f"{path} is missing: run `make` (or install requirements.lock into .venv) first")
    return nginx or ""


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_arguments()
    nginx = check_tools()
    worker_counts = [int(n) for n in args.workers.split(",") if n.strip()]
    languages = ALL_LANGUAGES[: args.languages]
    # SIGTERM ends the run like Ctrl-C does, through the ``finally`` blocks that stop the servers.
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)  # also when started in the background, where SIGINT is ignored
    keep = args.keep or args.reuse is not None
    scratch = args.reuse.resolve() if args.reuse else Path(tempfile.mkdtemp(prefix="wegweiser-bench-"))
    if args.reuse and not (scratch / "var" / "db.sqlite3").exists():
        raise SystemExit(f"{scratch} has no var/db.sqlite3: not the scratch directory of a run with --keep")
    print(f"Scratch directory: {scratch}{' (kept)' if keep else ' (removed at the end; --keep keeps it)'}")
    try:
        run(args, nginx, worker_counts, languages, scratch)
    except KeyboardInterrupt:
        print("\nInterrupted; servers stopped.")
        return 130
    finally:
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


def prepare(args: argparse.Namespace, env: dict[str, str], languages: list[str], scratch: Path) -> None:
    """Generate the dump, migrate a fresh database and import the region (which publishes its snapshots)."""
    dump = scratch / "dump"
    dump.mkdir()

    started = time.perf_counter()
    sizes = generate_dump(dump, args.pages, languages, args.seed)
    print(
        f"Generated {args.pages} pages × {len(languages)} languages ({', '.join(languages)}) in "
        f"{time.perf_counter() - started:.1f} s; pages.de.json is {kib(sizes['de'])}"
    )
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v", "0")
    print(f"Migrated a fresh SQLite database in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    manage(env, "import_integreat", str(dump), "--region", REGION, "--name", "Benchstadt", quiet=False)
    print(f"Imported (including the snapshot rebuild of every language) in {time.perf_counter() - started:.1f} s")


def run(args: argparse.Namespace, nginx: str, worker_counts: list[int], languages: list[str], scratch: Path) -> None:
    env = project_environment(scratch)
    if args.reuse:
        # The code may have gained migrations since the earlier run.
        manage(env, "migrate", "--no-input", "-v", "0")
        print("Reusing the generated region and database of an earlier run (--reuse), migrated to the current code")
    else:
        prepare(args, env, languages, scratch)
    if args.collectstatic:
        started = time.perf_counter()
        manage(env, "collectstatic", "--no-input", "-v", "0")
        print(f"collectstatic in {time.perf_counter() - started:.1f} s")

    rebuild = measure_rebuild(env)
    info = rebuild.info
    print(
        f"Rebuild of {REGION}/de ({info['pages']} pages), best of 3: {rebuild.best:.2f} s "
        f"(building {rebuild.build:.2f} s, compressing + storing {rebuild.store:.2f} s; "
        f"{rebuild.written} documents written)"
    )
    print(
        f"  pages document: {kib(info['size'])} raw, {kib(info['gzip_size'])} gzip "
        f"(level 9: {info['gzip_seconds']:.2f} s), {kib(info['brotli_size'])} brotli "
        f"(quality 11: {info['brotli_seconds']:.2f} s; quality 5 would give {kib(info['brotli5_size'])} "
        f"in {info['brotli5_seconds']:.2f} s)"
    )

    endpoints = [
        ("v3 pages/", f"/api/v3/{REGION}/de/pages/"),
        # The apps send ``url`` percent-encoded and without the trailing slash.
        ("v3 children/ (depth 2)", f"/api/v3/{REGION}/de/children/?url={quote(info['root_url'])}&depth=2"),
        (f"v1 page {info['page_id']}", f"/api/v1/regions/{REGION}/de/pages/{info['page_id']}/"),
    ]
    kind = "sync workers" if args.gunicorn_threads == 1 else "gthread workers"
    print(
        f"\nLoad: wrk -t{args.threads} -c{args.connections} -d{args.seconds}s --latency -H 'Accept-Encoding: gzip' "
        f"(after {args.warmup} s warm-up), no ETag; gunicorn --threads {args.gunicorn_threads} ({kind}), "
        f"DJANGO_SETTINGS_MODULE=wegweiser.settings.production, DEBUG off; {os.cpu_count()} CPU cores shared with wrk"
    )
    for path in endpoints:
        print(f"  {path[0]:<24} GET {path[1]}")
    print(f"  {'static file (nginx)':<24} GET /pages.json = {info['gzip_file']}")

    busy = cpu_busy()
    print(f"\nCPU busy before the load test (other processes): {busy:.0%} of {os.cpu_count()} cores", end="")
    print(" — the machine is not idle: figures will be low and noisy" if busy > 0.15 else "")

    port = free_port()
    command = nginx_command(nginx, scratch / "nginx", NGINX_CONF, port=port, file=info["gzip_file"])
    results: dict[int, list[Load]] = {}  # per worker count: the endpoints, gunicorn's floor, the static file
    with server(command, scratch / "nginx.log") as process:
        wait_until_up(port, "/pages.json", process, scratch / "nginx.log")
        for workers in worker_counts:
            # The static file is measured again next to each worker count, so that every ratio compares figures
            # taken within the same minutes (other work on the machine changes what both get).
            static = measure("static file (nginx, 2 workers)", port, "/pages.json", args)
            loads, cached = load_django(workers, endpoints, env, scratch, nginx, args)
            # The same gunicorn without Django, sending as many bytes as v3 pages/: what gunicorn itself costs.
            hello_env = {**env, "BENCH_BODY_BYTES": str(info["gzip_size"])}
            here = Path(__file__).resolve().parent
            threads = args.gunicorn_threads
            with gunicorn("hello_wsgi:application", workers, threads, hello_env, scratch, "/", here) as hello_port:
                floor = measure("gunicorn floor (WSGI hello, no Django)", hello_port, "/", args)
            results[workers] = [*loads, floor, static]
            print(f"\ngunicorn --workers {workers} --threads {threads}:")
            print_table(results[workers])
            if cached:
                print("  Not a target, a deployment option: nginx in front of the same gunicorn, caching answers 1 s:")
                print_table(cached, header=False)

    best_workers = max(results, key=lambda w: results[w][0].requests_per_second)
    loads, (floor, static) = results[best_workers][: len(endpoints)], results[best_workers][len(endpoints) :]
    ratio = loads[0].requests_per_second / static.requests_per_second
    print(f"\nTargets (gunicorn --workers {best_workers}, the better for v3 pages/):")
    print(
        f"  v3 pages/ throughput ≥ {TARGET_STATIC_RATIO} × static file: {loads[0].requests_per_second:,.0f} / "
        f"{static.requests_per_second:,.0f} = {ratio:.2f}  {verdict(ratio >= TARGET_STATIC_RATIO)}"
        f"  (gunicorn without Django: {floor.requests_per_second / static.requests_per_second:.2f})"
    )
    for load in loads:
        print(
            f"  p50 ≤ {TARGET_P50_MS:g} ms under load, {load.name + ':':<25} {load.p50_ms:6.2f} ms  "
            f"{verdict(load.p50_ms <= TARGET_P50_MS)}  (1 connection: {load.p50_one_ms:.2f} ms)"
        )
    print(
        f"  rebuild of one region-language ≤ {TARGET_REBUILD_S:g} s:   {rebuild.best:6.2f} s   "
        f"{verdict(rebuild.best <= TARGET_REBUILD_S)}"
    )
    if any(load.errors for load in results[best_workers]):
        print("  Note: some requests failed (see the errors column); their figures are not comparable.")


def load_django(
    workers: int,
    endpoints: list[tuple[str, str]],
    env: dict[str, str],
    scratch: Path,
    nginx: str,
    args: argparse.Namespace,
) -> tuple[list[Load], list[Load]]:
    """Wegweiser under gunicorn, then (unless --no-proxy-cache) through a caching nginx in front of it."""
    threads = args.gunicorn_threads
    with gunicorn("wegweiser.wsgi:application", workers, threads, env, scratch, endpoints[0][1]) as port:
        loads = [measure(name, port, path, args) for name, path in endpoints]
        if not args.proxy_cache:
            return loads, []
        cache_port = free_port()
        directory = scratch / f"nginx-cache-{workers}"
        command = nginx_command(nginx, directory, NGINX_CACHE_CONF, port=cache_port, upstream=port)
        with server(command, directory / "nginx.log") as process:
            wait_until_up(cache_port, endpoints[0][1], process, directory / "nginx.log")
            cached = [measure(f"{name} via nginx cache", cache_port, path, args) for name, path in endpoints]
    return loads, cached


@contextmanager
def gunicorn(
    app: str, workers: int, threads: int, env: dict[str, str], scratch: Path, ready_path: str, directory: Path = ROOT
) -> Iterator[int]:
    """gunicorn as production would run it (no access log), on a free port, stopped on leaving."""
    port = free_port()
    log = scratch / f"gunicorn-{app.split(':')[0]}-{workers}.log"
    command = [str(GUNICORN), app, "--workers", str(workers), "--threads", str(threads), "--chdir", str(directory)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    with server(command, log, env) as process:
        wait_until_up(port, ready_path, process, log)
        yield port


if __name__ == "__main__":
    sys.exit(main())
