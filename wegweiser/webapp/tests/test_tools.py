"""The tools of every content page (read aloud, share, QR code, print) and "Was this helpful?", as rendered.

Both are hidden until their scripts run (the browser tests check those); here: they are on every page, event,
place, news item and the imprint, with the messages in the page's language and what feedback.js sends.
"""

import json
from html.parser import HTMLParser

import pytest

from wegweiser.insights.models import Feedback
from wegweiser.webapp.reading import Guide

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside each ``<template>`` by its name."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.templates: dict[str, str] = {}
        self._template: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "template":
            self._template = attributes.get("data-tools-message") or attributes.get("data-feedback-message") or ""
            self.templates[self._template] = ""

    def handle_endtag(self, tag):
        if tag == "template":
            self._template = None

    def handle_data(self, data):
        if self._template is not None:
            self.templates[self._template] += data

    def find(self, attribute: str, tag: str | None = None) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if attribute in attrs and tag in (None, name)]

    def one(self, attribute: str, tag: str | None = None) -> dict[str, str | None]:
        found = self.find(attribute, tag)
        assert len(found) == 1, (attribute, found)
        return found[0]


def page_of(client, path: str) -> Tags:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return Tags(response.content.decode())


def feedback_of(tags: Tags) -> tuple[str | None, str | None, str | None]:
    section = tags.one("data-feedback", "section")
    return section["data-endpoint"], section["data-kind"], section["data-page-path"]


#: Items by language and kind as the web app names it, and the kind of feedback on them.
ITEMS = [
    ("de", "page", "page"),
    ("de", "events", "event"),
    ("de", "places", "place"),
    ("de", "news", "news"),
    ("de", "imprint", "imprint"),
    ("ar", "places", "place"),
    ("uk", "events", "event"),
]


def path_of(language: str, kind: str) -> str:
    guide = Guide.of("musterstadt", language)
    if kind == "page":
        return guide.pages.children[0][0]["path"]
    if kind == "imprint":
        assert guide.imprint is not None
        return guide.imprint["path"]
    return guide.items(kind)[0]["path"]


@pytest.mark.parametrize(("language", "kind", "feedback_kind"), ITEMS)
def test_every_item_has_the_tools_and_feedback_on_itself(client, language, kind, feedback_kind):
    path = path_of(language, kind)
    tags = page_of(client, path)
    toolbar = tags.one("data-tools", "div")
    assert "hidden" in toolbar  # until the scripts show what the device can do
    for control in ["data-read-aloud-toggle", "data-read-aloud-previous", "data-read-aloud-next", "data-share"]:
        assert tags.one(control, "button")["type"] == "button"
    assert tags.one("data-qr-open", "button")["data-qr-script"] == "/static/vendor/qrcode/qrcode.js"
    assert tags.one("data-print", "button")
    assert tags.one("data-tools-status")["role"] == "status"
    assert tags.one("data-qr-dialog", "dialog")["aria-labelledby"] == "qr-title"
    scripts = {attrs["src"] for attrs in tags.find("src", "script")}
    assert {"/static/webapp/read-aloud.js", "/static/webapp/tools.js", "/static/webapp/feedback.js"} <= scripts
    assert not any("qrcode" in str(src) for src in scripts)  # loaded only when a QR code is asked for
    assert feedback_of(tags) == (f"/api/v1/regions/musterstadt/{language}/feedback/", feedback_kind, path)


def test_feedback_on_one_date_of_a_recurring_event_is_on_the_event(client):
    event = next(e for e in Guide.of("musterstadt", "de").items("events") if e["recurrence_rule"])
    series = page_of(client, event["path"])
    one_date = next(str(a["href"]) for a in series.find("href", "a") if "$" in str(a["href"]))
    assert feedback_of(page_of(client, one_date)) == (
        "/api/v1/regions/musterstadt/de/feedback/",
        "event",
        event["path"],
    )


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/musterstadt/ar/arrival/", "العربية"),
        ("/musterstadt/uk/arrival/", "Українська"),
        ("/musterstadt/de/ankommen/", "Deutsch"),
        ("/musterstadt/de-si/ankommen/", "Deutsch"),  # Leichte Sprache is read with a German voice
    ],
)
def test_the_no_voice_message_names_the_language_of_the_voice(client, path, named):
    message = page_of(client, path).templates["no-voice"]
    assert named in message
    assert "Leichte Sprache" not in message


def test_the_arabic_tools_are_right_to_left(client):
    html = client.get("/musterstadt/ar/arrival/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert html.index("<h1>") < html.index("data-tools") < html.index("data-read-aloud>")


@pytest.mark.parametrize(("language", "kind", "feedback_kind"), ITEMS)
def test_what_the_form_sends_is_taken_by_the_api(client, language, kind, feedback_kind):
    endpoint, sent_kind, page_path = feedback_of(page_of(client, path_of(language, kind)))
    assert endpoint and page_path
    body = {"kind": sent_kind, "rating": "down", "comment": "Bitte mehr Details", "page_path": page_path}
    response = client.post(endpoint, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    feedback = Feedback.objects.get(pk=json.loads(response.content)["id"])
    found = Guide.of("musterstadt", language).find(page_path)
    assert found is not None and found[0] == kind
    item = found[1]
    assert feedback.page_id == item.get("page_id", item["id"])  # news items carry their page's id apart
    assert (feedback.kind, feedback.language, feedback.rating) == (feedback_kind, language, "down")
