"""What a printout holds, taken from the published snapshots: a page, a topic (a page and its subpages) or a
region's whole guide, in one language, in tree order.

Nothing here reads the page tree: a printout shows exactly what readers of the web app see.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wegweiser.publishing.documents import absolute_url
from wegweiser.publishing.lookup import NotFound, PageTree, find_region, page_tree, region_document
from wegweiser.regions.languages import Language, get_language
from wegweiser.regions.models import RegionPage

#: Changes whenever the layout of printouts changes, so that stored PDFs are made again.
LAYOUT_VERSION = 1


@dataclass(frozen=True)
class Entry:
    """A page in the printout, with its depth below the printout's first level (0 for a chapter)."""

    page: dict
    depth: int

    @property
    def anchor(self) -> str:
        return f"page-{self.page['id']}"


@dataclass
class Selection:
    """The pages of one printout and what its cover shows."""

    region: dict
    language: Language
    page_id: int | None  # None: the whole guide
    subpages: bool
    entries: list[Entry]
    imprint: dict | None = None
    logo: str = ""  # the address of the region's logo (a rendition in the media storage), if it has one
    tree: PageTree = field(default_factory=lambda: PageTree.of([]), repr=False)

    @property
    def whole_guide(self) -> bool:
        return self.page_id is None

    @property
    def title(self) -> str:
        """The printout's title: the region's name for the whole guide, else the page's title."""
        return self.region["name"] if self.whole_guide else self.entries[0].page["title"]

    @property
    def as_of(self) -> str:
        """The most recent change of anything printed (ISO 8601): the date the printout is current as of."""
        pages = [entry.page for entry in self.entries] + ([self.imprint] if self.imprint else [])
        return max((page["last_updated"] for page in pages), default="")

    @property
    def content_hash(self) -> str:
        """A hash of everything that makes the PDF: a printout is made again when, and only when, it changes."""
        pages = [entry.page for entry in self.entries] + ([self.imprint] if self.imprint else [])
        printed = {
            "layout": LAYOUT_VERSION,
            "region": [self.region["id"], self.region["name"], self.region["path"]],
            "language": self.language.code,
            "selection": [self.page_id, self.subpages],
            "logo": self.logo,
            "pages": [
                [page["id"], page["title"], page["content"], page["path"], page["last_updated"], page["organization"]]
                for page in pages
            ],
            "depths": [entry.depth for entry in self.entries],
        }
        return hashlib.sha256(json.dumps(printed, sort_keys=True).encode()).hexdigest()

    @property
    def file_stem(self) -> str:
        """A name for the downloaded file, e.g. ``musterstadt-de-guide`` or ``musterstadt-ar-1234``."""
        what = "guide" if self.whole_guide else f"{self.page_id}{'-topic' if self.subpages else ''}"
        return f"{self.region['path']}-{self.language.code}-{what}"

    def ancestors(self, entry: Entry) -> list[dict]:
        return self.tree.ancestors(entry.page)


def select(
    region_slug: str, language: str, page_id: int | None = None, subpages: bool = False, path: str = ""
) -> Selection:
    """What to print: the whole guide, or the page with ``page_id`` or at ``path`` (with its subpages if asked).

    ``NotFound`` (with a message for the reader) when the region, language or page is unknown.
    """
    region = find_region(region_slug)
    tree = page_tree(region_document(region_slug, language, "pages"))
    if path:
        page_id = tree.find(url=path)["id"]
    if page_id is None:
        entries = walk(tree, 0, 0)
        imprint_document = region_document(region_slug, language, "imprint")
        imprint = imprint_document.data if imprint_document is not None else None
        if not entries and imprint is None:
            raise NotFound(_("This region has published no pages in this language yet."))
    else:
        page = tree.find(page_id=page_id)
        entries = [Entry(page, 0)] + (walk(tree, page["id"], 1) if subpages else [])
        imprint = None
    return Selection(
        region=region,
        language=get_language(language),
        page_id=page_id,
        subpages=subpages,
        entries=entries,
        imprint=imprint,
        logo=region_logo(region["id"]),
        tree=tree,
    )


def pdf_address(region_slug: str, language: str, url: str = "") -> str:
    """Where the web app serves the PDF of the page at ``url`` with its subpages, or of the whole guide."""
    tree = page_tree(region_document(region_slug, language, "pages"))
    if not url:
        return absolute_url(f"/{find_region(region_slug)['path']}/{language}/guide.pdf")
    return tree.find(url=url)["url"] + "topic.pdf"


def walk(tree: PageTree, parent_id: int, depth: int) -> list[Entry]:
    """The pages below ``parent_id`` in tree order (a page, then its subpages, then its next sibling)."""
    entries = []
    for child in tree.children.get(parent_id, []):
        entries.append(Entry(child, depth))
        entries.extend(walk(tree, child["id"], depth + 1))
    return entries


def region_logo(region_id: int) -> str:
    """The address of the region's logo, at most 600 pixels wide; empty when it has none."""
    region = RegionPage.objects.filter(pk=region_id).select_related("logo").first()
    if region is None or region.logo is None:
        return ""
    return region.logo.get_rendition("max-600x600").url
