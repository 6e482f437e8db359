"""Events as readers get them, in Integreat's ``events`` shape: one item per event, with its rule."""

from wegweiser.integreat.models import external_ids
from wegweiser.places.documents import location_data, place_path
from wegweiser.publishing.documents import RegionInLanguage, live_with_fallbacks, other_languages, page_data, routed

from .models import EventPage
from .occurrences import event_times


def recurrence_rule(event: EventPage, scope: RegionInLanguage) -> str | None:
    if not event.recurrence_rule:
        return None
    start = event.start.astimezone(scope.timezone)
    return f"DTSTART;TZID={scope.region.timezone}:{start:%Y%m%dT%H%M%S}\nRRULE:{event.recurrence_rule}"


def build_events(scope: RegionInLanguage) -> list[dict] | None:
    events = live_with_fallbacks(scope, EventPage, "place", "organisation__logo")
    if not events:
        return None
    translations = other_languages(scope, events)
    external = external_ids([e.id for e in events])
    return [event_data(event, scope, translations, external) for event in sorted(events, key=lambda e: e.start)]


def event_data(event: EventPage, scope: RegionInLanguage, translations: dict, external: dict) -> dict:
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
        }
    )
    return item
