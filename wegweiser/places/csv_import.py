"""Importing a region's places from a CSV file, as spreadsheets export it, with a report row by row.

First ``check`` reads every row against the places as they are and reports it as new, update, unchanged
or error (row number, column, message); nothing is stored. ``apply`` then creates and updates the rows
without errors, each on its own, publishing the places in the region's own language under its list of
places. A row with an error never changes anything; a file that cannot be read is one error.

The file: UTF-8 (with or without the BOM Excel writes), ``;`` or ``,`` between cells, a first row naming
the columns (English or German names, any order; only ``name`` is required):

key, name, category, address, postcode, town, latitude, longitude, phone, email, website, appointment_url,
barrier_free, opening_hours, description, organisation, temporarily_closed, closed_on_public_holidays

A row updates the place with its ``key`` (else the one with its name) and creates a place when there is
none. Columns the file does not have are left as they are; an empty cell empties the field.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.content.validators import outside_bounding_box, validate_phone_number
from wegweiser.organisations.models import Organisation
from wegweiser.publishing.documents import excerpt
from wegweiser.regions.models import RegionPage

from .hours import HoursTextError, parse_hours_text, same_hours
from .models import PlaceCategory, PlaceIndexPage, PlacePage

#: The largest file accepted (a few thousand places).
MAX_BYTES = 2 * 1024 * 1024
TOO_LARGE = gettext_lazy("The file is larger than 2 MB; split it into several files.")

#: Each column: its name, the other names a header may give it (German spreadsheets), and what it holds.
COLUMNS = {
    "key": (("schlüssel", "id"), gettext_lazy("Your own identifier of the place; a later import updates by it.")),
    "name": (("titel", "title", "bezeichnung"), gettext_lazy("Required. The place's name.")),
    "category": (("kategorie",), gettext_lazy("A category's name or icon name, e.g. Beratung or counselling.")),
    "address": (("adresse", "straße", "strasse", "anschrift"), gettext_lazy("Street and number.")),
    "postcode": (("plz", "postleitzahl", "postal_code"), gettext_lazy("Postal code.")),
    "town": (("ort", "stadt", "gemeinde"), gettext_lazy("Town.")),
    "latitude": (("breitengrad", "lat", "breite"), gettext_lazy("e.g. 48.7415 or 48,7415; both or neither.")),
    "longitude": (("längengrad", "laengengrad", "lon", "lng", "länge"), gettext_lazy("e.g. 9.3098 or 9,3098.")),
    "phone": (("telefon", "tel", "telefonnummer"), gettext_lazy("With area code, e.g. 0711 123456.")),
    "email": (("e-mail", "mail"), gettext_lazy("E-mail address.")),
    "website": (("webseite", "internet", "url", "homepage"), gettext_lazy("Web address.")),
    "appointment_url": (("terminbuchung", "termin", "termine"), gettext_lazy("Web address for booking appointments.")),
    "barrier_free": (("barrierefrei",), gettext_lazy("yes or no (ja/nein); empty: not known.")),
    "opening_hours": (
        ("öffnungszeiten", "oeffnungszeiten"),
        gettext_lazy("e.g. Mo-Fr 08:00-12:00; Th 14:00-18:00; We appointment. Days not named are closed."),
    ),
    "description": (("beschreibung", "text"), gettext_lazy("Text; an empty line starts a new paragraph.")),
    "organisation": (
        ("organisation", "organization", "träger", "traeger"),
        gettext_lazy("An organisation of the region, by name."),
    ),
    "temporarily_closed": (("vorübergehend geschlossen",), gettext_lazy("yes or no; empty: no.")),
    "closed_on_public_holidays": (("an feiertagen geschlossen",), gettext_lazy("yes or no; empty: yes.")),
}
_HEADERS = {alias: name for name, (aliases, _help) in COLUMNS.items() for alias in (name, *aliases)}
_YES = {"yes", "ja", "j", "y", "true", "wahr", "1", "x"}
_NO = {"no", "nein", "n", "false", "falsch", "0"}
_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass
class Table:
    columns: list[str]  # the known columns, in the file's order
    ignored: list[str]  # headers no column has
    rows: list[tuple[int, dict[str, str], int]]  # (row number, cells by column, surplus cells)


@dataclass
class Row:
    number: int
    name: str
    outcome: str = NEW
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # the columns that change
    values: dict = field(default_factory=dict)  # PlacePage field → value
    place_id: int | None = None


@dataclass
class Report:
    region: RegionPage
    columns: list[str]
    ignored: list[str]
    rows: list[Row]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in (NEW, UPDATE, UNCHANGED, ERROR)}

    @property
    def to_apply(self) -> list[Row]:
        return [row for row in self.rows if row.outcome in (NEW, UPDATE)]


def read_table(data: bytes) -> Table:
    """The file's cells by column; ImportFileError for a file that is not such a CSV file."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(TOO_LARGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and upload it again.")
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file. Save the table as “CSV UTF-8” and upload that file."))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as problem:
        raise ImportFileError(_("The file cannot be read as CSV: %(problem)s.") % {"problem": problem}) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportFileError(_("The file is empty: its first row must name the columns."))
    header = [_HEADERS.get(cell.strip().lower(), "") for cell in records[0]]
    for name in header:
        if name and header.count(name) > 1:
            raise ImportFileError(_("The column “%(column)s” is in the first row twice.") % {"column": name})
    if "name" not in header:
        raise ImportFileError(
            _("The first row has no column “name” (or “Name”). It names the columns; see the list of columns.")
        )
    ignored = [cell.strip() for cell, name in zip(records[0], header, strict=True) if not name and cell.strip()]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: cell.strip() for name, cell in zip(header, record, strict=False) if name}
        surplus = sum(1 for cell in record[len(header) :] if cell.strip())
        rows.append((number, cells, surplus))
    return Table([name for name in header if name], ignored, rows)


