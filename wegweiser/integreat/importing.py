"""Importing a region's pages, places and events from the Integreat CMS (``pages.<lang>.json``,
``locations.<lang>.json`` and ``events.<lang>.json`` dumps of its API v3).

Reading (``read_dump``) and writing (``import_dump``) are separate so that every problem in the files
is found before anything is written; the writing runs in one transaction, so a problem found only then
still leaves the database as it was. German is the language Integreat regions write in: its tree is
built first and every other language's page becomes a translation of its German page (same
``translation_key``), as Wagtail models translations.

Facts about the dumps that shape this module (see /work/shared/integreat-v3-api.md):

- ``id`` is the id of the page *translation*; ``available_languages[lang].id`` names the same page in
  another language.
- ``parent.id`` is *not* a translation id in the dump (it is Integreat's id of the page family), so a
  parent is found through ``parent.path``, which is the ``path`` of a page in the same file.
- Root pages have ``parent = {"id": 0, "url": null, "path": null}``; siblings are ordered by ``order``.
- Locations (places) and events are flat lists: they go below the region's list of places / events (created
  if missing). An event's ``location.id`` is the id of a location translation in the same language. Events
  must be exported with ``combine_recurring=True``: expanded occurrences have ``id: null``.
- Pages, locations and events have ids of their own in Integreat, which may coincide; ``ImportedPage`` rows
  are told apart by the page's type.
"""

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_unicode_slug
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from wegweiser.content.models import TopicPage
from wegweiser.content.rich_text import sanitise_rich_text
from wegweiser.events.models import EventIndexPage, EventPage, validate_recurrence_rule
from wegweiser.places.models import PlaceCategory, PlaceIndexPage, PlacePage, validate_opening_hours
from wegweiser.regions.language_tree import LanguageNode, LanguageTree, LanguageTreeError
from wegweiser.regions.languages import BY_CODE, DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionLanguage, RegionPage
from wegweiser.regions.tenancy import setup_region

from .models import ImportedPage

PAGES_FILE = re.compile(r"^pages\.(?P<language>[^.]+)\.json$")
#: Places (Integreat's "locations", its POIs) and events, each file optional.
LOCAL_FILE = re.compile(r"^(?P<kind>events|locations)\.(?P<language>[^.]+)\.json$")
REQUIRED_FIELDS = ("id", "title", "content", "path", "parent")
TITLE_MAX_LENGTH = 255
# A link whose only content was an image: the image is dropped by the sanitiser, the empty link would stay.
_EMPTY_LINK = re.compile(r"<a\b[^>]*>(\s*)</a>")


class IntegreatImportError(Exception):
    """A dump cannot be imported; the message is one line naming the file, the page and the problem."""


# --- Reading and checking the files ------------------------------------------------------------------


@dataclass(frozen=True)
class SourcePage:
    """One page translation as the dump describes it, checked and normalised."""

    external_id: int
    title: str
    content: str
    slug: str
    path_key: str
    parent_key: str | None  # None for root pages
    order: int
    position: int  # index in the file, to order siblings with equal ``order`` stably
    other_languages: dict[str, int]  # language code → Integreat id of the translation in that language
    last_updated: datetime | None


@dataclass
class LanguageFile:
    """The pages of one language, in tree order (every parent before its children, siblings by ``order``)."""

    language: str
    file: Path
    pages: list[SourcePage]
    parent_of: dict[int, int | None]  # Integreat id → the parent's Integreat id (None for root pages)
    german_of: dict[int, int] = field(default_factory=dict)  # Integreat id → its German page's Integreat id

    def problem(self, message: str, page_id: int | None = None) -> IntegreatImportError:
        where = f"{self.file}: page {page_id}" if page_id is not None else str(self.file)
        return IntegreatImportError(f"{where}: {message}")


@dataclass
class Dump:
    """Every language file of a directory, German first, and the files that are left out."""

    directory: Path
    files: dict[str, LanguageFile]
    local: dict[str, dict[str, "ItemFile"]] = field(default_factory=dict)  # kind → language → file, German first

    @property
    def languages(self) -> list[str]:
        """Every language of the dump, German first: a language with only places or events is imported too."""
        others = {code for files in self.local.values() for code in files} | set(self.files)
        return [DEFAULT_LANGUAGE] + sorted(others - {DEFAULT_LANGUAGE})


