"""Events as readers get them, in Integreat's ``events`` shape: one item per event, with its rule.

Besides Integreat's fields, each item carries ``category`` (``{id, name}`` in the item's language,
or null) and ``exception_dates`` (ISO dates on which a repeating event does not take place; they are
also in ``recurrence_rule`` as an ``EXDATE`` line, so rrule.js and dateutil leave them out).
"""

from wagtail.models import Locale

from wegweiser.integreat.models import external_ids
from wegweiser.places.documents import location_data, place_path
from wegweiser.publishing.documents import RegionInLanguage, live_with_fallbacks, other_languages, page_data, routed

from .models import EventCategory, EventPage
from .occurrences import event_times
from .recurrence import exdate_line, normalise_until, with_start


def recurrence_rule(event: EventPage, scope: RegionInLanguage) -> str | None:
    """``DTSTART;TZID=…`` and ``RRULE:…``, and ``EXDATE;TZID=…`` when the event skips dates."""
    if not event.recurrence_rule:
        return None
    zone = scope.timezone
    text = with_start(normalise_until(event.recurrence_rule, zone), event.start, zone)
    if event.exception_dates:
        text += "\n" + exdate_line(event.exceptions, event.start, zone)
    return text


def category_data(category: EventCategory | None, locale: Locale, cache: dict | None = None) -> dict | None:
    """The category in the language of the document (the same category everywhere, its name translated)."""
    if category is None:
        return None
    if cache is not None and category.pk in cache:
        return cache[category.pk]
    translated = category.get_translation_or_none(locale) or category
    data = {"id": translated.pk, "name": translated.name}
    if cache is not None:
        cache[category.pk] = data
    return data


def build_events(scope: RegionInLanguage) -> list[dict] | None:
    events = live_with_fallbacks(scope, EventPage, "place", "organisation__logo", "category")
    if not events:
        return None
    translations = other_languages(scope, events)
    external = external_ids([e.id for e in events])
    categories: dict = {}
    return [
        event_data(event, scope, translations, external, categories) for event in sorted(events, key=lambda e: e.start)
    ]


def event_data(
    event: EventPage, scope: RegionInLanguage, translations: dict, external: dict, categories: dict | None = None
) -> dict:
    place = event.place.get_translation_or_none(scope.root.locale) if event.place else None
    place = place or event.place
    item = page_data(event, scope, translations, external)
    item.update(
        {
            "available_languages": routed(scope, EventPage.reader_route, item["available_languages"]),
            "location": location_data(place),
            "location_path": place_path(scope, place) if place else None,
            "meeting_url": event.meeting_url or None,
            "event": {
                "id": event.id,
                **event_times(event.start.astimezone(scope.timezone), event.end.astimezone(scope.timezone)),
                "all_day": event.all_day,
                "only_weekdays": False,
                "recurrence_id": None,
                "timezone": scope.region.timezone,
            },
            "recurrence_rule": recurrence_rule(event, scope),
            "category": category_data(event.category, scope.root.locale, categories),
            "exception_dates": [day.isoformat() for day in event.exceptions] if event.recurrence_rule else [],
        }
    )
    return item
