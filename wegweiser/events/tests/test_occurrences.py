"""Occurrences of recurring events, worked out from published items, across daylight-saving changes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from wegweiser.events.occurrences import event_times, expand, is_upcoming, listing

BERLIN = ZoneInfo("Europe/Berlin")


def item(start: datetime, hours: float = 2, rule: str | None = None, event_id: int = 7) -> dict:
    end = start + timedelta(hours=hours)
    recurrence = None
    if rule:
        recurrence = f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}\nRRULE:{rule}"
    return {
        "id": event_id,
        "url": "https://example.org/r/de/events/cafe/",
        "path": "/r/de/events/cafe/",
        "event": {"id": event_id, **event_times(start, end), "recurrence_id": None, "timezone": "Europe/Berlin"},
        "recurrence_rule": recurrence,
    }


def test_a_weekly_event_keeps_its_local_time_across_the_autumn_change():
    cafe = item(datetime(2026, 10, 13, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU")
    found = expand([cafe], datetime(2026, 10, 19, tzinfo=BERLIN), datetime(2026, 11, 5, tzinfo=BERLIN))
    starts = [datetime.fromisoformat(o["event"]["start"]) for o in found]
    assert [s.date().isoformat() for s in starts] == ["2026-10-20", "2026-10-27", "2026-11-03"]
    assert all(s.astimezone(BERLIN).hour == 18 for s in starts)
    # 18:00 summer time is 16:00 UTC; after 25 October it is 17:00 UTC.
    assert [s.utcoffset() for s in starts] == [timedelta(hours=2), timedelta(hours=1), timedelta(hours=1)]


def test_a_weekly_event_keeps_its_local_time_across_the_spring_change():
    cafe = item(datetime(2027, 3, 16, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU")
    found = expand([cafe], datetime(2027, 3, 22, tzinfo=BERLIN), datetime(2027, 4, 1, tzinfo=BERLIN))
    assert [o["event"]["start"] for o in found] == ["2027-03-23T18:00:00+01:00", "2027-03-30T18:00:00+02:00"]
    assert [o["event"]["end_time"] for o in found] == ["20:00:00", "20:00:00"]


def test_last_friday_of_the_month():
    meeting = item(datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN), rule="FREQ=MONTHLY;BYDAY=-1FR")
    found = expand([meeting], datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2027, 3, 1, tzinfo=BERLIN))
    assert [o["event"]["start_date"] for o in found] == ["2026-11-27", "2026-12-25", "2027-01-29", "2027-02-26"]


def test_interval_until_and_exceptions_are_honoured():
    rule = "FREQ=DAILY;INTERVAL=2;UNTIL=20261110T230000Z"
    course = item(datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN), rule=rule)
    found = expand([course], datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2026, 12, 1, tzinfo=BERLIN))
    assert [o["event"]["start_date"] for o in found] == [
        "2026-11-02",
        "2026-11-04",
        "2026-11-06",
        "2026-11-08",
        "2026-11-10",
    ]
    course["recurrence_rule"] += "\nEXDATE;TZID=Europe/Berlin:20261106T090000"
    found = expand([course], datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2026, 12, 1, tzinfo=BERLIN))
    assert "2026-11-06" not in [o["event"]["start_date"] for o in found]


def test_an_occurrence_is_its_own_item_marked_with_its_date():
    cafe = item(datetime(2026, 11, 3, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU")
    first = expand([cafe], datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2026, 11, 4, tzinfo=BERLIN))[0]
    assert first["id"] is None and first["recurrence_rule"] is None
    assert first["path"] == "/r/de/events/cafe$2026-11-03/"
    assert first["event"]["recurrence_id"] == 7


@pytest.mark.parametrize(
    "start, expected",
    [(datetime(2026, 11, 1, 10, tzinfo=BERLIN), False), (datetime(2026, 11, 30, 10, tzinfo=BERLIN), True)],
)
def test_past_single_events_leave_the_listing(start, expected):
    now = datetime(2026, 11, 22, 12, tzinfo=BERLIN)
    assert is_upcoming(item(start), now) is expected
    assert (len(listing([item(start)], now, combine_recurring=False)) == 1) is expected


def test_a_finished_series_leaves_the_listing_and_a_running_one_stays():
    now = datetime(2026, 11, 22, 12, tzinfo=BERLIN)
    over = item(datetime(2026, 1, 6, 18, tzinfo=BERLIN), rule="FREQ=WEEKLY;UNTIL=20260301T000000Z")
    running = item(datetime(2026, 1, 6, 18, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU", event_id=8)
    assert listing([over, running], now, combine_recurring=True) == [running]
    expanded = listing([over, running], now, combine_recurring=False)
    assert 4 <= len(expanded) <= 5 and all(o["event"]["recurrence_id"] == 8 for o in expanded)
