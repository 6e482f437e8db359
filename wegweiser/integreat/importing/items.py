"""Reading and checking ``locations.<lang>.json`` and ``events.<lang>.json``."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from wegweiser.events.models import EventPage, validate_recurrence_rule
from wegweiser.places.models import PlacePage, validate_opening_hours
from wegweiser.regions.languages import DEFAULT_LANGUAGE

from .pages import (
    TITLE_MAX_LENGTH,
    IntegreatImportError,
    _date,
    _is_whole_number,
    _other_languages,
    _problem_of,
    _read_json,
    _segments,
    _slug,
)

LOCAL_KINDS = ("locations", "events")
NOUN = {"locations": "location", "events": "event"}
ITEM_REQUIRED_FIELDS = ("id", "title", "content", "path")
DEFAULT_COLOR = "#1f6f8b"
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
CATEGORY_NAME_MAX_LENGTH = 100
CATEGORY_ICON_MAX_LENGTH = 40
DEFAULT_TIMEZONE = "Europe/Berlin"  # for event times without an offset and without a 'timezone'


@dataclass(frozen=True)
class SourceCategory:
    name: str
    icon: str
    color: str


@dataclass(frozen=True)
class SourceItem:
    """One place or event translation as the dump describes it, checked and normalised."""

    external_id: int
    title: str
    content: str
    slug: str
    other_languages: dict[str, int]
    last_updated: datetime | None
    fields: dict  # the page model's own fields (address, start …), ready to be set
    category: SourceCategory | None = None  # places
    location_id: int | None = None  # events: Integreat id of the location translation it takes place at


@dataclass
class ItemFile:
    """The places or the events of one language, in the file's order."""

    kind: str
    language: str
    file: Path
    items: list[SourceItem]
    german_of: dict[int, int] = field(default_factory=dict)  # Integreat id → its German item's Integreat id

    @property
    def noun(self) -> str:
        return NOUN[self.kind]

    def problem(self, message: str, item_id: int | None = None) -> IntegreatImportError:
        where = f"{self.file}: {self.noun} {item_id}" if item_id is not None else str(self.file)
        return IntegreatImportError(f"{where}: {message}")


def _read_item_file(path: Path, kind: str, language: str) -> ItemFile:
    data = _read_json(path, f"a list of {kind}")
    items = [_source_item(path, kind, language, position, item) for position, item in enumerate(data)]
    result = ItemFile(kind, language, path, items)
    seen_ids: set[int] = set()
    seen_slugs: dict[str, int] = {}
    for item in items:
        if item.external_id in seen_ids:
            raise result.problem("the id appears twice", item.external_id)
        seen_ids.add(item.external_id)
        if item.slug in seen_slugs:
            raise result.problem(f"same slug {item.slug!r} as {result.noun} {seen_slugs[item.slug]}", item.external_id)
        seen_slugs[item.slug] = item.external_id
    return result


def _source_item(path: Path, kind: str, language: str, position: int, item) -> SourceItem:
    noun = NOUN[kind]
    if not isinstance(item, dict):
        raise IntegreatImportError(f"{path}: entry {position} is not an object")
    external_id = item.get("id")
    if external_id is None and kind == "events" and "id" in item:
        raise IntegreatImportError(
            f"{path}: entry {position} ({item.get('title')!r}): 'id' is null, so this is one occurrence of a "
            "recurring event; export the events with combine_recurring=True"
        )
    if not isinstance(external_id, int) or isinstance(external_id, bool) or external_id <= 0:
        raise IntegreatImportError(f"{path}: entry {position}: 'id' missing or not a positive whole number")
    where = f"{path}: {noun} {external_id}"
    missing = [name for name in ITEM_REQUIRED_FIELDS if name not in item]
    if missing:
        raise IntegreatImportError(f"{where}: missing {', '.join(repr(name) for name in missing)}")
    title, content, item_path = item["title"], item["content"], item["path"]
    if not isinstance(title, str) or not title.strip():
        raise IntegreatImportError(f"{where}: 'title' is empty or not text")
    if len(title.strip()) > TITLE_MAX_LENGTH:
        raise IntegreatImportError(f"{where}: 'title' is longer than {TITLE_MAX_LENGTH} characters")
    if not isinstance(content, str | None):
        raise IntegreatImportError(f"{where}: 'content' is not text")
    if not isinstance(item_path, str):
        raise IntegreatImportError(f"{where}: 'path' is not text")
    segments = _segments(item_path)
    if len(segments) < 3:
        raise IntegreatImportError(f"{where}: 'path' {item_path!r} is not /<region>/<language>/{kind}/<slug>/")
    if segments[1] != language:
        raise IntegreatImportError(f"{where}: 'path' {item_path!r} is not in language {language!r}")
    common: dict[str, Any] = {
        "external_id": external_id,
        "title": title.strip(),
        "content": content or "",
        "slug": _slug(where, segments[-1]),
        "other_languages": _other_languages(where, item.get("available_languages")),
        "last_updated": _date(where, item.get("last_updated") or item.get("modified_gmt")),
    }
    if kind == "locations":
        return SourceItem(**common, fields=_place_fields(where, item), category=_category(where, item.get("category")))
    fields, location_id = _event_fields(where, item)
    return SourceItem(**common, fields=fields, location_id=location_id)


