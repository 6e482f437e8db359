from datetime import UTC

import pytest
from django.core.exceptions import ValidationError

from wegweiser.events.models import EventPage, validate_recurrence_rule
from wegweiser.places.models import validate_opening_hours


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z", ""])
def test_valid_rules_pass(rule):
    validate_recurrence_rule(rule)


@pytest.mark.parametrize(
    "rule", ["FREQ=SOMETIMES", "every tuesday", "RRULE:FREQ=WEEKLY", "DTSTART:20260101\nFREQ=DAILY"]
)
def test_invalid_rules_are_refused_with_a_message(rule):
    with pytest.raises(ValidationError):
        validate_recurrence_rule(rule)


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts(musterstadt):
    from datetime import datetime, timedelta

    start = datetime(2026, 12, 1, 18, tzinfo=UTC)
    event = EventPage(title="Falsch", slug="falsch", start=start, end=start - timedelta(hours=1))
    with pytest.raises(ValidationError) as problem:
        event.clean()
    assert "end" in problem.value.message_dict


@pytest.mark.parametrize(
    "hours",
    [
        [{}] * 6,
        "Mo-Fr 8-12",
        [{"timeSlots": [{"start": "12:00", "end": "08:00"}]}] + [{}] * 6,
        [{"timeSlots": [{"start": "8 Uhr", "end": "12:00"}]}] + [{}] * 6,
    ],
)
def test_broken_opening_hours_are_refused(hours):
    with pytest.raises(ValidationError):
        validate_opening_hours(hours)


def test_good_opening_hours_pass():
    validate_opening_hours(
        [{"closed": False, "timeSlots": [{"start": "08:00", "end": "12:00"}]}] + [{"closed": True}] * 6
    )