class CellError(ValueError):
    pass


def _text(value: str, length: int) -> str:
    if len(value) > length:
        raise CellError(_("At most %(length)s characters.") % {"length": length})
    return value


def _number(value: str, low: float, high: float) -> float | None:
    if not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not low <= number <= high:
        raise CellError(_("Must lie between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


def _yes_no(value: str, empty: bool | None) -> bool | None:
    word = value.lower()
    if not word:
        return empty
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(_("Write yes or no (ja or nein), not “%(value)s”.") % {"value": value})


def _url(value: str) -> str:
    if not value:
        return ""
    if "://" not in value:
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise CellError(_("“%(value)s” is not a web address.") % {"value": value}) from None
    return _text(value, 200)


def _email(value: str) -> str:
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": value}) from None
    return _text(value, 254)


def _phone(value: str) -> str:
    try:
        validate_phone_number(value)
    except ValidationError as error:
        raise CellError(error.messages[0]) from None
    return _text(value, 50)


def _html(text: str) -> str:
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs if paragraph)


class Lookup:
    """What rows refer to: the region's places (by key and name), categories and organisations."""

    def __init__(self, region: RegionPage):
        self.region = region
        self.index = places_list(region)
        self.places = list(PlacePage.objects.child_of(self.index).specific().order_by("pk"))
        self.by_key = {place.import_key: place for place in self.places if place.import_key}
        self.categories: dict[str, PlaceCategory] = {}
        for category in PlaceCategory.objects.filter(locale=self.index.locale).order_by("-pk"):
            self.categories[category.name.lower()] = category
            if category.icon:
                self.categories.setdefault(category.icon, category)
        self.organisations = {o.name.lower(): o for o in Organisation.objects.filter(region=region)}

    def category(self, value: str) -> PlaceCategory | None:
        if not value:
            return None
        found = self.categories.get(value.lower())
        if found is None:
            names = ", ".join(sorted({c.name for c in self.categories.values()}))
            raise CellError(
                _("There is no category “%(value)s”. Categories: %(names)s.") % {"value": value, "names": names}
            )
        return found

    def organisation(self, value: str) -> Organisation | None:
        if not value:
            return None
        found = self.organisations.get(value.lower())
        if found is None:
            raise CellError(
                _("The region has no organisation “%(value)s”; add it under Organisations first.") % {"value": value}
            )
        return found

    def place(self, key: str, name: str) -> PlacePage | None:
        """The place a row updates: by key, else the only one with its name (and no other key)."""
        if key and key in self.by_key:
            return self.by_key[key]
        named = [p for p in self.places if p.title.lower() == name.lower() and (not key or not p.import_key)]
        if len(named) > 1:
            raise CellError(
                _("Several places are called “%(name)s”; give each a key to tell them apart.") % {"name": name}
            )
        return named[0] if named else None


def places_list(region: RegionPage) -> PlaceIndexPage:
    """The region's list of places in the language it writes in."""
    root_language = region.language_tree().root
    copy = RegionPage.objects.filter(
        translation_key=region.translation_key, locale__language_code=root_language
    ).first()
    index = PlaceIndexPage.objects.child_of(copy).first() if copy else None
    if index is None:
        raise ImportFileError(_("The region has no list of places yet; create it in the page tree first."))
    return index


#: The PlacePage field each column sets.
FIELDS = {
    "key": "import_key",
    "name": "title",
    "description": "body",
    **{column: column for column in COLUMNS if column not in ("key", "name", "description")},
}


def _cleaners(lookup: Lookup) -> dict[str, Callable[[str], object]]:
    """How each column's cell becomes the value of its field."""
    timezone = lookup.region.timezone
    return {
        "key": lambda value: _text(value, 100),
        "name": lambda value: _text(value, 255),
        "category": lookup.category,
        "address": lambda value: _text(value, 200),
        "postcode": lambda value: _text(value, 10),
        "town": lambda value: _text(value, 100),
        "latitude": lambda value: _number(value, -90, 90),
        "longitude": lambda value: _number(value, -180, 180),
        "phone": _phone,
        "email": _email,
        "website": _url,
        "appointment_url": _url,
        "barrier_free": lambda value: _yes_no(value, None),
        "opening_hours": lambda value: parse_hours_text(value, timezone),
        "description": _html,
        "organisation": lookup.organisation,
        "temporarily_closed": lambda value: _yes_no(value, False),
        "closed_on_public_holidays": lambda value: _yes_no(value, True),
    }


def _same(name: str, old, new) -> bool:
    if name == "opening_hours":
        return same_hours(old, new)
    if name == "body":
        return excerpt(old or "") == excerpt(new or "")
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) < 1e-7
    return old == new


