"""Editor widgets of places: opening hours and their exceptions, category icon and colour.

``OpeningHoursWidget`` fits any ``JSONField`` holding a week in Integreat's shape (see ``hours.py``), e.g.
a contact's opening hours::

    FieldPanel("opening_hours", widget=OpeningHoursWidget)

with ``validators=[validate_opening_hours]`` on the model field. Both opening-hours widgets keep the JSON
in their textarea: without JavaScript, that textarea is what the editor sees; with it
(``places/opening-hours.js``, plain custom elements) a table of days and time slots writes into it.
``widget.timezone`` (default Europe/Berlin) goes into each time slot; ``PlacePageForm`` sets the region's.
"""

import json

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from wegweiser.webapp.templatetags.webapp import icon

from .hours import NOTE_LENGTH
from .icons import lucide_icon

EDITOR_MEDIA = forms.Media(js=["places/opening-hours.js"], css={"all": ["places/admin.css"]})


def _day_texts() -> dict:
    """What the day editor says, in the admin language."""
    return {
        "modes": {
            "times": _("Open at these times"),
            "allDay": _("Open all day"),
            "appointment": _("By appointment only"),
            "closed": _("Closed"),
        },
        "alsoAppointment": _("Also by appointment"),
        "addSlot": _("Add a time slot"),
        "remove": _("Remove"),
        "opens": _("Opens"),
        "closes": _("Closes"),
        "until": _("until"),
    }


class OpeningHoursWidget(forms.Textarea):
    """A week of opening hours: per weekday several time slots, open all day, closed or by appointment only."""

    template_name = "places/widgets/opening_hours.html"
    media = EDITOR_MEDIA

    def __init__(self, attrs=None, timezone: str = "Europe/Berlin"):
        super().__init__({"rows": 4, **(attrs or {})})
        self.timezone = timezone

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["editor"] = json.dumps(
            {
                **_day_texts(),
                "timezone": self.timezone,
                "days": [str(WEEKDAYS[index]) for index in range(7)],
                "copyMonday": _("Copy Monday to Tuesday–Friday"),
                "add": _("Enter opening hours"),
                "none": _("No opening hours given: readers see no hours and no “open now”."),
                "clear": _("Remove the opening hours"),
            }
        )
        return context


class OpeningExceptionsWidget(forms.Textarea):
    """Date ranges with other hours than the week: closed, open all day, by appointment or other times, with a note."""

    template_name = "places/widgets/opening_exceptions.html"
    media = EDITOR_MEDIA

    def __init__(self, attrs=None, timezone: str = "Europe/Berlin"):
        super().__init__({"rows": 3, **(attrs or {})})
        self.timezone = timezone

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        texts = _day_texts()
        context["widget"]["editor"] = json.dumps(
            {
                **texts,
                "modes": {
                    "closed": texts["modes"]["closed"],
                    "times": _("Other times"),
                    "allDay": texts["modes"]["allDay"],
                    "appointment": texts["modes"]["appointment"],
                },
                "timezone": self.timezone,
                "first": _("First day"),
                "last": _("Last day"),
                "note": _("Note (optional)"),
                "notePlaceholder": _("e.g. staff outing"),
                "noteLength": NOTE_LENGTH,
                "exception": _("Exception %(number)s") % {"number": "{number}"},
                "add": _("Add a closing day or other hours"),
                "none": _("No exceptions."),
            }
        )
        return context


class ColourInput(forms.TextInput):
    """The browser's colour picker; it always gives #rrggbb."""

    input_type = "color"

    def __init__(self, attrs=None):
        super().__init__({"class": "places-colour", **(attrs or {})})


class IconSelect(forms.RadioSelect):
    """The category icons as radio buttons, each showing its icon."""

    template_name = "places/widgets/icon_select.html"
    media = forms.Media(css={"all": ["places/admin.css"]})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["svg"] = icon(lucide_icon(value)) if value else ""
        return option
