"""Opening hours as editors write them: checking a week and its exceptions, and reading the short text form.

A week is Integreat's shape: seven days, Monday first, each
``{"allDay", "closed", "appointmentOnly", "timeSlots": [{"start": "08:00", "end": "12:00", "timezone"}]}``.
A slot ending at ``00:00`` (or ``24:00``) ends at midnight; that is how a place open into the night is
written: Friday 20:00–00:00 and Saturday 00:00–02:00.

Exceptions (public holidays the place treats differently, closing days, other hours for a while) are a
list of ``{"start": "2026-12-24", "end": "2026-12-26", "closed", "allDay", "appointmentOnly", "timeSlots",
"note"}``; within an exception's days they count instead of the week.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

DAYS_IN_WEEK = 7
MIDNIGHT = 24 * 60
#: The longest note of an exception (it is shown next to the dates, e.g. "Betriebsausflug").
NOTE_LENGTH = 100
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def closed_day() -> dict:
    return {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def minutes(clock: str, *, end: bool = False) -> int | None:
    """Minutes after midnight of ``HH:MM``; as an end, ``00:00`` and ``24:00`` are midnight at the end of the day."""
    if end and clock in ("00:00", "24:00"):
        return MIDNIGHT
    match = _CLOCK.match(clock) if isinstance(clock, str) else None
    return int(match[1]) * 60 + int(match[2]) if match else None


def slot_problems(slots: object, where: str) -> list[str]:
    """What is wrong with a day's time slots, each message starting with ``where`` (a day, an exception)."""
    if not isinstance(slots, list) or not all(isinstance(slot, dict) for slot in slots):
        return [_("%(where)s: the time slots are a list of {start, end}.") % {"where": where}]
    problems = []
    spans = []
    for slot in slots:
        start, end = slot.get("start", ""), slot.get("end", "")
        first, last = minutes(start), minutes(end, end=True)
        if first is None or last is None:
            problems.append(_("%(where)s: give each time slot a start and an end as HH:MM.") % {"where": where})
        elif last <= first:
            problems.append(
                _("%(where)s: the time slot %(start)s–%(end)s ends before it starts.")
                % {"where": where, "start": start, "end": end}
            )
        else:
            spans.append((first, last, f"{start}–{end}"))
    spans.sort()
    for before, after in zip(spans, spans[1:], strict=False):
        if after[0] < before[1]:
            problems.append(
                _("%(where)s: the time slots %(first)s and %(second)s overlap.")
                % {"where": where, "first": before[2], "second": after[2]}
            )
    return problems


def _flag_problems(day: dict, where: str) -> list[str]:
    flags = ("allDay", "closed", "appointmentOnly")
    if any(not isinstance(day.get(flag, False), bool) for flag in flags):
        return [_("%(where)s: allDay, closed and appointmentOnly are true or false.") % {"where": where}]
    return []


def week_problems(value: object) -> list[str]:
    if not isinstance(value, list) or len(value) != DAYS_IN_WEEK:
        return [_("Opening hours are a list of seven days, Monday first.")]
    problems = []
    for index, day in enumerate(value):
        if not isinstance(day, dict):
            return [_("Each day of the opening hours is an object.")]
        name = str(WEEKDAYS[index])
        problems += _flag_problems(day, name)
        if not day.get("closed") and not day.get("allDay"):
            problems += slot_problems(day.get("timeSlots", []), name)
    return problems


def validate_opening_hours(value) -> None:
    """Seven days, Monday first; times as HH:MM, each slot ending after it starts, no slots overlapping."""
    if value in (None, ""):
        return
    problems = week_problems(value)
    if problems:
        raise ValidationError(problems, code="invalid_opening_hours")


def _parse_date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _span(first: date, last: date) -> str:
    if first == last:
        return date_format(first, "SHORT_DATE_FORMAT")
    return f"{date_format(first, 'SHORT_DATE_FORMAT')}–{date_format(last, 'SHORT_DATE_FORMAT')}"


