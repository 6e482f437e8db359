"""Sanitising of rich text before it is stored, whoever writes it: the editor, a translation, an import."""

import re

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "b", "i", "strong", "em", "ul", "ol", "li", "a", "br", "embed"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Wagtail's storage format writes embeds as self-closing tags; the HTML serialiser does not.
_EMBED = re.compile(r"<embed(\b[^>]*?)\s*/?>")


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
    )
    return _EMBED.sub(r"<embed\1/>", cleaned)
