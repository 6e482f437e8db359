"""Reading and checking ``pages.<lang>.json``: the tree, the links between translations."""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.text import slugify

from wegweiser.regions.languages import BY_CODE, DEFAULT_LANGUAGE

PAGES_FILE = re.compile(r"^pages\.(?P<language>[^.]+)\.json$")
#: Places (Integreat's "locations", its POIs) and events, each file optional.
LOCAL_FILE = re.compile(r"^(?P<kind>events|locations)\.(?P<language>[^.]+)\.json$")
REQUIRED_FIELDS = ("id", "title", "content", "path", "parent")
TITLE_MAX_LENGTH = 255
# A link whose only content was an image: the image is dropped by the sanitiser, the empty link would stay.
_EMPTY_LINK = re.compile(r"<a\b[^>]*>(\s*)</a>")


class IntegreatImportError(Exception):
    """A dump cannot be imported; the message is one line naming the file, the page and the problem."""


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
    noun = "page"

    def problem(self, message: str, page_id: int | None = None) -> IntegreatImportError:
        where = f"{self.file}: page {page_id}" if page_id is not None else str(self.file)
        return IntegreatImportError(f"{where}: {message}")


def _read_json(path: Path, expected: str) -> list:
    """The list in a JSON file; anything else is a one-line error naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise IntegreatImportError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise IntegreatImportError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(data, list):
        raise IntegreatImportError(f"{path}: expected {expected}, found {type(data).__name__}")
    return data


def _read_language_file(path: Path, language: str) -> LanguageFile:
    data = _read_json(path, "a list of pages")
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


def _problem_of(error: ValidationError) -> str:
    return "; ".join(error.messages)
