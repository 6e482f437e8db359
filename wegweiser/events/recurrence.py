"""Recurrence rules the way editors think of them, and the RFC 5545 ``RRULE`` they are stored as.

The stored rule (``EventPage.recurrence_rule``) is the truth: imported calendars bring rules of any
shape. The editor's widget shows the common ones as choices (weekly on Tuesday and Thursday, monthly
on the last Friday, …) and keeps every other rule editable as text. ``compose`` and ``decompose``
translate between the two; ``problems`` checks a rule against the event's start and its exceptions.

Times follow the region's timezone: "until 31 December" means the end of that day there, stored as
``UNTIL=…Z`` in UTC, which dateutil and rrule.js both need when the start carries a ``TZID``.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
POSITIONS = [1, 2, 3, 4, -1]
#: How far ahead rules are checked for their dates (a rule must give a date within this time).
HORIZON_YEARS = 10
_UNTIL = re.compile(r"^(\d{8})(T(\d{6})(Z?))?$")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


class Frequency:
    """How often an event repeats, as the widget offers it."""

    NONE = ""
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY_BY_DATE = "monthly-date"
    MONTHLY_BY_WEEKDAY = "monthly-weekday"
    YEARLY = "yearly"
    CUSTOM = "custom"
    choices = [
        (NONE, _("Does not repeat")),
        (DAILY, _("Daily")),
        (WEEKLY, _("Weekly")),
        (MONTHLY_BY_DATE, _("Monthly on a date (e.g. the 15th)")),
        (MONTHLY_BY_WEEKDAY, _("Monthly on a weekday (e.g. the last Friday)")),
        (YEARLY, _("Yearly")),
        (CUSTOM, _("Other rule (RFC 5545 text)")),
    ]


class Ending:
    """When a repetition ends."""

    NEVER = "never"
    UNTIL = "until"
    COUNT = "count"
    choices = [(NEVER, _("Never")), (UNTIL, _("On a date")), (COUNT, _("After a number of times"))]


#: The frequencies the widget composes (with interval and end); ``CUSTOM`` is the rule as text.
RRULE_FREQUENCIES = {
    Frequency.DAILY: "DAILY",
    Frequency.WEEKLY: "WEEKLY",
    Frequency.MONTHLY_BY_DATE: "MONTHLY",
    Frequency.MONTHLY_BY_WEEKDAY: "MONTHLY",
    Frequency.YEARLY: "YEARLY",
}
REPEATING = set(RRULE_FREQUENCIES)
POSITION_CHOICES = [(1, _("first")), (2, _("second")), (3, _("third")), (4, _("fourth")), (-1, _("last"))]
MONTH_DAY_CHOICES = [(day, str(day)) for day in range(1, 32)] + [(-1, _("last day"))]
WEEKDAY_CHOICES = list(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True))


@dataclass
class Recurrence:
    """A rule as the editor's widget shows it."""

    frequency: str = Frequency.NONE
    interval: int | None = 1
    weekdays: list[str] = field(default_factory=list)  # weekly
    month_day: int | None = None  # monthly by date: 1…31, -1 for the last day
    position: int | None = None  # monthly by weekday: 1…4, -1 for the last
    weekday: str = ""  # monthly by weekday
    ending: str = Ending.NEVER
    until: date | None = None  # the last day, in the region's timezone
    count: int | None = None
    text: str = ""  # the rule as text, for rules the choices cannot show

    @classmethod
    def defaults_for(cls, start: datetime | None) -> "Recurrence":
        """Choices that fit an event's start, shown before the editor picks a frequency."""
        if start is None:
            return cls()
        last_week = start.day + 7 > _days_in_month(start.date())
        return cls(
            weekdays=[WEEKDAYS[start.weekday()]],
            month_day=start.day,
            position=-1 if last_week else (start.day - 1) // 7 + 1,
            weekday=WEEKDAYS[start.weekday()],
        )


def _days_in_month(day: date) -> int:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - timedelta(days=1)).day


def validate_recurrence_rule(value: str) -> None:
    """Only the rule (``FREQ=WEEKLY;BYDAY=TU``): the start is the event's own."""
    if not value:
        return
    if value.upper().startswith(("DTSTART", "RRULE:")):
        raise ValidationError(_("Give only the rule, e.g. FREQ=WEEKLY;BYDAY=TU (the start is the event's start)."))
    try:
        rrulestr(value)
    except (ValueError, TypeError) as problem:
        raise ValidationError(_("This is not a valid RFC 5545 rule: %(problem)s") % {"problem": problem}) from None