def exception_problems(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return [_("The exceptions are a list of objects.")]
    problems = []
    spans = []
    for number, exception in enumerate(value, start=1):
        first, last = _parse_date(exception.get("start")), _parse_date(exception.get("end") or exception.get("start"))
        if first is None or last is None:
            problems.append(_("Exception %(number)s: give its first and last day as dates.") % {"number": number})
            continue
        where = _("Exception %(number)s (%(days)s)") % {"number": number, "days": _span(first, last)}
        if last < first:
            problems.append(_("Exception %(number)s: its last day is before its first.") % {"number": number})
            continue
        spans.append((first, last, number))
        note = exception.get("note", "")
        if not isinstance(note, str) or len(note) > NOTE_LENGTH:
            problems.append(
                _("%(where)s: the note is a text of at most %(length)s characters.")
                % {"where": where, "length": NOTE_LENGTH}
            )
        problems += _flag_problems(exception, where)
        if exception.get("closed") or exception.get("allDay"):
            continue
        slots = exception.get("timeSlots", [])
        if not slots and not exception.get("appointmentOnly"):
            problems.append(
                _("%(where)s: give opening times, or mark it closed, open all day or by appointment only.")
                % {"where": where}
            )
        problems += slot_problems(slots, where)
    spans.sort()
    for before, after in zip(spans, spans[1:], strict=False):
        if after[0] <= before[1]:
            problems.append(
                _("Exceptions %(first)s and %(second)s overlap: a day can have only one exception.")
                % {"first": before[2], "second": after[2]}
            )
    return problems


def validate_opening_exceptions(value) -> None:
    """Days that differ from the week: dates in order, one exception per day, hours as in the week."""
    if value in (None, ""):
        return
    problems = exception_problems(value)
    if problems:
        raise ValidationError(problems, code="invalid_opening_exceptions")


# The short text form of CSV files: "Mo-Fr 08:00-12:00, 14:00-16:00; Th 14:00-18:00; We appointment; Sa closed".

#: Day abbreviations in English and German, Monday = 0.
DAY_NAMES = {
    "mo": 0,
    "tu": 1,
    "di": 1,
    "we": 2,
    "mi": 2,
    "th": 3,
    "do": 3,
    "fr": 4,
    "sa": 5,
    "su": 6,
    "so": 6,
}
CLOSED_WORDS = {"closed", "geschlossen"}
APPOINTMENT_WORDS = {
    "appointment",
    "by appointment",
    "termin",
    "termine",
    "nach vereinbarung",
    "nach terminvereinbarung",
}
ALL_DAY_WORDS = {"24h", "all day", "ganztägig", "ganztags", "rund um die uhr"}
HOURS_TEXT_EXAMPLE = "Mo-Fr 08:00-12:00; Th 14:00-18:00; We appointment"
_PART = re.compile(r"^(?P<days>[^\W\d_]{2}(?:\s*[-–,]\s*[^\W\d_]{2})*)\s*:?\s+(?P<spec>.+)$")
_SLOT = re.compile(r"(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})(?:\s*uhr)?", re.IGNORECASE)


class HoursTextError(ValueError):
    pass


def _days(text: str) -> list[int]:
    """``Mo-Fr`` → 0…4, ``Mo,We`` → 0, 2."""
    days: list[int] = []
    for group in re.split(r"\s*,\s*", text.strip()):
        names = re.split(r"\s*[-–]\s*", group)
        for name in names:
            if name.lower() not in DAY_NAMES:
                raise HoursTextError(_("“%(day)s” is not a day; write Mo, Tu, We, Th, Fr, Sa, Su.") % {"day": name})
        first, last = DAY_NAMES[names[0].lower()], DAY_NAMES[names[-1].lower()]
        if last < first:
            raise HoursTextError(_("“%(days)s” runs backwards; write the first day first.") % {"days": group})
        days += range(first, last + 1)
    return days


def _slots(text: str) -> list[dict]:
    """``08:00-12:00 14:00-16:00`` → two slots; anything else in the text is an error."""
    slots = []
    for match in _SLOT.finditer(text):
        start, end = f"{int(match[1]):02}:{match[2]}", f"{int(match[3]):02}:{match[4]}"
        if minutes(start) is None or minutes(end, end=True) is None:
            raise HoursTextError(_("“%(text)s” is not a time of day.") % {"text": match[0]})
        slots.append({"start": start, "end": "00:00" if end == "24:00" else end})
    if not slots or _SLOT.sub("", text).strip():
        raise HoursTextError(
            _("“%(text)s” is not a time slot like 08:00-12:00, nor closed or appointment.") % {"text": text}
        )
    return slots


def parse_hours_text(text: str, timezone: str = "Europe/Berlin") -> list[dict] | None:
    """The week from its short text form; days not named are closed. None for an empty text.

    Parts are separated by ``;`` or new lines; each names days (``Mo``, ``Mo-Fr``, ``Mo,We``; English or
    German abbreviations) and then time slots (``08:00-12:00, 14:00-16:00``) or ``closed``,
    ``appointment`` or ``24h``. A day named in two parts gets what both say.
    """
    if not text or not text.strip():
        return None
    week = [closed_day() for _index in range(DAYS_IN_WEEK)]
    for part in filter(None, (piece.strip() for piece in re.split(r"[;\n]", text))):
        match = _PART.match(part)
        if not match:
            raise HoursTextError(
                _("Cannot read “%(part)s”; write days and hours, e.g. %(example)s.")
                % {"part": part, "example": HOURS_TEXT_EXAMPLE}
            )
        days = _days(match["days"])
        for item in filter(None, (piece.strip() for piece in re.split(r",|\bund\b|\band\b", match["spec"]))):
            word = item.lower()
            slots = [] if word in CLOSED_WORDS | APPOINTMENT_WORDS | ALL_DAY_WORDS else _slots(item)
            for index in days:
                day = week[index]
                if word in CLOSED_WORDS:
                    day.update(closed_day())
                elif word in APPOINTMENT_WORDS:
                    day.update(closed=False, appointmentOnly=True)
                elif word in ALL_DAY_WORDS:
                    day.update(closed=False, allDay=True, timeSlots=[])
                else:
                    day["closed"] = False
                    day["timeSlots"] += [{**slot, "timezone": timezone} for slot in slots]
    for index, day in enumerate(week):
        day["timeSlots"].sort(key=lambda slot: slot["start"])
        problems = slot_problems(day["timeSlots"], str(WEEKDAYS[index]))
        if problems:
            raise HoursTextError(problems[0])
    return week


def same_hours(first: list[dict] | None, second: list[dict] | None) -> bool:
    """Whether two weeks say the same, whatever their slots' ``timezone`` members."""

    def plain(week):
        if not week:
            return None
        return [
            (
                bool(day.get("allDay")),
                bool(day.get("closed")),
                bool(day.get("appointmentOnly")),
                [(slot.get("start"), slot.get("end")) for slot in day.get("timeSlots", [])],
            )
            for day in week
        ]

    return plain(first) == plain(second)
