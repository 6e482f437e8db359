"""Whether a place is open, and its week's hours as text, from the published ``opening_hours``.

``opening_hours`` is Integreat's shape: seven days, Monday first, each
``{"allDay", "closed", "appointmentOnly", "timeSlots": [{"start": "08:00", "end": "12:00"}]}``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

OPEN = "open"
CLOSED = "closed"
APPOINTMENT = "appointment"
TEMPORARILY_CLOSED = "temporarily-closed"
UNKNOWN = "unknown"


def state(place: dict, now: datetime) -> str:
    """``open``, ``closed``, ``appointment`` (only by appointment today), ``temporarily-closed`` or ``unknown``.

    ``now`` must be in the region's timezone: opening hours are local times.
    """
    if place.get("temporarily_closed"):
        return TEMPORARILY_CLOSED
    days = place.get("opening_hours")
    if not days:
        return UNKNOWN
    today = days[now.weekday()]
    if today.get("closed"):
        return CLOSED
    if today.get("allDay"):
        return OPEN
    clock = now.strftime("%H:%M")
    if any(slot["start"] <= clock < slot["end"] for slot in today.get("timeSlots", [])):
        return OPEN
    if today.get("appointmentOnly"):
        return APPOINTMENT
    return CLOSED


def is_open(place: dict, now: datetime) -> bool:
    return state(place, now) == OPEN


@dataclass
class Day:
    name: str
    hours: str
    is_today: bool


def week(place: dict, now: datetime) -> list[Day]:
    """The week's hours as text in the active language, Monday first."""
    result = []
    for index, day in enumerate(place.get("opening_hours") or []):
        if day.get("closed"):
            hours = _("closed")
        elif day.get("allDay"):
            hours = _("open all day")
        else:
            slots = [f"{slot['start']}–{slot['end']}" for slot in day.get("timeSlots", [])]
            if day.get("appointmentOnly"):
                slots.append(_("by appointment"))
            hours = ", ".join(slots) or _("closed")
        result.append(Day(str(WEEKDAYS[index]), hours, index == now.weekday()))
    return result
