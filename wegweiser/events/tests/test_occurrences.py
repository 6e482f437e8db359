"""Occurrences of recurring events, worked out from published items, across daylight-saving changes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from wegweiser.events.occurrences import archive, event_times, expand, is_upcoming, listing

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


# Daylight-saving changes in Berlin: 29 March 2026 and 28 March 2027 (02:00 → 03:00),
# 25 October 2026 (03:00 → 02:00).


def starts(found: list[dict]) -> list[str]:
    return [o["event"]["start"] for o in found]


def with_exceptions(event: dict, *days: str) -> dict:
    event["recurrence_rule"] += "\nEXDATE;TZID=Europe/Berlin:" + ",".join(days)
    event["exception_dates"] = [f"{d[:4]}-{d[4:6]}-{d[6:8]}" for d in days]
    return event


def test_weekly_at_six_across_the_spring_change_with_the_utc_offset_moving():
    cafe = item(datetime(2026, 3, 17, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU")
    found = expand([cafe], datetime(2026, 3, 20, tzinfo=BERLIN), datetime(2026, 4, 8, tzinfo=BERLIN))
    assert starts(found) == ["2026-03-24T18:00:00+01:00", "2026-03-31T18:00:00+02:00", "2026-04-07T18:00:00+02:00"]
    assert [o["event"]["end"] for o in found] == [
        "2026-03-24T20:00:00+01:00",
        "2026-03-31T20:00:00+02:00",
        "2026-04-07T20:00:00+02:00",
    ]


def test_an_exception_on_the_day_the_clocks_go_back_is_left_out():
    walk = item(datetime(2026, 10, 11, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=SU")
    with_exceptions(walk, "20261025T180000")
    found = expand([walk], datetime(2026, 10, 10, tzinfo=BERLIN), datetime(2026, 11, 3, tzinfo=BERLIN))
    assert starts(found) == ["2026-10-11T18:00:00+02:00", "2026-10-18T18:00:00+02:00", "2026-11-01T18:00:00+01:00"]


def test_an_event_at_night_on_the_day_the_clocks_go_forward_keeps_its_clock_times():
    night = item(datetime(2026, 3, 22, 1, 0, tzinfo=BERLIN), hours=3, rule="FREQ=WEEKLY;BYDAY=SU")
    [change_day] = expand([night], datetime(2026, 3, 28, 12, tzinfo=BERLIN), datetime(2026, 3, 29, 12, tzinfo=BERLIN))
    # 01:00 to 04:00 on the clock, although only two hours pass that night.
    assert (change_day["event"]["start"], change_day["event"]["end"]) == (
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T04:00:00+02:00",
    )


def test_monthly_on_the_last_friday_across_both_changes():
    meeting = item(datetime(2026, 2, 27, 10, 0, tzinfo=BERLIN), rule="FREQ=MONTHLY;BYDAY=-1FR")
    found = expand([meeting], datetime(2026, 3, 1, tzinfo=BERLIN), datetime(2026, 11, 30, tzinfo=BERLIN))
    assert [o["event"]["start_date"] for o in found] == [
        "2026-03-27",
        "2026-04-24",
        "2026-05-29",
        "2026-06-26",
        "2026-07-31",
        "2026-08-28",
        "2026-09-25",
        "2026-10-30",
        "2026-11-27",
    ]
    assert {o["event"]["start_time"] for o in found} == {"10:00:00"}


def test_monthly_on_the_31st_skips_shorter_months_and_the_last_day_does_not():
    rent = item(datetime(2026, 1, 31, 9, 0, tzinfo=BERLIN), rule="FREQ=MONTHLY;BYMONTHDAY=31")
    found = expand([rent], datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2026, 8, 1, tzinfo=BERLIN))
    assert [o["event"]["start_date"] for o in found] == ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"]
    last = item(datetime(2026, 1, 31, 9, 0, tzinfo=BERLIN), rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    found = expand([last], datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2026, 5, 1, tzinfo=BERLIN))
    assert [o["event"]["start_date"] for o in found] == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    assert found[2]["event"]["start"] == "2026-03-31T09:00:00+02:00"  # after the spring change


def test_yearly_in_winter_and_summer_time():
    festival = item(datetime(2026, 6, 20, 15, 0, tzinfo=BERLIN), rule="FREQ=YEARLY;COUNT=3")
    found = expand([festival], datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2030, 1, 1, tzinfo=BERLIN))
    assert starts(found) == ["2026-06-20T15:00:00+02:00", "2027-06-20T15:00:00+02:00", "2028-06-20T15:00:00+02:00"]
    new_year = item(datetime(2026, 1, 1, 0, 0, tzinfo=BERLIN), hours=1, rule="FREQ=YEARLY")
    assert starts(expand([new_year], datetime(2026, 12, 31, tzinfo=BERLIN), datetime(2027, 1, 2, tzinfo=BERLIN))) == [
        "2027-01-01T00:00:00+01:00"
    ]


def test_daily_with_an_interval_across_the_autumn_change():
    course = item(datetime(2026, 10, 21, 9, 0, tzinfo=BERLIN), rule="FREQ=DAILY;INTERVAL=2")
    found = expand([course], datetime(2026, 10, 21, tzinfo=BERLIN), datetime(2026, 10, 30, tzinfo=BERLIN))
    assert starts(found) == [
        "2026-10-21T09:00:00+02:00",
        "2026-10-23T09:00:00+02:00",
        "2026-10-25T09:00:00+01:00",
        "2026-10-27T09:00:00+01:00",
        "2026-10-29T09:00:00+01:00",
    ]


def test_count_counts_the_dates_an_exception_takes_away():
    course = item(datetime(2026, 10, 6, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU;COUNT=4")
    with_exceptions(course, "20261020T180000")
    found = expand([course], datetime(2026, 10, 1, tzinfo=BERLIN), datetime(2026, 12, 31, tzinfo=BERLIN))
    assert [o["event"]["start_date"] for o in found] == ["2026-10-06", "2026-10-13", "2026-10-27"]


def test_until_is_the_end_of_the_last_day_in_the_region():
    # UNTIL as the widget writes it: 10 November, 23:59:59 in Berlin.
    course = item(datetime(2026, 11, 2, 21, 0, tzinfo=BERLIN), rule="FREQ=DAILY;UNTIL=20261110T225959Z")
    found = expand([course], datetime(2026, 11, 1, tzinfo=BERLIN), datetime(2026, 12, 1, tzinfo=BERLIN))
    assert found[-1]["event"]["start"] == "2026-11-10T21:00:00+01:00" and len(found) == 9


def test_an_all_day_event_over_the_spring_change_lasts_whole_days():
    weekend = item(datetime(2026, 3, 21, 0, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=SA")
    weekend["event"].update(
        event_times(datetime(2026, 3, 21, tzinfo=BERLIN), datetime(2026, 3, 22, 23, 59, 59, tzinfo=BERLIN))
    )
    weekend["event"]["all_day"] = True
    found = expand([weekend], datetime(2026, 3, 27, tzinfo=BERLIN), datetime(2026, 4, 6, tzinfo=BERLIN))
    # Saturday 28 to Sunday 29 March (the clocks go forward on the Sunday), then 4 to 5 April.
    assert [(o["event"]["start"], o["event"]["end"]) for o in found] == [
        ("2026-03-28T00:00:00+01:00", "2026-03-29T23:59:59+02:00"),
        ("2026-04-04T00:00:00+02:00", "2026-04-05T23:59:59+02:00"),
    ]
    # On Sunday evening, the weekend of the change is still going on.
    assert is_upcoming(weekend, datetime(2026, 3, 29, 22, 0, tzinfo=BERLIN))


def test_a_series_whose_remaining_dates_are_all_exceptions_is_over():
    course = item(datetime(2026, 10, 6, 18, 0, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU;COUNT=3")
    with_exceptions(course, "20261020T180000")
    assert not is_upcoming(course, datetime(2026, 10, 14, tzinfo=BERLIN))
    assert is_upcoming(course, datetime(2026, 10, 13, 19, tzinfo=BERLIN))  # the second date is still going on


def test_the_archive_lists_what_is_over_newest_first():
    now = datetime(2026, 11, 22, 12, tzinfo=BERLIN)
    old = item(datetime(2025, 6, 1, 10, tzinfo=BERLIN), event_id=1)
    last_month = item(datetime(2026, 10, 20, 10, tzinfo=BERLIN), event_id=2)
    finished = item(datetime(2026, 9, 1, 18, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU;COUNT=8", event_id=3)
    running = item(datetime(2026, 9, 1, 18, tzinfo=BERLIN), rule="FREQ=WEEKLY;BYDAY=TU", event_id=4)
    future = item(datetime(2026, 12, 1, 10, tzinfo=BERLIN), event_id=5)
    past = archive([old, last_month, finished, running, future], now, now - timedelta(days=365))
    # The finished series' last date (20 October, 18:00) is later that day than the single event (10:00).
    assert [(event["id"], start.isoformat()) for event, start in past] == [
        (3, "2026-10-20T18:00:00+02:00"),
        (2, "2026-10-20T10:00:00+02:00"),
    ]
