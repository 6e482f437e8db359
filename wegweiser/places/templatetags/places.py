"""Template helpers for places in the web app: dialling links and category icons."""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from wegweiser.content.validators import phone_link
from wegweiser.webapp.templatetags.webapp import icon

from ..icons import lucide_icon

register = template.Library()
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@register.filter
def tel(number: str | None) -> str:
    """``tel:+49…`` for a phone number that can be dialled, else "" (show the number without a link)."""
    return phone_link(number or "")


@register.simple_tag
def category_icon(category: dict | None) -> SafeString:
    """A published category's icon in its colour (decorative: the category's name is written next to it)."""
    if not category:
        return SafeString("")
    colour = category.get("color") or ""
    svg = str(icon(lucide_icon(category.get("icon"))))
    if _COLOUR.match(colour):
        # SVG's colour attribute, not a style attribute: the Content-Security-Policy allows no inline styles.
        svg = svg.replace("<svg", f'<svg color="{colour}"', 1)
    return format_html('<span class="category-icon">{}</span>', SafeString(svg))
