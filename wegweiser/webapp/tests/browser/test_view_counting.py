"""Counting what newcomers read, in Chromium (counting.js): each opened item once, queued on the device, sent in
batches to ``POST /api/v1/views/``, later when read offline; nothing about the reader goes with it.

Most tests answer the endpoint themselves (``FakeCounter``: the batches as the browser sent them, and the answer a
test wants: 202, a failure, a refusal, none yet); the last ones go through to the real endpoint (API v1, counting in
``wegweiser.insights.counting``) and find the ``View`` rows or watch what the live server answered.
"""

import io
import json
import time
from contextlib import suppress
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Error, Page, Route, expect

from wegweiser.insights.models import View
from wegweiser.webapp.reading import Guide
from wegweiser.webapp.tests.browser import axe, format_violations
from wegweiser.webapp.tests.browser.test_offline import first, read_offline, save, titles

QUEUE = "wegweiser:views-queue"
ENDPOINT = "/api/v1/views/"
TOPIC = "/musterstadt/de/gesundheit/"
QUEUED = f"JSON.parse(localStorage.getItem('{QUEUE}') || '[]')"
EMPTIED = f"localStorage.getItem('{QUEUE}') === null"
PHONE_BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)


class FakeCounter:
    """Answers ``POST /api/v1/views/`` for a browser context: keeps each batch as sent, answers with ``status``
    (a number, ``"offline"`` for a connection that fails, or ``"hold"`` to answer later: ``held``)."""

    def __init__(self, context: BrowserContext, status: int | str = 202):
        self.batches: list[dict] = []
        self.held: list[Route] = []
        self.status = status
        context.route(f"**{ENDPOINT}", self.answer)

    def answer(self, route: Route) -> None:
        request = route.request
        self.batches.append({"method": request.method, "headers": request.all_headers(), "body": request.post_data})
        if self.status == "offline":
            route.abort("internetdisconnected")
            return
        if self.status == "hold":
            self.held.append(route)
            return
        views = json.loads(request.post_data or "{}").get("views", [])
        route.fulfill(status=int(self.status), json={"counted": len(views), "ignored": 0})

    @property
    def sent(self) -> list[list[dict]]:
        """The views of each batch, in the order they were sent."""
        return [json.loads(batch["body"])["views"] for batch in self.batches]


def today() -> str:
    """The reader's date: the test browsers live in Europe/Berlin (see conftest.py)."""
    return datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()


def item(language: str, document: str, index: int = 0) -> dict:
    return Guide.of("musterstadt", language).items(document)[index]


def topic(path: str = TOPIC) -> dict:
    language = path.split("/")[2]
    found = Guide.of("musterstadt", language).find(path)
    assert found is not None and found[0] == "page"
    return found[1]


def view(language: str, kind: str, item_id: int | str) -> dict:
    return {"region": "musterstadt", "language": language, "kind": kind, "id": item_id, "day": today()}


def queued(page: Page) -> list[dict]:
    return page.evaluate(QUEUED)


def set_queue(page: Page, views: list[dict]) -> None:
    page.evaluate("([key, views]) => localStorage.setItem(key, JSON.stringify(views))", [QUEUE, views])


