"""Fallback to the source language: where a region switches it on, readers get untranslated items in the
language they are translated from, with a notice in their own language — in the web app and both APIs."""

import json

import pytest
from wagtail.models import Page

from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventIndexPage, EventPage
from wegweiser.publishing import snapshots
from wegweiser.publishing.serving import get_document
from wegweiser.publishing.snapshots import region_key

pytestmark = pytest.mark.django_db


def document(region, language, name):
    found = get_document(region_key(region.id, language, name))
    assert found is not None
    return found.data


@pytest.fixture
def german_only(musterstadt):
    """A new German page below a translated topic, and a German-only event; nothing translated yet."""
    parent = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    page = parent.add_child(
        instance=TopicPage(
            title="Wohngeld beantragen", slug="wohngeld", body="<p>Das Wohngeld hilft bei der Miete.</p>"
        )
    )
    page.save_revision().publish()
    events = EventIndexPage.objects.child_of(musterstadt).first()
    start = EventPage.objects.descendant_of(musterstadt).first().start
    event = events.add_child(
        instance=EventPage(title="Sprechstunde Wohngeld", slug="sprechstunde-wohngeld", start=start, end=start)
    )
    event.save_revision().publish()
    return parent, page, event


def switch_fallback(region, on: bool):
    region.fallback_to_source = on
    region.save_revision().publish()
    snapshots.rebuild_region(region)


def test_without_the_switch_untranslated_items_are_missing(musterstadt, german_only):
    switch_fallback(musterstadt, False)
    _parent, page, event = german_only
    assert page.title not in [p["title"] for p in document(musterstadt, "ar", "pages")]
    assert event.title not in [e["title"] for e in document(musterstadt, "ar", "events")]


def test_with_the_switch_readers_get_the_source_language_with_a_notice(musterstadt, german_only, client):
    switch_fallback(musterstadt, True)
    parent, page, event = german_only
    arabic_parent = parent.get_translation(parent.locale.__class__.objects.get(language_code="ar"))
    pages = {p["title"]: p for p in document(musterstadt, "ar", "pages")}
    shown = pages["Wohngeld beantragen"]
    assert shown["fallback_language"] == "de"
    assert shown["path"] == f"/musterstadt/ar/{arabic_parent.slug}/wohngeld/"
    assert shown["parent"]["id"] == arabic_parent.id
    assert "غير مترجم" in shown["content"] and 'lang="de-DE" dir="ltr"' in shown["content"]
    assert pages[arabic_parent.title]["fallback_language"] is None
    # Persian is translated from English, which has no copy either: Persian readers get the German text.
    persian = {p["title"]: p for p in document(musterstadt, "fa", "pages")}
    assert persian["Wohngeld beantragen"]["fallback_language"] == "de"
    assert "ترجمه نشده" in persian["Wohngeld beantragen"]["content"]
    events = {e["title"]: e for e in document(musterstadt, "ar", "events")}
    assert events[event.title]["fallback_language"] == "de"

    web = client.get(shown["path"])
    assert web.status_code == 200
    assert "غير مترجم" in web.content.decode() and "Das Wohngeld hilft" in web.content.decode()
    v3 = json.loads(client.get("/api/v3/musterstadt/ar/pages/").content)
    assert any(p["title"] == "Wohngeld beantragen" and "غير مترجم" in p["content"] for p in v3)
    v1 = client.get("/api/v1/regions/musterstadt/ar/pages/")
    fallback = [p for p in json.loads(v1.content) if p["title"] == "Wohngeld beantragen"]
    assert fallback[0]["fallback_language"] == "de"


def test_translated_pages_keep_their_own_language_and_tree(musterstadt, german_only):
    before = {p["path"]: p["title"] for p in document(musterstadt, "ar", "pages")}
    switch_fallback(musterstadt, True)
    after = {p["path"]: p["title"] for p in document(musterstadt, "ar", "pages") if not p["fallback_language"]}
    assert after == before
    assert Page.objects.filter(slug="wohngeld", locale__language_code="ar").count() == 0
