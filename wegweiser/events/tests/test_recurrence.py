"""Rules as the editor's widget shows them: composed from choices, read back, checked against the start."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError

from wegweiser.events.recurrence import (
    Ending,
    Frequency,
    Recurrence,
    compose,
    decompose,
    normalise_until,
    problems,
    with_start,
)

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY = datetime(2026, 10, 13, 18, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "chosen, rule",
    [
        (Recurrence(frequency=Frequency.DAILY), "FREQ=DAILY"),
        (Recurrence(frequency=Frequency.DAILY, interval=3), "FREQ=DAILY;INTERVAL=3"),
        (Recurrence(frequency=Frequency.WEEKLY, weekdays=["TH", "TU"]), "FREQ=WEEKLY;BYDAY=TU,TH"),
        (
            Recurrence(frequency=Frequency.WEEKLY, interval=2, weekdays=["MO"], ending=Ending.COUNT, count=5),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=5",
        ),
        (Recurrence(frequency=Frequency.MONTHLY_BY_DATE, month_day=15), "FREQ=MONTHLY;BYMONTHDAY=15"),
        (Recurrence(frequency=Frequency.MONTHLY_BY_DATE, month_day=-1), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        (Recurrence(frequency=Frequency.MONTHLY_BY_WEEKDAY, position=-1, weekday="FR"), "FREQ=MONTHLY;BYDAY=-1FR"),
        (Recurrence(frequency=Frequency.MONTHLY_BY_WEEKDAY, position=1, weekday="MO"), "FREQ=MONTHLY;BYDAY=1MO"),
        (Recurrence(frequency=Frequency.YEARLY), "FREQ=YEARLY"),
        # "Until 31 December" is the end of that day in Berlin: 22:59:59 UTC in winter.
        (
            Recurrence(frequency=Frequency.WEEKLY, weekdays=["TU"], ending=Ending.UNTIL, until=date(2026, 12, 31)),
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231T225959Z",
        ),
        (Recurrence(frequency=Frequency.NONE), ""),
    ],
)
def test_choices_compose_a_rule_and_the_rule_reads_back_as_the_same_choices(chosen, rule):
    assert compose(chosen, BERLIN) == rule
    shown = decompose(rule, BERLIN)
    assert shown.frequency == chosen.frequency
    if rule:
        assert compose(shown, BERLIN) == rule


def test_a_rule_the_choices_cannot_show_stays_text():
    for rule in [
        "FREQ=MONTHLY;BYDAY=MO,WE",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "FREQ=HOURLY;INTERVAL=6",
        "FREQ=WEEKLY;BYDAY=2TU",
        "FREQ=DAILY;BYHOUR=9,17",
    ]:
        shown = decompose(rule, BERLIN)
        assert shown.frequency == Frequency.CUSTOM and shown.text == rule
        assert compose(shown, BERLIN) == rule


def test_other_spellings_of_the_same_rules_are_shown_as_choices():
    last_friday = decompose("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", BERLIN)
    assert (last_friday.frequency, last_friday.position, last_friday.weekday) == ("monthly-weekday", -1, "FR")
    # A weekly rule without days repeats on the start's weekday.
    plain = decompose("FREQ=WEEKLY;WKST=MO", BERLIN, start=TUESDAY)
    assert (plain.frequency, plain.weekdays) == ("weekly", ["TU"])
    # UNTIL given as a date or as UTC is the last day in the region.
    assert decompose("FREQ=DAILY;UNTIL=20261110", BERLIN).until == date(2026, 11, 10)
    assert decompose("FREQ=DAILY;UNTIL=20261110T225959Z", BERLIN).until == date(2026, 11, 10)


def test_defaults_follow_the_start():
    shown = decompose("", BERLIN, start=datetime(2026, 10, 30, 10, tzinfo=BERLIN))  # the last Friday of October
    assert (shown.frequency, shown.weekdays, shown.month_day, shown.position, shown.weekday) == (
        "",
        ["FR"],
        30,
        -1,
        "FR",
    )


@pytest.mark.parametrize(
    "chosen, message",
    [
        (Recurrence(frequency=Frequency.WEEKLY, weekdays=[]), "Choose at least one weekday."),
        (Recurrence(frequency=Frequency.DAILY, interval=0), "The interval must be 1 or more"),
        (Recurrence(frequency=Frequency.DAILY, ending=Ending.UNTIL), "Choose the day of the last repetition."),
        (Recurrence(frequency=Frequency.DAILY, ending=Ending.COUNT, count=0), "at least once"),
        (Recurrence(frequency=Frequency.MONTHLY_BY_WEEKDAY, position=None, weekday="FR"), "which weekday"),
        (Recurrence(frequency=Frequency.CUSTOM, text="FREQ=SOMETIMES"), "not a valid RFC 5545 rule"),
        (Recurrence(frequency=Frequency.CUSTOM, text=""), "Write the rule"),
    ],
)
def test_incomplete_choices_say_what_is_missing(chosen, message):
    with pytest.raises(ValidationError) as problem:
        compose(chosen, BERLIN)
    assert message in " ".join(problem.value.messages)


def test_until_in_local_time_becomes_utc_so_that_a_start_with_a_timezone_works():
    assert normalise_until("FREQ=DAILY;UNTIL=20261110", BERLIN) == "FREQ=DAILY;UNTIL=20261110T225959Z"
    assert normalise_until("FREQ=DAILY;UNTIL=20260710T180000", BERLIN) == "FREQ=DAILY;UNTIL=20260710T160000Z"
    assert normalise_until("FREQ=DAILY;UNTIL=20261110T120000Z", BERLIN) == "FREQ=DAILY;UNTIL=20261110T120000Z"
    start = datetime(2026, 11, 2, 9, tzinfo=BERLIN)
    with pytest.raises(ValueError):  # what dateutil does with a local UNTIL and a start in a timezone
        rrulestr(with_start("FREQ=DAILY;UNTIL=20261110", start, BERLIN))
    dates = list(rrulestr(with_start(normalise_until("FREQ=DAILY;UNTIL=20261110", BERLIN), start, BERLIN)))
    assert dates[-1].date() == date(2026, 11, 10) and len(dates) == 9


def test_a_start_that_is_not_one_of_the_rules_dates_is_refused():
    found = problems("FREQ=WEEKLY;BYDAY=WE", TUESDAY, BERLIN, [])
    assert "not one of the dates the rule gives" in found["recurrence_rule"][0]
    assert problems("FREQ=WEEKLY;BYDAY=TU", TUESDAY, BERLIN, []) == {}


def test_a_repetition_ending_before_the_start_is_refused():
    found = problems("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261001T215959Z", TUESDAY, BERLIN, [])
    assert found["recurrence_rule"] == ["The repetition ends before the event starts."]


def test_exceptions_must_be_dates_of_the_event():
    found = problems("FREQ=WEEKLY;BYDAY=TU", TUESDAY, BERLIN, [date(2026, 10, 20), date(2026, 10, 21)])
    assert list(found) == ["exception_dates"]
    assert "Oct. 21, 2026" in found["exception_dates"][0] and "Oct. 20" not in found["exception_dates"][0]
    assert problems("FREQ=WEEKLY;BYDAY=TU", TUESDAY, BERLIN, [date(2026, 10, 27)]) == {}
    assert "Only a repeating event" in problems("", TUESDAY, BERLIN, [date(2026, 10, 20)])["exception_dates"][0]


def test_an_exception_on_the_day_the_clocks_change_is_a_date_of_the_event():
    sunday = datetime(2026, 10, 18, 18, tzinfo=BERLIN)
    assert problems("FREQ=WEEKLY;BYDAY=SU", sunday, BERLIN, [date(2026, 10, 25)]) == {}
