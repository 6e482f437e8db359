"""The place editor: opening hours and exceptions, the map picker, checks with clear messages, the warning for a
point outside the region, category icons and colours, and the region's federal state for public holidays."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from wegweiser.places.models import PlaceCategory, PlacePage

from .conftest import add_place

pytestmark = pytest.mark.django_db

CLOSED = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}


def monday(*slots) -> dict:
    return {
        "allDay": False,
        "closed": False,
        "appointmentOnly": False,
        "timeSlots": [{"start": a, "end": b, "timezone": "Europe/Berlin"} for a, b in slots],
    }


@pytest.fixture
def place(musterstadt) -> PlacePage:
    return add_place(
        musterstadt,
        "Integrationsbüro",
        "integrationsbuero",
        address="Marktplatz 3",
        postcode="71000",
        town="Musterstadt",
        latitude=48.742,
        longitude=9.31,
        phone="07141 123-200",
    )


def edit(client, place: PlacePage, **changes):
    """Post the place's edit form, as the editor's browser does, and publish."""
    data = {
        "title": place.title,
        "slug": place.slug,
        "body": rich_text("<p>Beratung für Neuzugewanderte.</p>"),
        "address": place.address,
        "postcode": place.postcode,
        "town": place.town,
        "latitude": str(place.latitude),
        "longitude": str(place.longitude),
        "phone": place.phone,
        "email": "",
        "website": "",
        "appointment_url": "",
        "opening_hours": "",
        "opening_exceptions": "[]",
        "closed_on_public_holidays": "on",
        "barrier_free": "unknown",
        "category": "",
        "organisation": "",
        "action-publish": "action-publish",
        **changes,
    }
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(reverse("wagtailadmin_pages:edit", args=[place.pk]), nested_form_data(data))


def errors_of(response) -> str:
    assert response.status_code == 200, "the form was accepted"
    return response.content.decode()


def test_the_edit_form_has_the_hours_editors_and_the_map_picker(login, place, musterstadt):
    html = login("musterstadt-editor").get(reverse("wagtailadmin_pages:edit", args=[place.pk])).content.decode()
    assert "<wegweiser-opening-hours" in html and "<wegweiser-opening-exceptions" in html
    assert "places/opening-hours.js" in html and "places/map-picker.js" in html and "vendor/leaflet/leaflet.js" in html
    settings_json = re.search(r'data-map-picker="([^"]+)"', html)
    assert settings_json
    picker = json.loads(settings_json.group(1).replace("&quot;", '"'))
    box = [[musterstadt.min_latitude, musterstadt.min_longitude], [musterstadt.max_latitude, musterstadt.max_longitude]]
    assert picker["bounds"] == box and picker["tiles"] == ""  # no tiles in tests: the picker works without
    assert picker["geocode_url"] == "" and "data-geocode" not in html  # no geocoder configured: no button
    found = re.search(r'<wegweiser-opening-hours class="places-hours" data-editor="([^"]+)"', html)
    assert found
    editor = json.loads(found.group(1).replace("&quot;", '"'))
    assert editor["timezone"] == musterstadt.timezone and editor["days"][0] == "Monday"


def test_the_find_button_shows_when_a_geocoder_is_configured(login, place, settings):
    settings.GEOCODER_URL = "http://geocoder.invalid/"
    html = login("musterstadt-editor").get(reverse("wagtailadmin_pages:edit", args=[place.pk])).content.decode()
    assert "data-geocode" in html and reverse("places_geocode") in html


def test_hours_and_exceptions_are_saved(login, place):
    week = [monday(("08:00", "12:00"), ("14:00", "16:00")), *[CLOSED] * 6]
    exceptions = [{"start": "2026-12-24", "end": "2026-12-26", **CLOSED, "note": "Weihnachten"}]
    response = edit(
        login("musterstadt-editor"),
        place,
        opening_hours=json.dumps(week),
        opening_exceptions=json.dumps(exceptions),
        closed_on_public_holidays=None,  # unticked
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.opening_hours == week and place.opening_exceptions == exceptions
    assert place.closed_on_public_holidays is False and place.live


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"opening_hours": json.dumps([monday(("12:00", "08:00")), *[CLOSED] * 6])},
            "Monday: the time slot 12:00–08:00 ends before it starts.",
        ),
        (
            {"opening_hours": json.dumps([monday(("08:00", "12:00"), ("11:00", "13:00")), *[CLOSED] * 6])},
            "Monday: the time slots 08:00–12:00 and 11:00–13:00 overlap.",
        ),
        (
            {"opening_exceptions": json.dumps([{"start": "2026-12-26", "end": "2026-12-24", **CLOSED}])},
            "Exception 1: its last day is before its first.",
        ),
        ({"phone": "12"}, "“12” is not a valid phone number."),
        ({"email": "buero-at-musterstadt"}, "Enter a valid email address."),
        ({"website": "musterstadt example"}, "Enter a valid URL."),
        ({"longitude": ""}, "Give both latitude and longitude, or neither."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(login, place, changes, message):
    html = errors_of(edit(login("musterstadt-editor"), place, **changes))
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')
    stored = PlacePage.objects.get(pk=place.pk)
    assert stored.phone == "07141 123-200" and stored.opening_hours is None and stored.longitude == 9.31


def test_a_point_outside_the_region_is_saved_with_a_warning(login, place):
    client = login("musterstadt-editor")
    response = edit(client, place, latitude="52.52", longitude="13.405")  # Berlin
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (52.52, 13.405)
    page = client.get(response.url).content.decode()
    assert "The coordinates of “Integrationsbüro” lie outside the area of Stadt Musterstadt." in page.replace(
        "&#x27;", "'"
    )
    # Inside the region: no warning.
    response = edit(client, place, latitude="48.742", longitude="9.31")
    assert "lie outside the area" not in client.get(response.url).content.decode()


def test_another_regions_editor_cannot_edit_the_place(login, place):
    client = login("musterland-editor")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[place.pk])).status_code in (302, 403)
    edit(client, place, phone="0711 999999")
    place.refresh_from_db()
    assert place.phone == "07141 123-200"


def test_a_category_gets_an_icon_from_the_list_and_a_colour(login):
    client = login("admin")
    add = reverse("wagtailsnippets_places_placecategory:add")
    html = client.get(add).content.decode()
    assert 'type="color"' in html
    for name in ("office", "counselling", "school", "health", "family", "leisure", "shopping", "housing", "sport"):
        assert f'value="{name}"' in html
    assert "lucide-messages-square" in html  # each choice shows its icon
    response = client.post(f"{add}?locale=de", {"name": "Sportverein", "icon": "sport", "color": "#2a6f3b"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PlaceCategory.objects.filter(name="Sportverein", icon="sport", color="#2a6f3b").exists()
    html = errors_of(client.post(f"{add}?locale=de", {"name": "Falsch", "icon": "rocket", "color": "blau"}))
    assert "Select a valid choice. rocket is not one of the available choices." in html
    assert "Give the colour as #RRGGBB." in html
    assert not PlaceCategory.objects.filter(name="Falsch").exists()


def test_the_region_says_its_federal_state(login, musterstadt):
    assert musterstadt.holiday_region == "BW"
    html = login("admin").get(reverse("wagtailadmin_pages:edit", args=[musterstadt.pk])).content.decode()
    assert 'name="holiday_region"' in html and "Nordrhein-Westfalen" in html