def check(table: Table, region: RegionPage, user=None) -> Report:
    """Every row as it would be imported, without changing anything; ``user``'s rights are checked if given."""
    lookup = Lookup(region)
    cleaners = _cleaners(lookup)
    may_add = user is None or _may_add(lookup.index, user)
    seen: dict[str, int] = {}
    rows = []
    for number, cells, surplus in table.rows:
        row = Row(number, cells.get("name", ""))
        rows.append(row)
        if surplus:
            row.problems.append(("", _("The row has more cells than the first row has columns.")))
        for column, value in cells.items():
            try:
                row.values[FIELDS[column]] = cleaners[column](value)
            except (CellError, HoursTextError) as problem:
                row.problems.append((column, str(problem)))
        if not row.name:
            row.problems.append(("name", _("A place needs a name.")))
        _check_point(row, cells, region)
        if row.problems:
            row.outcome = ERROR
            continue
        identity = (cells.get("key") or row.name).lower()
        if identity in seen:
            row.problems.append(
                (
                    "key" if cells.get("key") else "name",
                    _("Row %(row)s has this place already.") % {"row": seen[identity]},
                )
            )
            row.outcome = ERROR
            continue
        seen[identity] = number
        _match(row, cells, lookup, user, may_add)
    return Report(region, table.columns, table.ignored, rows)


def _check_point(row: Row, cells: dict[str, str], region: RegionPage) -> None:
    if "latitude" not in row.values and "longitude" not in row.values:
        return
    latitude, longitude = row.values.get("latitude"), row.values.get("longitude")
    if ("latitude" in cells) != ("longitude" in cells) or (latitude is None) != (longitude is None):
        if not any(column in ("latitude", "longitude") for column, _message in row.problems):
            row.problems.append(("latitude", _("Give both latitude and longitude, or neither.")))
    elif outside_bounding_box(region, latitude, longitude):
        row.warnings.append(("latitude", _("The point lies outside the region's area; please check it.")))


def _match(row: Row, cells: dict[str, str], lookup: Lookup, user, may_add: bool) -> None:
    try:
        place = lookup.place(cells.get("key", ""), row.name)
    except CellError as problem:
        row.problems.append(("name", str(problem)))
        row.outcome = ERROR
        return
    if place is None:
        row.outcome = NEW
        if not may_add:
            row.problems.append(("", _("You may not add and publish places in this region.")))
            row.outcome = ERROR
        return
    row.place_id = place.pk
    row.changes = [
        column
        for column in cells
        if not _same(FIELDS[column], getattr(place, FIELDS[column]), row.values[FIELDS[column]])
    ]
    if not row.changes:
        row.outcome = UNCHANGED
        return
    row.outcome = UPDATE
    if place.has_unpublished_changes or place.locked:
        row.problems.append(
            ("", _("The place has unpublished changes or is locked in the editor; publish or unlock it first."))
        )
        row.outcome = ERROR
    elif user is not None and not place.permissions_for_user(user).can_publish():
        row.problems.append(("", _("You may not publish this place.")))
        row.outcome = ERROR


def _may_add(index: PlaceIndexPage, user) -> bool:
    permissions = index.permissions_for_user(user)
    return permissions.can_add_subpage() and permissions.can_publish_subpage()


def apply(report: Report, user=None) -> Report:
    """Create and update the rows without errors, each in its own transaction; a row the database refuses
    becomes an error and changes nothing."""
    index = places_list(report.region)
    for row in report.to_apply:
        try:
            with transaction.atomic():
                if row.outcome == NEW:
                    _create(index, row, user)
                else:
                    _update(row, user)
        except ValidationError as error:
            row.problems.append(("", " ".join(error.messages)))
            row.outcome = ERROR
    return report


def _create(index: PlaceIndexPage, row: Row, user) -> None:
    page = PlacePage(slug=_free_slug(index, row.name), locale=index.locale, owner=user, live=False, **row.values)
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    row.place_id = page.pk


def _update(row: Row, user) -> None:
    page = PlacePage.objects.get(pk=row.place_id)
    for name, value in row.values.items():
        setattr(page, name, value)
    page.save_revision(user=user, log_action=True).publish(user=user)


def _free_slug(index: PlaceIndexPage, name: str) -> str:
    base = slugify(name.translate(_GERMAN_LETTERS), allow_unicode=True)[:80] or "place"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