def read_dump(directory: Path) -> Dump:
    """Read and check every ``pages.<lang>.json`` in ``directory``; raise ``IntegreatImportError`` on any problem."""
    if not directory.is_dir():
        raise IntegreatImportError(f"{directory}: no such directory")
    page_files, local_files = _find_files(directory)
    if DEFAULT_LANGUAGE not in page_files:
        raise IntegreatImportError(f"{directory}: no pages.{DEFAULT_LANGUAGE}.json (German is the source language)")
    languages = [DEFAULT_LANGUAGE] + sorted(code for code in page_files if code != DEFAULT_LANGUAGE)
    files = {code: _read_language_file(page_files[code], code) for code in languages}
    german = files[DEFAULT_LANGUAGE]
    for code in languages[1:]:
        _link_translations(german, files[code])
    local: dict[str, dict[str, ItemFile]] = {}
    for kind in LOCAL_KINDS:  # locations first: events point at them
        paths = local_files.get(kind)
        if not paths:
            continue
        if DEFAULT_LANGUAGE not in paths:
            raise IntegreatImportError(
                f"{directory}: no {kind}.{DEFAULT_LANGUAGE}.json (German is the source language)"
            )
        codes = [DEFAULT_LANGUAGE] + sorted(code for code in paths if code != DEFAULT_LANGUAGE)
        local[kind] = {code: _read_item_file(paths[code], kind, code) for code in codes}
        for code in codes[1:]:
            _link_item_translations(local[kind][DEFAULT_LANGUAGE], local[kind][code])
    return Dump(directory, files, local)


def _find_files(directory: Path) -> tuple[dict[str, Path], dict[str, dict[str, Path]]]:
    """The pages files by language, and the events/locations files by kind and language; other files (notes,
    questions) are ignored."""
    pages: dict[str, Path] = {}
    local: dict[str, dict[str, Path]] = {}
    for path in sorted(directory.iterdir()):
        match = PAGES_FILE.match(path.name) or LOCAL_FILE.match(path.name)
        if match is None:
            continue
        language = match["language"]
        if language not in BY_CODE:
            raise IntegreatImportError(f"{path}: unknown language code {language!r}")
        if "kind" in match.groupdict():
            local.setdefault(match["kind"], {})[language] = path
        else:
            pages[language] = path
    return pages, local


def _read_language_file(path: Path, language: str) -> LanguageFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise IntegreatImportError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise IntegreatImportError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(data, list):
        raise IntegreatImportError(f"{path}: expected a list of pages, found {type(data).__name__}")
    pages = [_source_page(path, language, position, item) for position, item in enumerate(data)]
    _check_unique(path, pages)
    ordered, parent_of = _tree_order(path, pages)
    return LanguageFile(language, path, ordered, parent_of)


