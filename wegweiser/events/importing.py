"""Taking over external calendars (iCalendar, RFC 5545) as a region's events.

A ``CalendarFeed`` names a calendar by URL (or an uploaded file). Importing it reads the whole
calendar first and changes events only when that worked, in one transaction: a feed that cannot be
fetched (HTTP error, timeout, too large, a private address) or is not a calendar records the error on
the feed and changes nothing. A single broken event is reported by UID and title; the rest import.

What the import decides:

- **Identity.** An event is its ``UID`` in this feed (a changed single date of a series, with
  ``RECURRENCE-ID``, is ``UID#<date and time>``), in the language the region writes in. The next
  import updates it; an event that left the feed (or is cancelled) is unpublished, not deleted.
- **Hand edits win.** Once a person has changed, published, unpublished or moved an imported event,
  the import no longer touches it (counted as "kept"): the editor has taken it over.
- **What our events can carry.** ``RRULE`` (the first one), ``EXDATE`` (as exception dates in the
  region's timezone), ``DTSTART``/``DTEND``/``DURATION``, all-day dates, ``SUMMARY``, ``DESCRIPTION``
  (as text, or sanitised HTML), ``LOCATION`` (a URL becomes the online meeting; a name of one of the
  region's places links the place; other text goes into the description), ``CONFERENCE``. A changed
  single date (``RECURRENCE-ID``) becomes an exception of the series plus an event of its own.
  Dropped and reported: ``RDATE``, ``EXRULE``, further ``RRULE`` lines. Ignored: ``CATEGORIES`` (the
  feed's category applies), attendees, alarms, attachments, ``URL``.
- **Old events.** Events over for more than ``PAST_DAYS`` are neither imported nor unpublished.
"""

import hashlib
import json
import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry

from wegweiser import outbound
from wegweiser.content.rich_text import sanitise_rich_text
from wegweiser.places.models import PlacePage
from wegweiser.regions.models import RegionPage

from .models import CalendarFeed, EventIndexPage, EventPage
from .recurrence import normalise_until, with_start
from .times import all_day_span

logger = logging.getLogger(__name__)

