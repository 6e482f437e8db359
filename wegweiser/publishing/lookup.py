"""Looking things up in published snapshots: regions by slug, pages by path or id, a page's family in the tree.

Shared by the Integreat-compatible API and Wegweiser's own API. Indexes are worked out once per
document version and kept with it (see ``publishing.serving.Document.derived``).
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _

from .serving import Document, get_document
from .snapshots import REGIONS_KEY, region_key


class NotFound(Exception):
    """Something a reader asked for does not exist (or is not public); the message says what."""


def normalise_path(url: str) -> str:
    """``https://host/Musterstadt/de/Arbeit/`` and ``/musterstadt/de/arbeit`` name the same page."""
    return unquote(urlsplit(url).path).strip("/").lower()


def regions_document() -> Document:
    document = get_document(REGIONS_KEY)
    if document is None:
        raise NotFound(_("No regions are published yet."))
    return document


def find_region(slug: str) -> dict:
    """The published region with this slug; archived and unknown regions are not found."""
    document = regions_document()
    regions = document.derived("by_slug", lambda: {region["path"].lower(): region for region in document.data})
    try:
        return regions[slug.lower()]
    except KeyError:
        raise NotFound(_("There is no region “%(slug)s”.") % {"slug": slug}) from None


def check_language(region: dict, language: str) -> None:
    if language not in region["enabled_languages"]:
        raise NotFound(
            _("The region “%(region)s” does not offer the language “%(language)s”.")
            % {"region": region["path"], "language": language}
        )


def region_document(slug: str, language: str, name: str) -> Document | None:
    """A document of a region in a language; None when the region has published nothing of that kind."""
    region = find_region(slug)
    check_language(region, language)
    return get_document(region_key(region["id"], language, name))


@dataclass
class PageTree:
    """The pages of one region in one language, indexed for children and parents queries."""

    pages: list[dict]
    by_path: dict[str, dict]
    by_id: dict[int, dict]
    children: dict[int, list[dict]]  # parent id (0 for the roots) → pages in order

    @classmethod
    def of(cls, pages: list[dict]) -> "PageTree":
        children: dict[int, list[dict]] = {}
        for page in pages:
            children.setdefault(page["parent"]["id"], []).append(page)
        for siblings in children.values():
            siblings.sort(key=lambda page: page["order"])
        return cls(
            pages=pages,
            by_path={normalise_path(page["path"]): page for page in pages},
            by_id={page["id"]: page for page in pages},
            children=children,
        )

    def find(self, url: str | None = None, page_id: str | int | None = None) -> dict:
        page = None
        if url:
            wanted = normalise_path(url)
            page = self.by_path.get(wanted)
            if page is None and "/" not in wanted:  # a bare slug, as some clients send for feedback
                page = next((p for path, p in self.by_path.items() if path.rsplit("/", 1)[-1] == wanted), None)
        elif page_id is not None:
            try:
                page = self.by_id.get(int(page_id))
            except (TypeError, ValueError):
                page = None
        if page is None:
            raise NotFound(_("There is no page “%(page)s” in this region and language.") % {"page": url or page_id})
        return page

    def descendants(self, page_id: int, depth: int) -> list[dict]:
        """Pages below ``page_id`` down to ``depth`` levels, in tree order."""
        if depth <= 0:
            return []
        result = []
        for child in self.children.get(page_id, []):
            result.append(child)
            result.extend(self.descendants(child["id"], depth - 1))
        return result

    def ancestors(self, page: dict) -> list[dict]:
        """From the root page down to the page's parent."""
        result = []
        parent_id = page["parent"]["id"]
        while parent_id:
            parent = self.by_id[parent_id]
            result.append(parent)
            parent_id = parent["parent"]["id"]
        return list(reversed(result))


def page_tree(document: Document | None) -> PageTree:
    if document is None:
        return PageTree.of([])
    return document.derived("tree", lambda: PageTree.of(document.data))
