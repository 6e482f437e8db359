"""Places and their categories as readers get them, in Integreat's ``locations`` shape.

Besides Integreat's members, a place has what readers need to work out "open now" alone, offline too
(see ``opening.py``): ``opening_exceptions`` from today on, ``closed_on_public_holidays`` and the
``public_holidays`` of the region's federal state in the coming year.
"""

from datetime import date

from django.utils import timezone
from wagtail.models import Locale

from wegweiser.contacts.documents import contacts_at
from wegweiser.integreat.models import external_ids
from wegweiser.publishing.documents import (
    RegionInLanguage,
    excerpt,
    live_with_fallbacks,
    other_languages,
    page_data,
    reader_path,
    routed,
)

from .models import PlaceCategory, PlacePage
from .public_holidays import public_holidays

NO_LOCATION = dict.fromkeys(
    ("id", "name", "address", "town", "state", "postcode", "region", "country", "latitude", "longitude")
)


def location_data(place: PlacePage | None) -> dict:
    """Where a place is, as an object with every member (null when unknown), as the apps expect."""
    if place is None:
        return dict(NO_LOCATION)
    return {
        "id": place.id,
        "name": place.title,
        "address": place.address or None,
        "town": place.town or None,
        "state": None,
        "postcode": place.postcode or None,
        "region": None,
        "country": "Deutschland",
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def category_data(category: PlaceCategory | None, locale: Locale) -> dict | None:
    if category is None:
        return None
    translated = category.get_translation_or_none(locale) or category
    return {
        "id": category.id,
        "name": translated.name,
        "color": category.color,
        "icon": category.icon or None,
        "icon_url": None,
        "icon_color": category.color,
    }


def place_path(scope: RegionInLanguage, place: PlacePage) -> str:
    return reader_path(scope, place)


def build_places(scope: RegionInLanguage) -> list[dict] | None:
    places = live_with_fallbacks(scope, PlacePage, "category", "organisation__logo")
    if not places:
        return None
    translations = other_languages(scope, places)
    external = external_ids([p.id for p in places])
    return [place_data(place, scope, translations, external) for place in sorted(places, key=lambda p: p.title.lower())]


def current_exceptions(exceptions: list[dict] | None, today: date) -> list[dict]:
    """The exceptions that have not ended yet, in order."""
    complete = [{**exception, "end": exception.get("end") or exception["start"]} for exception in exceptions or []]
    return sorted((e for e in complete if e["end"] >= today.isoformat()), key=lambda exception: exception["start"])


def place_data(place: PlacePage, scope: RegionInLanguage, translations: dict, external: dict) -> dict:
    item = page_data(place, scope, translations, external)
    today = timezone.localdate(timezone=scope.timezone)
    item.update(
        {
            "available_languages": routed(scope, PlacePage.reader_route, item["available_languages"]),
            "meta_description": excerpt(item["content"])[:160],
            "icon": place.category.icon if place.category else None,
            "website": place.website or None,
            "email": place.email or None,
            "phone_number": place.phone or None,
            "contacts": contacts_at(place, scope),
            "category": category_data(place.category, scope.root.locale),
            "temporarily_closed": place.temporarily_closed,
            "opening_hours": place.opening_hours or None,
            "opening_exceptions": current_exceptions(place.opening_exceptions, today),
            "closed_on_public_holidays": place.closed_on_public_holidays,
            "public_holidays": public_holidays(scope.region.holiday_region, today, language=scope.language),
            "appointment_url": place.appointment_url or None,
            "location": location_data(place),
            "barrier_free": place.barrier_free,
        }
    )
    return item


def build_place_categories(scope: RegionInLanguage) -> list[dict] | None:
    """The categories the region's places use, named in the language."""
    used = {p.category_id for p in live_with_fallbacks(scope, PlacePage) if p.category_id}
    if not used:
        return None
    locale = scope.root.locale
    categories = [category_data(c, locale) or {} for c in PlaceCategory.objects.filter(pk__in=used)]
    return sorted(categories, key=lambda c: c["name"].lower())
