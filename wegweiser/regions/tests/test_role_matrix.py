"""What each role may do in its region: one table, checked through the admin's real responses.

Each row is a role (a demo person of Musterstadt), each column an action; ✓ means the admin lets the person do it
(the change is in the database, or the screen opens), ✗ that it refuses (403, 404 or a redirect) and nothing
changed. The same table is in the documentation of the roles.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import nested_form_data, rich_text
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventIndexPage, EventPage
from wegweiser.organisations.models import Organisation
from wegweiser.places.models import PlaceIndexPage, PlacePage
from wegweiser.regions.models import RegionPage

pytestmark = pytest.mark.django_db

ROLES = {
    "operator": "admin",
    "manager": "musterstadt-manager",
    "editor": "musterstadt-editor",
    "author": "musterstadt-author",
    "event manager": "musterstadt-event-manager",
    "translator": "musterstadt-translator",
    "observer": "musterstadt-observer",
    "partner": "musterstadt-partner",
}

Y, N = True, False
# fmt: off
#: action                        operator manager editor author event-m. translat. observer partner
MATRIX = {
    "see the region in the explorer":  (Y, Y, Y, Y, Y, Y, N, Y),
    "edit a topic page (German)":      (Y, Y, Y, Y, N, N, N, N),
    "publish a topic page":            (Y, Y, Y, N, N, N, N, N),
    "edit its Arabic translation":     (Y, Y, Y, Y, N, Y, N, N),
    "add and publish an event":        (Y, Y, Y, N, Y, N, N, N),
    "add a place":                     (Y, Y, Y, Y, N, N, N, Y),
    "edit a contact":                  (Y, Y, Y, N, N, Y, N, N),
    "delete a contact":                (Y, Y, Y, N, N, N, N, N),
    "edit an organisation":            (Y, Y, Y, N, N, N, N, N),
    "upload an image":                 (Y, Y, Y, Y, Y, N, N, Y),
    "manage calendar feeds":           (Y, Y, Y, N, Y, N, N, N),
    "open the insights dashboard":     (Y, Y, Y, Y, Y, Y, Y, N),
    "export translations (XLIFF)":     (Y, Y, Y, Y, Y, Y, Y, N),
    "see the review list":             (Y, Y, Y, Y, Y, Y, Y, N),
    "see the link list":               (Y, Y, Y, Y, Y, Y, Y, N),
    "see the correction queue":        (Y, Y, Y, Y, Y, Y, Y, N),
    "manage people":                   (Y, Y, N, N, N, N, N, N),
}
# fmt: on

NEW_TITLE = "Geändert durch die Rollenprobe"


def copy_of(region: RegionPage, language: str) -> RegionPage:
    return RegionPage.objects.get(translation_key=region.translation_key, locale__language_code=language)


def a_topic_page(region: RegionPage, language: str = "de") -> TopicPage:
    return TopicPage.objects.child_of(copy_of(region, language)).live().order_by("path").first()


def denied(response) -> bool:
    assert response.status_code in (200, 302, 403, 404), response.status_code
    return response.status_code != 200


def opens(client, url: str, **params) -> bool:
    response = client.get(url, params)
    assert response.status_code in (200, 302, 403, 404), response.status_code
    return response.status_code == 200


# Each action returns whether it was allowed, judged by the database where it changes something.


def see_region_in_explorer(client, region):
    response = client.get(f"/admin/pages/{Page.get_first_root_node().pk}/")
    html = response.content.decode()
    copies = RegionPage.objects.filter(translation_key=region.translation_key)
    return response.status_code == 200 and any(f"/admin/pages/{copy.pk}/" in html for copy in copies)


def edit_topic_page(client, region):
    page = a_topic_page(region)
    data = nested_form_data({"title": NEW_TITLE, "slug": page.slug, "body": rich_text("<p>Neu.</p>")})
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    return page.revisions.filter(content__title=NEW_TITLE).exists()


def publish_topic_page(client, region):
    data = nested_form_data(
        {"title": NEW_TITLE, "slug": "rollenprobe", "body": rich_text("<p>Neu.</p>"), "action-publish": "1"}
    )
    client.post(f"/admin/pages/add/content/topicpage/{region.pk}/", data)
    return TopicPage.objects.child_of(region).filter(slug="rollenprobe", live=True).exists()


def edit_arabic_translation(client, region):
    arabic = a_topic_page(region, "ar")
    translation = Translation.objects.get(
        source__object_id=arabic.translation_key, target_locale=Locale.objects.get(language_code="ar")
    )
    segment = StringSegment.objects.filter(source=translation.source).first()
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
    client.put(url, "value=%D8%AA%D8%AC%D8%B1%D8%A8%D8%A9", content_type="application/x-www-form-urlencoded")
    return StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale__language_code="ar", context_id=segment.context_id, data="تجربة"
    ).exists()


def add_and_publish_event(client, region):
    events = EventIndexPage.objects.child_of(region).get()
    data = {
        "title": "Nähcafé",
        "slug": "naehcafe-rollenprobe",
        "body": rich_text("<p>Gemeinsam nähen.</p>"),
        "start": "2026-12-01 19:00",
        "end": "2026-12-01 21:00",
        "recurrence_rule_frequency": "",
        "recurrence_rule_interval": "1",
        "recurrence_rule_ending": "never",
        "meeting_url": "",
        "action-publish": "1",
    }
    client.post(f"/admin/pages/add/events/eventpage/{events.pk}/", nested_form_data(data))
    return EventPage.objects.filter(slug="naehcafe-rollenprobe", live=True).exists()


def add_place(client, region):
    places = PlaceIndexPage.objects.child_of(region).get()
    data = {
        "title": "Rollenprobe-Treff",
        "slug": "rollenprobe-treff",
        "body": rich_text("<p>Ein Treffpunkt.</p>"),
        "address": "Marktplatz 3",
        "postcode": "71000",
        "town": "Musterstadt",
        "latitude": "48.742",
        "longitude": "9.31",
        "phone": "",
        "email": "",
        "website": "",
        "appointment_url": "",
        "opening_hours": "",
        "opening_exceptions": "[]",
        "barrier_free": "unknown",
        "category": "",
    }
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    own = Organisation.objects.filter(region=region, group__user=user).first()
    data["organisation"] = str(own.pk) if own else ""
    client.post(f"/admin/pages/add/places/placepage/{places.pk}/", nested_form_data(data))
    return PlacePage.objects.filter(slug="rollenprobe-treff").exists()


def a_contact(region) -> Contact:
    return Contact.objects.filter(region=region, locale=region.locale).order_by("pk").first()


def contact_data(contact: Contact, **changes) -> dict:
    data = {
        "region": contact.region_id,
        "kind": contact.kind,
        "name": contact.name,
        "area": contact.area,
        "phone": contact.phone,
        "mobile": contact.mobile,
        "email": contact.email,
        "website": contact.website,
        "appointment_url": contact.appointment_url,
        "opening_hours": "null",
        "place": contact.place_id or "",
        "organisation": contact.organisation_id or "",
    }
    return {**data, **changes}


def edit_contact(client, region):
    contact = a_contact(region)
    client.post(
        reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]), contact_data(contact, name=NEW_TITLE)
    )
    contact.refresh_from_db()
    return contact.name == NEW_TITLE


def delete_contact(client, region):
    contact = a_contact(region)
    client.post(reverse("wagtailsnippets_contacts_contact:delete", args=[contact.pk]))
    return not Contact.objects.filter(pk=contact.pk).exists()


def edit_organisation(client, region):
    organisation = Organisation.objects.filter(region=region).order_by("pk").first()
    client.post(
        reverse("wagtailsnippets_organisations_organisation:edit", args=[organisation.pk]),
        {"region": region.pk, "name": NEW_TITLE, "website": organisation.website or ""},
    )
    organisation.refresh_from_db()
    return organisation.name == NEW_TITLE


def upload_image(client, region):
    upload = SimpleUploadedFile("probe.png", get_test_image_file().file.getvalue(), content_type="image/png")
    client.post("/admin/images/add/", {"title": NEW_TITLE, "file": upload, "collection": region.collection_id})
    return Image.objects.filter(title=NEW_TITLE, collection=region.collection).exists()


def manage_calendar_feeds(client, region):
    return opens(client, reverse("calendarfeed:index")) and opens(client, reverse("calendarfeed:add"))


def manage_people(client, region):
    client.post("/admin/people/invite/", {"region": region.pk, "email": "probe@example.org", "role": "author"})
    return get_user_model().objects.filter(email="probe@example.org", groups__region_role__region=region).exists()


ACTIONS = {
    "see the region in the explorer": see_region_in_explorer,
    "edit a topic page (German)": edit_topic_page,
    "publish a topic page": publish_topic_page,
    "edit its Arabic translation": edit_arabic_translation,
    "add and publish an event": add_and_publish_event,
    "add a place": add_place,
    "edit a contact": edit_contact,
    "delete a contact": delete_contact,
    "edit an organisation": edit_organisation,
    "upload an image": upload_image,
    "manage calendar feeds": manage_calendar_feeds,
    "open the insights dashboard": lambda client, region: opens(client, "/admin/insights/", region=region.pk),
    "export translations (XLIFF)": lambda client, region: opens(
        client, "/admin/translation/exchange/", region=region.pk
    ),
    "see the review list": lambda client, region: opens(client, "/admin/reviews/", region=region.pk),
    "see the link list": lambda client, region: opens(client, "/admin/links/", region=region.pk),
    "see the correction queue": lambda client, region: opens(
        client, "/admin/corrections/suggestions/", region=region.pk
    ),
    "manage people": manage_people,
}

#: Actions that publish: their tests rebuild the demo's published documents afterwards.
PUBLISHING = {"publish a topic page", "add and publish an event"}


def cases(publishing: bool) -> list:
    return [
        pytest.param(role, action, allowed, id=f"{role}: {action}")
        for action, row in MATRIX.items()
        if (action in PUBLISHING) is publishing
        for role, allowed in zip(ROLES, row, strict=True)
    ]


@pytest.mark.parametrize(("role", "action", "allowed"), cases(publishing=False))
def test_role_may_or_may_not(login, musterstadt, role, action, allowed):
    client = login(ROLES[role])
    assert ACTIONS[action](client, musterstadt) is allowed


@pytest.mark.parametrize(("role", "action", "allowed"), cases(publishing=True))
def test_role_may_or_may_not_publish(restore_snapshots, login, musterstadt, role, action, allowed):
    client = login(ROLES[role])
    assert ACTIONS[action](client, musterstadt) is allowed


def test_the_table_has_every_action():
    assert set(MATRIX) == set(ACTIONS)
