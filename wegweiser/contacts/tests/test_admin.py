"""Contacts in the admin: editors see, choose and change only their own regions' contacts."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import features

from wegweiser.contacts.models import Contact
from wegweiser.contacts.rich_text import embed_html

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_contacts_contact:list"
ADD = "wagtailsnippets_contacts_contact:add"
EDIT = "wagtailsnippets_contacts_contact:edit"
DELETE = "wagtailsnippets_contacts_contact:delete"
CHOOSE = "wagtailsnippetchoosers_contacts_contact:choose"
CHOSEN = "wagtailsnippetchoosers_contacts_contact:chosen"


@pytest.fixture
def district_office(musterland) -> Contact:
    return Contact.objects.create(
        region=musterland, locale=musterland.locale, name="Ausländerbehörde des Landkreises", phone="07191 895-0"
    )


def form_data(region, **changes) -> dict:
    data = {
        "region": region.pk,
        "kind": "office",
        "name": "Jugendmigrationsdienst",
        "area": "Beratung für junge Menschen bis 27",
        "phone": "07141 555 10",
        "mobile": "",
        "email": "jmd@musterstadt.example",
        "website": "",
        "appointment_url": "",
        "opening_hours": "null",
        "place": "",
        "organisation": "",
    }
    return {**data, **changes}


def test_editors_list_and_find_only_their_regions_contacts(login, office, district_office):
    client = login("musterstadt-editor")
    assert office.name in client.get(reverse(LIST), {"q": "einbürg"}).content.decode()
    assert district_office.name not in client.get(reverse(LIST), {"q": "Landkreises"}).content.decode()
    assert office.name not in client.get(reverse(LIST), {"q": "Jobcenter-nirgends"}).content.decode()
    client = login("admin")
    assert office.name in client.get(reverse(LIST), {"q": "einbürg"}).content.decode()
    assert district_office.name in client.get(reverse(LIST), {"q": "Landkreises"}).content.decode()


@pytest.mark.parametrize("view", [EDIT, DELETE])
def test_another_regions_editor_cannot_open_or_delete_a_contact(login, office, view):
    client = login("musterland-editor")
    assert client.get(reverse(view, args=[office.pk])).status_code in (403, 404)
    assert client.post(reverse(view, args=[office.pk]), form_data(office.region, name="Übernommen")).status_code in (
        403,
        404,
    )
    office.refresh_from_db()
    assert office.name == "Servicestelle Einbürgerung"


def test_a_new_contact_is_preset_to_the_editors_region(login, musterstadt):
    html = login("musterstadt-editor").get(reverse(ADD)).content.decode()
    assert f'<option value="{musterstadt.pk}" selected>' in html


def test_an_editor_adds_a_contact(login, musterstadt):
    response = login("musterstadt-editor").post(reverse(ADD), form_data(musterstadt))
    assert response.status_code == 302, response.content.decode()[:3000]
    contact = Contact.objects.get(name="Jugendmigrationsdienst")
    assert (contact.region, contact.phone, contact.locale.language_code) == (musterstadt, "07141 555 10", "de")


def test_a_bad_phone_number_is_a_form_error_and_nothing_is_stored(login, musterstadt, office):
    client = login("musterstadt-editor")
    response = client.post(reverse(ADD), form_data(musterstadt, phone="0711"))
    assert response.status_code == 200
    assert "“0711” is not a valid phone number" in response.content.decode()
    assert not Contact.objects.filter(name="Jugendmigrationsdienst").exists()
    response = client.post(reverse(EDIT, args=[office.pk]), form_data(musterstadt, mobile="handy"))
    assert "“handy” is not a valid phone number" in response.content.decode()
    office.refresh_from_db()
    assert office.name == "Servicestelle Einbürgerung"


def test_an_editor_cannot_put_a_contact_into_another_region(login, musterland):
    response = login("musterstadt-editor").post(reverse(ADD), form_data(musterland))
    assert response.status_code == 200
    assert not Contact.objects.filter(name="Jugendmigrationsdienst").exists()


def test_the_chooser_offers_only_the_editors_contacts(login, office, district_office):
    client = login("musterstadt-editor")
    html = json.loads(client.get(reverse(CHOOSE), {"q": "Servicestelle"}).content)["html"]
    assert office.name in html
    html = json.loads(client.get(reverse(CHOOSE), {"q": "Landkreises"}).content)["html"]
    assert district_office.name not in html
    chosen = json.loads(client.get(reverse(CHOSEN, args=[office.pk])).content)
    assert chosen["result"]["id"] == str(office.pk) and chosen["result"]["string"] == office.name
    assert client.get(reverse(CHOSEN, args=[district_office.pk])).status_code == 404


def test_topic_pages_offer_the_contact_card_in_their_editor(login, musterstadt):
    from .conftest import topic

    page = topic(musterstadt, "ankommen")
    html = login("musterstadt-editor").get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "contacts/js/contact-entity.js" in html
    assert '"type": "CONTACT"' in html or "&quot;type&quot;: &quot;CONTACT&quot;" in html


def test_the_editor_shows_a_card_as_a_block_naming_the_contact_and_stores_only_its_id(office):
    converter = ContentstateConverter(features=["bold", "contact"])
    stored = f"<p>Fragen?</p>{embed_html(office.pk)}<p>Danke.</p>"
    state = json.loads(converter.from_database_format(stored))
    entity = next(iter(state["entityMap"].values()))
    assert entity["type"] == "CONTACT" and entity["data"]["title"] == office.name
    assert [block["type"] for block in state["blocks"]] == ["unstyled", "atomic", "unstyled"]
    back = converter.to_database_format(json.dumps(state))
    assert re.sub(r' data-block-key="[^"]+"', "", back) == stored
    assert "contact" in features.get_embed_types()