def _source_page(path: Path, language: str, position: int, item) -> SourcePage:
    """Check one entry of a file; the error names the entry's id, or its position when it has none."""
    if not isinstance(item, dict):
        raise IntegreatImportError(f"{path}: entry {position} is not an object")
    external_id = item.get("id")
    if not isinstance(external_id, int) or isinstance(external_id, bool) or external_id <= 0:
        raise IntegreatImportError(f"{path}: entry {position}: 'id' missing or not a positive whole number")
    where = f"{path}: page {external_id}"
    missing = [name for name in REQUIRED_FIELDS if name not in item]
    if missing:
        raise IntegreatImportError(f"{where}: missing {', '.join(repr(name) for name in missing)}")
    title, content, page_path, parent = item["title"], item["content"], item["path"], item["parent"]
    parent_path = parent.get("path") if isinstance(parent, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise IntegreatImportError(f"{where}: 'title' is empty or not text")
    if len(title.strip()) > TITLE_MAX_LENGTH:
        raise IntegreatImportError(f"{where}: 'title' is longer than {TITLE_MAX_LENGTH} characters")
    if not isinstance(content, str):
        raise IntegreatImportError(f"{where}: 'content' is not text")
    if not isinstance(page_path, str):
        raise IntegreatImportError(f"{where}: 'path' is not text")
    segments = _segments(page_path)
    if len(segments) < 3:
        raise IntegreatImportError(f"{where}: 'path' {page_path!r} is not /<region>/<language>/<slug>/")
    if segments[1] != language:
        raise IntegreatImportError(f"{where}: 'path' {page_path!r} is not in language {language!r}")
    if not isinstance(parent, dict) or "path" not in parent or not isinstance(parent["path"], str | None):
        raise IntegreatImportError(f"{where}: 'parent' is not an object with a 'path'")
    order = item.get("order", position)
    if not _is_whole_number(order):
        raise IntegreatImportError(f"{where}: 'order' is not a whole number")
    return SourcePage(
        external_id=external_id,
        title=title.strip(),
        content=content,
        slug=_slug(where, segments[-1]),
        path_key=_path_key(page_path),
        parent_key=_path_key(parent_path) if parent_path else None,
        order=order,
        position=position,
        other_languages=_other_languages(where, item.get("available_languages")),
        last_updated=_date(where, item.get("last_updated") or item.get("modified_gmt")),
    )


def _is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _segments(page_path: str) -> list[str]:
    return [segment for segment in unquote(page_path).split("/") if segment]


def _path_key(page_path: str) -> str:
    """Paths name the same page with or without percent-encoding, trailing slash or capitals (as the API reads them)."""
    return "/".join(_segments(page_path)).lower()


def _slug(where: str, segment: str) -> str:
    """The last segment of the path, so that the page keeps its address; made a valid slug if it is not one."""
    try:
        validate_unicode_slug(segment)
        return segment
    except ValidationError:
        slug = slugify(segment, allow_unicode=True)
    if not slug:
        raise IntegreatImportError(f"{where}: cannot make a slug of the path segment {segment!r}")
    return slug


def _other_languages(where: str, value) -> dict[str, int]:
    """``available_languages`` as language → id; languages Wegweiser does not know are left out (not importable)."""
    if value in (None, [], {}):
        return {}
    if not isinstance(value, dict):
        raise IntegreatImportError(f"{where}: 'available_languages' is not an object")
    result = {}
    for code, link in value.items():
        if code not in BY_CODE:
            continue
        if not isinstance(link, dict) or not _is_whole_number(link.get("id")):
            raise IntegreatImportError(f"{where}: 'available_languages.{code}' has no whole-number 'id'")
        result[code] = link["id"]
    return result


def _date(where: str, value) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise IntegreatImportError(f"{where}: 'last_updated' {value!r} is not an ISO 8601 date") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _check_unique(path: Path, pages: list[SourcePage]) -> None:
    seen_ids: set[int] = set()
    seen_paths: dict[str, int] = {}
    for page in pages:
        if page.external_id in seen_ids:
            raise IntegreatImportError(f"{path}: page {page.external_id}: the id appears twice")
        seen_ids.add(page.external_id)
        if page.path_key in seen_paths:
            other = seen_paths[page.path_key]
            raise IntegreatImportError(f"{path}: page {page.external_id}: same path as page {other}")
        seen_paths[page.path_key] = page.external_id


def _tree_order(path: Path, pages: list[SourcePage]) -> tuple[list[SourcePage], dict[int, int | None]]:
    """Resolve every parent by path and return the pages depth first, siblings by ``order``."""
    by_path = {page.path_key: page for page in pages}
    parent_of: dict[int, int | None] = {}
    children: dict[int | None, list[SourcePage]] = {}
    for page in pages:
        parent_id = None
        if page.parent_key is not None:
            parent = by_path.get(page.parent_key)
            if parent is None:
                raise IntegreatImportError(
                    f"{path}: page {page.external_id}: parent path /{page.parent_key}/ is not a page in this file"
                )
            parent_id = parent.external_id
        parent_of[page.external_id] = parent_id
        children.setdefault(parent_id, []).append(page)
    for siblings in children.values():
        siblings.sort(key=lambda page: (page.order, page.position))
    ordered: list[SourcePage] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        page = stack.pop()
        ordered.append(page)
        stack.extend(reversed(children.get(page.external_id, [])))
    if len(ordered) != len(pages):
        reached = {page.external_id for page in ordered}
        first = next(page for page in pages if page.external_id not in reached)
        raise IntegreatImportError(f"{path}: page {first.external_id}: {_describe_cycle(first.external_id, parent_of)}")
    _check_sibling_slugs(path, children)
    return ordered, parent_of


def _describe_cycle(start: int, parent_of: dict[int, int | None]) -> str:
    """Pages that are not reached from a root page lie on, or below, a cycle of parents; name the cycle."""
    chain = [start]
    while True:
        parent = parent_of[chain[-1]]
        assert parent is not None, "a chain of parents that ends at a root page is reached from it"
        if parent in chain:
            break
        chain.append(parent)
    cycle = chain[chain.index(parent) :] + [parent]
    return "its parents form a cycle (" + " → ".join(str(page_id) for page_id in cycle) + ")"


def _check_sibling_slugs(path: Path, children: dict[int | None, list[SourcePage]]) -> None:
    """Wagtail needs unique slugs among siblings; slugs made from odd path segments might collide."""
    for siblings in children.values():
        seen: dict[str, int] = {}
        for page in siblings:
            if page.slug in seen:
                raise IntegreatImportError(
                    f"{path}: page {page.external_id}: same slug {page.slug!r} as its sibling page {seen[page.slug]}"
                )
            seen[page.slug] = page.external_id


def _link_translations(german: LanguageFile, other: LanguageFile) -> None:
    """Find each page's German page and check that the translation's tree is the German tree."""
    german_ids = {page.external_id for page in german.pages}
    # What German pages say about this language, for pages that do not name their German page themselves.
    named_by_german = {
        page.other_languages[other.language]: page.external_id
        for page in german.pages
        if other.language in page.other_languages
    }
    translated: dict[int, int] = {}  # German id → this language's id
    for page in other.pages:
        german_id = page.other_languages.get(DEFAULT_LANGUAGE, named_by_german.get(page.external_id))
        if german_id is None:
            raise other.problem("has no German page (no 'available_languages.de')", page.external_id)
        if german_id not in german_ids:
            raise other.problem(f"its German page {german_id} is not in {german.file.name}", page.external_id)
        if german_id in translated:
            raise other.problem(
                f"page {translated[german_id]} is a translation of German page {german_id} too", page.external_id
            )
        translated[german_id] = page.external_id
        other.german_of[page.external_id] = german_id
    for page in other.pages:
        parent = other.parent_of[page.external_id]
        german_parent = german.parent_of[other.german_of[page.external_id]]
        expected = None if parent is None else other.german_of[parent]
        if expected != german_parent:
            raise other.problem(
                f"its parent ({_name(parent)}) is not the translation of its German page's parent "
                f"({_name(german_parent)} in {german.file.name})",
                page.external_id,
            )


def _name(page_id: int | None) -> str:
    return "none, a root page" if page_id is None else f"page {page_id}"


# --- Places and events ------------------------------------------------------------------------------

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


def _read_json(path: Path, expected: str) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise IntegreatImportError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise IntegreatImportError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(data, list):
        raise IntegreatImportError(f"{path}: expected {expected}, found {type(data).__name__}")
    return data


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


# --- Writing ---------------------------------------------------------------------------------------


@dataclass
class LanguageReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.unpublished} unpublished"
        )


