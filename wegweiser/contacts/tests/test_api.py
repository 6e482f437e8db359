"""Contacts in API v1 (the ``contacts`` document, a place's contacts) and in Integreat's API v3 locations."""

import json

import pytest

from wegweiser.contacts.models import Contact
from wegweiser.contacts.translating import translate_contact

pytestmark = pytest.mark.django_db

#: The members of a contact in Integreat's ``locations`` (API v3), as its apps read them.
INTEGREAT_CONTACT: dict[str, type | tuple[type, ...]] = {
    "area_of_responsibility": str,
    "name": str,
    "email": (str, type(None)),
    "phone_number": (str, type(None)),
    "mobile_number": (str, type(None)),
    "website": (str, type(None)),
    "opening_hours": (list, type(None)),
    "appointment_url": (str, type(None)),
}


@pytest.fixture
def published_contacts(musterstadt, office, django_capture_on_commit_callbacks):
    """The office (translated into Arabic) and a person without opening hours, published."""
    with django_capture_on_commit_callbacks(execute=True):
        translate_contact(office, "ar", {"name": "مكتب التجنس", "area": "التجنس والجنسية"})
        Contact.objects.create(
            region=musterstadt,
            locale=musterstadt.locale,
            kind=Contact.Kind.PERSON,
            name="Aylin Demir",
            area="Migrationsberatung für Erwachsene",
            phone="07141 910-3300",
            place=office.place,
        )
    return office


def get_json(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response, json.loads(response.content)


def test_v1_contacts_in_the_readers_language_with_etag(client, published_contacts):
    response, contacts = get_json(client, "/api/v1/regions/musterstadt/ar/contacts/")
    mine = {c["id"]: c for c in contacts}
    office = mine[published_contacts.pk]
    assert (office["name"], office["language"], office["phone_number"]) == ("مكتب التجنس", "ar", "07141 910-2233")
    person = next(c for c in contacts if c["kind"] == "person" and c["name"] == "Aylin Demir")
    assert person["language"] == "de" and person["opening_hours"] is None
    assert response["Access-Control-Allow-Origin"] == "*"
    assert (
        client.get("/api/v1/regions/musterstadt/ar/contacts/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    )


def test_v1_manifest_and_openapi_name_the_contacts(client, published_contacts):
    _response, manifest = get_json(client, "/api/v1/regions/musterstadt/de/manifest/")
    entry = next(d for d in manifest["documents"] if d["document"] == "contacts")
    assert entry["url"] == "/api/v1/regions/musterstadt/de/contacts/"
    _response, schema = get_json(client, "/api/v1/openapi.json")
    assert "/api/v1/regions/{region}/{language}/contacts/" in schema["paths"]
    assert "area_of_responsibility" in schema["components"]["schemas"]["Contact"]["properties"]


def test_v1_contacts_of_a_region_without_contacts_is_an_empty_list(client):
    _response, contacts = get_json(client, "/api/v1/regions/musterland/de/contacts/")
    assert contacts == []
    assert client.get("/api/v1/regions/nirgendwo/de/contacts/").status_code == 404


def test_v1_places_list_their_contacts(client, published_contacts):
    _response, places = get_json(client, "/api/v1/regions/musterstadt/de/places/")
    office_place = next(p for p in places if p["id"] == published_contacts.place_id)
    names = [c["name"] for c in office_place["contacts"]]
    assert {"Aylin Demir", "Servicestelle Einbürgerung"} <= set(names)
    assert names == sorted(names, key=str.lower)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_v3_locations_carry_contacts_in_integreats_shape(client, published_contacts, language):
    for url in (
        f"/api/v3/musterstadt/{language}/locations/",
        f"/musterstadt/{language}/wp-json/extensions/v3/locations",
    ):
        _response, places = get_json(client, url)
        for place in places:
            assert isinstance(place["contacts"], list)
            for contact in place["contacts"]:
                for member, kind in INTEGREAT_CONTACT.items():
                    assert isinstance(contact[member], kind), (member, contact)
                for day in contact["opening_hours"] or []:
                    assert set(day) >= {"allDay", "closed", "appointmentOnly", "timeSlots"}
        with_contacts = [p for p in places if p["contacts"]]
        assert with_contacts, "the office's place lists its contacts"
        office = next(c for p in with_contacts for c in p["contacts"] if c["phone_number"] == "07141 910-2233")
        expected = "مكتب التجنس" if language == "ar" else "Servicestelle Einbürgerung"
        assert office["name"] == expected
        assert office["opening_hours"][0]["timeSlots"][0] == {
            "start": "09:00",
            "end": "12:00",
            "timezone": "Europe/Berlin",
        }