def open_and_wait_until_sent(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_function(EMPTIED)


def wait_for_batches(page: Page, counter: FakeCounter, count: int, seconds: float = 10) -> None:
    """Until the browser has sent ``count`` batches (the page's timer lets Playwright hand the routes over)."""
    deadline = time.monotonic() + seconds
    while len(counter.batches) < count:
        assert time.monotonic() < deadline, f"{len(counter.batches)} batches sent, not {count}"
        page.wait_for_timeout(50)


def test_each_opened_item_is_sent_with_what_was_read_and_nothing_else(new_context, live_url):
    context = new_context()
    context.add_cookies([{"name": "sessionid", "value": "an-editors-session", "url": live_url}])
    counter = FakeCounter(context)
    page = context.new_page()
    open_and_wait_until_sent(page, TOPIC)
    assert counter.sent == [[view("de", "page", topic()["id"])]]
    batch = counter.batches[0]
    assert batch["method"] == "POST" and batch["headers"]["content-type"] == "application/json"
    assert "cookie" not in batch["headers"]  # sent without the site's cookies
    assert json.loads(batch["body"]).keys() == {"views"}

    # In Arabic: an event, a place and a news item (whose ids are as the published documents have them).
    event, place, news = item("ar", "events"), item("ar", "places"), item("ar", "news")
    for opened in (event, place, news):
        open_and_wait_until_sent(page, opened["path"])
    assert counter.sent[1:] == [
        [view("ar", "event", event["id"])],
        [view("ar", "place", place["id"])],
        [view("ar", "news", news["id"])],
    ]
    assert isinstance(news["id"], str) and news["id"].startswith("local-")
    # Once per opening: a list, the start page or the privacy note count nothing, another opening counts again.
    for path in ("/musterstadt/ar/", "/musterstadt/ar/events/", "/musterstadt/ar/privacy/"):
        page.goto(path)
    open_and_wait_until_sent(page, event["path"])
    assert counter.sent[4:] == [[view("ar", "event", event["id"])]]
    assert [cookie["name"] for cookie in context.cookies()] == ["sessionid"]  # the app set none


def test_pages_read_offline_are_queued_and_sent_in_one_batch_when_online(new_context):
    context = new_context()
    counter = FakeCounter(context)
    page = context.new_page()
    manifest = save(page, "/musterstadt/de/")  # the start page counts nothing; saving reads pages on the server
    assert counter.sent == []
    names = titles(manifest)
    context.set_offline(True)
    opened = [first(manifest, "page"), first(manifest, "events"), first(manifest, "news")]
    for path in opened:
        read_offline(page, path, names[path])  # from the saved copy, never opened online
    guide = Guide.of("musterstadt", "de")
    kinds = {"page": "page", "events": "event", "news": "news"}
    expected = [view("de", kinds[found[0]], found[1]["id"]) for found in map(guide.find, opened) if found]
    assert len(expected) == 3
    assert queued(page) == expected
    time.sleep(0.3)
    assert counter.sent == []  # nothing tried while offline

    context.set_offline(False)  # the page hears "online" and sends what waits, in one batch
    page.wait_for_function(EMPTIED)
    assert counter.sent == [expected]


@pytest.mark.parametrize("failure", [503, 429, "offline"])
def test_a_batch_that_fails_stays_and_goes_with_the_next_page(new_context, page_errors, failure):
    context = new_context()
    counter = FakeCounter(context, status=failure)
    page = context.new_page()
    page.goto(TOPIC)
    wait_for_batches(page, counter, 1)
    page.wait_for_timeout(200)  # the answer has come back to the page
    assert queued(page) == [view("de", "page", topic()["id"])]  # kept for later

    counter.status = 202
    place = item("de", "places")
    open_and_wait_until_sent(page, place["path"])
    assert counter.sent[1:] == [[view("de", "page", topic()["id"]), view("de", "place", place["id"])]]
    page_errors.clear()  # the browser logs the failed request


def test_a_batch_on_its_way_when_the_reader_moves_on_is_not_sent_twice(new_context):
    context = new_context()
    counter = FakeCounter(context, status="hold")
    page = context.new_page()
    page.goto(TOPIC)
    wait_for_batches(page, counter, 1)  # on its way, with keepalive; no answer yet
    counter.status = 202
    place = item("de", "places")
    open_and_wait_until_sent(page, place["path"])  # the next page sends only its own view
    assert counter.sent == [[view("de", "page", topic()["id"])], [view("de", "place", place["id"])]]
    with suppress(Error):  # the page that sent it is gone
        counter.held[0].fulfill(status=202, json={"counted": 1, "ignored": 0})


def test_a_refused_batch_is_dropped(new_context, page_errors):
    context = new_context()
    counter = FakeCounter(context, status=400)  # it would never be taken
    page = context.new_page()
    open_and_wait_until_sent(page, TOPIC)
    assert len(counter.sent) == 1
    counter.status = 202
    event = item("de", "events")
    open_and_wait_until_sent(page, event["path"])
    assert counter.sent[1:] == [[view("de", "event", event["id"])]]
    page_errors.clear()  # the browser logs the refused request


def test_a_long_queue_goes_in_batches_of_at_most_200_and_is_capped_at_500(new_context, page_errors):
    context = new_context()
    counter = FakeCounter(context, status=503)
    page = context.new_page()
    page.goto("/musterstadt/de/events/")  # a list: nothing to count, nothing to send
    waiting = [view("de", "page", number) for number in range(1, 501)]
    set_queue(page, waiting)  # as a device offline for long would have it
    page.evaluate("() => dispatchEvent(new Event('online'))")
    wait_for_batches(page, counter, 1)
    assert [len(views) for views in counter.sent] == [200]  # the first batch failed: no more tried
    page.goto(TOPIC)  # one more than fit: the oldest is dropped
    wait_for_batches(page, counter, 2)
    page.wait_for_timeout(200)
    now = queued(page)
    assert len(now) == 500 and now[0] == waiting[1] and now[-1] == view("de", "page", topic()["id"])

    counter.status = 202
    page.evaluate("() => dispatchEvent(new Event('online'))")
    page.wait_for_function(EMPTIED)
    assert [len(views) for views in counter.sent[2:]] == [200, 200, 100]
    assert [v for views in counter.sent[2:] for v in views] == now  # in order, each once
    page_errors.clear()  # the browser logs the failed request


def test_hiding_the_page_sends_what_waits(new_context, page_errors):
    context = new_context()
    counter = FakeCounter(context, status=503)
    page = context.new_page()
    page.goto(TOPIC)
    wait_for_batches(page, counter, 1)
    page.wait_for_timeout(200)
    assert len(queued(page)) == 1
    counter.status = 202
    # The reader switches to another app: the page is hidden.
    page.evaluate("""() => {
      Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
      document.dispatchEvent(new Event("visibilitychange"));
    }""")
    page.wait_for_function(EMPTIED)
    assert counter.sent[1:] == [[view("de", "page", topic()["id"])]]
    page_errors.clear()  # the browser logs the failed requests


def views_of(language: str, kind: str, item_id: int, at_least: int = 1, seconds: float = 10) -> list[View]:
    """The rows the real endpoint stored for an item today, once there are ``at_least`` (or the time is up)."""
    deadline = time.monotonic() + seconds
    while True:
        rows = list(View.objects.filter(language=language, kind=kind, item_id=item_id, day=today()))
        if len(rows) >= at_least or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def reader_page(new_context, locale: str) -> Page:
    """A page whose browser says what a phone's says: headless Chromium names itself, and robots are not counted."""
    return new_context(locale, user_agent=PHONE_BROWSER).new_page()


def test_the_real_endpoint_counts_an_arabic_and_a_german_page(new_context, musterstadt):
    page = reader_page(new_context, "ar")
    arabic = Guide.of("musterstadt", "ar").pages.pages[0]
    german = topic()
    before = {
        "ar": View.objects.filter(language="ar", kind="page", item_id=arabic["id"], day=today()).count(),
        "de": View.objects.filter(language="de", kind="page", item_id=german["id"], day=today()).count(),
    }
    for path in (arabic["path"], TOPIC):
        with page.expect_response(lambda response: response.url.endswith(ENDPOINT)) as answer:
            page.goto(path)
        assert answer.value.status == 202, answer.value.text()
        assert answer.value.json() == {"counted": 1, "ignored": 0}
    page.wait_for_function(EMPTIED)
    for language, data in (("ar", arabic), ("de", german)):
        rows = views_of(language, "page", data["id"], at_least=before[language] + 1)
        assert len(rows) == before[language] + 1
        assert rows[-1].region_id == musterstadt.id


@pytest.fixture
def posted_views(demo_server, monkeypatch) -> list[tuple[str, dict]]:
    """``(status, body)`` of each batch the live server answered: a request sent as a page is left is out of
    Playwright's reach (routing it would drop it), and goes with the browser's own User-Agent, not the test's."""
    answered: list[tuple[str, dict]] = []
    served = demo_server.httpd.get_app()
    app = served.app

    def watch(environ, start_response):
        if environ["PATH_INFO"] != ENDPOINT:
            return app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)

        def answer(status, headers, *args):
            answered.append((status, json.loads(body)))
            return start_response(status, headers, *args)

        return app(environ, answer)

    monkeypatch.setattr(served, "app", watch)
    return answered