@dataclass
class ImportReport:
    region: RegionPage
    region_created: bool
    languages: dict[str, LanguageReport] = field(default_factory=dict)  # pages
    local: dict[str, dict[str, LanguageReport]] = field(default_factory=dict)  # kind → language → report

    def language(self, code: str) -> LanguageReport:
        return self.languages.setdefault(code, LanguageReport())

    def local_language(self, kind: str, code: str) -> LanguageReport:
        return self.local.setdefault(kind, {}).setdefault(code, LanguageReport())

    def summary(self, seconds: float) -> str:
        action = "Created region" if self.region_created else "Updated region"
        parts = "; ".join(f"{code}: {report}" for code, report in self.languages.items())
        for kind, reports in self.local.items():
            parts += "; " + "; ".join(f"{kind} {code}: {report}" for code, report in reports.items())
        return f"{action} {self.region.slug}: {parts} ({seconds:.1f} s)"


def import_dump(dump: Dump, region_slug: str, name: str | None = None) -> ImportReport:
    """Write a checked dump into the region ``region_slug`` (created if needed), all or nothing."""
    with transaction.atomic():
        region, created = _region(region_slug, name, dump.languages)
        report = ImportReport(region, created)
        region = _enable_languages(region, dump.languages)
        roots, copies_created = _region_copies(region, dump.languages)
        writer = _TreeWriter(region, roots, report)
        # Wagtail would update its reference index on each of the three saves of every page: do it once instead.
        with disable_reference_index_auto_update():
            for language_file in dump.files.values():
                writer.write_language(language_file)
            writer.unpublish_missing()
            # Places imported earlier, for events when the dump has no locations files this time.
            places = _live(_imported_pages(region, PlacePage))
            local_writers = []
            for kind, item_files in dump.local.items():
                local_writer = _ItemWriter(kind, region, roots, report, places)
                for item_file in item_files.values():
                    local_writer.write_language(item_file)
                local_writer.unpublish_missing()
                if kind == "locations":
                    places = local_writer.live_pages()
                local_writers.append(local_writer)
        written = [(TopicPage, writer.written)] + [(w.model, w.written) for w in local_writers]
        for model, page_ids in written:
            for page_id in page_ids:
                update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(page_id))
        if created or copies_created:
            setup_region(region)
    return report


def _problem_of(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _region(slug: str, name: str | None, languages: list[str]) -> tuple[RegionPage, bool]:
    """The region's German copy; a new region is a district under the tree's root, offering the imported languages."""
    existing = RegionPage.objects.filter(slug=slug, locale__language_code=DEFAULT_LANGUAGE).first()
    if existing is not None:
        return existing, False
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        raise IntegreatImportError(f"--region {slug!r} is not a valid slug") from None
    region = RegionPage(
        title=name or slug.title(),
        slug=slug,
        kind=RegionPage.Kind.DISTRICT,
        locale=_locale(DEFAULT_LANGUAGE),
    )
    region.languages = [_language_row(code) for code in languages]
    try:
        Page.get_first_root_node().add_child(instance=region)
    except ValidationError as error:
        raise IntegreatImportError(f"cannot create region {slug!r}: {_problem_of(error)}") from None
    region.save_revision().publish()
    return region, True


def _locale(code: str) -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code=code)
    return locale


def _language_row(code: str) -> RegionLanguage:
    return RegionLanguage(language=code, source_language="" if code == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE)


def _enable_languages(region: RegionPage, languages: list[str]) -> RegionPage:
    """Offer every imported language (new ones translated from German), through a published revision of the region.

    Going through a revision keeps the editor's view of the region in step with what is served.
    """
    region = RegionPage.objects.get(pk=region.pk)  # fresh: publishing saves the tree fields held in memory
    rows = list(region.languages.all())
    by_code = {row.language: row for row in rows}
    changed = False
    for code in languages:
        row = by_code.get(code)
        if row is None:
            rows.append(_language_row(code))
            changed = True
        elif not row.enabled:
            row.enabled = True
            changed = True
    if not changed:
        return region
    try:
        LanguageTree.build(LanguageNode(r.language, r.source_language or None, r.enabled) for r in rows)
    except LanguageTreeError as error:
        raise IntegreatImportError(f"region {region.slug}: cannot add the imported languages: {error}") from None
    region.languages = rows
    region.save_revision().publish()
    return RegionPage.objects.get(pk=region.pk)


