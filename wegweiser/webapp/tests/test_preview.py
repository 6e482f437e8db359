"""Editors preview drafts in the newcomer web app's own templates."""

import pytest
from django.test import RequestFactory

from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventPage
from wegweiser.places.models import PlacePage

pytestmark = pytest.mark.django_db


def preview(page) -> str:
    response = page.serve_preview(RequestFactory().get("/"), "")
    assert response.status_code == 200
    return response.content.decode()


def test_a_draft_topic_page_previews_with_the_guides_breadcrumbs(musterstadt):
    page = TopicPage.objects.descendant_of(musterstadt).get(slug="wohnsitz-anmelden")
    page.title = "Wohnsitz anmelden (Entwurf)"
    html = preview(page)
    assert "<h1>Wohnsitz anmelden (Entwurf)</h1>" in html
    assert 'href="/musterstadt/de/ankommen/"' in html  # the breadcrumbs, from the published guide
    assert '<html lang="de-DE" dir="ltr">' in html


def test_an_arabic_draft_previews_right_to_left():
    page = TopicPage.objects.live().filter(locale__language_code="ar").first()
    assert '<html lang="ar" dir="rtl">' in preview(page)


def test_events_and_places_preview_in_their_templates(musterstadt):
    event = EventPage.objects.descendant_of(musterstadt).get(slug="sprachcafe")
    assert "calendar.ics" in preview(event)
    place = PlacePage.objects.descendant_of(musterstadt).get(slug="buergerbuero")
    assert "geo:" in preview(place)


def test_the_region_previews_as_its_start_page(musterstadt):
    assert 'href="/musterstadt/de/gesundheit/"' in preview(musterstadt)
