"""A few checks that the browser, the live server and the demo work together; the fixtures are in conftest.py."""

import re

from playwright.sync_api import Page, expect

from wegweiser.webapp.tests.browser import axe, format_violations


def test_the_start_page_lists_musterstadt(page: Page):
    response = page.goto("/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Musterstadt"))).to_be_visible()


def test_the_arabic_region_page_is_right_to_left(page: Page):
    response = page.goto("/musterstadt/ar/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1").first).to_be_visible()


def test_a_topic_opens_from_the_region_page(page: Page, live_url: str):
    page.goto("/musterstadt/de/")
    topic = page.locator('main a[href^="/musterstadt/de/"]:not([href="/musterstadt/de/"])').first
    href = topic.get_attribute("href")
    assert href and not href.startswith("/musterstadt/de/#")
    topic.click()
    expect(page).to_have_url(live_url + href)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^de"))


def test_the_live_server_serves_the_published_snapshots(page: Page):
    response = page.request.get("/api/v3/regions/")
    assert response.status == 200
    assert "musterstadt" in {region["path"].strip("/") for region in response.json()}


def test_console_errors_and_uncaught_exceptions_are_collected(page: Page, page_errors: list[str]):
    page.goto("/")
    page.evaluate("() => { console.error('logged on purpose'); setTimeout(() => { throw new Error('thrown'); }); }")
    page.wait_for_timeout(100)
    assert any("logged on purpose" in error for error in page_errors)
    assert any("thrown" in error for error in page_errors)
    page_errors.clear()


def test_axe_reports_violations_readably(page: Page):
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><button></button></main></html>')
    violations = axe(page)
    assert "button-name" in {violation["id"] for violation in violations}
    assert "button-name" in format_violations(violations) and "<button></button>" in format_violations(violations)