#: Events that ended longer ago than this are left alone.
PAST_DAYS = 30
MAX_REDIRECTS = 3
USER_AGENT = "Wegweiser calendar import"
REQUEST_HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5", "Accept-Encoding": "gzip, deflate"}
_HTML = re.compile(r"<(p|br|a|b|strong|em|i|ul|ol|li|div|span|h[1-6])\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_is_url = URLValidator(schemes=["http", "https"])
MAX_TITLE = 255
MAX_URL = 200
MAX_RULE = 500
MAX_UID = 500
#: Properties whose values the import needs; a calendar's parse error in one of them makes the event unreadable.
TIME_PROPERTIES = {"DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RECURRENCE-ID"}


class FeedError(Exception):
    """The calendar as a whole could not be read; the message says why, for the editor. Nothing changed."""


class BadEvent(Exception):
    """One event of the calendar cannot be taken over; the others can."""


@dataclass
class ImportedEvent:
    """One event as the calendar gives it, in our terms."""

    key: str
    title: str
    description: str  # sanitised HTML
    start: datetime
    end: datetime
    all_day: bool
    rule: str = ""
    exceptions: list[date] = field(default_factory=list)
    meeting_url: str = ""
    location: str = ""

    def fingerprint(self, feed: CalendarFeed) -> str:
        """Changes when the calendar changed the event (or the feed its category or organisation)."""
        data = {**asdict(self), "category": feed.category_id, "organisation": feed.organisation_id}
        return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


@dataclass
class Report:
    """What one import did; ``error`` is set when it failed as a whole (and changed nothing)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0
    kept: int = 0
    past: int = 0
    problems: list[str] = field(default_factory=list)
    error: str = ""

    def counts(self) -> dict[str, int]:
        names = ("created", "updated", "unchanged", "unpublished", "kept", "past")
        return {name: getattr(self, name) for name in names}

    def summary(self) -> str:
        if self.error:
            return self.error
        text = (
            _(
                "%(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(unpublished)s unpublished, "
                "%(kept)s kept (edited by hand), %(past)s past"
            )
            % self.counts()
        )
        if self.problems:
            text += "; " + _("%(count)s problems") % {"count": len(self.problems)}
        return text


# Fetching ------------------------------------------------------------------------------------------


def fetch(url: str) -> bytes:
    """The calendar's bytes, fetched under ``outbound``'s rules (http(s) only, time and size limits, never from a
    private address unless ``CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES``)."""
    try:
        fetched = outbound.fetch(
            url,
            timeout=settings.CALENDAR_IMPORT_TIMEOUT,
            max_bytes=settings.CALENDAR_IMPORT_MAX_BYTES,
            allow_private=settings.CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES,
            max_redirects=MAX_REDIRECTS,
            headers=REQUEST_HEADERS,
        )
    except outbound.TooLarge:
        raise FeedError(too_large()) from None
    except outbound.OutboundError as problem:
        raise FeedError(str(problem)) from None
    if fetched.status != 200:
        raise FeedError(
            _("The server answered with HTTP %(status)s instead of the calendar.") % {"status": fetched.status}
        )
    return fetched.body


def too_large() -> str:
    return _("The calendar is larger than %(size)s.") % {"size": filesizeformat(settings.CALENDAR_IMPORT_MAX_BYTES)}


def read_source(feed: CalendarFeed) -> bytes:
    if feed.url:
        return fetch(feed.url)
    if not feed.file:
        raise FeedError(_("The feed has neither an address nor a file."))
    limit = settings.CALENDAR_IMPORT_MAX_BYTES
    try:
        with feed.file.open("rb") as file:
            body = file.read(limit + 1)
    except OSError as problem:
        raise FeedError(_("The calendar file cannot be read: %(problem)s") % {"problem": problem}) from None
    if len(body) > limit:
        raise FeedError(too_large())
    return body


# Reading -------------------------------------------------------------------------------------------


@dataclass
class Calendar:
    """What a calendar holds: the events to import, the keys of all its events (also those too old to
    import, which must not be unpublished), how many are too old, and the problems found."""

    events: list[ImportedEvent]
    keys: set[str]
    past: int
    problems: list[str]


def read_calendar(body: bytes, zone: ZoneInfo, now: datetime) -> Calendar:
    """The calendar's events in our terms; a ``FeedError`` when it is not a readable calendar at all."""
    text = _decode(body)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise FeedError(_("This is not an iCalendar file: it does not begin with BEGIN:VCALENDAR."))
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, IndexError, KeyError) as problem:
        raise FeedError(_("The calendar file is broken: %(problem)s") % {"problem": problem}) from None
    if not calendars:
        raise FeedError(_("The calendar file is broken: it does not end with END:VCALENDAR."))
    components = [c for calendar in calendars for c in calendar.walk("VEVENT")]
    if not components:
        raise FeedError(_("The calendar has no events; nothing was changed."))
    problems: list[str] = []
    masters: dict[str, ImportedEvent] = {}
    changed_dates: list[tuple[str, datetime, ImportedEvent | None]] = []
    for component in components:
        uid, summary = _plain(component.get("UID")), _plain(component.get("SUMMARY"))
        where = f"{uid or '?'} “{summary or '?'}”"
        cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
        try:
            changed_date = _recurrence_id(component, zone)
            if cancelled:  # left out: a cancelled date becomes an exception, a cancelled event is unpublished
                if changed_date is not None:
                    changed_dates.append((uid, changed_date, None))
                continue
            event, notes = read_event(component, uid, summary, zone)
        except BadEvent as problem:
            problems.append(f"{where}: {problem}")
            continue
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as problem:
            problems.append(f"{where}: " + _("It cannot be read: %(problem)s") % {"problem": problem})
            continue
        problems.extend(f"{where}: {note}" for note in notes)
        if changed_date is not None:
            event.key = f"{uid}#{changed_date:%Y%m%dT%H%M%S}"
            changed_dates.append((uid, changed_date, event))
            continue
        if uid in masters:
            problems.append(f"{where}: " + _("The UID appears more than once; the last event counts."))
        masters[uid] = event
    for uid, moment, replacement in changed_dates:
        series = masters.get(uid)
        if series is not None and series.rule:
            series.exceptions = sorted({*series.exceptions, moment.date()})
        if replacement is not None:
            masters[replacement.key] = replacement
    current = [event for event in masters.values() if not _over(event, zone, now - timedelta(days=PAST_DAYS))]
    return Calendar(current, set(masters), len(masters) - len(current), problems)