def _region_copies(region: RegionPage, languages: list[str]) -> tuple[dict[str, int], bool]:
    """The region's live copy in every imported language, by language (page ids); missing copies are made."""
    roots = {}
    created = False
    for code in languages:
        locale = _locale(code)
        copy = RegionPage.objects.filter(translation_key=region.translation_key, locale=locale).first()
        if copy is None:
            copy = RegionPage.objects.get(pk=region.pk).copy_for_translation(locale)
            created = True
        if not copy.live:
            copy = RegionPage.objects.get(pk=copy.pk)
            copy.save_revision().publish()
        roots[code] = copy.pk
    return roots, created


class _TreeWriter:
    """Creates, updates, moves and unpublishes the imported pages of one region.

    Page objects are always loaded fresh before a tree operation or a publication: Wagtail saves the
    tree fields (path, child count) held in memory, and moves elsewhere in the tree make them stale.
    """

    def __init__(self, region: RegionPage, roots: dict[str, int], report: ImportReport):
        self.region = region
        self.roots = roots
        self.report = report
        self.locales = {code: _locale(code) for code in roots}
        self.known = _imported_pages(region, TopicPage)  # (language, Integreat id) → page id
        self.imported_page_ids = set(self.known.values())
        self.seen: set[int] = set()  # page ids in the dump
        self.written: list[int] = []  # page ids created, changed or unpublished by this import
        self.created: set[int] = set()  # page ids created by this import
        self.created_keys: set[uuid.UUID] = set()  # translation keys of German pages created by this import
        self.german_keys: dict[int, uuid.UUID] = {}  # German Integreat id → translation key

    # One language

    def write_language(self, language_file: LanguageFile) -> None:
        language = language_file.language
        report = self.report.language(language)
        placed: dict[int, int] = {}  # Integreat id → page id
        outcomes: dict[int, str] = {}  # page id → created, updated or unchanged
        children: dict[int, list[int]] = {}  # parent page id → child page ids in the dump's order
        for source in language_file.pages:
            parent_external = language_file.parent_of[source.external_id]
            parent_id = self.roots[language] if parent_external is None else placed[parent_external]
            key = None
            if language != DEFAULT_LANGUAGE:
                key = self.german_keys[language_file.german_of[source.external_id]]
            try:
                page, outcome = self._write_page(language_file, source, parent_id, key)
            except ValidationError as error:
                raise language_file.problem(_problem_of(error), source.external_id) from None
            outcomes[page.pk] = outcome
            if language == DEFAULT_LANGUAGE:
                self.german_keys[source.external_id] = page.translation_key
            placed[source.external_id] = page.pk
            children.setdefault(parent_id, []).append(page.pk)
            self.seen.add(page.pk)
        for parent_id, child_ids in children.items():
            for page_id in self._order_children(parent_id, child_ids):
                if outcomes[page_id] == "unchanged":
                    outcomes[page_id] = "updated"
        for page_id, outcome in outcomes.items():
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                self.written.append(page_id)

    def _write_page(
        self, language_file: LanguageFile, source: SourcePage, parent_id: int, key: uuid.UUID | None
    ) -> tuple[TopicPage, str]:
        page_id = self.known.get((language_file.language, source.external_id))
        if page_id is None:
            return self._create(language_file, source, parent_id, key), "created"
        changed = self._update(language_file, source, page_id, parent_id, key)
        page = TopicPage.objects.get(pk=page_id)
        return page, "updated" if changed else "unchanged"

    def _create(
        self, language_file: LanguageFile, source: SourcePage, parent_id: int, key: uuid.UUID | None
    ) -> TopicPage:
        locale = self.locales[language_file.language]
        model = RegionPage if parent_id in self.roots.values() else TopicPage
        parent = model.objects.get(pk=parent_id)
        # Under a page created by this run only this run's pages lie, and their slugs differ (checked when read).
        if parent_id not in self.created:
            self._free_slug(language_file, source, parent, None)
        page = TopicPage(title=source.title, slug=source.slug, body=_body(source.content), locale=locale)
        if key is not None:
            if key not in self.created_keys:  # a German page created by this run has no translations yet
                self._free_translation_key(language_file, source, locale, key, None)
            page.translation_key = key
        parent.add_child(instance=page)
        page.save_revision(clean=False).publish()  # validated by add_child a moment ago
        ImportedPage.objects.create(page=page, external_id=source.external_id)
        self.created.add(page.pk)
        if key is None:
            self.created_keys.add(page.translation_key)
        self._keep_dates(page, source, first=True)
        return page

    def _update(
        self, language_file: LanguageFile, source: SourcePage, page_id: int, parent_id: int, key: uuid.UUID | None
    ) -> bool:
        """Bring an earlier imported page in line with the dump; publish only when something changed."""
        changed = self._place(language_file, source, page_id, parent_id)
        page = TopicPage.objects.get(pk=page_id)
        if key is not None and page.translation_key != key:
            self._free_translation_key(language_file, source, page.locale, key, page.pk)
            Page.objects.filter(pk=page.pk).update(translation_key=key)
            changed = True
        page = TopicPage.objects.get(pk=page_id)  # fresh after moves, freed slugs and keys
        body = _body(source.content)
        if (page.title, page.slug, page.body, page.live) != (source.title, source.slug, body, True):
            page.title, page.slug, page.body = source.title, source.slug, body
            page.save_revision().publish()
            changed = True
        if changed or page.last_published_at != source.last_updated:
            self._keep_dates(page, source, first=False)
        return changed

    def _place(self, language_file: LanguageFile, source: SourcePage, page_id: int, parent_id: int) -> bool:
        """Move the page under its parent if it is elsewhere, and free its slug there; True if it moved."""
        parent = Page.objects.get(pk=parent_id)
        page = Page.objects.get(pk=page_id)
        moving = page.path[: -Page.steplen] != parent.path
        if page.slug != source.slug or moving:
            self._free_slug(language_file, source, parent, page.pk)
        if not moving:
            return False
        if page.slug != source.slug and Page.objects.child_of(parent).filter(slug=page.slug).exists():
            # Its present slug is taken where it goes: it travels with a temporary one.
            _rename(page.pk, _temporary_slug(f"{source.slug}-{page.pk}", parent, page.get_parent()))
        Page.objects.get(pk=page_id).move(Page.objects.get(pk=parent_id), pos="last-child")
        return True

    def _keep_dates(self, page: TopicPage, source: SourcePage, first: bool) -> None:
        """Show Integreat's date of the last change, not the date of the import."""
        if source.last_updated is None:
            return
        dates = {"last_published_at": source.last_updated}
        if first:
            dates["first_published_at"] = source.last_updated
        Page.objects.filter(pk=page.pk).update(**dates)

    def _free_slug(self, language_file: LanguageFile, source: SourcePage, parent: Page, page_id: int | None) -> None:
        """Make the page's slug free under its parent: an imported page holding it gets a temporary one.

        That page is either still to be written (and gets its own slug then) or no longer in the dump
        (and is unpublished). A page that was not imported is an editor's: the import does not touch it.
        """
        holder = Page.objects.child_of(parent).filter(slug=source.slug).exclude(pk=page_id).first()
        if holder is None:
            return
        if holder.pk not in self.imported_page_ids or holder.pk in self.seen:
            raise language_file.problem(
                f"the slug {source.slug!r} is taken by page {holder.pk} ({holder.title!r}) under {parent.title!r}, "
                "which the import does not manage; rename or move that page",
                source.external_id,
            )
        _rename(holder.pk, _temporary_slug(f"{source.slug}-{holder.pk}", parent))

    def _free_translation_key(
        self, language_file: LanguageFile, source: SourcePage, locale: Locale, key: uuid.UUID, page_id: int | None
    ) -> None:
        """A locale holds one page per translation key; an imported page holding the key gets a new one."""
        holder = Page.objects.filter(translation_key=key, locale=locale).exclude(pk=page_id).first()
        if holder is None:
            return
        if holder.pk not in self.imported_page_ids or holder.pk in self.seen:
            raise language_file.problem(
                f"the German page already has a translation in {locale.language_code!r} that the import does not "
                f"manage: page {holder.pk} ({holder.title!r})",
                source.external_id,
            )
        Page.objects.filter(pk=holder.pk).update(translation_key=uuid.uuid4())

    def _order_children(self, parent_id: int, child_ids: list[int]) -> list[int]:
        """Put imported siblings in the dump's order with as few moves as it takes; return the pages moved.

        Other pages under the parent (an editor's) keep their places relative to the imported ones they follow.
        """
        wanted = set(child_ids)
        children = Page.objects.get(pk=parent_id).get_children().values_list("pk", flat=True)
        current = [page_id for page_id in children if page_id in wanted]
        moved = []
        for index, page_id in enumerate(child_ids):
            if current[index] == page_id:
                continue
            Page.objects.get(pk=page_id).move(Page.objects.get(pk=current[index]), pos="left")
            current.remove(page_id)
            current.insert(index, page_id)
            moved.append(page_id)
        return moved

    # Pages that left the dump

    def unpublish_missing(self) -> None:
        """Pages imported before that the dump no longer has are unpublished, not deleted: editors may want them."""
        for (language, _external_id), page_id in self.known.items():
            if page_id in self.seen:
                continue
            page = Page.objects.get(pk=page_id)
            if page.live:
                page.unpublish()
                self.written.append(page_id)
                self.report.language(language).unpublished += 1


