"""Events as iCalendar (RFC 5545): one event for "add to calendar", or a region's feed to subscribe to.

Built from the published event items (never the page tree): times in the region's timezone with
its VTIMEZONE, the rule with its exceptions, the category. UIDs depend only on the event (its id in
the language and the server's name), so a calendar app that subscribes updates events instead of
adding them twice.
"""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from . import occurrences
from .recurrence import parse_rule, until_date

PRODUCT = "-//Wegweiser//Newcomer guide//EN"
#: A subscribed calendar keeps events this long after they ended, so this week's past events stay visible.
FEED_PAST = timedelta(weeks=4)
#: How often calendar apps should fetch a subscribed feed again.
FEED_REFRESH = timedelta(hours=6)


def server_name() -> str:
    """The part after ``@`` in UIDs: the configured address of this server, the same for every request."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "wegweiser"


def calendar_file(items: list[dict], name: str | None = None, timezone: str | None = None) -> bytes:
    """A calendar with one VEVENT per published event item, and the VTIMEZONE its times need."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", FEED_REFRESH)
    if timezone:
        calendar.add("x-wr-timezone", timezone)
    for item in items:
        calendar.add_component(vevent(item))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_file(items: list[dict], now: datetime, category_id: int | None, region_name: str, timezone: str) -> bytes:
    """A region's feed in the active language: all its events, or one category's, named so in the calendar app."""
    names = {category["id"]: category["name"] for category in categories_in(items)}
    title = _("Events – %(region)s") % {"region": region_name}
    if category_id in names:
        title = f"{names[category_id]} – {title}"
    return calendar_file(feed_items(items, now, category_id), name=title, timezone=timezone)


def categories_in(items: list[dict]) -> list[dict]:
    """The categories published events use (``{id, name}``), by name."""
    found = {item["category"]["id"]: item["category"] for item in items if item.get("category")}
    return sorted(found.values(), key=lambda category: category["name"].lower())


def feed_items(items: list[dict], now: datetime, category_id: int | None = None) -> list[dict]:
    """What a subscribed feed holds: events still to come and those of the last weeks, of one category or all."""
    since = now - FEED_PAST
    return [
        item
        for item in items
        if (category_id is None or (item.get("category") or {}).get("id") == category_id)
        and occurrences.is_upcoming(item, since)
    ]


def vevent(item: dict) -> icalendar.Event:
    times = item["event"]
    zone = ZoneInfo(times["timezone"])
    start = datetime.fromisoformat(times["start"]).astimezone(zone)
    end = datetime.fromisoformat(times["end"]).astimezone(zone)
    modified = _modified(item)
    event = icalendar.Event()
    event.add("uid", f"event-{times['recurrence_id'] or times['id']}@{server_name()}")
    # The time the published item was last changed, not "now": the same event gives the same bytes.
    event.add("dtstamp", modified or datetime(2000, 1, 1, tzinfo=UTC))
    event.add("summary", item["title"])
    if times["all_day"]:
        event.add("dtstart", start.date())
        event.add("dtend", max(end.date(), start.date()) + timedelta(days=1))
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    rule = _rule_line(item)
    if rule:
        event.add("rrule", icalendar.vRecur.from_ical(_for_dates(rule, zone) if times["all_day"] else rule))
        exceptions = occurrences.exception_dates(item)
        if exceptions:
            if times["all_day"]:
                event.add("exdate", exceptions)
            else:
                event.add("exdate", [datetime.combine(day, start.time(), zone) for day in exceptions])
    category = item.get("category")
    if category:
        event.add("categories", [category["name"]])
    if item.get("excerpt"):
        event.add("description", item["excerpt"])
    where = place_text(item.get("location") or {}) or item.get("meeting_url")
    if where:
        event.add("location", where)
    event.add("url", item["url"])
    if modified:
        event.add("last-modified", modified)
    return event


def _modified(item: dict) -> datetime | None:
    value = item.get("modified_gmt")
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _rule_line(item: dict) -> str | None:
    text = item.get("recurrence_rule")
    if not text:
        return None
    return next((line.removeprefix("RRULE:") for line in text.splitlines() if line.startswith("RRULE:")), None)


def _for_dates(rule: str, zone: ZoneInfo) -> str:
    """An all-day event starts on a DATE, so its ``UNTIL`` must be a date too (RFC 5545 3.3.10)."""
    parts = parse_rule(rule)
    last: date | None = until_date(parts.get("UNTIL", ""), zone)
    if last is None:
        return rule
    parts["UNTIL"] = f"{last:%Y%m%d}"
    return ";".join(f"{name}={value}" for name, value in parts.items())


def place_text(location: dict) -> str:
    town = " ".join(part for part in (location.get("postcode"), location.get("town")) if part)
    return ", ".join(part for part in (location.get("name"), location.get("address"), town) if part)
