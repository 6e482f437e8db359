"""Data that is the same in every language (phone, dates, hours) reaches every translation on publishing."""

import json
from datetime import timedelta

import pytest
from wagtail.models import Locale
from wagtail_localize.models import SegmentOverride, TranslationContext

from wegweiser.events.models import EventPage
from wegweiser.places.models import PlacePage

pytestmark = pytest.mark.django_db


def german(model, slug: str):
    return model.objects.get(slug=slug, locale__language_code="de")


def test_a_changed_phone_number_and_hours_reach_every_language(musterstadt, client, django_capture_on_commit_callbacks):
    place = german(PlacePage, "buergerbuero")
    arabic = place.get_translation(Locale.objects.get(language_code="ar")).specific
    title_before = arabic.title
    place.phone = "030 23125 999"
    place.opening_hours = [{"allDay": True, "closed": False, "appointmentOnly": False, "timeSlots": []}] * 7
    with django_capture_on_commit_callbacks(execute=True):  # the snapshots are rebuilt
        place.save_revision().publish()

    for translation in PlacePage.objects.filter(translation_key=place.translation_key).exclude(pk=place.pk):
        assert translation.phone == "030 23125 999", translation.locale
        assert translation.opening_hours[0]["allDay"] is True
        # The next publication of the translation starts from its latest revision: it has the data too.
        assert translation.latest_revision.as_object().phone == "030 23125 999"
    arabic.refresh_from_db()
    assert arabic.title == title_before  # text stays as the translator wrote it

    places = json.loads(client.get("/api/v3/musterstadt/ar/locations/").content)
    assert any(item["phone_number"] == "030 23125 999" and item["title"] == title_before for item in places)


def test_a_moved_event_moves_in_every_language(musterstadt):
    event = german(EventPage, "sprachcafe")
    start = event.start + timedelta(days=1, hours=1)
    event.start, event.end = start, start + timedelta(hours=2)
    event.save_revision().publish()
    for translation in EventPage.objects.filter(translation_key=event.translation_key).exclude(pk=event.pk):
        assert translation.start == start
        assert translation.end == start + timedelta(hours=2)


def test_a_translators_override_stays(musterstadt):
    place = german(PlacePage, "buergerbuero")
    ukrainian_locale = Locale.objects.get(language_code="uk")
    context, _created = TranslationContext.objects.get_or_create(
        object_id=place.translation_key, path="website", defaults={"field_path": "website"}
    )
    SegmentOverride.objects.create(locale=ukrainian_locale, context=context, data_json='"https://ua.example/"')
    ukrainian = place.get_translation(ukrainian_locale).specific
    PlacePage.objects.filter(pk=ukrainian.pk).update(website="https://ua.example/")
    place.website = "https://www.musterstadt.example/neu"
    place.save_revision().publish()
    ukrainian.refresh_from_db()
    assert ukrainian.website == "https://ua.example/"
    english = place.get_translation(Locale.objects.get(language_code="en")).specific
    assert english.website == "https://www.musterstadt.example/neu"
