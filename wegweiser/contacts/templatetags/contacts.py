"""Template helpers for contact cards: dialling links, the week's hours in short, text in another language."""

from django import template
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wegweiser.content.validators import phone_link
from wegweiser.regions.languages import BY_CODE

register = template.Library()


@register.filter
def tel(number: str | None) -> str:
    """``tel:+49…`` for a phone number, "" when it cannot be dialled."""
    return phone_link(number or "")


def _day_text(day: dict) -> tuple[str, str]:
    """(times, note) of one day: ``("08:00–12:00, 14:00–16:00", "by appointment")``; ("", "") when closed."""
    if day.get("closed"):
        return "", ""
    if day.get("allDay"):
        return "", _("open all day")
    times = ", ".join(f"{slot['start']}–{slot['end']}" for slot in day.get("timeSlots", []))
    return times, _("by appointment") if day.get("appointmentOnly") else ""


@register.filter
def hours_summary(week: list[dict] | None) -> list[dict]:
    """The days a contact is open, consecutive days with the same hours together: ``Mon–Fri 08:00–12:00``."""
    groups: list[dict] = []
    for index, day in enumerate(week or []):
        times, note = _day_text(day)
        previous = groups[-1] if groups else None
        if previous and previous["last"] == index - 1 and (previous["times"], previous["note"]) == (times, note):
            previous["last"] = index
        else:
            groups.append({"first": index, "last": index, "times": times, "note": note})
    result = []
    for group in groups:
        if group["times"] or group["note"]:
            first, last = str(WEEKDAYS_ABBR[group["first"]]), str(WEEKDAYS_ABBR[group["last"]])
            result.append({**group, "days": first if first == last else f"{first}–{last}"})
    return result


@register.simple_tag
def language_attributes(contact: dict) -> SafeString:
    """``lang`` and ``dir`` for a contact shown in another language than the page (not translated yet)."""
    code = contact.get("language")
    language = BY_CODE.get(code) if code else None
    if language is None or code == get_language():
        return SafeString("")
    return format_html(' lang="{}" dir="{}"', language.bcp47_tag, language.direction)
