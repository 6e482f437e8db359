"""Events as iCalendar (RFC 5545), for "add to calendar": times in the region's timezone, with its rules."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

PRODUCT = "-//Wegweiser//Newcomer guide//EN"


def calendar_file(items: list[dict], host: str) -> bytes:
    """A calendar with one VEVENT per published event item, and the VTIMEZONE its times need."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for item in items:
        calendar.add_component(vevent(item, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def vevent(item: dict, host: str) -> icalendar.Event:
    times = item["event"]
    zone = ZoneInfo(times["timezone"])
    start = datetime.fromisoformat(times["start"]).astimezone(zone)
    end = datetime.fromisoformat(times["end"]).astimezone(zone)
    event = icalendar.Event()
    event.add("uid", f"event-{times['recurrence_id'] or times['id']}@{host}")
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("summary", item["title"])
    if times["all_day"]:
        event.add("dtstart", start.date())
        event.add("dtend", max(end.date(), start.date()) + timedelta(days=1))
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    if item.get("recurrence_rule"):
        rule = next(line for line in item["recurrence_rule"].splitlines() if line.startswith("RRULE:"))
        event.add("rrule", icalendar.vRecur.from_ical(rule.removeprefix("RRULE:")))
    if item.get("excerpt"):
        event.add("description", item["excerpt"])
    where = place_text(item.get("location") or {}) or item.get("meeting_url")
    if where:
        event.add("location", where)
    event.add("url", item["url"])
    modified = item.get("modified_gmt")
    if modified:
        event.add("last-modified", datetime.fromisoformat(modified.replace("Z", "+00:00")))
    return event


def place_text(location: dict) -> str:
    town = " ".join(part for part in (location.get("postcode"), location.get("town")) if part)
    return ", ".join(part for part in (location.get("name"), location.get("address"), town) if part)
