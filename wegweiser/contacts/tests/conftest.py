import pytest

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.places.models import PlacePage
from wegweiser.publishing.serving import get_document
from wegweiser.publishing.snapshots import region_key
from wegweiser.regions.models import RegionPage

WEEKDAYS_9_TO_12 = [
    *[{"allDay": False, "closed": False, "appointmentOnly": False, "timeSlots": [{"start": "09:00", "end": "12:00"}]}]
    * 5,
    {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []},
    {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []},
]


def in_language(region: RegionPage, language: str) -> RegionPage:
    return RegionPage.objects.get(translation_key=region.translation_key, locale__language_code=language)


def topic(region: RegionPage, slug: str, language: str = "de") -> TopicPage:
    return TopicPage.objects.descendant_of(in_language(region, language)).get(slug=slug, locale__language_code=language)


def place(region: RegionPage, slug: str, language: str = "de") -> PlacePage:
    return PlacePage.objects.descendant_of(in_language(region, language)).get(slug=slug, locale__language_code=language)


def published(region: RegionPage, language: str, document: str):
    found = get_document(region_key(region.id, language, document))
    return found.data if found is not None else None


def page_content(region: RegionPage, language: str, page_id: int) -> str:
    return next(page["content"] for page in published(region, language, "pages") if page["id"] == page_id)


@pytest.fixture
def office(musterstadt) -> Contact:
    """An office of Musterstadt, written in German, at the Bürgerbüro."""
    return Contact.objects.create(
        region=musterstadt,
        locale=musterstadt.locale,
        kind=Contact.Kind.OFFICE,
        name="Servicestelle Einbürgerung",
        area="Einbürgerung und Staatsangehörigkeit",
        phone="07141 910-2233",
        mobile="0151 23456789",
        email="einbuergerung@musterstadt.example",
        website="https://musterstadt.example/einbuergerung",
        appointment_url="https://termine.musterstadt.example/einbuergerung",
        opening_hours=WEEKDAYS_9_TO_12,
        place=place(musterstadt, "buergerbuero"),
    )