def _place_fields(where: str, item: dict) -> dict:
    location = item.get("location") or {}
    if not isinstance(location, dict):
        raise IntegreatImportError(f"{where}: 'location' is not an object")
    barrier_free = item.get("barrier_free")
    if not isinstance(barrier_free, bool | None):
        raise IntegreatImportError(f"{where}: 'barrier_free' is not true, false or null")
    return {
        "address": _text(where, location, "address", "location.address", PlacePage),
        "postcode": _text(where, location, "postcode", "location.postcode", PlacePage),
        "town": _text(where, location, "town", "location.town", PlacePage),
        "latitude": _coordinate(where, location, "latitude", 90),
        "longitude": _coordinate(where, location, "longitude", 180),
        "website": _url(where, item, "website"),
        "email": _email(where, item, "email"),
        "phone": _text(where, item, "phone_number", "phone_number", PlacePage, field_name="phone"),
        "appointment_url": _url(where, item, "appointment_url"),
        "opening_hours": _opening_hours(where, item.get("opening_hours")),
        "temporarily_closed": bool(item.get("temporarily_closed")),
        "barrier_free": barrier_free,
    }


def _text(where: str, data: dict, key: str, label: str, model, field_name: str | None = None) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if _is_whole_number(value):
        value = str(value)
    if not isinstance(value, str):
        raise IntegreatImportError(f"{where}: '{label}' is not text")
    value = value.strip()
    max_length = model._meta.get_field(field_name or key).max_length
    if len(value) > max_length:
        raise IntegreatImportError(f"{where}: '{label}' is longer than {max_length} characters")
    return value