def test_leaving_the_page_sends_what_waits(new_context, posted_views):
    page = new_context().new_page()
    place = item("de", "places")
    page.goto("/musterstadt/de/events/")  # a list: nothing to count, nothing to send
    # Through the service worker, Chromium would lose most such requests: sw.js lets /api/ go past it.
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    set_queue(page, [view("de", "place", place["id"])])  # as another tab, say, left it
    page.goto("about:blank")  # no page of the app comes next: only leaving the list can send it
    deadline = time.monotonic() + 10
    while not posted_views and time.monotonic() < deadline:
        time.sleep(0.1)
    assert posted_views == [("202 Accepted", {"views": [view("de", "place", place["id"])]})]
    page.goto("/musterstadt/de/events/")
    page.wait_for_timeout(500)
    assert page.evaluate(EMPTIED)  # taken out as it was sent: not sent again from here
    assert len(posted_views) == 1


def test_the_real_endpoint_counts_a_news_item_by_its_page(new_context):
    page = reader_page(new_context, "de-DE")
    news = item("de", "news")
    page_id = int(news["id"].removeprefix("local-"))
    before = View.objects.filter(language="de", kind="news", item_id=page_id, day=today()).count()
    with page.expect_response(lambda response: response.url.endswith(ENDPOINT)) as answer:
        page.goto(news["path"])
    assert answer.value.status == 202 and answer.value.json() == {"counted": 1, "ignored": 0}
    assert len(views_of("de", "news", page_id, at_least=before + 1)) == before + 1


@pytest.mark.parametrize("language", ["ar", "de"])
def test_the_privacy_note_is_reached_from_the_footer_and_accessible(new_context, language):
    page = new_context(language).new_page()
    page.goto(f"/musterstadt/{language}/")
    page.locator(f'footer a[href="/musterstadt/{language}/privacy/"]').click()
    page.wait_for_url(f"**/musterstadt/{language}/privacy/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert page.locator("main h2").count() >= 5
    violations = axe(page)
    assert not violations, format_violations(violations)
