"""Open now, in the region's time, from Integreat's seven-day opening hours."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import translation

from wegweiser.places import opening

BERLIN = ZoneInfo("Europe/Berlin")
CLOSED = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def day(*slots, all_day=False, appointment=False):
    return {
        "allDay": all_day,
        "closed": False,
        "appointmentOnly": appointment,
        "timeSlots": [{"start": a, "end": b} for a, b in slots],
    }


OFFICE = {
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
}
MONDAY = datetime(2026, 11, 23, tzinfo=BERLIN)


def at(weekday: int, clock: str) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return MONDAY.replace(day=23 + weekday, hour=hour, minute=minute)


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
    assert opening.state(OFFICE, datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo("UTC")).astimezone(BERLIN)) == "open"


def test_the_week_as_text_in_the_readers_language():
    with translation.override("de"):
        week = opening.week(OFFICE, at(1, "09:00"))
    assert [d.name for d in week][:2] == ["Montag", "Dienstag"]
    assert week[0].hours == "08:00–12:00, 14:00–16:00"
    assert week[1].is_today and not week[0].is_today
    assert week[5].hours == "geschlossen"
    with translation.override("ar"):
        assert opening.week(OFFICE, at(1, "09:00"))[0].name == "الاثنين"
