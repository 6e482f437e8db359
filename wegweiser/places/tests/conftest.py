"""Helpers of the places tests: a place of Musterstadt's own, its published documents, and cleaning up after them."""

from datetime import date, timedelta

from wagtail.models import Locale, Page

from wegweiser.places.models import PlaceIndexPage, PlacePage
from wegweiser.publishing.serving import get_document
from wegweiser.publishing.snapshots import region_key
from wegweiser.regions.models import RegionPage

ALL_DAY = {"allDay": True, "closed": False, "appointmentOnly": False, "timeSlots": []}


def places_list(region: RegionPage, language: str = "de") -> PlaceIndexPage:
    copy = RegionPage.objects.get(translation_key=region.translation_key, locale__language_code=language)
    return PlaceIndexPage.objects.child_of(copy).get()


def add_place(region: RegionPage, title: str, slug: str, **fields) -> PlacePage:
    """A published place of the region, in German."""
    place = PlacePage(title=title, slug=slug, **fields)
    places_list(region).add_child(instance=place)
    place.save_revision().publish()
    return place


def translate(page: Page, language: str, title: str) -> Page:
    """The page's copy in another language (as wagtail-localize makes it), published."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=False, alias=False)
    copy.title = title
    copy.save_revision().publish()
    return copy


def published(region: RegionPage, language: str, document: str):
    found = get_document(region_key(region.id, language, document))
    return found.data if found is not None else None


def day_after(today: date, days: int) -> str:
    return (today + timedelta(days=days)).isoformat()
