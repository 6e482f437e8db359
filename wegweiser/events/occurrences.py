"""When events happen: expanding recurrence rules over a window, in the region's timezone.

Works on published event items (see ``events.documents``), so the APIs expand on the read path
without touching the database. Rules carry ``DTSTART;TZID=…``, so a weekly 18:00 event stays at
18:00 local time across daylight-saving changes.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

#: Recurring events are listed this far ahead when expanded (Integreat's apps show 31 days).
EXPANSION_DAYS = 31


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def duration(item: dict) -> timedelta:
    return _parse(item["event"]["end"]) - _parse(item["event"]["start"])


def starts_between(item: dict, start: datetime, end: datetime) -> list[datetime]:
    """Start times of the event's occurrences that overlap ``[start, end]``."""
    first = _parse(item["event"]["start"])
    length = duration(item)
    if not item.get("recurrence_rule"):
        return [first] if first <= end and first + length >= start else []
    rule = rrulestr(item["recurrence_rule"])
    return list(rule.between(start - length, end, inc=True))


def is_upcoming(item: dict, now: datetime) -> bool:
    """Not over yet: a single event that has not ended, or a series with an occurrence still to come."""
    if not item.get("recurrence_rule"):
        return _parse(item["event"]["end"]) >= now
    rule = rrulestr(item["recurrence_rule"])
    return rule.after(now - duration(item), inc=True) is not None


def occurrence(item: dict, start: datetime) -> dict:
    """One occurrence of a recurring event as its own item, the way Integreat lists them."""
    # In the region's zone, not the first occurrence's UTC offset: 18:00 stays 18:00 after the clocks change.
    zone = item["event"].get("timezone")
    local_start = start.astimezone(ZoneInfo(zone)) if zone else start
    local_end = local_start + duration(item)
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