def _coordinate(where: str, location: dict, key: str, limit: int) -> float | None:
    value = location.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise IntegreatImportError(f"{where}: 'location.{key}' {value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise IntegreatImportError(f"{where}: 'location.{key}' {value!r} is out of range")
    return number


def _url(where: str, item: dict, key: str) -> str:
    value = item.get(key)
    if not value:
        return ""
    if not isinstance(value, str):
        raise IntegreatImportError(f"{where}: '{key}' is not text")
    value = value.strip()
    if "://" not in value:
        value = f"https://{value}"  # Integreat accepts "www.example.org"
    try:
        URLValidator()(value)
    except ValidationError:
        raise IntegreatImportError(f"{where}: '{key}' {item[key]!r} is not a web address") from None
    return value


def _email(where: str, item: dict, key: str) -> str:
    value = item.get(key)
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise IntegreatImportError(f"{where}: '{key}' {value!r} is not an e-mail address") from None
    return value.strip()


def _opening_hours(where: str, value) -> list | None:
    if value in (None, []):
        return None
    try:
        validate_opening_hours(value)
    except ValidationError as error:
        raise IntegreatImportError(f"{where}: 'opening_hours' is invalid: {_problem_of(error)}") from None
    return value


def _category(where: str, value) -> SourceCategory | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise IntegreatImportError(f"{where}: 'category' is not an object")
    name, icon, color = value.get("name"), value.get("icon") or "", value.get("color") or ""
    if not isinstance(name, str) or not name.strip():
        raise IntegreatImportError(f"{where}: 'category.name' is empty or not text")
    if len(name.strip()) > CATEGORY_NAME_MAX_LENGTH:
        raise IntegreatImportError(f"{where}: 'category.name' is longer than {CATEGORY_NAME_MAX_LENGTH} characters")
    icon = icon.strip()[:CATEGORY_ICON_MAX_LENGTH] if isinstance(icon, str) else ""
    color = color.strip() if isinstance(color, str) and _COLOR.match(color.strip()) else DEFAULT_COLOR
    return SourceCategory(name.strip(), icon, color)


def _event_fields(where: str, item: dict) -> tuple[dict, int | None]:
    event = item.get("event")
    if not isinstance(event, dict):
        raise IntegreatImportError(f"{where}: 'event' is missing or not an object")
    zone = _zone(where, event.get("timezone"))
    start, end = _moment(where, event, "start", zone), _moment(where, event, "end", zone)
    if end < start:
        raise IntegreatImportError(f"{where}: 'event.end' is before 'event.start'")
    location = item.get("location")
    location_id = location.get("id") if isinstance(location, dict) else None
    if location_id is not None and not _is_whole_number(location_id):
        raise IntegreatImportError(f"{where}: 'location.id' is not a whole number")
    fields = {
        "start": start,
        "end": end,
        "all_day": bool(event.get("all_day")),
        "meeting_url": _url(where, item, "meeting_url"),
        "recurrence_rule": _recurrence_rule(where, item.get("recurrence_rule")),
    }
    return fields, location_id


def _zone(where: str, name) -> ZoneInfo:
    if not name:
        return ZoneInfo(DEFAULT_TIMEZONE)
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise IntegreatImportError(f"{where}: 'event.timezone' {name!r} is not a known time zone") from None


def _moment(where: str, event: dict, key: str, zone: ZoneInfo) -> datetime:
    value = event.get(key)
    try:
        parsed = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise IntegreatImportError(f"{where}: 'event.{key}' {value!r} is not an ISO 8601 date and time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _recurrence_rule(where: str, value) -> str:
    """Only the rule: ``"DTSTART:…\\nRRULE:FREQ=WEEKLY;BYDAY=TU"`` → ``FREQ=WEEKLY;BYDAY=TU``.

    The start is the event's own start.
    """
    if not value:
        return ""
    if not isinstance(value, str):
        raise IntegreatImportError(f"{where}: 'recurrence_rule' is not text")
    lines = [line.strip() for line in value.strip().splitlines() if line.strip()]
    rules = [line[len("RRULE:") :] for line in lines if line.upper().startswith("RRULE:")]
    if len(rules) > 1:
        raise IntegreatImportError(f"{where}: 'recurrence_rule' has more than one RRULE")
    if rules:
        rule = rules[0]
    elif len(lines) == 1 and not lines[0].upper().startswith("DTSTART"):
        rule = lines[0]
    else:
        raise IntegreatImportError(f"{where}: 'recurrence_rule' {value!r} has no RRULE line")
    try:
        validate_recurrence_rule(rule)
    except ValidationError as error:
        raise IntegreatImportError(f"{where}: 'recurrence_rule' {rule!r} is invalid: {_problem_of(error)}") from None
    max_length = EventPage._meta.get_field("recurrence_rule").max_length
    if len(rule) > max_length:
        raise IntegreatImportError(f"{where}: 'recurrence_rule' is longer than {max_length} characters")
    return rule


def _link_item_translations(german: ItemFile, other: ItemFile) -> None:
    """Find each item's German item (its own ``available_languages.de``, or the German item naming it)."""
    german_ids = {item.external_id for item in german.items}
    named_by_german = {
        item.other_languages[other.language]: item.external_id
        for item in german.items
        if other.language in item.other_languages
    }
    translated: dict[int, int] = {}
    for item in other.items:
        german_id = item.other_languages.get(DEFAULT_LANGUAGE, named_by_german.get(item.external_id))
        if german_id is None:
            raise other.problem(f"has no German {other.noun} (no 'available_languages.de')", item.external_id)
        if german_id not in german_ids:
            raise other.problem(f"its German {other.noun} {german_id} is not in {german.file.name}", item.external_id)
        if german_id in translated:
            raise other.problem(
                f"{other.noun} {translated[german_id]} is a translation of German {other.noun} {german_id} too",
                item.external_id,
            )
        translated[german_id] = item.external_id
        other.german_of[item.external_id] = german_id