def _recurrence_id(component, zone: ZoneInfo) -> datetime | None:
    """For a changed single date of a series: which date (in the region's time) it replaces."""
    value = component.get("RECURRENCE-ID")
    if value is None:
        return None
    if not isinstance(getattr(value, "dt", None), date):
        raise BadEvent(_("Its RECURRENCE-ID cannot be read."))
    return _as_datetime(value.dt, zone).astimezone(zone)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def read_event(component, uid: str, summary: str, zone: ZoneInfo) -> tuple[ImportedEvent, list[str]]:
    """One VEVENT in our terms, and notes on what it had that our events cannot carry."""
    notes: list[str] = []
    if not uid:
        raise BadEvent(_("It has no UID, so a later import could not find it again."))
    if len(uid) > MAX_UID - 20:
        raise BadEvent(_("Its UID is too long."))
    if not summary:
        raise BadEvent(_("It has no title (SUMMARY)."))
    if "DTSTART" not in component:
        raise BadEvent(_("It has no start (DTSTART)."))
    broken = [f"{name}: {problem}" for name, problem in getattr(component, "errors", []) if name in TIME_PROPERTIES]
    if broken:
        raise BadEvent(_("Its times cannot be read: %(problem)s") % {"problem": "; ".join(broken)})
    begins = component.decoded("DTSTART")
    ends = component.decoded("DTEND") if "DTEND" in component else None
    length = component.decoded("DURATION") if "DURATION" in component else None
    if not isinstance(begins, date) or (ends is not None and not isinstance(ends, date)):
        raise BadEvent(_("Its times cannot be read."))
    all_day = isinstance(begins, date) and not isinstance(begins, datetime)
    if all_day:
        last = begins
        if isinstance(ends, date):
            last = max(_as_date(ends, zone) - timedelta(days=1), begins)
        elif isinstance(length, timedelta):
            last = max(begins + length - timedelta(days=1), begins)
        start, end = all_day_span(_midnight(begins, zone), _midnight(last, zone), zone)
    else:
        start = _as_datetime(begins, zone)
        if ends is not None:
            end = _as_datetime(ends, zone)
        elif isinstance(length, timedelta):
            end = start + length
        else:
            end = start
    if end < start:
        raise BadEvent(_("It ends before it starts."))
    rule = _rule(component, start, zone, notes)
    if rule and isinstance(begins, datetime) and _zone_name(begins, zone) != zone.key:
        notes.append(_("Its dates repeat at the same time in the region's timezone (the calendar uses another)."))
    exceptions = _exceptions(component, zone) if rule else []
    location = _plain(component.get("LOCATION"))
    meeting_url = ""
    for candidate in (location, _plain(component.get("CONFERENCE"))):
        if candidate and _url(candidate) and len(candidate) <= MAX_URL:
            meeting_url = candidate
            break
    if location == meeting_url:
        location = ""
    if "RDATE" in component:
        notes.append(_("Its extra dates (RDATE) are dropped; only the rule is taken over."))
    if "EXRULE" in component:
        notes.append(_("Its exception rule (EXRULE) is dropped."))
    event = ImportedEvent(
        key=uid,
        title=summary[:MAX_TITLE],
        description=_description(component),
        start=start,
        end=end,
        all_day=all_day,
        rule=rule,
        exceptions=exceptions,
        meeting_url=meeting_url,
        location=location,
    )
    return event, notes


