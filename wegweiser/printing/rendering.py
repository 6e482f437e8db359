"""Rendering a selection as a PDF with WeasyPrint: cover, table of contents, the pages in tree order with their
contact cards and a QR code each, the imprint; German hyphenation (Pyphen, from the ``lang`` attribute), fonts from
Debian's Noto packages for Latin, Arabic script, Cyrillic and Ge'ez, and right-to-left layout from ``dir``.
"""

import logging
import re
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from wegweiser.publishing.documents import absolute_url
from wegweiser.publishing.lookup import normalise_path

from .selection import Selection

logger = logging.getLogger(__name__)
_HREF = re.compile(r'href="([^"#]+)"')


@dataclass
class Rendered:
    pdf: bytes
    sheets: int
    refused: list[str] = field(default_factory=list)


def site_root() -> str:
    """The address relative links in content are resolved against (the web app's public address)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def render(selection: Selection) -> Rendered:
    # WeasyPrint loads Pango when imported: only here, so that a server without it still serves everything else.
    from weasyprint import HTML

    from .fetching import OwnFilesFetcher

    html = printable_html(selection)
    fetcher = OwnFilesFetcher()
    document = HTML(string=html, base_url=site_root(), url_fetcher=fetcher).render()
    pdf = document.write_pdf()
    if fetcher.refused:
        logger.warning(
            "Printout %s: left out %d addresses: %s", selection.file_stem, len(fetcher.refused), fetcher.refused
        )
    return Rendered(pdf, len(document.pages), fetcher.refused)


def printable_html(selection: Selection) -> str:
    """The printout as one HTML document, in the printout's language."""
    anchors = {normalise_path(entry.page["path"]): entry.anchor for entry in selection.entries}
    pages = [
        {
            "entry": entry,
            "content": links_inside(entry.page["content"], anchors),
            "url": entry.page["url"],
            "qr": qr_code(entry.page["url"]),
            "trail": [parent["title"] for parent in selection.ancestors(entry)] if entry.depth == 0 else [],
        }
        for entry in selection.entries
    ]
    home = absolute_url(f"/{selection.region['path']}/{selection.language.code}/")
    first_url = str(pages[0]["url"]) if pages else home
    with translation.override(selection.language.code):
        return render_to_string(
            "printing/guide.html",
            {
                "selection": selection,
                "region": selection.region,
                "language": selection.language,
                "pages": pages,
                "with_contents": len(pages) > 1 or selection.whole_guide,
                "home": home,
                "home_qr": qr_code(home if selection.whole_guide else first_url),
            },
        )


def links_inside(content: str, anchors: dict[str, str]) -> str:
    """Links to pages that are in the printout lead to them inside the PDF; other links stay web addresses."""

    def inside(match: re.Match) -> str:
        anchor = anchors.get(normalise_path(match[1])) if match[1].startswith("/") else None
        return f'href="#{anchor}"' if anchor else match[0]

    return _HREF.sub(inside, content)


def qr_code(url: str) -> str:
    """A QR code of ``url`` as an SVG ``data:`` address."""
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")
