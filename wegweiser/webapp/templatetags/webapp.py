"""Template helpers of the newcomer web app: icons inlined as SVG, dates and times of published items."""

import re
from datetime import datetime
from functools import cache

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: Topic icons (``TopicPage.icon``) and the Lucide icons (npm ``lucide-static``) that draw them.
TOPIC_ICONS = {
    "arrival": "plane-landing",
    "housing": "house",
    "work": "briefcase",
    "language": "languages",
    "family": "users",
    "school": "school",
    "health": "heart-pulse",
    "counselling": "messages-square",
    "leisure": "trees",
    "emergency": "siren",
    "mobility": "bus",
    "money": "wallet",
    "documents": "file-text",
    "info": "info",
}
_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_SPACE = re.compile(r"\s+")


@cache
def _svg(name: str) -> str:
    path = settings.NODE_MODULES / "lucide-static" / "icons" / f"{name}.svg"
    markup = _SPACE.sub(" ", _COMMENT.sub("", path.read_text())).replace("> <", "><").strip()
    return markup.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


@register.simple_tag
def icon(name: str) -> SafeString:
    """An icon, decorative (hidden from screen readers): ``{% icon "calendar" %}`` or a topic's icon name."""
    return mark_safe(_svg(TOPIC_ICONS.get(name, name) if name else "info"))  # noqa: S308 (our own files)


@register.filter
def when(value: str) -> datetime | None:
    """An ISO date-time from a document, for Django's ``date`` filter."""
    return datetime.fromisoformat(value) if value else None
