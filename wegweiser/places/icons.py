"""The icons a place category can have: named for what the place is, drawn with Lucide icons.

The name is what the APIs publish (``icon``); the Lucide icon (npm ``lucide-static``) is how the web app
and the editor draw it. Categories imported with other names are drawn with a map pin.
"""

from django.utils.translation import gettext_lazy as _

#: Category icon name → (Lucide icon, label).
CATEGORY_ICONS = {
    "office": ("landmark", _("Public office")),
    "counselling": ("messages-square", _("Counselling")),
    "school": ("school", _("School")),
    "language": ("languages", _("Language")),
    "childcare": ("baby", _("Childcare")),
    "family": ("users", _("Family")),
    "youth": ("party-popper", _("Youth")),
    "health": ("heart-pulse", _("Health")),
    "doctor": ("stethoscope", _("Doctor")),
    "hospital": ("hospital", _("Hospital")),
    "pharmacy": ("pill", _("Pharmacy")),
    "emergency": ("siren", _("Emergency")),
    "police": ("shield", _("Police")),
    "social": ("heart-handshake", _("Social services")),
    "work": ("briefcase", _("Work")),
    "money": ("wallet", _("Money")),
    "housing": ("house", _("Housing")),
    "shopping": ("shopping-cart", _("Shopping")),
    "food": ("utensils", _("Food")),
    "mobility": ("bus", _("Mobility")),
    "post": ("mail", _("Post office")),
    "library": ("library", _("Library")),
    "culture": ("drama", _("Culture")),
    "leisure": ("trees", _("Leisure")),
    "sport": ("dumbbell", _("Sport")),
    "religion": ("sun-moon", _("Religion")),
    "church": ("church", _("Church")),
    "mosque": ("mosque", _("Mosque")),
    "recycling": ("recycle", _("Recycling")),
    "info": ("info", _("Information")),
    "other": ("map-pin", _("Other")),
}
FALLBACK_ICON = "map-pin"
ICON_CHOICES = [(name, label) for name, (_lucide, label) in CATEGORY_ICONS.items()]


def lucide_icon(name: str | None) -> str:
    """The Lucide icon drawing a category icon name (a map pin for unknown or no names)."""
    return CATEGORY_ICONS.get(name or "", (FALLBACK_ICON, ""))[0]
