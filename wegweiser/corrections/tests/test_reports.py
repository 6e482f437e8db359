"""Newcomers' reports "this information is wrong or outdated": on every item, in the reader's language, limited."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from wegweiser.corrections import history
from wegweiser.corrections.models import Suggestion
from wegweiser.webapp.reading import Guide

from .conftest import logged

pytestmark = pytest.mark.django_db
FORM_START = '<form class="feedback-form" method="post" action="/report/musterstadt/'


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def first_topic(language: str) -> dict:
    return Guide.of("musterstadt", language).pages.children[0][0]


def report(client, language: str, item_id, text: str, **extra):
    return client.post(
        reverse("corrections_report", args=["musterstadt", language]),
        {"item": item_id, "back": f"/musterstadt/{language}/", "text": text, **extra},
        REMOTE_ADDR="203.0.113.9",
    )


def test_every_kind_of_item_offers_the_report_form(client):
    guide = Guide.of("musterstadt", "de")
    paths = [
        first_topic("de")["path"],
        guide.items("places")[0]["path"],
        guide.items("events")[0]["path"],
        guide.items("news")[0]["path"],
    ]
    for path in paths:
        text = client.get(path).content.decode()
        assert FORM_START + 'de/">' in text, path
        assert "Ist diese Information falsch oder veraltet?" in text


def test_a_german_report_lands_in_the_queue_with_a_german_thank_you(client):
    topic = first_topic("de")
    answer = report(client, "de", topic["id"], "Die Telefonnummer ist falsch.")
    assert answer.status_code == 201
    text = answer.content.decode()
    assert "Danke für Ihre Meldung." in text
    assert '<html lang="de-DE" dir="ltr">' in text
    suggestion = Suggestion.objects.get()
    assert (suggestion.source, suggestion.language, suggestion.note) == (
        "newcomer",
        "de",
        "Die Telefonnummer ist falsch.",
    )
    assert suggestion.object_id == topic["id"] and suggestion.changes == {}
    assert logged(suggestion.item, history.RECEIVED)


def test_an_arabic_report_is_thanked_in_arabic_right_to_left(client):
    topic = first_topic("ar")
    page = client.get(topic["path"]).content.decode()
    assert FORM_START + 'ar/">' in page and "هل هذه المعلومات خاطئة أو قديمة؟" in page
    answer = report(client, "ar", topic["id"], "رقم الهاتف غير صحيح")
    assert answer.status_code == 201
    text = answer.content.decode()
    assert "شكرًا لك على بلاغك." in text and 'dir="rtl"' in text
    assert Suggestion.objects.get().language == "ar"


def test_an_empty_report_is_refused_in_the_readers_language(client):
    answer = report(client, "de", first_topic("de")["id"], "   ")
    assert answer.status_code == 400
    assert "Bitte schreiben Sie, was falsch oder veraltet ist." in answer.content.decode()
    assert not Suggestion.objects.exists()


def test_a_report_too_long_is_refused_and_keeps_the_text(client):
    text = "zu lang " * 300
    answer = report(client, "de", first_topic("de")["id"], text)
    assert answer.status_code == 400
    assert text.strip()[:100] in answer.content.decode()
    assert not Suggestion.objects.exists()


def test_an_item_of_another_region_cannot_be_reported_here(client):
    elsewhere = Guide.of("musterland", "de").pages.children[0][0]
    answer = report(client, "de", elsewhere["id"], "Falsch")
    assert answer.status_code == 400
    assert "Diese Seite kann nicht gemeldet werden." in answer.content.decode()
    assert not Suggestion.objects.exists()


def test_the_honeypot_takes_nothing(client):
    answer = report(client, "de", first_topic("de")["id"], "Kauf jetzt!", website="http://spam.example")
    assert answer.status_code == 201
    assert not Suggestion.objects.exists()


def test_too_many_reports_from_one_connection_are_refused(client, settings):
    settings.FEEDBACK_RATE_LIMIT = [(2, 600)]
    topic = first_topic("ar")
    assert report(client, "ar", topic["id"], "١").status_code == 201
    assert report(client, "ar", topic["id"], "٢").status_code == 201
    refused = report(client, "ar", topic["id"], "٣")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    assert "تم إرسال عدد كبير جدًا من البلاغات" in refused.content.decode()
    assert Suggestion.objects.count() == 2


def test_a_language_the_region_does_not_offer_is_404(client):
    assert report(client, "xx", first_topic("de")["id"], "Falsch").status_code == 404
