"""A newcomer's ways through the web app in a real browser: choosing, reading, switching language, right to left,
keyboard only, high contrast, large text — and axe-core's WCAG 2.2 AA check on every kind of page."""

import re

import pytest
from playwright.sync_api import Page, expect

from wegweiser.webapp.tests.browser import axe, format_violations


def test_choose_region_and_language_then_come_back_to_it(new_page, live_url: str):
    page: Page = new_page("de-DE")
    page.goto("/")
    page.locator("#region-query").fill("Kirchbreg")  # a town in Musterland, misspelt
    page.locator("#region-query").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Kirchbreg")
    expect(page.locator(".region-name")).to_have_count(1)
    page.get_by_role("link", name="Landkreis Musterland").click()
    expect(page).to_have_url(f"{live_url}/musterland/")
    page.get_by_role("link", name="العربية").click()
    expect(page).to_have_url(f"{live_url}/musterland/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # Back at the start, the choice is offered again.
    page.goto("/")
    continue_link = page.locator("[data-continue] a")
    expect(continue_link).to_be_visible()
    expect(continue_link).to_have_attribute("href", "/musterland/ar/")
    expect(continue_link).to_contain_text("العربية")


def test_near_me_uses_the_browsers_position(new_page):
    page: Page = new_page("de-DE", geolocation={"latitude": 49.031, "longitude": 9.665}, permissions=["geolocation"])
    page.goto("/")
    page.locator("[data-near-me]").click()
    expect(page).to_have_url(re.compile(r"/\?near=49\.03\d*,9\.66\d*$"))
    names = page.locator(".region-name").all_inner_texts()
    assert names[0] == "Landkreis Musterland"
    expect(page.locator(".region-via").first).to_contain_text("Waldstetten")


def test_navigate_from_tiles_through_breadcrumbs(page: Page, live_url: str):
    page.goto("/musterstadt/de/")
    page.locator(".tiles").get_by_role("link", name="Ankommen").click()
    expect(page.locator("h1")).to_contain_text("Ankommen")
    page.locator(".subpages").get_by_role("link").first.click()
    crumbs = page.get_by_role("navigation", name="Sie sind hier")
    expect(crumbs.get_by_role("link", name="Ankommen")).to_be_visible()
    crumbs.get_by_role("link", name="Stadt Musterstadt").click()
    expect(page).to_have_url(f"{live_url}/musterstadt/de/")


def test_switch_language_on_a_page_and_to_a_language_without_it(page: Page, live_url: str):
    page.goto("/musterstadt/de/gesundheit/")
    page.locator(".language-switch summary").click()
    page.get_by_role("link", name="فارسی").click()
    expect(page).to_have_url(f"{live_url}/musterstadt/fa/health/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    # The rental contract page has no Leichte Sprache version: a page says so and offers the others.
    page.goto("/musterstadt/de/wohnen/mietvertrag/")
    page.locator(".language-switch summary").click()
    page.get_by_role("link", name="Leichte Sprache").click()
    expect(page.locator("h1")).to_contain_text("Leichte Sprache")
    page.get_by_role("link", name="العربية").click()
    expect(page).to_have_url(f"{live_url}/musterstadt/ar/housing/rental-contract/")


def test_right_to_left_layout_in_arabic(page: Page):
    page.goto("/musterstadt/ar/health/")
    html_box = page.locator("main").bounding_box()
    crumb = page.locator(".breadcrumbs li").first.bounding_box()
    assert html_box and crumb
    # The first breadcrumb sits at the right edge of the content, not the left.
    assert crumb["x"] + crumb["width"] > html_box["x"] + html_box["width"] - 40
    direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
    assert direction == "rtl"


def test_everything_is_reachable_by_keyboard(page: Page):
    page.goto("/musterstadt/de/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "after skipping to the content, Tab moves through the content"
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    # The focus is visible: an outline of the focus colour.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_high_contrast_theme_is_remembered(page: Page):
    page.goto("/musterstadt/de/")
    toggle = page.locator("[data-contrast-toggle]")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("data-contrast", "more")
    page.goto("/musterstadt/de/gesundheit/")
    expect(page.locator("html")).to_have_attribute("data-contrast", "more")
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_text_follows_the_readers_font_size(page: Page):
    page.goto("/musterstadt/de/gesundheit/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
    assert large == pytest.approx(2 * normal)
    # Nothing sticks out sideways at 200 %.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_axe_finds_no_wcag_violations(page: Page, language: str):
    paths = {
        "home": f"/musterstadt/{language}/",
        "page": f"/musterstadt/{language}/{'gesundheit' if language == 'de' else 'health'}/",
        "events": f"/musterstadt/{language}/events/",
        "places": f"/musterstadt/{language}/locations/",
        "search": f"/musterstadt/{language}/search/?q={'kita' if language == 'de' else 'الصحة'}",
        "regions": "/",
    }
    found = {}
    for name, path in paths.items():
        page.goto(path)
        page.wait_for_load_state("load")
        violations = axe(page)
        if violations:
            found[name] = format_violations(violations)
    assert not found, found


def test_places_on_the_map_and_in_the_list(page: Page, live_url: str):
    page.goto("/musterstadt/de/locations/")
    listed = page.locator("main .cards .card-title").count()
    assert listed >= 4
    expect(page.locator("[data-map]")).to_be_visible()  # Leaflet, loaded after the list is shown
    markers = page.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(listed)
    markers.first.focus()  # markers take the keyboard focus
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup-content a")
    expect(popup_link).to_be_visible()
    href = popup_link.get_attribute("href")
    assert href and href.startswith("/musterstadt/de/locations/")
    # Filtering by category narrows list and map alike.
    page.locator("#places-category").select_option(index=1)
    page.locator(".filters button").click()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(page.locator("main .cards .card-title").count())
