"""Offline use in Chromium: saving a guide, reading and searching it without a connection, removing it; repeat
visits from the service worker's cache; an installable app."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from playwright.sync_api import BrowserContext, Page, Request, expect

from wegweiser.content.models import TopicPage
from wegweiser.regions.models import RegionPage

#: A size as the page shows it, e.g. "1,4 MB" or "1.4 م.ب": the message while it is worked out has no digits.
SIZE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")
CHANGED = "/musterstadt/de/ankommen/wohnsitz-anmelden/wohnungsgeberbestaetigung/"
#: The first request for a guide's offline.json renders every page of it on the test server.
SLOW = 60_000
WATCH_STATUS = """() => {
  const status = document.querySelector("[data-offline-status]");
  window.offlineStatuses = [];
  new MutationObserver(() => window.offlineStatuses.push(status.textContent)).observe(status, {childList: true});
}"""


def save(page: Page, home: str) -> dict:
    """Open a guide's start page, check the size it offers, save the guide; returns its offline.json."""
    page.goto(home)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    panel = page.locator("#offline")
    panel.scroll_into_view_if_needed()
    status = panel.locator("[data-offline-status]")
    expect(status).to_have_text(SIZE, timeout=SLOW)
    manifest = page.request.get(f"{home}offline.json").json()
    page.evaluate(WATCH_STATUS)
    panel.locator("[data-offline-save] button").click()
    expect(panel.locator("[data-offline-remove] button")).to_be_visible(timeout=SLOW)
    expect(panel.locator("[data-offline-save]")).to_be_hidden()
    total = len(manifest["entries"])
    statuses = page.evaluate("window.offlineStatuses")
    counts = [[int(number) for number in re.findall(r"\d+", text)] for text in statuses]  # any digits
    # Progress as it went, "n of total", to the end; then the size and date of the saved copy.
    assert [0, total] in counts and [total, total] in counts, statuses
    assert panel.locator("progress").evaluate("bar => bar.value === bar.max")
    expect(status).to_have_text(SIZE)
    saved = page.evaluate(f"caches.open('wegweiser-guide:{home.strip('/')}').then((cache) => cache.keys())")
    assert len(saved) == total + 1  # and offline.json itself, for searching
    return manifest


def titles(manifest: dict) -> dict[str, str]:
    return {item["path"]: item["title"] for item in manifest["search"]}


def first(manifest: dict, kind: str, visited: tuple[str, ...] = ()) -> str:
    return next(e["url"] for e in reversed(manifest["entries"]) if e["kind"] == kind and e["url"] not in visited)


