"""Sanitising of rich text before it is stored, whoever writes it: the editor, a translation, an import.

This is the one sanitiser and the one allow-list for HTML in Wegweiser: pages sanitise their body on save
(``RegionContent.save``), every other rich text field is sanitised before it is saved (``wegweiser.security``'s
``pre_save`` handler), and importers (Integreat, calendar feeds) call it on what they read.
"""

import re

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "b", "i", "strong", "em", "ul", "ol", "li", "a", "br", "embed"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
    "*": set(),  # no attribute on every element (nh3 would allow ``lang`` and ``title``)
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Attributes holding an address, checked here once more after dropping every space and control character in them
#: (``java script:``, ``dat\x01a:``): browsers read such addresses as relative, but nothing good needs them; nh3
#: itself does not know ``url`` as an address.
_URL_ATTRIBUTES = {("embed", "url"), ("a", "href")}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Wagtail's storage format writes embeds as self-closing tags; the HTML serialiser does not.
_EMBED = re.compile(r"""<embed((?:\s+[^\s="'<>/]+(?:="[^"]*")?)*)\s*/?>""")


def sanitise_rich_text(html: str) -> str:
    """Keep the markup Wagtail's rich text uses and drop everything else (scripts, handlers, styles)."""
    if not html:
        return html
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_only_allowed_addresses,
    )
    return _EMBED.sub(r"<embed\1/>", cleaned)


def _only_allowed_addresses(element: str, attribute: str, value: str) -> str | None:
    if (element, attribute) not in _URL_ATTRIBUTES:
        return value
    compact = "".join(character for character in value if character > " " and character != "\x7f")
    scheme = _SCHEME.match(compact)
    return value if scheme is None or scheme.group(1).lower() in ALLOWED_URL_SCHEMES else None
