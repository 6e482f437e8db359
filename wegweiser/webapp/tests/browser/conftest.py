"""Fixtures of the browser tests: Debian's Chromium, driven by Playwright, reads the demo from a live server.

- ``live_url``: the base URL of a live server (a thread of this process) that serves the demo, which
  ``wegweiser/conftest.py`` loads once per session. Requesting it gives the test database access (``db``).
- ``browser``: Chromium (``/usr/bin/chromium``, or ``$WEGWEISER_CHROMIUM``), headless, one for all the tests of
  this directory.
- ``new_context(locale="de-DE", **options)`` / ``new_page(locale="de-DE", **options)``: a fresh browser context
  (a phone: 390×844, Europe/Berlin, ``base_url=live_url``) and a page in it. ``options`` go to
  ``Browser.new_context``: ``geolocation={...}, permissions=["geolocation"]``, ``offline=True``,
  ``color_scheme="dark"``, ``bypass_csp=False`` (the default bypasses the Content-Security-Policy, which forbids
  Playwright's own scripts), …  Contexts are closed after the test.
- ``context`` / ``page``: the same with the defaults; ``@pytest.mark.parametrize("browser_locale", ["ar"])``
  changes their locale.
- ``page_errors``: console errors and uncaught exceptions of the test's pages. The test fails if it is not empty
  at the end; a test that expects an error checks it and calls ``page_errors.clear()``. The error Chromium logs
  for a page whose own status is 4xx/5xx is left out (the test sees the status); a failed image, script,
  stylesheet or /favicon.ico (asked for when a page has no icon link) counts, but for the tab's icon while a test
  has cut the network (the browser fetches it past the service worker).

Why not pytest-django's ``live_server``: requesting it makes the test transactional (pytest-django's autouse
``_live_server_helper`` requests ``transactional_db``), and a transactional test ends by flushing every table —
the demo, loaded once per session, would be gone for every later test. Here the tests stay ordinary ``db`` tests
(wrapped in a transaction that is rolled back) and the server reads what the session setup committed:

- SQLite (in memory): the server thread and its request threads share the test thread's connection, as in
  Django's LiveServerTestCase, so they see the demo and anything the test wrote; what they write (feedback…)
  is rolled back with the test.
- PostgreSQL: the server's threads open their own connections and see committed data only: the demo, not what
  the test itself writes through the ORM. What the browser writes through the server is committed and stays
  for the rest of the session, so browser tests should write only what no other test counts on (feedback is
  fine).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    ViewportSize,
    WebError,
    sync_playwright,
)

CHROMIUM = os.environ.get("WEGWEISER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No internet here: without these, Chromium keeps trying Google's services and floods refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
PHONE: ViewportSize = {"width": 390, "height": 844}
HOST = "127.0.0.1"
FAILED_LOAD = "Failed to load resource: the server responded with a status of"
#: What the browser tests of other apps take over (``from wegweiser.webapp.tests.browser.conftest import *``).
__all__ = [
    "_live_server_helper",
    "browser",
    "browser_locale",
    "context",
    "demo_server",
    "live_url",
    "new_context",
    "new_page",
    "page",
    "page_errors",
    "pytest_runtest_call",
]


@pytest.fixture(autouse=True)
def _live_server_helper(request: pytest.FixtureRequest) -> None:
    """Replaces pytest-django's helper of the same name (for this directory): transactional tests would flush
    the session's demo away for every later test (see the module's docstring)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and bool(marker.kwargs.get("transaction", marker.args[:1] == (True,)))
    if transactional or {"live_server", "transactional_db"} & set(request.fixturenames):
        pytest.fail(
            "Browser tests use `live_url` and ordinary `db` tests: pytest-django's `live_server`, `transactional_db` "
            "and django_db(transaction=True) flush the database after the test, and the demo with it.",
            pytrace=False,
        )


class RequestsInFlight:
    """WSGI middleware that counts the requests the live server is answering. After a test, the server may still
    be answering a request the closed page had started: the test's database transaction must wait for it."""

    def __init__(self, app: Callable[..., Any]):
        self.app = app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with self.changed:
            self.count += 1
        try:
            return _ClosedThen(self.app(environ, start_response), self._done)
        except BaseException:
            self._done()
            raise

    def _done(self) -> None:
        # No database connection stays open in the thread of a kept-alive HTTP connection: on PostgreSQL it would
        # keep the test database from being dropped at the end. (The shared in-memory SQLite one does not close.)
        connections.close_all()
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


class _ClosedThen:
    """A WSGI response body that calls ``then`` once the server has closed it."""

    def __init__(self, body: Any, then: Callable[[], None]):
        self.body = body
        self.then = then

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.then()


@pytest.fixture(scope="package")
def demo_server(django_db_setup: None, browser: Browser) -> Iterator[LiveServerThread]:
    """A threaded WSGI server on a free port of 127.0.0.1, serving the app and its static files (from the apps'
    static directories, no collectstatic needed), while this directory's tests run. Use ``live_url``.

    It starts after the browser: from then on the test thread has other database connections (see ``browser``),
    and on SQLite the server must share the one the tests' transactions run on."""
    shared = {
        connection.alias: connection
        for connection in connections.all()
        if connection.vendor == "sqlite" and connection.is_in_memory_db()
    }
    thread = LiveServerThread(HOST, _counted_static_files, connections_override=shared, port=0)
    thread.daemon = True
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield thread
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


