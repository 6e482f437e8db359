"""Feedback through API v1 on every kind of item a reader can open: pages, events, places, news and the imprint."""

import json

import pytest

from wegweiser.events.models import EventPage
from wegweiser.insights.models import Feedback
from wegweiser.news.models import NewsPage
from wegweiser.places.models import PlacePage
from wegweiser.publishing.lookup import region_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_reader_traffic")]
URL = "/api/v1/regions/musterstadt/{language}/feedback/"


def post(client, body: dict, language: str = "de"):
    return client.post(URL.format(language=language), body, content_type="application/json")


def published(language: str, name: str) -> list[dict]:
    document = region_document("musterstadt", language, name)
    assert document is not None, name
    return document.data if isinstance(document.data, list) else [document.data]


def stored(response) -> Feedback:
    assert response.status_code == 201, response.content
    return Feedback.objects.get(pk=json.loads(response.content)["id"])


def test_feedback_on_an_event_stores_the_event_page(client):
    event = next(e for e in published("de", "events") if e["recurrence_rule"])
    feedback = stored(
        post(client, {"kind": "event", "rating": "down", "comment": "Zu spät", "page_path": event["path"]})
    )
    assert EventPage.objects.filter(pk=event["id"]).exists()
    assert (feedback.kind, feedback.page_id, feedback.rating, feedback.comment) == (
        "event",
        event["id"],
        "down",
        "Zu spät",
    )
    assert feedback.object_slug == event["path"]


def test_one_date_of_a_recurring_event_names_the_event(client):
    event = next(e for e in published("de", "events") if e["recurrence_rule"])
    one_date = event["path"].rstrip("/") + "$2026-11-24/"
    assert stored(post(client, {"kind": "event", "rating": "up", "page_path": one_date})).page_id == event["id"]


def test_feedback_on_a_place_in_arabic(client):
    place = published("ar", "places")[0]
    feedback = stored(post(client, {"kind": "place", "rating": "up", "page_path": place["path"]}, language="ar"))
    assert PlacePage.objects.filter(pk=feedback.page_id).exists()
    assert (feedback.page_id, feedback.language) == (place["id"], "ar")


def test_feedback_on_a_news_item_stores_its_page_not_its_news_id(client):
    news = published("de", "news")[0]
    assert str(news["id"]).startswith("local-")
    feedback = stored(post(client, {"kind": "page", "comment": "Danke!", "page_path": news["path"]}))
    assert feedback.page_id == news["page_id"]
    assert NewsPage.objects.filter(pk=feedback.page_id).exists()


def test_feedback_on_the_imprint(client):
    imprint = published("de", "imprint")[0]
    feedback = stored(post(client, {"kind": "imprint", "rating": "up", "page_path": imprint["path"]}))
    assert (feedback.kind, feedback.page_id) == ("imprint", imprint["id"])


def test_an_event_by_its_id(client):
    event = published("de", "events")[0]
    assert stored(post(client, {"kind": "event", "rating": "up", "page_id": event["id"]})).page_id == event["id"]


def test_a_path_in_another_language_or_unknown_is_not_found(client):
    place = published("de", "places")[0]
    for body in [
        {"kind": "place", "rating": "up", "page_path": place["path"].replace("/de/", "/en/")},
        {"kind": "event", "rating": "up", "page_path": "/musterstadt/de/events/does-not-exist/"},
        {"kind": "page", "rating": "up", "page_path": "/musterstadt/de/news/local/999999/"},
    ]:
        response = post(client, body)
        assert response.status_code == 404, body
        assert json.loads(response.content)["error"]
    assert not Feedback.objects.exists()
