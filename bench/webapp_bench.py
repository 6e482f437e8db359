#!/usr/bin/env python3
"""Speed budget of the newcomer web app: Debian's Chromium under Slow 4G with a 4× slower CPU.

What it does, in one run (see bench/README.md):

1. sets up a scratch copy of the demo (``migrate``, ``load_demo``, ``rebuild_snapshots``, ``collectstatic`` in a
   temporary directory) and serves it with gunicorn and the production settings on a free port — or, with
   ``--url``, measures a server that is already running (``make run``);
2. for the start page, a topic page, the events and the places of a region, in German and Arabic: a first visit
   in a fresh browser context (cold cache), then a repeat visit in a new tab of the same context;
3. prints FCP, LCP and the bytes each visit took from the network, and PASS/MISS against the budget:
   ≤ 100 KB (non-image) before the content is visible, LCP ≤ 2.5 s, repeat visits from the cache.

Run it with the project's virtualenv: ``.venv/bin/python bench/webapp_bench.py`` (``--help`` for options). It
prints figures and asserts nothing; it exits 0 whatever the figures, 2 if Chromium is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The helpers of the API benchmark: the scratch environment, manage.py, gunicorn on a free port, PASS/MISS.
from api_bench import GUNICORN, PYTHON, cpu_busy, gunicorn, manage, project_environment, verdict
from playwright.sync_api import Browser, BrowserContext, Error, Request, ViewportSize, sync_playwright

CHROMIUM = os.environ.get("WEGWEISER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}

# Lighthouse's "Slow 4G" (its default for mobile): 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up, as DevTools
# applies them: per-request latency × 3.75, throughput × 0.9 (kbit = 1024 bit).
LATENCY_MS = 150 * 3.75
DOWNLOAD_BYTES_PER_S = 1.6 * 1024 * 1024 / 8 * 0.9  # ≈ 184 KiB/s
UPLOAD_BYTES_PER_S = 750 * 1024 / 8 * 0.9  # ≈ 84 KiB/s
CPU_SLOWDOWN = 4

# The budget (KB = 1024 bytes).
TARGET_BYTES_BEFORE_CONTENT = 100 * 1024
TARGET_LCP_MS = 2500.0

#: How long the repeat visit waits for a service worker that the first visit registered.
SERVICE_WORKER_WAIT_MS = 3000

#: FCP and the last LCP candidate after the load event (LCP may move while late content paints), and the
#: navigation's responseEnd, to place the network events on the page's timeline.
PAINT_JS = """() => new Promise((resolve) => {
  let lcp = null;
  const describe = (element) => {
    if (!element) return null;
    const classes = typeof element.className === "string" ? element.className.split(/\\s+/).filter(Boolean) : [];
    return element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + classes.map((c) => "." + c).join("");
  };
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) lcp = entry; })
    .observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const navigation = performance.getEntriesByType("navigation")[0];
    resolve({
      fcp: fcp ? fcp.startTime : null,
      lcp: lcp ? lcp.startTime : null,
      lcpElement: lcp ? describe(lcp.element) : null,
      responseEnd: navigation ? navigation.responseEnd : null,
      timeOrigin: performance.timeOrigin,
    });
  }, 1000);
})"""

#: Waits up to ``ms`` for the service worker the page registered, if it registered one; says how far it got.
SERVICE_WORKER_JS = """async (ms) => {
  if (!("serviceWorker" in navigator)) return "unsupported";
  if (!(await navigator.serviceWorker.getRegistration())) return "none";
  const ready = navigator.serviceWorker.ready.then(() => "active");
  const state = await Promise.race([ready, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
  if (state) return state;
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return "failed";  // a worker whose install fails is unregistered again
  return registration.installing ? "installing" : registration.waiting ? "waiting" : "not ready";
}"""


# --- Measuring one visit ------------------------------------------------------------------------------------------

SLOW_4G = {
    "offline": False,
    "latency": LATENCY_MS,
    "downloadThroughput": DOWNLOAD_BYTES_PER_S,
    "uploadThroughput": UPLOAD_BYTES_PER_S,
}


@dataclass
class Transfer:
    """One request of the page as DevTools saw it, or one the service worker sent to the network itself."""

    url: str
    kind: str = ""  # DevTools' resource type: Document, Stylesheet, Script, Image, Font, Fetch, …
    mime: str = ""
    source: str = "network"  # network, service worker (answered by it), cache
    by_worker: bool = False  # sent by the service worker (to the network), not by the page
    finished: float | None = None  # DevTools' monotonic clock, seconds (the page's requests)
    at_ms: float | None = None  # when it finished, on the page's timeline (as FCP and LCP are)
    encoded_bytes: int = 0  # what came over the network: headers + (compressed) body
    took_ms: float | None = None  # from the request to its end (the service worker's fetches)

    @property
    def is_image(self) -> bool:
        return self.kind.lower() == "image" or self.mime.startswith("image/")

    @property
    def over_network(self) -> bool:
        return self.source == "network"


@dataclass
class Visit:
    status: int = 0
    fcp_ms: float | None = None
    lcp_ms: float | None = None
    lcp_element: str | None = None
    document_source: str = ""
    service_worker: str = ""
    responses: list[Transfer] = field(default_factory=list)

    def before_content(self) -> list[Transfer]:
        """Responses that finished before the content was visible (LCP, or FCP if the page reported no LCP)."""
        visible = self.lcp_ms if self.lcp_ms is not None else self.fcp_ms
        if visible is None:
            return self.responses
        return [r for r in self.responses if r.at_ms is not None and r.at_ms <= visible]

    @property
    def bytes_before_content(self) -> int:
        """Non-image bytes the page itself took from the network before the content was visible. What a service
        worker fetches meanwhile (precaching) is not what the content waited for: it counts in ``network_bytes``."""
        return sum(r.encoded_bytes for r in self.page_before_content() if not r.is_image)

    def page_before_content(self) -> list[Transfer]:
        """The page's own requests (not its service worker's) over the network before the content was visible."""
        return [r for r in self.network_before_content if not r.by_worker]

    @property
    def network_bytes(self) -> int:
        """Everything this visit took from the network: the page's requests and the service worker's own."""
        return sum(r.encoded_bytes for r in self.responses if r.over_network)

    @property
    def network_before_content(self) -> list[Transfer]:
        return [r for r in self.before_content() if r.over_network]

    @property
    def from_cache(self) -> bool:
        """The HTML came from a cache (the HTTP cache, or the worker's caches) and so did everything else the page
        itself loaded before the content was visible. The worker may still refresh its copy in the background."""
        cached = self.document_source in {"cache", "sw cache-storage", "sw http-cache"}
        return cached and not self.page_before_content()


class Recorder:
    """Collects DevTools' network events of one page."""

    def __init__(self) -> None:
        self.responses: dict[str, Transfer] = {}
        self.document_id: str | None = None

    def request(self, event: dict[str, Any]) -> None:
        response = self.responses.setdefault(event["requestId"], Transfer(event["request"]["url"]))
        response.kind = event.get("type", response.kind)
        if event.get("type") == "Document" and self.document_id is None:
            self.document_id = event["requestId"]

    def response(self, event: dict[str, Any]) -> None:
        response = self.responses.setdefault(event["requestId"], Transfer(event["response"]["url"]))
        data = event["response"]
        response.kind = event.get("type", response.kind)
        response.mime = data.get("mimeType", "")
        if data.get("fromServiceWorker"):
            # Where the worker got it: cache-storage, http-cache, network or fallback-code (its own fetch()).
            response.source = "sw " + data.get("serviceWorkerResponseSource", "?")
        elif data.get("fromDiskCache") or data.get("fromPrefetchCache"):
            response.source = "cache"

    def from_memory_cache(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.responses:
            self.responses[event["requestId"]].source = "cache"

    def finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.responses:
            response = self.responses[event["requestId"]]
            response.finished = event["timestamp"]
            response.encoded_bytes = int(event.get("encodedDataLength", 0))


class WorkerThrottle:
    """Slow 4G for service workers too. DevTools' emulation is per target: the page's does not reach the requests
    a service worker sends itself (its precaching, or a network-first fetch of the page). Every service worker
    gets the same conditions through a browser-level DevTools session, as soon as it appears and again before
    each visit (CPU throttling is for pages only)."""

    def __init__(self, browser: Browser):
        self.session = browser.new_browser_cdp_session()
        self.sessions: dict[str, str] = {}  # service worker target → our DevTools session with it
        self.errors: list[str] = []
        self.sent = 0
        self.session.on("Target.targetCreated", self._found)
        self.session.on("Target.targetInfoChanged", self._found)
        self.session.on("Target.targetDestroyed", self._gone)
        self.session.on("Target.receivedMessageFromTarget", self._answer)
        self.session.send("Target.setDiscoverTargets", {"discover": True})

    def again(self) -> None:
        for info in self.session.send("Target.getTargets")["targetInfos"]:
            if info["type"] == "service_worker":
                self._throttle(info["targetId"])

    def _gone(self, event: dict[str, Any]) -> None:
        self.sessions.pop(event["targetId"], None)

    def _found(self, event: dict[str, Any]) -> None:
        info = event["targetInfo"]
        if info["type"] == "service_worker" and info["targetId"] not in self.sessions:
            self._throttle(info["targetId"])

    def _throttle(self, target_id: str) -> None:
        try:
            if target_id not in self.sessions:
                attached = self.session.send("Target.attachToTarget", {"targetId": target_id, "flatten": False})
                self.sessions[target_id] = attached["sessionId"]
            for method, params in [("Network.enable", {}), ("Network.emulateNetworkConditions", SLOW_4G)]:
                self.sent += 1  # the ids of a session's messages must differ
                message = json.dumps({"id": self.sent, "method": method, "params": params})
                self.session.send(
                    "Target.sendMessageToTarget", {"sessionId": self.sessions[target_id], "message": message}
                )
        except Error:  # the worker has gone in the meantime
            self.sessions.pop(target_id, None)

    def _answer(self, event: dict[str, Any]) -> None:
        message = json.loads(event["message"])
        if "error" in message:
            self.errors.append(f"service worker {event.get('targetId')}: {message['error'].get('message')}")


def visit(context: BrowserContext, url: str, throttle: WorkerThrottle) -> Visit:
    """Open ``url`` in a new tab of ``context`` under Slow 4G and a 4× slower CPU; measure until it is quiet."""
    throttle.again()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    recorder = Recorder()
    cdp.on("Network.requestWillBeSent", recorder.request)
    cdp.on("Network.responseReceived", recorder.response)
    cdp.on("Network.requestServedFromCache", recorder.from_memory_cache)
    cdp.on("Network.loadingFinished", recorder.finished)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    # The requests a service worker sends itself are not the page's, and DevTools' page session does not see
    # them; Playwright reports them.
    worker_requests: list[Request] = []

    def worker_request(request: Request) -> None:
        if request.service_worker is not None:
            worker_requests.append(request)

    context.on("requestfinished", worker_request)
    result = Visit()
    try:
        response = page.goto(url, wait_until="load", timeout=180_000)
        result.status = response.status if response else 0
        paint = page.evaluate(PAINT_JS)
        result.service_worker = page.evaluate(SERVICE_WORKER_JS, SERVICE_WORKER_WAIT_MS)
        # What the page (and a new service worker) still fetch after the load event belongs to the visit.
        with suppress(Error):
            page.wait_for_load_state("networkidle", timeout=15_000)
    finally:
        context.remove_listener("requestfinished", worker_request)
    result.fcp_ms, result.lcp_ms, result.lcp_element = paint["fcp"], paint["lcp"], paint["lcpElement"]
    # DevTools' clock is monotonic; the page's timeline starts at the navigation. The document's end ties them.
    document = recorder.responses.get(recorder.document_id or "")
    offset_ms = None
    if document is not None:
        result.document_source = document.source
        if document.finished is not None and paint["responseEnd"] is not None:
            offset_ms = document.finished * 1000 - paint["responseEnd"]
    for transfer in recorder.responses.values():
        if transfer.finished is not None and offset_ms is not None:
            transfer.at_ms = transfer.finished * 1000 - offset_ms
        result.responses.append(transfer)
    for request in worker_requests:
        sizes = request.sizes()
        size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        timing = request.timing  # wall clock, ms since the epoch, as the page's performance.timeOrigin
        served = request.response()
        result.responses.append(
            Transfer(
                request.url,
                kind=request.resource_type,
                mime=(served.header_value("content-type") or "") if served else "",
                source="network" if size else "cache",  # nothing received: the HTTP cache answered
                by_worker=True,
                at_ms=timing["startTime"] + timing["responseEnd"] - paint["timeOrigin"],
                encoded_bytes=size,
                took_ms=timing["responseEnd"],
            )
        )
    cdp.detach()
    page.close()
    return result


# --- The pages ----------------------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    language: str
    path: str


@dataclass
class Row:
    target: Target
    missing: str = ""  # why it was not measured, e.g. "missing (404)"
    first: Visit | None = None
    repeat: Visit | None = None


def get(base: str, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def topic_paths(base: str, region: str, languages: list[str]) -> dict[str, str]:
    """A topic page below the start page, with content, in each language: the first such page of the German list
    (``/api/v3/<region>/de/pages/``) that is translated into all ``languages``, else the first at all."""
    status, body = get(base, f"/api/v3/{region}/de/pages/")
    if status != 200:
        return {}
    pages = [page for page in json.loads(body) if page.get("content") and page["parent"]["id"]]
    for page in pages:
        paths = {code: link["path"] for code, link in page["available_languages"].items()}
        paths["de"] = page["path"]
        if all(language in paths for language in languages):
            return paths
    if not pages:
        return {}
    return {"de": pages[0]["path"], **{c: link["path"] for c, link in pages[0]["available_languages"].items()}}


def targets(base: str, region: str, languages: list[str]) -> list[Target]:
    topics = topic_paths(base, region, languages)
    result = []
    for language in languages:
        result.append(Target("home", language, f"/{region}/{language}/"))
        result.append(Target("topic page", language, topics.get(language, f"/{region}/{language}/(no topic page)/")))
        result.append(Target("events", language, f"/{region}/{language}/events/"))
        result.append(Target("places", language, f"/{region}/{language}/locations/"))
    return result


def measure(browser: Browser, throttle: WorkerThrottle, base: str, target: Target) -> Row:
    row = Row(target)
    status, _ = get(base, target.path)
    if status != 200:
        row.missing = f"missing ({status})"
        return row
    context = browser.new_context(base_url=base, viewport=PHONE, locale=target.language, timezone_id="Europe/Berlin")
    try:
        row.first = visit(context, target.path, throttle)
        row.repeat = visit(context, target.path, throttle)
    finally:
        context.close()
    return row


# --- Report -------------------------------------------------------------------------------------------------------


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def seconds(ms: float | None) -> str:
    return "—" if ms is None else f"{ms / 1000:.2f}"


def print_rows(rows: list[Row]) -> None:
    print(f"\n  {'':<16}   {' first visit ':-^42}   {' repeat visit ':-^38}")
    print(
        f"  {'page':<11} {'lang':<4}   {'KB before content':>17} {'KB total':>9} {'FCP s':>6} {'LCP s':>6}   "
        f"{'KB network':>10} {'HTML from':>17} {'LCP s':>7}   service worker"
    )
    for row in rows:
        name = f"  {row.target.name:<11} {row.target.language:<4}"
        if row.missing or row.first is None or row.repeat is None:
            print(f"{name}   {row.missing:<17} {row.target.path}")
            continue
        first, repeat = row.first, row.repeat
        print(
            f"{name}   {kb(first.bytes_before_content):>17} {kb(first.network_bytes):>9} {seconds(first.fcp_ms):>6} "
            f"{seconds(first.lcp_ms):>6}   {kb(repeat.network_bytes):>10} {repeat.document_source:>17} "
            f"{seconds(repeat.lcp_ms):>7}   {first.service_worker}"
        )


def print_details(rows: list[Row]) -> None:
    print(
        "\n  What the page took from the network before its content was visible (largest first, KB; images left out on"
        "\n  the first visit), the LCP element, and what the service worker fetched (sw, … ms: how long it took):"
    )
    for row in rows:
        if row.first is None or row.repeat is None:
            continue
        print(f"  {row.target.name} {row.target.language} {row.target.path}: LCP <{row.first.lcp_element}>")
        for name, visit in (("first visit: ", row.first), ("repeat visit:", row.repeat)):
            page = [r for r in visit.page_before_content() if not (r.is_image and visit is row.first)]
            print(f"      {name} {listing(page)}")
            fetched = [r for r in visit.responses if r.by_worker and r.over_network]
            if fetched:
                before = [r for r in visit.network_before_content if r.by_worker]
                print(
                    f"      {'':<13} the service worker: {len(fetched)} request(s), "
                    f"{kb(sum(r.encoded_bytes for r in fetched))} KB; before the content: {listing(before)}"
                )


def listing(responses: list[Transfer]) -> str:
    if not responses:
        return "nothing"
    ordered = sorted(responses, key=lambda r: -r.encoded_bytes)
    return ", ".join(f"{short(r.url)}{worker(r)} {kb(r.encoded_bytes)}" for r in ordered)


def worker(transfer: Transfer) -> str:
    if not transfer.by_worker:
        return ""
    return f" (sw, {transfer.took_ms:.0f} ms)" if transfer.took_ms is not None else " (sw)"


def short(url: str) -> str:
    path = "/" + url.split("://", 1)[-1].split("/", 1)[-1]
    return path if len(path) <= 48 else path[:22] + "…" + path[-25:]


def print_targets(rows: list[Row]) -> None:
    measured = [row for row in rows if row.first is not None and row.repeat is not None]
    print(f"\nTargets ({len(measured)} of {len(rows)} pages measured):")
    for row in rows:
        label = f"{row.target.name} {row.target.language}"
        if row.first is None or row.repeat is None:
            print(f"  {label:<15} {row.missing}")
            continue
        first, repeat = row.first, row.repeat
        before = first.bytes_before_content
        own = [r for r in repeat.network_before_content if not r.by_worker]
        small = before <= TARGET_BYTES_BEFORE_CONTENT
        print(
            f"  {label:<15} ≤ 100 KB before content: {kb(before):>5} KB {verdict(small)}"
            f"   LCP ≤ 2.5 s: {seconds(first.lcp_ms):>5} s {verdict(lcp_ok(first))}"
            f"   repeat visit from the cache: {verdict(repeat.from_cache and lcp_ok(repeat))}"
        )
        print(
            f"  {'':<15} (repeat visit: HTML from {repeat.document_source or '?'}, {len(own)} other request(s) of the "
            f"page over the network before the content, LCP {seconds(repeat.lcp_ms)} s)"
        )


def lcp_ok(visit: Visit) -> bool:
    return visit.lcp_ms is not None and visit.lcp_ms <= TARGET_LCP_MS


# --- Server -------------------------------------------------------------------------------------------------------


@contextmanager
def demo_server(scratch: Path, workers: int, threads: int, reuse: bool) -> Iterator[str]:
    """The demo in a scratch directory, served by gunicorn with the production settings; yields the base URL.
    ``reuse``: the directory holds the demo already (``--keep``); the code may have changed since, so everything
    but loading the demo runs again."""
    env = project_environment(scratch)
    steps = [
        ("migrate", ["migrate", "--no-input", "-v", "0"]),
        ("load_demo", ["load_demo"]),
        ("rebuild_snapshots", ["rebuild_snapshots"]),
        ("collectstatic", ["collectstatic", "--no-input", "-v", "0"]),
    ]
    for name, arguments in steps:
        if reuse and name == "load_demo":
            continue
        started = time.perf_counter()
        manage(env, *arguments)
        print(f"  {name}: {time.perf_counter() - started:.1f} s")
    # gthread workers keep connections alive, as a browser expects (sync workers close each one).
    with gunicorn("wegweiser.wsgi:application", workers, threads, env, scratch, "/") as port:
        settings = env["DJANGO_SETTINGS_MODULE"]
        print(f"  gunicorn --workers {workers} --threads {threads}, DJANGO_SETTINGS_MODULE={settings}")
        yield f"http://127.0.0.1:{port}"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", help="measure this running server (e.g. http://127.0.0.1:8000) instead of a scratch one"
    )
    parser.add_argument("--region", default="musterstadt", help="the region's slug (default musterstadt)")
    parser.add_argument("--languages", default="de,ar", help="comma-separated (default de,ar)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of the scratch server (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (database, logs)")
    parser.add_argument(
        "--reuse", type=Path, metavar="DIR", help="the scratch directory of an earlier --keep run: skips load_demo"
    )
    return parser.parse_args()


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_arguments()
    if not Path(CHROMIUM).exists():
        sys.stderr.write(f"{CHROMIUM} not found: sudo apt-get install -y chromium (or set WEGWEISER_CHROMIUM)\n")
        return 2
    if not args.url:
        for path in (PYTHON, GUNICORN):
            if not path.exists():
                raise SystemExit(f"{path} is missing: run `make` (or install requirements.lock into .venv) first")
    signal.signal(signal.SIGTERM, interrupt)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    if args.reuse and not (args.reuse / "var" / "db.sqlite3").exists():
        raise SystemExit(f"{args.reuse} has no var/db.sqlite3: not the scratch directory of a run with --keep")
    scratch = args.reuse.resolve() if args.reuse else Path(tempfile.mkdtemp(prefix="wegweiser-webapp-bench-"))
    try:
        with server_or_url(args, scratch) as base:
            run(base, args.region, languages)
    except KeyboardInterrupt:
        print("\nInterrupted; server stopped.")
        return 130
    finally:
        if args.keep or args.reuse:
            print(f"Scratch directory kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


@contextmanager
def server_or_url(args: argparse.Namespace, scratch: Path) -> Iterator[str]:
    if args.url:
        yield args.url.rstrip("/")
        return
    print(f"Setting up the demo in {scratch} (production settings, SQLite):")
    with demo_server(scratch, args.workers, args.threads, reuse=args.reuse is not None) as base:
        yield base


def run(base: str, region: str, languages: list[str]) -> None:
    print(
        f"\nServer {base}; Chromium {CHROMIUM}, {PHONE['width']}×{PHONE['height']} viewport; Slow 4G "
        f"({LATENCY_MS:g} ms latency, {DOWNLOAD_BYTES_PER_S / 1024:.0f} KiB/s down, "
        f"{UPLOAD_BYTES_PER_S / 1024:.0f} KiB/s up) and CPU × {CPU_SLOWDOWN} slower, through DevTools"
    )
    busy = cpu_busy()
    print(
        f"CPU busy before measuring (other processes): {busy:.0%} of {os.cpu_count()} cores"
        + (" — the machine is not idle: LCP and FCP will be slower and noisier" if busy > 0.15 else "")
    )
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}")
        throttle = WorkerThrottle(browser)
        try:
            for target in targets(base, region, languages):
                started = time.perf_counter()
                rows.append(measure(browser, throttle, base, target))
                print(
                    f"  measured {target.name} {target.language} {target.path} "
                    f"({rows[-1].missing or f'{time.perf_counter() - started:.0f} s'})"
                )
        finally:
            browser.close()
    for error in throttle.errors:
        print(f"  Note: a service worker could not be slowed down: {error}")
    print_rows(rows)
    print_details(rows)
    print_targets(rows)


if __name__ == "__main__":
    sys.exit(main())