def _counted_static_files(app: Callable[..., Any]) -> RequestsInFlight:
    return RequestsInFlight(StaticFilesHandler(app))


@pytest.fixture
def live_url(demo_server: LiveServerThread, db: None, settings: Any) -> Iterator[str]:
    """The live server's base URL, e.g. ``http://127.0.0.1:41235`` (no trailing slash)."""
    if HOST not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    yield f"http://{HOST}:{demo_server.port}"
    # Before the test's transaction is rolled back and the database blocked again.
    demo_server.httpd.get_app().wait_until_idle(timeout=10)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the tests of this directory, stopped after the last of them.

    While Playwright's sync API runs, its event loop is registered as the running loop of the test thread. So:

    - Django would take every ORM call of the test thread (the ``db`` fixture's transaction) for one from async
      code and raise SynchronousOnlyOperation, hence DJANGO_ALLOW_ASYNC_UNSAFE meanwhile: these calls are
      synchronous all the same.
    - Django's connections are then looked up per context, not per thread (asgiref's Local): the test thread gets
      new database connections, which the tests of this directory use (the browser, a package fixture, starts
      before any test's ``db``), and which are closed here at the end. On PostgreSQL an unclosed one would keep
      the test database from being dropped.
    - asyncio.run() or asgiref's async_to_sync() would fail in the test thread, which is why the browser does not
      live for the whole session: the tests after these run without that loop, on the thread's usual connections.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found. The browser tests use Debian's Chromium: `apt-get install chromium` "
            "(or point WEGWEISER_CHROMIUM to a Chromium binary). Never `playwright install`.",
            pytrace=False,
        )
    allow_async_unsafe = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                connections.close_all()  # the ones opened while the loop ran, before they become unreachable
                chromium.close()
    finally:
        if allow_async_unsafe is None:
            del os.environ[ASYNC_UNSAFE]
        else:
            os.environ[ASYNC_UNSAFE] = allow_async_unsafe


@pytest.fixture
def page_errors() -> list[str]:
    """Console errors and uncaught exceptions of every page of the test, as text."""
    return []


class ContextFactory:
    """``new_context``: makes browser contexts for one test, watches their errors, closes them afterwards."""

    def __init__(self, browser: Browser, base_url: str, errors: list[str]):
        self.browser = browser
        self.base_url = base_url
        self.errors = errors
        self.contexts: list[BrowserContext] = []

    def __call__(self, locale: str = "de-DE", **options: Any) -> BrowserContext:
        # Playwright's string predicates (wait_for_function) and added scripts (axe) run as page scripts, which the
        # Content-Security-Policy forbids: the policy is enforced where a test asks for it, ``bypass_csp=False``
        # (wegweiser/security/tests/browser).
        options = {
            "base_url": self.base_url,
            "viewport": PHONE,
            "timezone_id": "Europe/Berlin",
            "bypass_csp": True,
            **options,
        }
        context = self.browser.new_context(locale=locale, **options)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(20_000)
        context.on("console", self._console)
        context.on("weberror", self._uncaught)
        self.contexts.append(context)
        return context

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location
        if message.page is not None and where["url"] == message.page.url and message.text.startswith(FAILED_LOAD):
            return  # the page's own status (a 404 page on purpose, say): the test checks the response
        if where["url"].endswith("/webapp/icon.svg") and "ERR_INTERNET_DISCONNECTED" in message.text:
            return  # the browser fetches the tab's icon itself, past the service worker: offline, that fails
        if where["url"].endswith("/api/v1/views/") and "ERR_INTERNET_DISCONNECTED" in message.text:
            return  # views on their way when the connection went: they wait in the queue (test_view_counting.py)
        self.errors.append(f"console error at {where['url']}:{where['lineNumber']}: {message.text}")

    def _uncaught(self, error: WebError) -> None:
        page = error.page.url if error.page else "a page"
        self.errors.append(f"uncaught exception in {page}: {error.error.message}")

    def settle(self) -> None:
        """Let Playwright deliver the events still on their way: it does so only while the test calls it."""
        for context in self.contexts:
            for page in context.pages:
                with suppress(Error):
                    page.evaluate("0")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_context(browser: Browser, live_url: str, page_errors: list[str]) -> Iterator[ContextFactory]:
    factory = ContextFactory(browser, live_url, page_errors)
    yield factory
    factory.close()


@pytest.fixture
def new_page(new_context: ContextFactory) -> Callable[..., Page]:
    def make(locale: str = "de-DE", **options: Any) -> Page:
        return new_context(locale, **options).new_page()

    return make


@pytest.fixture
def browser_locale() -> str:
    """The locale of ``context`` and ``page``; parametrize it to change it."""
    return "de-DE"


@pytest.fixture
def context(new_context: ContextFactory, browser_locale: str) -> BrowserContext:
    return new_context(browser_locale)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A test that passed fails after all if its pages logged console errors or threw uncaught exceptions."""
    yield
    funcargs: dict[str, Any] = getattr(item, "funcargs", {})
    factory = funcargs.get("new_context")
    if isinstance(factory, ContextFactory):
        factory.settle()
        if factory.errors:
            errors = "\n".join(f"  {error}" for error in factory.errors)
            pytest.fail(
                f"The page logged errors (call page_errors.clear() if they are expected):\n{errors}", pytrace=False
            )
