"""Events as readers get them: exceptions and categories in the documents, both APIs, the web app and the
calendar feeds; past events in the archive instead of the lists."""

import re
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.models import Locale

from wegweiser.events.models import EventCategory, EventIndexPage, EventPage
from wegweiser.publishing import snapshots
from wegweiser.publishing.serving import get_document
from wegweiser.publishing.snapshots import region_key

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def local_now() -> datetime:
    return timezone.now().astimezone(BERLIN)


def in_language(language: str, text: str) -> str:
    """The web app's text in a reader's language (as the message catalogue has it)."""
    with translation.override(language):
        return gettext(text)


def tuesdays_from(day: date, weeks: int) -> list[date]:
    first = day + timedelta(days=(1 - day.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range(weeks)]


class Published:
    """Events made for these tests in Musterstadt (German), published, with the snapshots rebuilt."""

    def __init__(self, musterstadt):
        self.region = musterstadt
        self.category = EventCategory.objects.create(name="Treffen", locale=Locale.objects.get(language_code="de"))
        arabic = self.category.copy_for_translation(Locale.objects.get(language_code="ar"))
        arabic.name = "لقاءات"
        arabic.save()
        self.arabic_category = arabic
        events = EventIndexPage.objects.child_of(musterstadt).get()
        today = local_now().date()
        # A weekly sewing café since three weeks ago, on Tuesdays at 18:00; not in two weeks' time.
        first, *_rest = tuesdays_from(today - timedelta(days=21), 1)
        self.tuesdays = tuesdays_from(first, 12)
        self.skipped = next(d for d in self.tuesdays if d > today + timedelta(days=7))
        start = datetime.combine(first, time(18), BERLIN)
        self.weekly = self.add(
            events,
            "Nähcafé",
            start,
            hours=2,
            recurrence_rule="FREQ=WEEKLY;BYDAY=TU",
            exception_dates=[self.skipped.isoformat()],
            category=self.category,
        )
        two_weeks_ago = datetime.combine(today - timedelta(days=14), time(10), BERLIN)
        self.recent = self.add(events, "Flohmarkt", two_weeks_ago, hours=4, category=self.category)
        three_months_ago = datetime.combine(today - timedelta(days=90), time(10), BERLIN)
        self.old = self.add(events, "Sommerfest", three_months_ago, hours=5)
        three_hours_ago = local_now().replace(microsecond=0) - timedelta(hours=3)
        self.just_over = self.add(events, "Frühstück", three_hours_ago, hours=1)
        snapshots.rebuild_region(musterstadt)

    @staticmethod
    def add(parent, title: str, start: datetime, hours: float, **fields) -> EventPage:
        event = EventPage(title=title, slug=slugify(title), start=start, **fields)
        event.end = start + timedelta(hours=hours)
        parent.add_child(instance=event)
        event.save_revision().publish()
        return event


@pytest.fixture
def published(musterstadt) -> Published:
    return Published(musterstadt)


def document(region, language: str) -> list[dict]:
    found = get_document(region_key(region.id, language, "events"))
    assert found is not None
    return found.data


def by_title(items: list[dict]) -> dict[str, dict]:
    return {item["title"]: item for item in items}


def test_the_document_carries_category_exceptions_and_an_exdate_line(published):
    item = by_title(document(published.region, "de"))["Nähcafé"]
    assert item["category"] == {"id": published.category.pk, "name": "Treffen"}
    assert item["exception_dates"] == [published.skipped.isoformat()]
    lines = item["recurrence_rule"].splitlines()
    assert lines[0].startswith("DTSTART;TZID=Europe/Berlin:") and lines[1] == "RRULE:FREQ=WEEKLY;BYDAY=TU"
    # rrule.js reads EXDATE with a TZID parameter and comma-separated local times.
    assert lines[2] == f"EXDATE;TZID=Europe/Berlin:{published.skipped:%Y%m%d}T180000"
    dates = [d.date() for d in rrulestr(item["recurrence_rule"]).between(*window(published.tuesdays))]
    assert published.skipped not in dates and len(dates) == len(published.tuesdays) - 1


def window(days: list[date]) -> tuple[datetime, datetime]:
    return datetime.combine(days[0], time.min, BERLIN), datetime.combine(days[-1], time.max, BERLIN)


def test_a_single_event_has_no_exceptions_and_the_category_is_named_in_the_readers_language(published):
    assert by_title(document(published.region, "de"))["Flohmarkt"]["exception_dates"] == []
    # The café in Musterstadt's demo gets the category in German; its Arabic copy names it in Arabic.
    cafe = EventPage.objects.descendant_of(published.region).get(slug="sprachcafe")
    EventPage.objects.filter(translation_key=cafe.translation_key).update(category=published.category)
    snapshots.rebuild_region(published.region)
    arabic = next(e for e in document(published.region, "ar") if e["path"].endswith("/language-cafe/"))
    assert arabic["category"] == {"id": published.arabic_category.pk, "name": "لقاءات"}


def test_api_v3_gives_the_rule_with_exdate_and_leaves_the_exception_out(client, published):
    combined = by_title(client.get("/api/v3/musterstadt/de/events/?combine_recurring=True").json())
    assert "\nEXDATE;TZID=Europe/Berlin:" in combined["Nähcafé"]["recurrence_rule"]
    assert {"Sommerfest", "Flohmarkt", "Frühstück"}.isdisjoint(combined)  # past events leave the list
    expanded = client.get("/api/v3/musterstadt/de/events/").json()
    cafe_dates = [e["event"]["start_date"] for e in expanded if e["title"] == "Nähcafé"]
    assert cafe_dates and published.skipped.isoformat() not in cafe_dates
    assert all(date.fromisoformat(d) >= local_now().date() for d in cafe_dates)


def test_api_v1_events_carry_category_and_exceptions_and_start_now(client, published):
    events = client.get("/api/v1/regions/musterstadt/de/events/").json()
    titles = {e["title"] for e in events}
    assert "Nähcafé" in titles and "Frühstück" not in titles  # ended earlier today
    cafe = next(e for e in events if e["title"] == "Nähcafé")
    # An occurrence of the series, with the series' category and the days it leaves out.
    assert cafe["category"]["name"] == "Treffen" and cafe["exception_dates"] == [published.skipped.isoformat()]
    day = published.just_over.start.astimezone(BERLIN).date().isoformat()
    with_today = client.get(f"/api/v1/regions/musterstadt/de/events/?start={day}&end={day}").json()
    assert "Frühstück" in {e["title"] for e in with_today}
    categories = client.get("/api/v1/regions/musterstadt/de/event-categories/").json()
    assert {"id": published.category.pk, "name": "Treffen"} in categories


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def vevents(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(event["SUMMARY"]): cast(Any, event) for event in calendar.walk("VEVENT")}


def test_the_region_feed_holds_upcoming_and_recent_events_with_rules_and_timezones(client, published):
    calendar = parse(client.get("/musterstadt/de/events/calendar.ics"))
    events = vevents(calendar)
    assert {"Nähcafé", "Flohmarkt", "Frühstück"} <= set(events) and "Sommerfest" not in events
    assert str(calendar["X-WR-CALNAME"]) == in_language("de", "Events – %(region)s") % {"region": "Stadt Musterstadt"}
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    cafe = events["Nähcafé"]
    assert cafe["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(c) for c in cafe["CATEGORIES"].cats] == ["Treffen"]
    # Expanded with dateutil as a calendar app would: every Tuesday at 18:00 local time, except one.
    rule = rrulestr(cafe["RRULE"].to_ical().decode(), dtstart=cafe.decoded("DTSTART"), forceset=True)
    for exdate in cafe["EXDATE"].dts:
        rule.exdate(exdate.dt)
    dates = rule.between(*window(published.tuesdays), inc=True)
    assert [d.date() for d in dates] == [d for d in published.tuesdays if d != published.skipped]
    assert {d.astimezone(BERLIN).hour for d in dates} == {18}


def test_one_category_only_and_the_uids_stay_the_same(client, published):
    everything = vevents(parse(client.get("/musterstadt/de/events/calendar.ics")))
    meetings = parse(client.get(f"/musterstadt/de/events/calendar.ics?category={published.category.pk}"))
    assert set(vevents(meetings)) == {"Nähcafé", "Flohmarkt"}
    assert str(meetings["X-WR-CALNAME"]).startswith("Treffen – ")
    assert str(vevents(meetings)["Nähcafé"]["UID"]) == str(everything["Nähcafé"]["UID"])
    single = vevents(parse(client.get("/musterstadt/de/events/nahcafe/calendar.ics")))["Nähcafé"]
    assert str(single["UID"]) == str(everything["Nähcafé"]["UID"]) == f"event-{published.weekly.pk}@testserver"
    assert single["EXDATE"].dts[0].dt == datetime.combine(published.skipped, time(18), BERLIN)
    assert client.get("/musterstadt/de/events/calendar.ics?category=treffen").status_code == 404


def test_the_feed_answers_with_an_etag_a_304_and_no_cors(client, published):
    first = client.get("/musterstadt/de/events/calendar.ics")
    assert first.status_code == 200 and first["ETag"] and "Access-Control-Allow-Origin" not in first
    again = client.get("/musterstadt/de/events/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    published.add(EventIndexPage.objects.child_of(published.region).get(), "Lesung", local_now() + timedelta(days=3), 1)
    snapshots.rebuild_region(published.region)
    changed = client.get("/musterstadt/de/events/calendar.ics", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and "Lesung" in vevents(parse(changed))


def test_all_day_events_are_dates_in_the_feed(client, published):
    events = EventIndexPage.objects.child_of(published.region).get()
    day = local_now().date() + timedelta(days=10)
    published.add(
        events,
        "Aktionstag",
        datetime.combine(day, time.min, BERLIN),
        hours=24 * 2 - 1 / 3600,
        all_day=True,
        recurrence_rule="FREQ=YEARLY;UNTIL=20301231T225959Z",
    )
    snapshots.rebuild_region(published.region)
    event = vevents(parse(client.get("/musterstadt/de/events/calendar.ics")))["Aktionstag"]
    assert event.decoded("DTSTART") == day and event.decoded("DTEND") == day + timedelta(days=2)
    assert event["RRULE"]["UNTIL"] == [date(2030, 12, 31)]  # a DATE, like DTSTART


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_events_page_offers_to_subscribe_and_links_the_archive(client, published, language):
    html = client.get(f"/musterstadt/{language}/events/").content.decode()
    name = in_language(language, "Subscribe: %(name)s") % {"name": in_language(language, "All events")}
    assert f'href="webcal://testserver/musterstadt/{language}/events/calendar.ics"' in html
    assert f'href="http://testserver/musterstadt/{language}/events/calendar.ics"' in html
    assert f'dir="ltr">http://testserver/musterstadt/{language}/events/calendar.ics<' in html
    assert name in html
    assert f'href="/musterstadt/{language}/events/?past=1"' in html
    assert bool(re.search(r'<html[^>]* dir="rtl"', html)) is (language == "ar")
    if language == "de":
        assert f"calendar.ics?category={published.category.pk}" in html
        assert 'class="event-category">Treffen<' in html


def test_past_events_leave_the_list_and_are_in_the_archive_newest_first(client, published):
    listed = client.get("/musterstadt/de/events/").content.decode()
    assert "Nähcafé" in listed and "Sommerfest" not in listed and "Flohmarkt" not in listed
    assert "Frühstück" not in listed  # it ended three hours ago
    archive = client.get("/musterstadt/de/events/?past=1").content.decode()
    titles = re.findall(r'class="card-title" href="[^"]+">([^<]+)<', archive)
    assert titles.index("Frühstück") < titles.index("Flohmarkt") < titles.index("Sommerfest")
    assert "Nähcafé" not in titles  # a running series is not over
    notice = client.get("/musterstadt/de/events/", {"from": "2020-01-01"}).content.decode()
    assert 'role="alert"' in notice and "Sommerfest" not in notice


def test_the_category_filter_keeps_one_category(client, published):
    html = client.get("/musterstadt/de/events/", {"category": published.category.pk}).content.decode()
    titles = set(re.findall(r'class="card-title" href="[^"]+">([^<]+)<', html))
    assert titles == {"Nähcafé"}


def test_the_event_page_names_its_category_and_the_days_it_does_not_take_place(client, published):
    html = client.get("/musterstadt/de/events/nahcafe/").content.decode()
    assert ">Treffen</a>" in html
    assert in_language("de", "Does not take place on:") in html
    assert f'datetime="{published.skipped.isoformat()}"' in html