def _rule(component, start: datetime, zone: ZoneInfo, notes: list[str]) -> str:
    rules = component.get("RRULE")
    if rules is None:
        return ""
    if isinstance(rules, list):
        if len(rules) > 1:
            notes.append(_("It has more than one RRULE; only the first is taken over."))
        rules = rules[0]
    text = normalise_until(rules.to_ical().decode(), zone)
    if len(text) > MAX_RULE:
        raise BadEvent(_("Its repetition rule is too long."))
    try:
        rrulestr(with_start(text, start, zone))
    except (ValueError, TypeError) as problem:
        raise BadEvent(_("Its repetition rule cannot be read: %(problem)s") % {"problem": problem}) from None
    return text


def _zone_name(moment: datetime, zone: ZoneInfo) -> str:
    """The timezone a calendar gives a time in (floating times are the region's)."""
    if moment.tzinfo is None:
        return zone.key
    return getattr(moment.tzinfo, "key", None) or str(moment.tzinfo)


def _exceptions(component, zone: ZoneInfo) -> list[date]:
    values = component.get("EXDATE")
    if values is None:
        return []
    days = set()
    for group in values if isinstance(values, list) else [values]:
        for value in getattr(group, "dts", []):
            days.add(_as_date(value.dt, zone))
    return sorted(days)


def _description(component) -> str:
    text = str(component.get("DESCRIPTION", "") or "")[:20_000]
    if not text.strip():
        return ""
    if _HTML.search(text):
        return sanitise_rich_text(text)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", _CONTROL.sub("", text)) if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs)


def _plain(value) -> str:
    """Text for a title or location: no markup, no control characters, one line."""
    if value is None:
        return ""
    text = re.sub(r"<[^>]*>", " ", str(value))
    return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()


def _url(text: str) -> bool:
    try:
        _is_url(text)
    except ValidationError:
        return False
    return True


def _as_datetime(value, zone: ZoneInfo) -> datetime:
    """An aware datetime; a floating time is the region's local time, a date its midnight."""
    if not isinstance(value, datetime):
        return _midnight(value, zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _as_date(value, zone: ZoneInfo) -> date:
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo is not None else value.date()
    return value


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, datetime.min.time(), zone)


def _over(event: ImportedEvent, zone: ZoneInfo, since: datetime) -> bool:
    if not event.rule:
        return event.end < since
    dates = rrulestr(with_start(event.rule, event.start, zone))
    return dates.after(since - (event.end - event.start), inc=True) is None


# Writing -------------------------------------------------------------------------------------------


def import_feed(feed: CalendarFeed, content: bytes | None = None) -> Report:
    """Import the feed (or, once, the given calendar file into it) and record how it went on the feed."""
    now = timezone.now()
    region = feed.region.canonical
    zone = ZoneInfo(region.timezone)
    try:
        body = content if content is not None else read_source(feed)
        calendar = read_calendar(body, zone, now)
        with transaction.atomic():
            report = apply(feed, region, calendar)
    except FeedError as problem:
        report = Report(error=str(problem))
    except Exception as problem:  # a bug or a database problem: nothing was changed, say so on the feed
        logger.exception("Importing calendar feed %s failed", feed.pk)
        report = Report(error=_("The import failed: %(problem)s") % {"problem": problem})
    else:
        report.past, report.problems = calendar.past, calendar.problems + report.problems
    feed.last_checked_at = now
    fields = ["last_checked_at", "last_error"]
    feed.last_error = report.error
    if not report.error:
        feed.last_succeeded_at, feed.last_problems, feed.last_counts = now, report.problems, report.counts()
        fields += ["last_succeeded_at", "last_problems", "last_counts"]
    feed.save(update_fields=fields)
    return report


def events_list(region: RegionPage) -> EventIndexPage:
    """The region's list of events in the language it writes in, where imported events go."""
    language = region.language_tree().root
    root = RegionPage.objects.filter(translation_key=region.translation_key, locale__language_code=language).first()
    index = EventIndexPage.objects.child_of(root).first() if root is not None else None
    if index is None:
        raise FeedError(_("The region has no list of events in its own language yet; create it first."))
    return index


