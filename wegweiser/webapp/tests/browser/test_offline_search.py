"""Searching a saved guide without a connection (offline.js over offline.json): typos, inflected forms, Arabic
letter forms and diacritics, not every word needed; right to left in Arabic; untranslated items in their language."""

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from wegweiser.content.models import TopicPage
from wegweiser.publishing import snapshots
from wegweiser.search import backends

from .test_offline import save

RESULTS = "[data-search-results] .card"


def search_offline(page: Page, guide: str, query: str) -> None:
    """Search on the saved search page, as a reader types: the saved copy answers (the network is cut)."""
    page.goto(f"/musterstadt/{guide}/search/")
    box = page.get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")
    expect(page.locator("[data-search-results] [role=status]")).to_be_visible()


def first_result(page: Page):
    return page.locator(RESULTS).first


def test_the_german_guide_is_searched_offline_with_typos_and_inflected_forms(new_context):
    context = new_context("de-DE")
    page = context.new_page()
    save(page, "/musterstadt/de/")
    context.set_offline(True)

    search_offline(page, "de", "Wohnungsgeberbestätigng")  # a letter missing
    expect(first_result(page).locator("a.card-title")).to_have_text("Wohnungsgeberbestätigung")
    expect(first_result(page).locator("mark").first).to_contain_text("Wohnungsgeberbestätigung")

    search_offline(page, "de", "Ärzten")  # another form of "Arzt"
    expect(first_result(page).locator("a.card-title")).to_have_text("Einen Arzt finden")
    expect(first_result(page).locator(".card-label")).not_to_be_empty()

    # Words that match nothing do not hide what the others find; the link leads to the saved page.
    search_offline(page, "de", "Kindergartens Raumschiff")
    link = first_result(page).locator("a.card-title")
    expect(link).to_have_text("Kita und Tagespflege")
    link.click()
    expect(page.locator("h1").first).to_have_text("Kita und Tagespflege")

    search_offline(page, "de", "Xylofonunterricht")
    expect(page.locator(RESULTS)).to_have_count(0)
    expect(page.locator("[data-search-results] .search-none")).not_to_be_empty()


def test_the_arabic_guide_is_searched_offline_right_to_left(new_context):
    context = new_context("ar")
    page = context.new_page()
    save(page, "/musterstadt/ar/")
    context.set_offline(True)

    # With harakat (shadda, kasra) and heh for teh marbuta, as people type it: the health page all the same.
    search_offline(page, "ar", "الصِّحّه")
    titles = page.locator(f"{RESULTS} a.card-title")
    expect(titles).to_contain_text(["الصحة"])
    expect(page.locator(f"{RESULTS} mark").first).to_be_visible()
    assert first_result(page).evaluate("card => getComputedStyle(card).direction") == "rtl"
    assert page.locator("html").get_attribute("dir") == "rtl"

    # "bi-" and the article joined to the word, and hamza on the alef left out: the health insurance page.
    search_offline(page, "ar", "بالتامين الصحي")
    expect(first_result(page).locator("a.card-title")).to_contain_text("التأمين الصحي")


@pytest.fixture
def german_only(restore_snapshots, musterstadt):
    """A German page that is not translated, in a region that shows such pages in its other languages."""
    parent = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    page = parent.add_child(
        instance=TopicPage(
            title="Wohngeld beantragen", slug="wohngeld", body="<p>Das Wohngeld hilft bei der Miete.</p>"
        )
    )
    page.save_revision().publish()
    musterstadt.fallback_to_source = True
    musterstadt.save_revision().publish()
    snapshots.rebuild_region(musterstadt)
    yield page
    backends.current().changed(musterstadt.id)


def test_an_untranslated_page_is_found_offline_in_its_language(new_context, german_only):
    if connection.vendor != "sqlite":
        pytest.skip("the live server sees what the test itself publishes on SQLite only (see conftest.py)")
    context = new_context("ar")
    page = context.new_page()
    save(page, "/musterstadt/ar/")
    context.set_offline(True)
    search_offline(page, "ar", "Wohngeldes")
    card = page.locator(RESULTS).filter(has_text="Wohngeld beantragen")
    title = card.locator("a.card-title")
    expect(title).to_have_attribute("lang", "de-DE")
    expect(title).to_have_attribute("dir", "ltr")
    expect(card.locator(".search-snippet")).to_have_attribute("dir", "ltr")
    expect(card.locator(".search-snippet mark").first).to_have_text("Wohngeld")
    expect(card.locator(".search-fallback bdi")).to_have_text("Deutsch")
    assert card.locator(".search-snippet").evaluate("p => getComputedStyle(p).direction") == "ltr"
