"""What a newcomer asks for, found in the published snapshots: a region's guide in one language.

Nothing here queries the page tree: every view reads the documents the snapshot builder published
(see ``wegweiser.publishing``), with indexes worked out once per document version.
"""

from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from django.http import Http404

from wegweiser.publishing.lookup import NotFound, PageTree, find_region, normalise_path, page_tree, regions_document
from wegweiser.publishing.serving import Document, get_document
from wegweiser.publishing.snapshots import region_key
from wegweiser.regions.languages import Language, get_language

#: Kinds of items with a place of their own in the web app, by the document that holds them.
ITEM_DOCUMENTS = ("events", "places", "news", "news-archive")


def listed_regions() -> list[dict]:
    """Regions newcomers can choose from (hidden ones are reachable by URL, not listed)."""
    try:
        return [region for region in regions_document().data if region["live"]]
    except NotFound:
        return []


def region_or_404(slug: str) -> dict:
    try:
        return find_region(slug)
    except NotFound as problem:
        raise Http404(str(problem)) from None


def by_path(document: Document) -> dict[str, dict]:
    """A document's items by their web app path, worked out once per version."""
    return document.derived("by_path", lambda: {normalise_path(item["path"]): item for item in document.data})


@dataclass
class Guide:
    """A region in one language: its pages, events, places, news and imprint as published."""

    region: dict
    language: Language

    @classmethod
    def of(cls, slug: str, code: str) -> "Guide":
        region = region_or_404(slug)
        if code not in region["enabled_languages"]:
            raise Http404(f"The region “{region['path']}” does not offer the language “{code}”.")
        return cls(region, get_language(code))

    @property
    def slug(self) -> str:
        return self.region["path"]

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def zone(self) -> ZoneInfo:
        """The region's timezone: dates and opening hours are local."""
        return ZoneInfo(self.region["timezone"])

    @property
    def home(self) -> str:
        return f"/{self.slug}/{self.code}/"

    def document(self, name: str) -> Document | None:
        return get_document(region_key(self.region["id"], self.code, name))

    def items(self, name: str) -> list[dict]:
        document = self.document(name)
        return document.data if document is not None else []

    @cached_property
    def pages(self) -> PageTree:
        return page_tree(self.document("pages"))

    @property
    def imprint(self) -> dict | None:
        document = self.document("imprint")
        return document.data if document is not None else None

    def languages(self) -> list[Language]:
        """The languages newcomers can pick in this region, in the region's order."""
        return [get_language(language["code"]) for language in self.region["languages"]]

    def find(self, path: str) -> tuple[str, dict] | None:
        """The published item at a web app path, as ``(kind, item)``: a page, event, place, news item or the imprint."""
        wanted = normalise_path(path)
        try:
            return "page", self.pages.find(url=wanted)
        except NotFound:
            pass
        for name in ITEM_DOCUMENTS:
            document = self.document(name)
            if document is not None and wanted in by_path(document):
                return name, by_path(document)[wanted]
        imprint = self.imprint
        if imprint is not None and normalise_path(imprint["path"]) == wanted:
            return "imprint", imprint
        return None

    def in_other_language(self, path: str) -> tuple["Guide", dict] | None:
        """An item at this path in another of the region's languages (someone changed the language in a URL)."""
        below = normalise_path(path).split("/", 2)[2:]
        for language in self.languages():
            if language.code == self.code:
                continue
            other = Guide(self.region, language)
            found = other.find(f"/{self.slug}/{language.code}/{below[0] if below else ''}")
            if found is not None:
                return other, found[1]
        return None
