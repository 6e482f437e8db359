"""Checking opening hours and their exceptions, and reading the short text form of CSV files."""

import pytest
from django.core.exceptions import ValidationError

from wegweiser.places.hours import (
    HoursTextError,
    parse_hours_text,
    same_hours,
    validate_opening_exceptions,
    validate_opening_hours,
)

CLOSED = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def week_with_monday(*slots) -> list[dict]:
    monday = {
        "allDay": False,
        "closed": False,
        "appointmentOnly": False,
        "timeSlots": [{"start": start, "end": end} for start, end in slots],
    }
    return [monday, *[CLOSED] * 6]


def messages_of(validator, value) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        validator(value)
    return raised.value.messages


def test_a_good_week_and_none_pass():
    validate_opening_hours(None)
    validate_opening_hours(week_with_monday(("08:00", "12:00"), ("12:00", "16:00")))  # touching is fine
    validate_opening_hours(week_with_monday(("20:00", "00:00")))  # until midnight
    validate_opening_hours(week_with_monday(("20:00", "24:00")))


def test_wrong_weeks_say_which_day_and_what_is_wrong():
    assert messages_of(validate_opening_hours, [CLOSED] * 6) == [
        "Opening hours are a list of seven days, Monday first."
    ]
    assert messages_of(validate_opening_hours, week_with_monday(("12:00", "08:00"))) == [
        "Monday: the time slot 12:00–08:00 ends before it starts."
    ]
    assert messages_of(validate_opening_hours, week_with_monday(("08:00", "12:00"), ("11:00", "13:00"))) == [
        "Monday: the time slots 08:00–12:00 and 11:00–13:00 overlap."
    ]
    assert messages_of(validate_opening_hours, week_with_monday(("8:00", ""))) == [
        "Monday: give each time slot a start and an end as HH:MM."
    ]
    assert messages_of(validate_opening_hours, [{**CLOSED, "closed": "yes"}, *[CLOSED] * 6]) == [
        "Monday: allDay, closed and appointmentOnly are true or false."
    ]


def test_exceptions_are_checked_with_their_dates():
    good = [
        {"start": "2026-12-24", "end": "2026-12-26", "note": "Weihnachten", **CLOSED},
        {"start": "2026-12-31", "end": "2026-12-31", **week_with_monday(("09:00", "12:00"))[0]},
    ]
    validate_opening_exceptions(good)
    validate_opening_exceptions([])
    reversed_range = [{"start": "2026-12-26", "end": "2026-12-24", **CLOSED}]
    assert messages_of(validate_opening_exceptions, reversed_range) == [
        "Exception 1: its last day is before its first."
    ]
    overlapping = [good[0], {"start": "2026-12-26", "end": "2026-12-27", **CLOSED}]
    assert messages_of(validate_opening_exceptions, overlapping) == [
        "Exceptions 1 and 2 overlap: a day can have only one exception."
    ]
    no_hours = [{"start": "2026-12-31", "end": "2026-12-31", "allDay": False, "closed": False, "timeSlots": []}]
    assert messages_of(validate_opening_exceptions, no_hours) == [
        "Exception 1 (12/31/2026): give opening times, or mark it closed, open all day or by appointment only."
    ]
    assert messages_of(validate_opening_exceptions, [{"start": "24.12.2026", **CLOSED}]) == [
        "Exception 1: give its first and last day as dates."
    ]
    long_note = [{"start": "2026-12-24", "end": "2026-12-24", "note": "x" * 101, **CLOSED}]
    assert "at most 100 characters" in messages_of(validate_opening_exceptions, long_note)[0]
    bad_slot = [{"start": "2026-12-31", "end": "2026-12-31", **week_with_monday(("12:00", "09:00"))[0]}]
    assert messages_of(validate_opening_exceptions, bad_slot) == [
        "Exception 1 (12/31/2026): the time slot 12:00–09:00 ends before it starts."
    ]


def test_the_short_text_form():
    week = parse_hours_text("Mo-Fr 08:00-12:00; Th 14:00-18:00; We appointment", "Europe/Berlin")
    assert week is not None and len(week) == 7
    assert week[0] == {
        "allDay": False,
        "closed": False,
        "appointmentOnly": False,
        "timeSlots": [{"start": "08:00", "end": "12:00", "timezone": "Europe/Berlin"}],
    }
    assert [slot["start"] for slot in week[3]["timeSlots"]] == ["08:00", "14:00"]
    assert week[2]["appointmentOnly"] and week[2]["timeSlots"]
    assert week[5] == CLOSED and week[6] == CLOSED
    # German abbreviations, "Uhr", dots, commas and "und" as people write them.
    german = parse_hours_text("Mo, Mi 8.00-12.00 Uhr und 13:00 – 15:30\nDo: nach Vereinbarung; Sa 24h")
    assert german is not None
    assert [(s["start"], s["end"]) for s in german[0]["timeSlots"]] == [("08:00", "12:00"), ("13:00", "15:30")]
    assert german[1] == CLOSED and german[2]["timeSlots"] == german[0]["timeSlots"]
    assert german[3]["appointmentOnly"] and german[5]["allDay"]
    night = parse_hours_text("Fr 20:00-24:00; Sa 00:00-02:00")
    assert night is not None and night[4]["timeSlots"][0]["end"] == "00:00"
    assert parse_hours_text("  ") is None
    assert same_hours(week, parse_hours_text("Mo-Fr 08:00-12:00; Th 14:00-18:00; We appointment", "UTC"))
    assert not same_hours(week, german)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mo-Fx 08:00-12:00", "“Fx” is not a day; write Mo, Tu, We, Th, Fr, Sa, Su."),
        ("Fr-Mo 08:00-12:00", "“Fr-Mo” runs backwards; write the first day first."),
        ("Mo 08:00-12", "“08:00-12” is not a time slot like 08:00-12:00, nor closed or appointment."),
        ("Mo 25:00-26:00", "“25:00-26:00” is not a time of day."),
        ("Mo 12:00-08:00", "Monday: the time slot 12:00–08:00 ends before it starts."),
        ("Mo 08:00-12:00, 11:00-13:00", "Monday: the time slots 08:00–12:00 and 11:00–13:00 overlap."),
        (
            "08:00-12:00",
            "Cannot read “08:00-12:00”; write days and hours, e.g. Mo-Fr 08:00-12:00; Th 14:00-18:00; We appointment.",
        ),
    ],
)
def test_bad_short_texts_say_what_is_wrong(text, message):
    with pytest.raises(HoursTextError) as raised:
        parse_hours_text(text)
    assert str(raised.value) == message
