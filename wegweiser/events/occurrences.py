"""When events happen: expanding recurrence rules over a window, in the region's timezone.

Works on published event items (see ``events.documents``), so the APIs expand on the read path
without touching the database. Rules carry ``DTSTART;TZID=…`` (and ``EXDATE;TZID=…`` for the days
it does not take place), so a weekly 18:00 event stays at 18:00 local time across daylight-saving
changes. An occurrence lasts as long on the clock as the first one: 18:00–20:00 stays 18:00–20:00,
and an all-day event still ends at the end of its last day after the clocks change.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulebase, rrulestr

#: Recurring events are listed this far ahead when expanded (Integreat's apps show 31 days).
EXPANSION_DAYS = 31
#: Clock time and elapsed time differ by at most this around a daylight-saving change.
_CHANGE = timedelta(hours=1)


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


@lru_cache(maxsize=2048)
def rule_of(text: str) -> rrulebase:
    """The parsed rule (with its exceptions) of a published item; items are shared, so parse once."""
    return rrulestr(text)


def zone_of(item: dict) -> ZoneInfo | None:
    name = item["event"].get("timezone")
    return ZoneInfo(name) if name else None


def duration(item: dict) -> timedelta:
    """How long the event lasts on the region's clock (18:00 to 20:00 is two hours, on any day)."""
    start, end = _parse(item["event"]["start"]), _parse(item["event"]["end"])
    zone = zone_of(item)
    if zone is None:
        return end - start
    return end.astimezone(zone).replace(tzinfo=None) - start.astimezone(zone).replace(tzinfo=None)


def end_of(item: dict, start: datetime) -> datetime:
    """When the occurrence starting at ``start`` ends: the same clock duration later, in the region's zone."""
    zone = zone_of(item)
    if zone is None:
        return start + duration(item)
    return (start.astimezone(zone).replace(tzinfo=None) + duration(item)).replace(tzinfo=zone)


def starts_between(item: dict, start: datetime, end: datetime) -> list[datetime]:
    """Start times of the event's occurrences that overlap ``[start, end]``."""
    first = _parse(item["event"]["start"])
    if not item.get("recurrence_rule"):
        return [first] if first <= end and _parse(item["event"]["end"]) >= start else []
    candidates = rule_of(item["recurrence_rule"]).between(start - duration(item) - _CHANGE, end, inc=True)
    return [moment for moment in candidates if end_of(item, moment) >= start]


def is_upcoming(item: dict, now: datetime) -> bool:
    """Not over yet: a single event that has not ended, or a series with an occurrence still to come."""
    if not item.get("recurrence_rule"):
        return _parse(item["event"]["end"]) >= now
    candidates = rule_of(item["recurrence_rule"]).xafter(now - duration(item) - _CHANGE, count=3, inc=True)
    return any(end_of(item, moment) >= now for moment in candidates)


def last_start(item: dict, now: datetime) -> datetime | None:
    """When the event last began before ``now`` (its start, or a series' latest occurrence)."""
    if not item.get("recurrence_rule"):
        first = _parse(item["event"]["start"])
        return first if first <= now else None
    return rule_of(item["recurrence_rule"]).before(now, inc=True)


def archive(items: list[dict], now: datetime, since: datetime) -> list[tuple[dict, datetime]]:
    """Events that are over and took place after ``since``, each with its last date, newest first.

    A series that still has dates to come is not over; its past dates do not fill the archive.
    """
    past = []
    for item in items:
        if is_upcoming(item, now):
            continue
        last = last_start(item, now)
        if last is not None and last >= since:
            past.append((item, last))
    return sorted(past, key=lambda pair: pair[1], reverse=True)


def exception_dates(item: dict) -> list[date]:
    return [date.fromisoformat(day) for day in item.get("exception_dates") or []]


def occurrence(item: dict, start: datetime) -> dict:
    """One occurrence of a recurring event as its own item, the way Integreat lists them (its category and
    ``exception_dates``, the days the series leaves out, stay as the series has them)."""
    # In the region's zone, not the first occurrence's UTC offset: 18:00 stays 18:00 after the clocks change.
    zone = item["event"].get("timezone")
    local_start = start.astimezone(ZoneInfo(zone)) if zone else start
    local_end = end_of(item, local_start)
    suffix = f"${local_start.date().isoformat()}"
    path = item["path"].rstrip("/") + suffix + "/"
    return {
        **item,
        "id": None,
        "path": path,
        "url": item["url"].rstrip("/") + suffix + "/",
        "recurrence_rule": None,
        "event": {**item["event"], **event_times(local_start, local_end), "recurrence_id": item["id"]},
    }


def event_times(start: datetime, end: datetime) -> dict:
    return {
        "start": start.isoformat(),
        "start_date": start.date().isoformat(),
        "start_time": start.time().isoformat(timespec="seconds"),
        "end": end.isoformat(),
        "end_date": end.date().isoformat(),
        "end_time": end.time().isoformat(timespec="seconds"),
    }


def expand(items: list[dict], start: datetime, end: datetime) -> list[dict]:
    """Every occurrence overlapping the window; single events as they are, recurring ones one item each."""
    result: list[dict] = []
    for item in items:
        if item.get("recurrence_rule"):
            result.extend(occurrence(item, begin) for begin in starts_between(item, start, end))
        elif starts_between(item, start, end):
            result.append(item)
    return sorted(result, key=lambda item: _parse(item["event"]["start"]))


def upcoming(items: list[dict], now: datetime) -> list[dict]:
    return [item for item in items if is_upcoming(item, now)]


def listing(items: list[dict], now: datetime, combine_recurring: bool) -> list[dict]:
    """What Integreat's ``events/`` answers: upcoming events, recurring ones combined or expanded for 31 days."""
    current = upcoming(items, now)
    if combine_recurring:
        return current
    single = [item for item in current if not item.get("recurrence_rule")]
    series = [item for item in current if item.get("recurrence_rule")]
    expanded = expand(series, now, now + timedelta(days=EXPANSION_DAYS))
    return sorted(single + expanded, key=lambda item: _parse(item["event"]["start"]))