def apply(feed: CalendarFeed, region: RegionPage, calendar: Calendar) -> Report:
    """Create, update and unpublish the feed's events as the calendar says (inside the caller's transaction)."""
    report = Report()
    index = events_list(region)
    existing = {page.ical_uid: page for page in EventPage.objects.filter(calendar_feed=feed, locale=index.locale)}
    touched = set(
        PageLogEntry.objects.filter(page__in=[p.pk for p in existing.values()])
        .exclude(user=None)
        .values_list("page_id", flat=True)
    )
    places = _places(index)
    taken = set(Page.objects.child_of(index).values_list("slug", flat=True))
    with translation.override(index.locale.language_code):
        for event in calendar.events:
            page = existing.get(event.key)
            fingerprint = event.fingerprint(feed)
            if page is not None and page.pk in touched:
                report.kept += 1
            elif page is not None and page.import_fingerprint == fingerprint and page.live:
                report.unchanged += 1
            else:
                try:
                    with transaction.atomic():
                        _write(feed, index, page, event, fingerprint, places, taken)
                except (ValidationError, ValueError) as problem:
                    report.problems.append(f"{event.key} “{event.title}”: {_message(problem)}")
                    index.refresh_from_db()
                    continue
                if page is None:
                    report.created += 1
                else:
                    report.updated += 1
    for key, page in existing.items():
        if key in calendar.keys or not page.live:
            continue
        if page.pk in touched:
            report.kept += 1
        else:
            page.unpublish(user=None, log_action=True)
            report.unpublished += 1
    return report


def _write(feed, index, page: EventPage | None, event: ImportedEvent, fingerprint: str, places, taken) -> None:
    place = _place_for(event.location, places)
    body = event.description
    if event.location and place is None:
        body += "<p>" + escape(_("Where: %(location)s") % {"location": event.location}) + "</p>"
    fields = {
        "title": event.title,
        "body": body,
        "start": event.start,
        "end": event.end,
        "all_day": event.all_day,
        "recurrence_rule": event.rule,
        "exception_dates": [day.isoformat() for day in event.exceptions],
        "meeting_url": event.meeting_url,
        "place": place,
        "category": feed.category,
        "organisation": feed.organisation,
        "import_fingerprint": fingerprint,
    }
    if page is None:
        slug = _free_slug(event.title, taken)
        page = EventPage(slug=slug, calendar_feed=feed, ical_uid=event.key, locale=index.locale, **fields)
        index.add_child(instance=page)
        taken.add(slug)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision(user=None, log_action=True).publish(user=None)


def _free_slug(title: str, taken: set[str]) -> str:
    base = slugify(title, allow_unicode=True)[:80].strip("-") or "event"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _places(index: EventIndexPage) -> list[PlacePage]:
    region_root = index.get_parent()
    return list(PlacePage.objects.live().descendant_of(region_root).filter(locale=index.locale).only("id", "title"))


def _place_for(location: str, places: list[PlacePage]) -> PlacePage | None:
    """The region's place the location names: its title, alone or before a comma (``VHS, Hauptstr. 1``)."""
    if not location:
        return None
    wanted = location.casefold()
    for place in places:
        name = place.title.casefold()
        if wanted == name or wanted.startswith(name + ","):
            return place
    return None


def _message(problem: Exception) -> str:
    if isinstance(problem, ValidationError):
        return "; ".join(problem.messages)
    return str(problem)


# Scheduling ----------------------------------------------------------------------------------------


def due_feeds(now: datetime | None = None) -> list[CalendarFeed]:
    """Active feeds with an address whose interval has passed since they were last checked."""
    now = now or timezone.now()
    feeds = CalendarFeed.objects.filter(active=True).exclude(url="").select_related("region")
    return [
        feed
        for feed in feeds
        if feed.last_checked_at is None or feed.last_checked_at + timedelta(hours=feed.interval_hours) <= now
    ]
