"""Events (with dates, recurrence and .ics), places (filters, open now, hours, directions) and news."""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone

from wegweiser.places import opening

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def main_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]


def day_headings(html: str) -> list[str]:
    return re.findall(r'<h2 class="day">[^<]*<time datetime="([\d-]+)"', html)


def test_events_are_listed_by_day_with_each_date_of_a_weekly_event(client):
    html = main_of(client.get("/musterstadt/de/events/"))
    assert "Sprachcafé" in html and "Infoabend: Arbeit finden in Musterstadt" in html
    days = [date.fromisoformat(d) for d in day_headings(html)]
    tuesdays = [d for d in days if d.weekday() == 1]
    assert len(tuesdays) >= 4  # the weekly language café, on each Tuesday of the next 30 days
    assert days == sorted(days)
    assert html.count('href="/musterstadt/de/events/sprachcafe$') >= 4


def test_the_date_filter_narrows_the_days(client):
    today = timezone.now().astimezone(BERLIN).date()
    next_tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    html = main_of(client.get("/musterstadt/de/events/", {"from": next_tuesday, "to": next_tuesday}))
    assert day_headings(html) == [next_tuesday.isoformat()]
    assert "Sprachcafé" in html and "18:00" in html


@pytest.mark.parametrize(
    "query", [{"from": "morgen"}, {"to": "2020-01-01"}, {"from": "2026-01-01", "to": "2030-01-01"}]
)
def test_bad_dates_get_a_message_and_a_sensible_list(client, query):
    html = main_of(client.get("/musterstadt/de/events/", query))
    assert 'role="alert"' in html
    assert "<h1>" in html


def test_event_detail_in_arabic_with_place_and_calendar_link(client):
    html = main_of(client.get("/musterstadt/ar/events/language-cafe/"))
    assert "مقهى اللغة" in html
    assert 'href="/musterstadt/ar/events/language-cafe/calendar.ics"' in html
    assert 'href="/musterstadt/ar/locations/' in html  # where it takes place
    assert "18:00" in html


def test_one_date_of_a_recurring_event(client):
    today = timezone.now().astimezone(BERLIN).date()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    html = main_of(client.get(f"/musterstadt/de/events/sprachcafe${tuesday.isoformat()}/"))
    assert f'datetime="{tuesday.isoformat()}T18:00:00+' in html
    wednesday = tuesday + timedelta(days=1)
    assert client.get(f"/musterstadt/de/events/sprachcafe${wednesday.isoformat()}/").status_code == 404
    assert client.get("/musterstadt/de/events/sprachcafe$2026-13-45/").status_code == 404


def test_the_calendar_file_keeps_the_rule_and_the_local_time(client):
    response = client.get("/musterstadt/de/events/sprachcafe/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    event = cast(Any, event)
    assert str(event["SUMMARY"]) == "Sprachcafé"
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and (start.hour, start.minute) == (18, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["TU"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert "Volkshochschule Musterstadt" in str(event["LOCATION"])
    # Every Tuesday at 18:00 in Berlin: in winter 17:00 UTC, in summer 16:00 UTC.
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    winter, summer = rule.after(datetime(2027, 1, 1, tzinfo=BERLIN)), rule.after(datetime(2027, 7, 1, tzinfo=BERLIN))
    assert (winter.astimezone(UTC).hour, summer.astimezone(UTC).hour) == (17, 16)


def test_an_online_event_has_its_meeting_link(client):
    html = main_of(client.get("/musterstadt/de/events/elterntreff/"))
    assert 'href="https://meet.musterstadt.example/elterntreff"' in html


def test_places_list_filters_by_category_and_open_now(client):
    all_html = main_of(client.get("/musterstadt/de/locations/"))
    titles = re.findall(r'class="card-title" href="[^"]+">([^<]+)<', all_html)
    assert {"Bürgerbüro", "Ausländerbehörde", "Migrationsberatung Nordstadt", "Volkshochschule Musterstadt"} <= set(
        titles
    )
    categories = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', all_html))
    assert categories
    some_id, some_name = next(iter(categories.items()))
    filtered = main_of(client.get("/musterstadt/de/locations/", {"category": some_id}))
    shown = re.findall(r'class="place-category">([^<]+)<', filtered)
    assert shown and set(shown) == {some_name}
    # "Open now" keeps exactly the places open at this moment in Musterstadt.
    places = client.get("/api/v3/musterstadt/de/locations/").json()
    now = timezone.now().astimezone(BERLIN)
    expected = {p["title"] for p in places if opening.state(p, now) == opening.OPEN}
    open_html = main_of(client.get("/musterstadt/de/locations/", {"open": "now"}))
    assert set(re.findall(r'class="card-title" href="[^"]+">([^<]+)<', open_html)) == expected


def test_the_map_gets_the_places_and_the_configured_tiles(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = client.get("/musterstadt/uk/locations/")
    html = response.content.decode()
    assert 'id="map-places"' in html and "Бюро громадян" in html
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in html
    assert "/static/vendor/leaflet/leaflet.js" in html


def test_place_detail_has_hours_contacts_and_directions(client):
    html = main_of(client.get("/musterstadt/de/locations/buergerbuero/"))
    assert "<h1>Bürgerbüro</h1>" in html
    assert re.search(r'href="geo:[\d.]+,[\d.]+\?q=[\d.]+,[\d.]+\(B%C3%BCrgerb%C3%BCro\)"', html)
    assert "Montag" in html and "Sonntag" in html
    assert 'href="tel:' in html
    assert "Öffnungszeiten" in html


def test_place_detail_in_arabic(client):
    response = client.get("/musterstadt/ar/locations/")
    link = re.search(r'class="card-title" href="([^"]+)">مكتب المواطنين<', response.content.decode())
    assert link
    html = client.get(link.group(1)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الاثنين" in html  # Monday


def test_news_list_and_item(client):
    html = main_of(client.get("/musterstadt/de/news/"))
    assert "Neue Kitaplätze" in html
    link = re.search(r'class="card-title" href="([^"]+)">Neue Kitaplätze', html)
    assert link and re.fullmatch(r"/musterstadt/de/news/local/\d+/", link.group(1))
    assert "Neue Kitaplätze" in main_of(client.get(link.group(1)))


def test_the_events_list_starts_now_in_the_regions_time(client):
    html = main_of(client.get("/musterstadt/de/events/"))
    first = date.fromisoformat(day_headings(html)[0])
    assert first >= datetime.now(BERLIN).date()
