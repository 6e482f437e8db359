"""Whether a place is open now, when it opens or closes, and its hours as text, from a published place.

A published place (see ``places/documents.py``) carries ``opening_hours`` (the week in Integreat's shape,
see ``places/hours.py``), ``opening_exceptions``, ``closed_on_public_holidays``, the region's
``public_holidays`` (``[{"date", "name"}]``) and ``temporarily_closed``. What counts on a date: an
exception covering it, else a public holiday (closed, when the place closes on them), else the weekday.

Opening hours are local times: pass ``now`` in the region's timezone. The web app, offline readers and
apps all decide "open now" this way, from the same published data.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from .hours import MIDNIGHT, closed_day, minutes

OPEN = "open"
CLOSED = "closed"
APPOINTMENT = "appointment"
TEMPORARILY_CLOSED = "temporarily-closed"
UNKNOWN = "unknown"
#: How far ahead "opens on …" looks.
LOOK_AHEAD_DAYS = 8
#: How far ahead a place's page lists days with other hours (exceptions and public holidays).
UPCOMING_DAYS = 14


@dataclass(frozen=True)
class Hours:
    """What counts on one date: the day's hours (None when unknown), and the exception or holiday behind them."""

    day: dict | None
    exception: dict | None = None
    holiday: str = ""


def hours_on(place: dict, day: date) -> Hours:
    iso = day.isoformat()
    for exception in place.get("opening_exceptions") or []:
        if exception["start"] <= iso <= (exception.get("end") or exception["start"]):
            return Hours(exception, exception=exception)
    week = place.get("opening_hours")
    if not week:
        return Hours(None)
    if place.get("closed_on_public_holidays", True):
        for holiday in place.get("public_holidays") or []:
            if holiday["date"] == iso:
                return Hours(closed_day(), holiday=holiday["name"])
    return Hours(week[day.weekday()])


def _spans(day: dict) -> list[tuple[int, int]]:
    """The day's open times as minutes after midnight, in order."""
    if day.get("closed"):
        return []
    if day.get("allDay"):
        return [(0, MIDNIGHT)]
    spans = []
    for slot in day.get("timeSlots") or []:
        start, end = minutes(slot.get("start", "")), minutes(slot.get("end", ""), end=True)
        if start is not None and end is not None and start < end:
            spans.append((start, end))
    return sorted(spans)


def state(place: dict, now: datetime) -> str:
    """``open``, ``closed``, ``appointment`` (only by appointment now), ``temporarily-closed`` or ``unknown``."""
    if place.get("temporarily_closed"):
        return TEMPORARILY_CLOSED
    day = hours_on(place, now.date()).day
    if day is None:
        return UNKNOWN
    minute = now.hour * 60 + now.minute
    if any(start <= minute < end for start, end in _spans(day)):
        return OPEN
    if day.get("appointmentOnly") and not day.get("closed"):
        return APPOINTMENT
    return CLOSED


def is_open(place: dict, now: datetime) -> bool:
    return state(place, now) == OPEN


@dataclass(frozen=True)
class Status:
    """The state now and when it changes: ``closes_at`` while open, ``opens_at`` while not (None if not soon).

    ``change`` says it in the active language: "closes at 12:00", "opens on Monday at 08:00".
    """

    state: str
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    change: str = ""


