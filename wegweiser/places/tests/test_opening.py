"""Open now, in the region's time: exceptions and public holidays first, then the weekday; when it opens or closes."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation

from wegweiser.places import opening

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
CLOSED = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def day(*slots, all_day=False, appointment=False):
    return {
        "allDay": all_day,
        "closed": False,
        "appointmentOnly": appointment,
        "timeSlots": [{"start": a, "end": b, "timezone": "Europe/Berlin"} for a, b in slots],
    }


OFFICE: dict[str, Any] = {
    "temporarily_closed": False,
    "opening_hours": [
        day(("08:00", "12:00"), ("14:00", "16:00")),  # Monday
        day(("08:00", "12:00")),
        day(appointment=True),
        day(("08:00", "12:00"), appointment=True),
        day(all_day=True),
        CLOSED,
        CLOSED,
    ],
    "opening_exceptions": [],
    "closed_on_public_holidays": True,
    "public_holidays": [],
}
MONDAY = datetime(2026, 11, 23, tzinfo=BERLIN)


def at(weekday: int, clock: str, place_day: datetime = MONDAY) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return place_day.replace(day=place_day.day + weekday, hour=hour, minute=minute)


def test_open_within_a_slot_and_closed_between_and_after():
    assert opening.state(OFFICE, at(0, "08:00")) == opening.OPEN
    assert opening.state(OFFICE, at(0, "11:59")) == opening.OPEN
    assert opening.state(OFFICE, at(0, "12:00")) == opening.CLOSED  # the end is exclusive
    assert opening.state(OFFICE, at(0, "15:00")) == opening.OPEN
    assert opening.state(OFFICE, at(0, "07:59")) == opening.CLOSED
    assert opening.state(OFFICE, at(5, "10:00")) == opening.CLOSED  # Saturday


def test_all_day_appointment_and_temporarily_closed():
    assert opening.state(OFFICE, at(4, "03:00")) == opening.OPEN
    assert opening.state(OFFICE, at(2, "10:00")) == opening.APPOINTMENT
    assert opening.state(OFFICE, at(3, "10:00")) == opening.OPEN
    assert opening.state(OFFICE, at(3, "13:00")) == opening.APPOINTMENT
    assert opening.state({**OFFICE, "temporarily_closed": True}, at(0, "09:00")) == opening.TEMPORARILY_CLOSED
    assert opening.state({"opening_hours": None}, at(0, "09:00")) == opening.UNKNOWN


def test_local_time_counts_not_utc():
    # 07:30 UTC on a winter Monday is 08:30 in Berlin: open.
    assert opening.state(OFFICE, datetime(2026, 11, 23, 7, 30, tzinfo=UTC).astimezone(BERLIN)) == "open"


def test_daylight_saving_days_use_the_clock_on_the_wall():
    sunday_hours = {**OFFICE, "opening_hours": [*OFFICE["opening_hours"][:6], day(("08:00", "12:00"))]}
    # 29 March 2026: clocks go from 02:00 to 03:00. 06:30 UTC is 08:30 summer time (07:30 the day before).
    spring = datetime(2026, 3, 29, 6, 30, tzinfo=UTC).astimezone(BERLIN)
    assert (spring.hour, spring.minute) == (8, 30)
    assert opening.state(sunday_hours, spring) == opening.OPEN
    assert opening.state(sunday_hours, datetime(2026, 3, 28, 6, 30, tzinfo=UTC).astimezone(BERLIN)) == opening.CLOSED
    # 25 October 2026: clocks go back from 03:00 to 02:00. 11:30 UTC is 12:30 winter time: closed.
    autumn = datetime(2026, 10, 25, 11, 30, tzinfo=UTC).astimezone(BERLIN)
    assert opening.state(sunday_hours, autumn) == opening.CLOSED
    assert opening.state(sunday_hours, datetime(2026, 10, 25, 10, 30, tzinfo=UTC).astimezone(BERLIN)) == opening.OPEN
    # The closing time is the wall clock's, on the day the clocks change too.
    status = opening.status(sunday_hours, spring)
    assert status.closes_at is not None and (status.closes_at.hour, status.closes_at.minute) == (12, 0)
    assert status.closes_at.utcoffset() == timedelta(hours=2)  # summer time


def test_a_night_runs_over_midnight():
    night = {
        **OFFICE,
        "opening_hours": [CLOSED, CLOSED, CLOSED, CLOSED, day(("20:00", "00:00")), day(("00:00", "02:00")), CLOSED],
    }
    assert opening.state(night, at(4, "23:59")) == opening.OPEN  # Friday night
    assert opening.state(night, at(5, "00:00")) == opening.OPEN  # Saturday, just after midnight
    assert opening.state(night, at(5, "01:59")) == opening.OPEN
    assert opening.state(night, at(5, "02:00")) == opening.CLOSED
    # Friday's opening and Saturday's are one: it closes on Saturday at two.
    with translation.override("en"):
        status = opening.status(night, at(4, "21:00"))
        assert status.closes_at == at(5, "02:00")
        assert status.change == "closes tomorrow at 02:00"
        assert opening.status(night, at(4, "19:00")).change == "opens at 20:00"
        assert opening.week(night, at(4, "19:00"))[4].hours == "20:00–24:00"


def test_exceptions_count_before_the_week():
    place = {
        **OFFICE,
        "opening_exceptions": [
            {"start": "2026-11-23", "end": "2026-11-24", "note": "Umzug", **CLOSED},  # Monday and Tuesday
            {"start": "2026-11-28", "end": "2026-11-28", "note": "", **day(("10:00", "13:00"))},  # a Saturday
            {"start": "2026-11-27", "end": "2026-11-27", "note": "", **day(appointment=True)},  # Friday
        ],
    }
    assert opening.state(place, at(0, "09:00")) == opening.CLOSED
    assert opening.state(place, at(1, "09:00")) == opening.CLOSED
    assert opening.state(place, at(3, "09:00")) == opening.OPEN  # Thursday as usual
    assert opening.state(place, at(4, "09:00")) == opening.APPOINTMENT  # instead of all day
    assert opening.state(place, at(5, "11:00")) == opening.OPEN  # a Saturday that opens
    assert opening.state(place, at(5, "13:00")) == opening.CLOSED
    with translation.override("en"):
        assert opening.status(place, at(0, "09:00")).change == "opens on Thursday at 08:00"


def test_public_holidays_close_the_place_unless_it_says_otherwise():
    holidays = [{"date": "2026-12-25", "name": "Erster Weihnachtstag"}]
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=BERLIN)  # a Friday: usually open all day
    place = {**OFFICE, "public_holidays": holidays}
    assert opening.state(place, christmas) == opening.CLOSED
    assert opening.state({**place, "closed_on_public_holidays": False}, christmas) == opening.OPEN
    # An exception on a holiday wins: this office opens for two hours.
    special = {**place, "opening_exceptions": [{"start": "2026-12-25", "end": "2026-12-25", **day(("10:00", "12:00"))}]}
    assert opening.state(special, christmas) == opening.OPEN
    # A place without hours stays unknown on holidays: nobody said it is ever open.
    assert opening.state({"opening_hours": None, "public_holidays": holidays}, christmas) == opening.UNKNOWN


def test_when_it_opens_and_closes():
    with translation.override("en"):
        assert opening.status(OFFICE, at(0, "09:00")).change == "closes at 12:00"
        assert opening.status(OFFICE, at(0, "13:00")).change == "opens at 14:00"
        # Tuesday afternoon: Wednesday is by appointment only, Thursday opens at eight.
        assert opening.status(OFFICE, at(1, "13:00")).change == "opens on Thursday at 08:00"
        # Saturday: closed until Monday.
        saturday = opening.status(OFFICE, at(5, "10:00"))
        assert saturday.opens_at == at(7, "08:00") and saturday.change == "opens on Monday at 08:00"
        # Friday is all day: it closes at midnight.
        assert opening.status(OFFICE, at(4, "10:00")).change == "closes at 24:00"
        assert opening.status({**OFFICE, "temporarily_closed": True}, at(0, "09:00")).change == ""
        assert opening.status({"opening_hours": None}, at(0, "09:00")) == opening.Status(opening.UNKNOWN)
        assert opening.status(OFFICE, at(3, "13:00")).change == "opens tomorrow at 00:00"


def test_the_week_as_text_in_the_readers_language():
    with translation.override("de"):
        week = opening.week(OFFICE, at(1, "09:00"))
    assert [d.name for d in week][:2] == ["Montag", "Dienstag"]
    assert week[0].hours == "08:00–12:00, 14:00–16:00"
    assert week[1].is_today and not week[0].is_today
    assert week[5].hours == "geschlossen"
    with translation.override("ar"):
        assert opening.week(OFFICE, at(1, "09:00"))[0].name == "الاثنين"
    with translation.override("fa"):
        assert opening.week(OFFICE, at(1, "09:00"))[0].name == "دوشنبه"


def test_upcoming_days_with_other_hours():
    place = {
        **OFFICE,
        "opening_exceptions": [
            {"start": "2026-11-20", "end": "2026-11-24", "note": "Umzug", **CLOSED},  # started before today
            {"start": "2026-12-10", "end": "2026-12-10", "note": "", **CLOSED},  # too far ahead
        ],
        "public_holidays": [
            {"date": "2026-11-29", "name": "Ein Sonntag"},  # on a Sunday, closed anyway: not listed
            {"date": "2026-12-03", "name": "Ein Feiertag"},  # a Thursday
        ],
    }
    with translation.override("en"):
        found = opening.upcoming(place, date(2026, 11, 23))
    assert [(u.first, u.last, u.hours, u.note, u.is_holiday) for u in found] == [
        (date(2026, 11, 20), date(2026, 11, 24), "closed", "Umzug", False),
        (date(2026, 12, 3), date(2026, 12, 3), "closed", "Ein Feiertag", True),
    ]
    assert opening.upcoming({**place, "closed_on_public_holidays": False}, date(2026, 11, 23))[1:] == []