def _imported_pages(region: RegionPage, model: type[Page]) -> dict[tuple[str, int], int]:
    """Pages of one kind imported earlier into this region, in every language (matched by locale and place in the
    tree): pages, places and events have ids of their own in Integreat, which may coincide."""
    known = {}
    content_type = ContentType.objects.get_for_model(model)
    copies = RegionPage.objects.filter(translation_key=region.translation_key).select_related("locale")
    for copy in copies:
        rows = ImportedPage.objects.filter(
            page__path__startswith=copy.path,
            page__depth__gt=copy.depth,
            page__locale=copy.locale,
            page__content_type=content_type,
        ).values_list("external_id", "page_id")
        for external_id, page_id in rows:
            known[(copy.locale.language_code, external_id)] = page_id
    return known


#: The list page of each kind: (title, slug) in German and in every other language.
INDEX_PAGES: dict[str, tuple[type[Page], tuple[str, str], tuple[str, str]]] = {
    "locations": (PlaceIndexPage, ("Orte", "orte"), ("Places", "places")),
    "events": (EventIndexPage, ("Veranstaltungen", "veranstaltungen"), ("Events", "events")),
}


class _ItemWriter:
    """Creates, updates and unpublishes the imported places or events of one region, below its list page."""

    def __init__(
        self,
        kind: str,
        region: RegionPage,
        roots: dict[str, int],
        report: ImportReport,
        places: dict[tuple[str, int], int],
    ):
        self.kind = kind
        self.index_model, self.german_names, self.other_names = INDEX_PAGES[kind]
        self.model: type[PlacePage] | type[EventPage] = PlacePage if kind == "locations" else EventPage
        self.region = region
        self.roots = roots
        self.report = report
        self.places = places  # (language, Integreat location id) → live place page id, for events
        self.locales = {code: _locale(code) for code in roots}
        self.known = _imported_pages(region, self.model)
        self.imported_page_ids = set(self.known.values())
        self.seen: set[int] = set()
        self.written: list[int] = []
        self.placed: dict[tuple[str, int], int] = {}  # (language, Integreat id) → page id
        self.german_keys: dict[int, uuid.UUID] = {}  # German Integreat id → translation key
        self.german_categories: dict[int, PlaceCategory] = {}  # German Integreat id → its category
        self.german_places: dict[int, int | None] = {}  # German Integreat event id → its place page id
        self.index_key: uuid.UUID | None = None

    def write_language(self, item_file: ItemFile) -> None:
        language = item_file.language
        report = self.report.local_language(self.kind, language)
        index = self._index(language)
        for source in item_file.items:
            key = None
            if language != DEFAULT_LANGUAGE:
                key = self.german_keys[item_file.german_of[source.external_id]]
            fields = dict(source.fields)
            if self.kind == "locations":
                fields["category_id"] = self._category(item_file, source)
            else:
                fields["place_id"] = self._place(item_file, source)
            try:
                page, outcome = self._write(item_file, source, index, key, fields)
            except ValidationError as error:
                raise item_file.problem(_problem_of(error), source.external_id) from None
            if language == DEFAULT_LANGUAGE:
                self.german_keys[source.external_id] = page.translation_key
            self.placed[(language, source.external_id)] = page.pk
            self.seen.add(page.pk)
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                self.written.append(page.pk)

    def _index(self, language: str) -> Page:
        """The region's list page in this language: the one there is, or a new one (a translation of the German)."""
        root = RegionPage.objects.get(pk=self.roots[language])
        existing = self.index_model.objects.child_of(root).first()
        if existing is None:
            title, slug = self.german_names if language == DEFAULT_LANGUAGE else self.other_names
            holder = Page.objects.child_of(root).filter(slug=slug).first()
            if holder is not None:
                raise IntegreatImportError(
                    f"region {root.slug} ({language}): cannot create the list of {self.kind}: the slug {slug!r} is "
                    f"taken by page {holder.pk} ({holder.title!r}); rename or move that page"
                )
            existing = self.index_model(title=title, slug=slug, locale=self.locales[language])
            key = self.index_key
            if key is not None and not Page.objects.filter(translation_key=key, locale=existing.locale).exists():
                existing.translation_key = key
            root.add_child(instance=existing)
            existing.save_revision().publish()
        if language == DEFAULT_LANGUAGE:
            self.index_key = existing.translation_key
        return existing

    def _category(self, item_file: ItemFile, source: SourceItem) -> int | None:
        """German items name the category (found by name, or created); other languages name its translations."""
        if item_file.language == DEFAULT_LANGUAGE:
            if source.category is None:
                return None
            locale = self.locales[DEFAULT_LANGUAGE]
            category = PlaceCategory.objects.filter(locale=locale, name__iexact=source.category.name).first()
            if category is None:
                category = PlaceCategory.objects.create(
                    name=source.category.name, icon=source.category.icon, color=source.category.color, locale=locale
                )
            self.german_categories[source.external_id] = category
            return category.pk
        german = self.german_categories.get(item_file.german_of[source.external_id])
        if german is None:
            return None
        locale = self.locales[item_file.language]
        if source.category is not None and german.get_translation_or_none(locale) is None:
            translated = german.copy_for_translation(locale)
            translated.name = source.category.name
            translated.save()
        return german.pk

    def _place(self, item_file: ItemFile, source: SourceItem) -> int | None:
        """The imported place in the event's language; a translated event without one takes its German event's."""
        place = None
        if source.location_id is not None:
            place = self.places.get((item_file.language, source.location_id))
        if item_file.language == DEFAULT_LANGUAGE:
            self.german_places[source.external_id] = place
        elif place is None:
            place = self.german_places.get(item_file.german_of[source.external_id])
        return place

    def _write(
        self, item_file: ItemFile, source: SourceItem, index: Page, key: uuid.UUID | None, fields: dict
    ) -> tuple[Page, str]:
        locale = self.locales[item_file.language]
        body = _body(source.content)
        page_id = self.known.get((item_file.language, source.external_id))
        if page_id is None:
            self._free_slug(item_file, source, index, None)
            page = self.model(title=source.title, slug=source.slug, body=body, locale=locale, **fields)
            if key is not None:
                self._free_translation_key(item_file, source, locale, key, None)
                page.translation_key = key
            index.add_child(instance=page)
            page.save_revision(clean=False).publish()  # validated by add_child a moment ago
            ImportedPage.objects.create(page=page, external_id=source.external_id)
            _keep_dates(page, source.last_updated, first=True)
            return page, "created"
        changed = False
        page = Page.objects.get(pk=page_id)
        if page.path[: -Page.steplen] != index.path:  # moved away by an editor: back to the list
            self._free_slug(item_file, source, index, page.pk)
            if Page.objects.child_of(index).filter(slug=page.slug).exists():
                _rename(page.pk, _temporary_slug(f"{source.slug}-{page.pk}", index, page.get_parent()))
            Page.objects.get(pk=page_id).move(Page.objects.get(pk=index.pk), pos="last-child")
            changed = True
        elif page.slug != source.slug:
            self._free_slug(item_file, source, index, page.pk)
        if key is not None and page.translation_key != key:
            self._free_translation_key(item_file, source, locale, key, page.pk)
            Page.objects.filter(pk=page.pk).update(translation_key=key)
            changed = True
        specific = self.model.objects.get(pk=page_id)
        wanted = {"title": source.title, "slug": source.slug, "body": body, "live": True, **fields}
        if any(getattr(specific, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(specific, name, value)
            specific.save_revision().publish()
            changed = True
        if changed or specific.last_published_at != source.last_updated:
            _keep_dates(specific, source.last_updated, first=False)
        return specific, "updated" if changed else "unchanged"

    def _free_slug(self, item_file: ItemFile, source: SourceItem, parent: Page, page_id: int | None) -> None:
        """As for pages: an imported item holding the slug gets a temporary one; an editor's page is an error."""
        holder = Page.objects.child_of(parent).filter(slug=source.slug).exclude(pk=page_id).first()
        if holder is None:
            return
        if holder.pk not in self.imported_page_ids or holder.pk in self.seen:
            raise item_file.problem(
                f"the slug {source.slug!r} is taken by page {holder.pk} ({holder.title!r}) under {parent.title!r}, "
                "which the import does not manage; rename or move that page",
                source.external_id,
            )
        _rename(holder.pk, _temporary_slug(f"{source.slug}-{holder.pk}", parent))

    def _free_translation_key(
        self, item_file: ItemFile, source: SourceItem, locale: Locale, key: uuid.UUID, page_id: int | None
    ) -> None:
        holder = Page.objects.filter(translation_key=key, locale=locale).exclude(pk=page_id).first()
        if holder is None:
            return
        if holder.pk not in self.imported_page_ids or holder.pk in self.seen:
            raise item_file.problem(
                f"the German {item_file.noun} already has a translation in {locale.language_code!r} that the import "
                f"does not manage: page {holder.pk} ({holder.title!r})",
                source.external_id,
            )
        Page.objects.filter(pk=holder.pk).update(translation_key=uuid.uuid4())

    def unpublish_missing(self) -> None:
        """Items imported before that the files no longer have are unpublished (kinds without files are left alone)."""
        for (language, _external_id), page_id in self.known.items():
            if page_id in self.seen:
                continue
            page = Page.objects.get(pk=page_id)
            if page.live:
                page.unpublish()
                self.written.append(page_id)
                self.report.local_language(self.kind, language).unpublished += 1

    def live_pages(self) -> dict[tuple[str, int], int]:
        """Every imported item that is live after this run, by (language, Integreat id)."""
        return _live({**self.known, **self.placed})


def _live(pages: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    live = set(Page.objects.filter(pk__in=pages.values(), live=True).values_list("pk", flat=True))
    return {key: page_id for key, page_id in pages.items() if page_id in live}


def _keep_dates(page: Page, last_updated: datetime | None, first: bool) -> None:
    """Show Integreat's date of the last change, not the date of the import."""
    if last_updated is None:
        return
    dates = {"last_published_at": last_updated}
    if first:
        dates["first_published_at"] = last_updated
    Page.objects.filter(pk=page.pk).update(**dates)


def _temporary_slug(base: str, *parents: Page) -> str:
    """A slug free under every given parent, for a page that has to give up its own for a while."""
    slug, number = base, 1
    while any(Page.objects.child_of(parent).filter(slug=slug).exists() for parent in parents):
        number += 1
        slug = f"{base}-{number}"
    return slug


def _rename(page_id: int, slug: str) -> None:
    """Change a page's slug in place (not through a revision): the import publishes its final slug later, or it is
    a page that left the dump and is unpublished."""
    page = Page.objects.get(pk=page_id)
    page.slug = slug
    page.save()


def _body(content: str) -> str:
    """Integreat's HTML as Wegweiser stores rich text: sanitised, without links left empty by dropped images."""
    return _EMPTY_LINK.sub(r"\1", sanitise_rich_text(content.replace("\r\n", "\n")))