def _moment(day: date, minute: int, zone) -> datetime:
    return datetime.combine(day + timedelta(days=minute // MIDNIGHT), time(minute % MIDNIGHT // 60, minute % 60), zone)


def openings(place: dict, first: date, days: int, zone) -> list[tuple[datetime, datetime]]:
    """When the place is open on ``days`` dates from ``first``; an opening running past midnight is one span.

    Times are wall-clock times in ``zone`` (aware datetimes sharing one zone compare by wall clock).
    """
    result: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        hours = hours_on(place, day).day
        for start, end in _spans(hours) if hours else []:
            begin, finish = _moment(day, start, zone), _moment(day, end, zone)
            if result and result[-1][1] == begin:
                result[-1] = (result[-1][0], finish)
            else:
                result.append((begin, finish))
    return result


def status(place: dict, now: datetime) -> Status:
    """The state at ``now`` (in the region's timezone) and when it next changes, looking a week ahead."""
    current = state(place, now)
    if current in (TEMPORARILY_CLOSED, UNKNOWN):
        return Status(current)
    first = now.date() - timedelta(days=1)
    horizon = _moment(first, LOOK_AHEAD_DAYS * MIDNIGHT, now.tzinfo)
    for start, end in openings(place, first, LOOK_AHEAD_DAYS, now.tzinfo):
        if current == OPEN and start <= now < end:
            closes = end if end < horizon else None
            return Status(current, closes_at=closes, change=_change("closes", closes, now) if closes else "")
        if current != OPEN and start > now:
            return Status(current, opens_at=start, change=_change("opens", start, now))
    return Status(current)


def _change(what: str, moment: datetime, now: datetime) -> str:
    """ "closes at 12:00", "opens tomorrow at 08:00", "opens on Monday at 08:00"; closing at midnight is 24:00."""
    days = (moment.date() - now.date()).days
    clock = f"{moment.hour:02}:{moment.minute:02}"
    if what == "closes" and moment.time() == time(0) and days > 0:
        days, clock = days - 1, "24:00"
    values = {"time": clock, "day": WEEKDAYS[(now.weekday() + days) % 7]}
    if what == "closes":
        if days == 0:
            return _("closes at %(time)s") % values
        if days == 1:
            return _("closes tomorrow at %(time)s") % values
        return _("closes on %(day)s at %(time)s") % values
    if days == 0:
        return _("opens at %(time)s") % values
    if days == 1:
        return _("opens tomorrow at %(time)s") % values
    return _("opens on %(day)s at %(time)s") % values


def day_text(day: dict) -> str:
    """A day's hours in the active language: "08:00–12:00, 14:00–16:00", "closed", "by appointment" …"""
    if day.get("closed"):
        return _("closed")
    if day.get("allDay"):
        return _("open all day")
    slots = [
        f"{slot['start']}–{'24:00' if slot['end'] == '00:00' else slot['end']}" for slot in day.get("timeSlots", [])
    ]
    if day.get("appointmentOnly"):
        slots.append(_("by appointment"))
    return ", ".join(slots) or _("closed")


@dataclass
class Day:
    name: str
    hours: str
    is_today: bool


def week(place: dict, now: datetime) -> list[Day]:
    """The usual week's hours as text in the active language, Monday first."""
    return [
        Day(str(WEEKDAYS[index]), day_text(day), index == now.weekday())
        for index, day in enumerate(place.get("opening_hours") or [])
    ]


@dataclass
class Upcoming:
    """Days in the coming weeks with other hours than usual: an exception, or a public holiday."""

    first: date
    last: date
    hours: str
    note: str
    is_holiday: bool


def upcoming(place: dict, today: date, days: int = UPCOMING_DAYS) -> list[Upcoming]:
    """Exceptions and public holidays (those that close the place on a day it is usually open) from today."""
    last_day = today + timedelta(days=days - 1)
    result = []
    for exception in place.get("opening_exceptions") or []:
        first, last = (
            date.fromisoformat(exception["start"]),
            date.fromisoformat(exception.get("end") or exception["start"]),
        )
        if first <= last_day and last >= today:
            result.append(Upcoming(first, last, day_text(exception), exception.get("note", ""), False))
    week_hours = place.get("opening_hours")
    if week_hours and place.get("closed_on_public_holidays", True):
        for holiday in place.get("public_holidays") or []:
            day = date.fromisoformat(holiday["date"])
            usual = week_hours[day.weekday()]
            if today <= day <= last_day and hours_on(place, day).holiday and _spans_or_appointment(usual):
                result.append(Upcoming(day, day, _("closed"), holiday["name"], True))
    return sorted(result, key=lambda item: item.first)


def _spans_or_appointment(day: dict) -> bool:
    return bool(_spans(day)) or bool(day.get("appointmentOnly") and not day.get("closed"))
