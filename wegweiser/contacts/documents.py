"""Contacts as readers get them: the region's ``contacts`` document, the contacts of a place, and the contact
cards inside content, all in the reader's language (a contact's translation where there is one, else its original).

A contact's fields follow Integreat's location ``contacts`` shape (``area_of_responsibility``, ``name``,
``email``, ``phone_number``, ``mobile_number``, ``website``, ``opening_hours``, ``appointment_url``);
Wegweiser adds ``id`` (the same in every language), ``kind``, ``place``, ``organization`` and ``language``
(the language the text is in).
"""

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import translation

from wegweiser.places.models import PlacePage
from wegweiser.publishing.documents import RegionInLanguage, absolute_url, organisation_data

from .models import Contact

RELATED = ("locale", "region", "place", "organisation__logo")


def shown_in(copies: Iterable[Contact], language: str) -> list[Contact]:
    """For each contact among ``copies`` (all copies of some contacts), the copy readers of ``language`` see.

    Each copy returned knows its original's id as ``original_id``.
    """
    by_key: dict[object, list[Contact]] = {}
    for copy in sorted(copies, key=lambda contact: contact.pk):
        by_key.setdefault(copy.translation_key, []).append(copy)
    result = []
    for group in by_key.values():
        shown = next((copy for copy in group if copy.locale.language_code == language), group[0])
        shown.original_id = group[0].pk
        result.append(shown)
    return result


def place_link(place: PlacePage | None, language: str) -> dict | None:
    """The contact's place in the reader's language where it is published in it, else as it is published."""
    if place is None:
        return None
    copies = PlacePage.objects.live().filter(translation_key=place.translation_key)
    shown = copies.filter(locale__language_code=language).first() or copies.filter(pk=place.pk).first()
    if shown is None:
        return None
    path = shown.get_url_parts()[2]
    return {"id": shown.id, "title": shown.title, "path": path, "url": absolute_url(path)}


def opening_hours_data(contact: Contact) -> list[dict] | None:
    """The week as stored, each time slot with the region's timezone as Integreat's clients expect."""
    if not contact.opening_hours:
        return None
    zone = contact.region.timezone
    return [
        {**day, "timeSlots": [{**slot, "timezone": slot.get("timezone") or zone} for slot in day.get("timeSlots", [])]}
        for day in contact.opening_hours
    ]


def contact_data(contact: Contact, language: str) -> dict:
    """One contact, as shown to readers of ``language`` (see ``shown_in``)."""
    return {
        "id": getattr(contact, "original_id", contact.pk),
        "kind": contact.kind,
        "name": contact.name,
        "area_of_responsibility": contact.area,
        "email": contact.email or None,
        "phone_number": contact.phone or None,
        "mobile_number": contact.mobile or None,
        "website": contact.website or None,
        "appointment_url": contact.appointment_url or None,
        "opening_hours": opening_hours_data(contact),
        "place": place_link(contact.place, language),
        "organization": organisation_data(contact.organisation) if contact.organisation else None,
        "language": contact.locale.language_code,
    }


def _by_name(contacts: list[dict]) -> list[dict]:
    return sorted(contacts, key=lambda contact: contact["name"].lower())


def build_contacts(scope: RegionInLanguage) -> list[dict] | None:
    """Every contact of the region, in the scope's language where translated; None when it has none."""
    copies = Contact.objects.filter(region=scope.region).select_related(*RELATED)
    contacts = [contact_data(contact, scope.language) for contact in shown_in(copies, scope.language)]
    return _by_name(contacts) or None


def contacts_at(place: PlacePage, scope: RegionInLanguage) -> list[dict]:
    """The contacts linked to a place (in any of its languages), for the place's ``contacts``."""
    copies = Contact.objects.filter(place__translation_key=place.translation_key).select_related(*RELATED)
    return _by_name([contact_data(contact, scope.language) for contact in shown_in(copies, scope.language)])


def render_card(contact: dict) -> str:
    return render_to_string("webapp/contact_card.html", {"contact": contact})


def cards(contact_ids: list[str | None]) -> list[str]:
    """Contact cards for the contacts chosen in rich text, in the active language ("" for a deleted contact).

    Snapshots are built with the reader's language active, so a card shows the contact's translation.
    """
    language = translation.get_language() or ""
    chosen = Contact.objects.in_bulk([int(pk) for pk in contact_ids if pk and str(pk).isdigit()])
    keys = {contact.translation_key for contact in chosen.values()}
    shown = {
        contact.translation_key: contact
        for contact in shown_in(Contact.objects.filter(translation_key__in=keys).select_related(*RELATED), language)
    }
    result = []
    for pk in contact_ids:
        contact = chosen.get(int(pk)) if pk and str(pk).isdigit() else None
        result.append(render_card(contact_data(shown[contact.translation_key], language)) if contact else "")
    return result
