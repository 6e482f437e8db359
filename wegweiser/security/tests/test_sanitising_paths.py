"""HTML from outside goes through the one sanitiser on every way into storage, and leaves the APIs clean."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from lxml import etree

from wegweiser.content.models import TopicPage
from wegweiser.events.importing import import_feed
from wegweiser.events.models import CalendarFeed, EventPage
from wegweiser.regions.models import RegionPage
from wegweiser.translation import exchange, xliff
from wegweiser.translation import segments as seg

PAYLOAD = (
    '<p>Willkommen<script>alert(1)</script><img src=x onerror="alert(2)">'
    '<a href="jav&#x09;ascript:alert(3)" onclick="alert(4)">hier</a></p><iframe src="https://evil.example/"></iframe>'
)


def assert_clean(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "<img", "<iframe", "onerror", "onclick", "javascript", "alert(3)"):
        assert bad not in lowered, (bad, html)


@pytest.mark.django_db
def test_a_regions_welcome_text_is_sanitised_on_save(musterstadt):
    region = RegionPage.objects.get(pk=musterstadt.pk)
    region.welcome_text = PAYLOAD
    region.save()
    region.refresh_from_db()
    assert_clean(region.welcome_text)
    assert "Willkommen" in region.welcome_text and "hier" in region.welcome_text


@pytest.mark.django_db
def test_a_calendar_feed_with_payloads_gives_clean_events_in_the_api(
    restore_snapshots, musterstadt, client, django_capture_on_commit_callbacks
):
    description = PAYLOAD.replace("\n", " ").replace(",", "\\,").replace(";", "\\;")
    day = (timezone.localdate() + timedelta(days=2)).strftime("%Y%m%d")
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\nBEGIN:VEVENT\r\nUID:xss@test.example\r\n"
        f"DTSTAMP:20260101T000000Z\r\nDTSTART:{day}T100000Z\r\nDTEND:{day}T110000Z\r\n"
        f"SUMMARY:Sprachcafé<script>alert(5)</script>\r\nDESCRIPTION:{description}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    feed = CalendarFeed.objects.create(
        region=musterstadt, name="Test", file=SimpleUploadedFile("feed.ics", calendar.encode())
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = import_feed(feed)
    assert not report.error, report.error
    event = EventPage.objects.get(calendar_feed=feed)
    assert_clean(event.body)
    assert "<script" not in event.title
    listed = client.get("/api/v1/regions/musterstadt/de/events/")
    assert listed.status_code == 200
    text = listed.content.decode()
    assert "Sprachcaf" in text and "Willkommen" in text, text[:3000]
    assert_clean(text.replace("\\u003c", "<"))


@pytest.mark.django_db
def test_markup_in_an_xliff_translation_stays_text(musterstadt, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="musterstadt-editor")
    topic = TopicPage.objects.descendant_of(musterstadt).filter(locale__language_code="de").order_by("path")[1]
    root = etree.fromstring(exchange.export(musterstadt, [topic], ["ar"], xliff.VERSIONS[0], as_zip=False).content)
    units = list(root.iter(f"{{{xliff.NS_12}}}trans-unit", f"{{{xliff.NS_20}}}unit"))
    body_unit = next(unit for unit in units if "body" in (unit.get("id") or ""))
    ns = etree.QName(body_unit).namespace
    holder = body_unit if ns == xliff.NS_12 else body_unit.find(f"{{{ns}}}segment")
    target = holder.find(f"{{{ns}}}target")
    if target is None:
        target = etree.SubElement(holder, f"{{{ns}}}target")
    for child in list(target):
        target.remove(child)
    target.text = '<img src=x onerror="alert(1)">مرحبا<script>alert(2)</script>'
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with django_capture_on_commit_callbacks(execute=True):
        stored = exchange.store(musterstadt, editor, "back.xlf", exchange.read_upload("back.xlf", data))
        exchange.apply(stored, editor, publish=True)
    arabic = seg.item_in(topic, "ar")
    assert arabic is not None
    body = str(arabic.specific.body)
    assert "مرحبا" in body
    assert "<img" not in body and "<script" not in body  # the translator's markup is text, escaped