def read_offline(page: Page, url: str, title: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok and response.from_service_worker, url
    expect(page.locator("h1").first).to_have_text(title)
    expect(page.locator("#offline-indicator")).to_be_visible()


def test_a_saved_guide_is_read_and_searched_offline_then_removed(context: BrowserContext, page: Page):
    manifest = save(page, "/musterstadt/de/")
    names = titles(manifest)
    context.set_offline(True)
    for kind in ("page", "events", "places", "news"):
        url = first(manifest, kind)
        read_offline(page, url, names[url])

    # Searching the saved copy (more in test_offline_search.py): results with a link and the word marked.
    page.goto("/musterstadt/de/search/")
    page.get_by_role("searchbox").fill("Kita")
    page.get_by_role("searchbox").press("Enter")
    results = page.locator("[data-search-results] .card a.card-title")
    expect(results).to_contain_text(["Kita-Platz anmelden"])
    expect(page.locator("[data-search-results] mark").first).to_be_visible()
    assert page.url.endswith("/musterstadt/de/search/?q=Kita")
    first_title = results.first.inner_text()
    results.first.click()
    expect(page.locator("h1").first).to_have_text(first_title)
    # A search sent as a link is answered from the saved copy too.
    page.goto("/musterstadt/de/search/?q=arzt")
    expect(page.locator("[data-search-results] .card a.card-title").first).to_have_text("Einen Arzt finden")

    context.set_offline(False)
    page.goto("/musterstadt/de/#offline")
    page.locator("[data-offline-remove] button").click()
    expect(page.locator("[data-offline-save] button")).to_be_visible(timeout=SLOW)
    assert "wegweiser-guide:musterstadt/de" not in page.evaluate("caches.keys()")
    # Offline, a page that was saved but never opened is gone: the start page says so instead.
    context.set_offline(True)
    unvisited = first(manifest, "page", visited=(first(manifest, "page"),))
    response = page.goto(unvisited)
    assert response is not None and response.from_service_worker
    expect(page.locator("main > [data-offline-missing]")).to_be_visible()
    expect(page.locator("h1").first).not_to_have_text(names[unvisited])
    expect(page.locator("#offline-indicator")).to_be_visible()


def test_the_arabic_guide_offline_is_right_to_left(new_context):
    context = new_context("ar")
    page = context.new_page()
    manifest = save(page, "/musterstadt/ar/")
    names = titles(manifest)
    context.set_offline(True)
    for kind in ("page", "events", "places", "news"):
        url = first(manifest, kind)
        read_offline(page, url, names[url])
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
    word = next(w for w in names[first(manifest, "page")].split() if len(w) > 3)
    page.goto(f"/musterstadt/ar/search/?q={word}")
    expect(page.locator("[data-search-results] .card a.card-title")).to_contain_text([names[first(manifest, "page")]])


def test_a_repeat_visit_comes_from_the_cache_and_is_refreshed_behind(page: Page):
    page.goto("/musterstadt/de/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    url = "/musterstadt/de/gesundheit/"
    first_visit = page.goto(url)
    assert first_visit is not None and first_visit.from_service_worker  # from the network, through the worker
    page.wait_for_timeout(1100)  # the server's Date header moves on
    repeat = page.goto(url)
    assert repeat is not None and repeat.ok and repeat.from_service_worker
    assert repeat.headers["date"] == first_visit.headers["date"]  # the copy kept at the first visit
    page.wait_for_timeout(500)
    fresh = page.goto(url)  # meanwhile refreshed in the background
    assert fresh is not None and fresh.headers["date"] != first_visit.headers["date"]


def test_the_app_is_installable(context: BrowserContext, page: Page):
    page.goto("/musterstadt/de/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [] and manifest["url"].endswith("/manifest.webmanifest")
    errors = {error["errorId"] for error in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]}
    assert errors <= {"in-incognito"}  # Playwright's contexts are incognito; nothing else is missing


def test_a_saved_guide_is_brought_up_to_date_quietly(
    context: BrowserContext, page: Page, django_capture_on_commit_callbacks
):
    if connection.vendor != "sqlite":
        pytest.skip("the live server sees what the test itself publishes on SQLite only (see conftest.py)")
    manifest = save(page, "/musterstadt/de/")
    root = RegionPage.objects.get(slug="musterstadt", locale__language_code="de")
    topic = TopicPage.objects.descendant_of(root).get(slug="wohnungsgeberbestaetigung", locale__language_code="de")
    topic.body += "<p>Neu: Das Formular gibt es jetzt auch im Internet.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()
    fetched: list[tuple[str, str | None]] = []  # what offline.js asks for

    def watch(request: Request) -> None:
        if request.resource_type == "fetch":
            fetched.append((urlsplit(request.url).path, request.headers.get("if-none-match")))

    page.on("request", watch)
    # A page of the guide opened a while later asks whether the guide changed (If-None-Match) and fetches what did.
    page.evaluate("""() => {
      const records = JSON.parse(localStorage.getItem("wegweiser:offline"));
      records["musterstadt/de"].checked = 0;
      localStorage.setItem("wegweiser:offline", JSON.stringify(records));
    }""")
    page.goto("/musterstadt/de/news/")
    page.wait_for_function(
        "(old) => JSON.parse(localStorage.getItem('wegweiser:offline'))['musterstadt/de'].version !== old",
        arg=manifest["version"],
    )
    saved_etag = f'"{manifest["version"]}"'
    assert fetched[0] == ("/musterstadt/de/offline.json", saved_etag)
    # Only what changed is fetched: the edited page, and lists or items that depend on the clock if they changed
    # meanwhile (an event that is over, a place now closed; the first manifest may be from earlier the same day).
    before = {e["url"]: e["version"] for e in manifest["entries"]}
    after = page.request.get("/musterstadt/de/offline.json").json()["entries"]
    changed = [e["url"] for e in after if before.get(e["url"]) != e["version"]]
    assert CHANGED in changed
    assert all(url == CHANGED or re.search("/(events|locations)/", url) for url in changed), changed
    assert sorted(fetched[1:]) == sorted((url, None) for url in changed)
    context.set_offline(True)
    response = page.goto(CHANGED)
    assert response is not None and response.from_service_worker
    expect(page.locator("main")).to_contain_text("Neu: Das Formular gibt es jetzt auch im Internet.")