def parse_rule(rule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;BYDAY=TU`` → ``{"FREQ": "WEEKLY", "BYDAY": "TU"}`` (names upper case)."""
    parts: dict[str, str] = {}
    for part in rule.strip().removeprefix("RRULE:").split(";"):
        if not part.strip():
            continue
        name, _sep, value = part.partition("=")
        parts[name.strip().upper()] = value.strip().upper()
    return parts


def until_date(value: str, zone: ZoneInfo) -> date | None:
    """The last day a rule's ``UNTIL`` allows, in the region's timezone (UTC, floating or a date)."""
    match = _UNTIL.match(value)
    if not match:
        return None
    day = datetime.strptime(match.group(1), "%Y%m%d").date()
    if match.group(4):  # UTC
        moment = datetime.strptime(match.group(1) + match.group(3), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        return moment.astimezone(zone).date()
    return day


def end_of_day_utc(day: date, zone: ZoneInfo) -> str:
    """``UNTIL`` for "until this day, inclusive" in the region's timezone, in UTC as RFC 5545 wants."""
    return datetime.combine(day, time(23, 59, 59), zone).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def normalise_until(rule: str, zone: ZoneInfo) -> str:
    """Write ``UNTIL`` in UTC: a date or a floating time is read in the region's timezone.

    Imported calendars and hand-written rules often have ``UNTIL=20271231``; with a start in a
    timezone, dateutil and rrule.js refuse that, so it becomes the end of that day (a date) or that
    moment (a floating time) there.
    """
    parts = rule.strip().split(";")
    for index, part in enumerate(parts):
        name, _sep, value = part.partition("=")
        if name.strip().upper() != "UNTIL":
            continue
        match = _UNTIL.match(value.strip().upper())
        if match is None or match.group(4):
            continue
        if match.group(3):
            local = datetime.strptime(match.group(1) + match.group(3), "%Y%m%d%H%M%S").replace(tzinfo=zone)
            parts[index] = "UNTIL=" + local.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        else:
            parts[index] = "UNTIL=" + end_of_day_utc(datetime.strptime(match.group(1), "%Y%m%d").date(), zone)
    return ";".join(parts)


def decompose(rule: str, zone: ZoneInfo, start: datetime | None = None) -> Recurrence:
    """The widget's choices for a stored rule; a rule they cannot show comes back as text (``CUSTOM``)."""
    shown = Recurrence.defaults_for(start)
    if not rule.strip():
        return shown
    custom = Recurrence(**{**shown.__dict__, "frequency": Frequency.CUSTOM, "text": rule.strip()})
    parts = parse_rule(rule)
    frequency = parts.pop("FREQ", "")
    if parts.get("WKST", "MO") == "MO":
        parts.pop("WKST", None)
    interval = parts.pop("INTERVAL", "1")
    until, count = parts.pop("UNTIL", None), parts.pop("COUNT", None)
    if not interval.isdigit() or int(interval) < 1 or (until and count):
        return custom
    shown.interval = int(interval)
    if until is not None:
        shown.ending, shown.until = Ending.UNTIL, until_date(until, zone)
        if shown.until is None:
            return custom
    elif count is not None:
        if not count.isdigit() or int(count) < 1:
            return custom
        shown.ending, shown.count = Ending.COUNT, int(count)
    if frequency in ("DAILY", "YEARLY") and not parts:
        shown.frequency = Frequency.DAILY if frequency == "DAILY" else Frequency.YEARLY
        return shown
    if frequency == "WEEKLY" and set(parts) <= {"BYDAY"}:
        days = parts.get("BYDAY", "").split(",") if "BYDAY" in parts else shown.weekdays
        if not days or any(day not in WEEKDAYS for day in days):
            return custom
        shown.frequency, shown.weekdays = Frequency.WEEKLY, sorted(set(days), key=WEEKDAYS.index)
        return shown
    if frequency == "MONTHLY":
        return _monthly(parts, shown) or custom
    return custom


def _monthly(parts: dict[str, str], shown: Recurrence) -> Recurrence | None:
    if not parts or set(parts) == {"BYMONTHDAY"}:
        day = parts.get("BYMONTHDAY", str(shown.month_day or ""))
        if not re.fullmatch(r"-1|[1-9]|[12]\d|3[01]", day):
            return None
        shown.frequency, shown.month_day = Frequency.MONTHLY_BY_DATE, int(day)
        return shown
    by_day = _BYDAY.match(parts.get("BYDAY", ""))
    if by_day is None or "," in parts.get("BYDAY", ""):
        return None
    position = by_day.group(1)
    if set(parts) == {"BYDAY", "BYSETPOS"} and position is None:
        position = parts["BYSETPOS"]
    elif set(parts) != {"BYDAY"}:
        return None
    if position is None or int(position) not in POSITIONS:
        return None
    shown.frequency, shown.position, shown.weekday = Frequency.MONTHLY_BY_WEEKDAY, int(position), by_day.group(2)
    return shown


def compose(recurrence: Recurrence, zone: ZoneInfo) -> str:
    """The RRULE for the widget's choices; a ``ValidationError`` says what is missing."""
    frequency = recurrence.frequency
    if frequency == Frequency.NONE:
        return ""
    if frequency == Frequency.CUSTOM:
        text = recurrence.text.strip().removeprefix("RRULE:")
        if not text:
            raise ValidationError(_("Write the rule, e.g. FREQ=WEEKLY;BYDAY=TU."))
        validate_recurrence_rule(text)
        return normalise_until(text, zone)
    if recurrence.interval is None or recurrence.interval < 1:
        raise ValidationError(_("The interval must be 1 or more (1 = every time, 2 = every other time)."))
    if frequency not in REPEATING:
        raise ValidationError(_("Choose how often the event repeats."))
    parts = [f"FREQ={RRULE_FREQUENCIES[frequency]}"]
    if recurrence.interval > 1:
        parts.append(f"INTERVAL={recurrence.interval}")
    if frequency == Frequency.WEEKLY:
        if not recurrence.weekdays:
            raise ValidationError(_("Choose at least one weekday."))
        parts.append("BYDAY=" + ",".join(sorted(set(recurrence.weekdays), key=WEEKDAYS.index)))
    elif frequency == Frequency.MONTHLY_BY_DATE:
        if recurrence.month_day is None:
            raise ValidationError(_("Choose the day of the month."))
        parts.append(f"BYMONTHDAY={recurrence.month_day}")
    elif frequency == Frequency.MONTHLY_BY_WEEKDAY:
        if recurrence.position is None or not recurrence.weekday:
            raise ValidationError(_("Choose which weekday of the month, e.g. the last Friday."))
        parts.append(f"BYDAY={recurrence.position}{recurrence.weekday}")
    if recurrence.ending == Ending.UNTIL:
        if recurrence.until is None:
            raise ValidationError(_("Choose the day of the last repetition."))
        parts.append("UNTIL=" + end_of_day_utc(recurrence.until, zone))
    elif recurrence.ending == Ending.COUNT:
        if recurrence.count is None or recurrence.count < 1:
            raise ValidationError(_("Give how often the event takes place, at least once."))
        parts.append(f"COUNT={recurrence.count}")
    return ";".join(parts)


def with_start(rule: str, start: datetime, zone: ZoneInfo) -> str:
    """The rule with its start, as dateutil, rrule.js and Integreat's apps read it."""
    local = start.astimezone(zone)
    return f"DTSTART;TZID={zone.key}:{local:%Y%m%dT%H%M%S}\nRRULE:{rule}"


def exdate_line(exceptions: list[date], start: datetime, zone: ZoneInfo) -> str:
    """``EXDATE;TZID=…:`` with each exception at the event's local start time (one line, as rrule.js reads it)."""
    clock = start.astimezone(zone).time()
    values = ",".join(f"{datetime.combine(day, clock):%Y%m%dT%H%M%S}" for day in sorted(exceptions))
    return f"EXDATE;TZID={zone.key}:{values}"


def problems(rule: str, start: datetime, zone: ZoneInfo, exceptions: list[date]) -> dict[str, list[str]]:
    """What is wrong with a rule for this start, by form field (``recurrence_rule``, ``exception_dates``)."""
    found: dict[str, list[str]] = {}
    if not rule:
        if exceptions:
            found["exception_dates"] = [str(_("Only a repeating event can have exceptions."))]
        return found
    local = start.astimezone(zone)
    last_day = until_date(parse_rule(rule).get("UNTIL", ""), zone)
    if last_day is not None and last_day < local.date():
        found["recurrence_rule"] = [str(_("The repetition ends before the event starts."))]
        return found
    try:
        dates = rrulestr(with_start(rule, start, zone))
    except (ValueError, TypeError) as problem:
        found["recurrence_rule"] = [
            str(_("This rule does not work with the start: %(problem)s") % {"problem": problem})
        ]
        return found
    first = dates.after(local - timedelta(seconds=1), inc=True)
    if first is None or first > local + timedelta(days=366 * HORIZON_YEARS):
        found["recurrence_rule"] = [str(_("This rule gives no dates."))]
        return found
    if first.replace(tzinfo=None) != local.replace(tzinfo=None):
        message = _(
            "The event starts on %(start)s, which is not one of the dates the rule gives. "
            "Let it start on its first date, %(first)s."
        )
        found["recurrence_rule"] = [
            str(message % {"start": formats.date_format(local.date()), "first": formats.date_format(first.date())})
        ]
    wrong = [day for day in exceptions if not _takes_place(dates, day, local)]
    if wrong:
        message = _("The event does not take place on %(dates)s anyway; remove these exceptions.")
        found["exception_dates"] = [str(message % {"dates": ", ".join(formats.date_format(d) for d in wrong)})]
    return found


def _takes_place(dates, day: date, local_start: datetime) -> bool:
    """Whether one of the rule's dates falls on the day (occurrences come in local wall-clock time)."""
    begin = datetime.combine(day, time.min, local_start.tzinfo)
    return any(o.date() == day for o in dates.between(begin - timedelta(hours=1), begin + timedelta(days=1), inc=True))
