"""People of a partner organisation change only their organisation's items in their region, and an editor approves."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.corrections.models import Suggestion
from wegweiser.organisations.models import Organisation
from wegweiser.organisations.partners import members, page_permissions_for_user, setup_organisation
from wegweiser.places.models import PlaceIndexPage, PlacePage
from wegweiser.regions.tenancy import regions_of_user

pytestmark = pytest.mark.django_db

DENIED = (302, 403)  # Wagtail's page views answer a missing right with 403 or a redirect with a message
CONTACT_EDIT = "wagtailsnippets_contacts_contact:edit"
CONTACT_DELETE = "wagtailsnippets_contacts_contact:delete"
ORGANISATION_EDIT = "wagtailsnippets_organisations_organisation:edit"


@pytest.fixture
def jobcenter(musterstadt) -> Organisation:
    return Organisation.objects.get(region=musterstadt, name="Jobcenter Musterstadt")


@pytest.fixture
def buergerbuero(musterstadt) -> Organisation:
    return Organisation.objects.get(region=musterstadt, name="Bürgerbüro Musterstadt")


def german(queryset):
    return queryset.filter(locale__language_code="de")


@pytest.fixture
def own_page(jobcenter) -> TopicPage:
    return german(TopicPage.objects.filter(organisation=jobcenter, live=True)).order_by("path").first()


@pytest.fixture
def other_page(buergerbuero) -> TopicPage:
    return german(TopicPage.objects.filter(organisation=buergerbuero, live=True)).first()


@pytest.fixture
def own_place(jobcenter) -> PlacePage:
    return german(PlacePage.objects.filter(organisation=jobcenter)).first()


@pytest.fixture
def own_contact(jobcenter) -> Contact:
    return german(Contact.objects.filter(organisation=jobcenter)).first()


@pytest.fixture
def other_contact(buergerbuero) -> Contact:
    return german(Contact.objects.filter(organisation=buergerbuero)).first()


@pytest.fixture
def partner(login):
    return login("musterstadt-partner")


def topic_data(title: str, slug: str, **extra) -> dict:
    return nested_form_data({"title": title, "slug": slug, "body": rich_text("<p>Neuer Text</p>"), **extra})


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


# --- the organisation's group ---


def test_the_demo_partner_belongs_to_the_jobcenter(jobcenter):
    assert list(members(jobcenter).values_list("username", flat=True)) == ["musterstadt-partner"]


def test_setting_up_an_organisation_twice_changes_nothing_and_never_grants_publishing(musterstadt, jobcenter):
    group = setup_organisation(jobcenter)
    before = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
    assert setup_organisation(jobcenter) == group
    after = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
    assert before == after
    assert {codename for _page, codename in after} == {"add_page", "change_page"}
    copies = set(Page.objects.filter(translation_key=musterstadt.translation_key).values_list("pk", flat=True))
    assert {page for page, _codename in after} == copies  # every language copy of the region, nothing else


def test_a_new_organisation_gets_its_group_at_once(musterstadt):
    organisation = Organisation.objects.create(region=musterstadt, name="Schule am Park")
    assert organisation.group is not None
    assert organisation.group.name == "musterstadt partner: Schule am Park"
    assert GroupPagePermission.objects.filter(group=organisation.group).exists()


def test_partners_are_not_region_members_for_region_wide_views(musterstadt):
    user = get_user_model().objects.get(username="musterstadt-partner")
    assert not regions_of_user(user).exists()  # statistics, feedback, translation tools stay closed
    assert list(regions_of_user(user, include_partners=True)) == [musterstadt]


def test_the_page_permission_tester_follows_the_organisation(own_page, other_page, musterstadt):
    user = get_user_model().objects.get(username="musterstadt-partner")
    own = own_page.permissions_for_user(user)
    assert own.can_edit() and own.can_add_subpage() and own.can_submit_for_moderation()
    assert not own.can_publish() and not own.can_unpublish() and not own.can_delete()  # it is live
    other = other_page.permissions_for_user(user)
    assert not other.can_edit() and not other.can_add_subpage() and not other.can_delete()
    region = page_permissions_for_user(user, musterstadt)
    assert not region.can_edit() and not region.can_add_subpage()
    editor = get_user_model().objects.get(username="musterstadt-editor")
    assert other_page.permissions_for_user(editor).can_publish()  # editors keep their rights


# --- the matrix: what a partner may open ---


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("edit own page", 200),
        ("edit own page in Arabic", 200),
        ("edit own place", 200),
        ("add page below own page", 200),
        ("add place to the list of places", 200),
        ("edit other organisation's page", DENIED),
        ("add page below other organisation's page", DENIED),
        ("add page to the region", DENIED),
        ("edit the region", DENIED),
        ("delete own live page", DENIED),
        ("unpublish own page", DENIED),
        ("edit other region's page", DENIED),
        ("explore own region", 200),
        ("explore other region", DENIED),
    ],
)
def test_what_a_partner_may_open(partner, musterstadt, musterland, own_page, other_page, own_place, what, expected):
    arabic = Locale.objects.get(language_code="ar")
    place_list = PlaceIndexPage.objects.child_of(musterstadt).get()
    other_region_page = german(TopicPage.objects.descendant_of(musterland)).first()
    urls = {
        "edit own page": f"/admin/pages/{own_page.pk}/edit/",
        "edit own page in Arabic": f"/admin/pages/{own_page.get_translation(arabic).pk}/edit/",
        "edit own place": f"/admin/pages/{own_place.pk}/edit/",
        "add page below own page": f"/admin/pages/add/content/topicpage/{own_page.pk}/",
        "add place to the list of places": f"/admin/pages/add/places/placepage/{place_list.pk}/",
        "edit other organisation's page": f"/admin/pages/{other_page.pk}/edit/",
        "add page below other organisation's page": f"/admin/pages/add/content/topicpage/{other_page.pk}/",
        "add page to the region": f"/admin/pages/add/content/topicpage/{musterstadt.pk}/",
        "edit the region": f"/admin/pages/{musterstadt.pk}/edit/",
        "delete own live page": f"/admin/pages/{own_page.pk}/delete/",
        "unpublish own page": f"/admin/pages/{own_page.pk}/unpublish/",
        "edit other region's page": f"/admin/pages/{other_region_page.pk}/edit/",
        "explore own region": f"/admin/pages/{musterstadt.pk}/",
        "explore other region": f"/admin/pages/{musterland.pk}/",
    }
    status = partner.get(urls[what]).status_code
    assert status in expected if isinstance(expected, tuple) else status == expected


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("edit own contact", (200,)),
        ("edit other contact", DENIED),
        ("delete own contact", DENIED),
        ("edit other region's contact", (404,)),
        ("edit own organisation", (*DENIED, 404)),  # partners have no rights on organisations
        ("edit other region's organisation", (*DENIED, 404)),
    ],
)
def test_what_a_partner_may_open_among_contacts_and_organisations(
    partner, musterland, jobcenter, own_contact, other_contact, what, expected
):
    district_contact = Contact.objects.create(region=musterland, locale=musterland.locale, name="Landratsamt")
    district_organisation = Organisation.objects.filter(region=musterland).first()
    urls = {
        "edit own contact": reverse(CONTACT_EDIT, args=[own_contact.pk]),
        "edit other contact": reverse(CONTACT_EDIT, args=[other_contact.pk]),
        "delete own contact": reverse(CONTACT_DELETE, args=[own_contact.pk]),
        "edit other region's contact": reverse(CONTACT_EDIT, args=[district_contact.pk]),
        "edit own organisation": reverse(ORGANISATION_EDIT, args=[jobcenter.pk]),
        "edit other region's organisation": reverse(ORGANISATION_EDIT, args=[district_organisation.pk]),
    }
    assert partner.get(urls[what]).status_code in expected


def test_the_explorer_shows_the_region_but_edit_links_only_for_own_pages(partner, musterstadt, own_page, other_page):
    html = partner.get(f"/admin/pages/{own_page.get_parent().pk}/").content.decode()
    assert own_page.title in html
    assert f"/admin/pages/{own_page.pk}/edit/" in html
    html = partner.get(f"/admin/pages/{other_page.get_parent().pk}/").content.decode()
    assert other_page.title in html
    assert f"/admin/pages/{other_page.pk}/edit/" not in html


# --- changes by posting ---


def test_partner_cannot_change_another_organisations_page_by_posting(partner, other_page):
    response = partner.post(f"/admin/pages/{other_page.pk}/edit/", topic_data("Übernommen", other_page.slug))
    assert response.status_code in DENIED
    assert not other_page.revisions.filter(content__title="Übernommen").exists()


def test_partner_cannot_publish_own_page(partner, own_page):
    title = own_page.title
    partner.post(
        f"/admin/pages/{own_page.pk}/edit/", topic_data("Sofort live?", own_page.slug, **{"action-publish": "1"})
    )
    own_page.refresh_from_db()
    assert own_page.title == title  # what newcomers see is unchanged
    assert own_page.live


def test_partner_submits_and_editor_approves(client, login, partner, own_page):
    live_title = own_page.title
    response = partner.post(
        f"/admin/pages/{own_page.pk}/edit/",
        topic_data("Jobcenter: neue Öffnungszeiten", own_page.slug, **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    own_page.refresh_from_db()
    assert own_page.title == live_title
    assert own_page.has_unpublished_changes
    state = WorkflowState.objects.get(object_id=str(own_page.pk), status="in_progress")
    task_state = state.current_task_state

    editor = login("musterstadt-editor")
    response = editor.post(
        reverse("wagtailadmin_pages:workflow_action", args=[own_page.pk, "approve", task_state.pk]), {"comment": ""}
    )
    assert response.status_code in (200, 302)
    own_page.refresh_from_db()
    assert own_page.title == "Jobcenter: neue Öffnungszeiten"
    assert own_page.live and not own_page.has_unpublished_changes


def test_partners_cannot_approve_in_the_workflow(login, own_page):
    partner = login("musterstadt-partner")
    partner.post(
        f"/admin/pages/{own_page.pk}/edit/", topic_data("Selbst genehmigt?", own_page.slug, **{"action-submit": "1"})
    )
    task_state = WorkflowState.objects.get(object_id=str(own_page.pk), status="in_progress").current_task_state
    partner.post(reverse("wagtailadmin_pages:workflow_action", args=[own_page.pk, "approve", task_state.pk]))
    own_page.refresh_from_db()
    assert own_page.title != "Selbst genehmigt?"


def test_the_organisation_of_a_partners_page_cannot_be_changed(partner, own_page, jobcenter, buergerbuero):
    response = partner.post(
        f"/admin/pages/{own_page.pk}/edit/",
        topic_data(own_page.title, own_page.slug, organisation=str(buergerbuero.pk)),
    )
    assert response.status_code == 302
    latest = own_page.get_latest_revision_as_object()
    assert latest.organisation_id == jobcenter.pk
    form = partner.get(f"/admin/pages/{own_page.pk}/edit/").context["form"]
    assert form.fields["organisation"].disabled


def test_a_partners_new_page_belongs_to_their_organisation_and_waits_for_approval(
    partner, own_page, jobcenter, buergerbuero
):
    response = partner.post(
        f"/admin/pages/add/content/topicpage/{own_page.pk}/",
        topic_data("Termine im Jobcenter", "termine-jobcenter", organisation=str(buergerbuero.pk)),
    )
    assert response.status_code == 302
    page = TopicPage.objects.child_of(own_page).get(slug="termine-jobcenter")
    assert page.organisation_id == jobcenter.pk
    assert not page.live


def test_a_partner_adds_nothing_to_the_region_by_posting(partner, musterstadt):
    response = partner.post(f"/admin/pages/add/content/topicpage/{musterstadt.pk}/", topic_data("Eigenes", "eigenes"))
    assert response.status_code in DENIED
    assert not TopicPage.objects.filter(slug="eigenes").exists()


def test_a_partner_deletes_their_own_draft_but_no_live_page(partner, own_page):
    partner.post(f"/admin/pages/add/content/topicpage/{own_page.pk}/", topic_data("Entwurf", "entwurf-jobcenter"))
    draft = TopicPage.objects.get(slug="entwurf-jobcenter")
    assert partner.post(f"/admin/pages/{draft.pk}/delete/").status_code == 302
    assert not TopicPage.objects.filter(pk=draft.pk).exists()
    assert partner.post(f"/admin/pages/{own_page.pk}/delete/").status_code in DENIED
    assert TopicPage.objects.filter(pk=own_page.pk).exists()


# --- contacts: a partner's save is a suggestion ---


def test_a_partners_contact_change_becomes_a_suggestion(partner, own_contact):
    phone = own_contact.phone
    response = partner.post(
        reverse(CONTACT_EDIT, args=[own_contact.pk]), contact_data(own_contact, phone="07141 999 00")
    )
    assert response.status_code == 302
    own_contact.refresh_from_db()
    assert own_contact.phone == phone  # nothing changed for newcomers yet
    suggestion = Suggestion.objects.get(object_id=own_contact.pk, source="partner")
    assert suggestion.changes == {"phone": "07141 999 00"}
    assert suggestion.submitted_by.username == "musterstadt-partner"
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("await approval" in message for message in messages)


def test_a_partner_cannot_move_a_contact_to_another_organisation(partner, own_contact, buergerbuero, jobcenter):
    partner.post(reverse(CONTACT_EDIT, args=[own_contact.pk]), contact_data(own_contact, organisation=buergerbuero.pk))
    own_contact.refresh_from_db()
    assert own_contact.organisation_id == jobcenter.pk
    assert not Suggestion.objects.filter(object_id=own_contact.pk, source="partner").exists()


def test_a_partner_cannot_change_another_contact_by_posting(partner, other_contact):
    name = other_contact.name
    response = partner.post(
        reverse(CONTACT_EDIT, args=[other_contact.pk]), contact_data(other_contact, name="Übernommen")
    )
    assert response.status_code in DENIED
    other_contact.refresh_from_db()
    assert other_contact.name == name
    assert not Suggestion.objects.filter(object_id=other_contact.pk).exists()


def test_an_editor_still_saves_contacts_directly(login, own_contact):
    editor = login("musterstadt-editor")
    response = editor.post(
        reverse(CONTACT_EDIT, args=[own_contact.pk]), contact_data(own_contact, phone="07141 999 01")
    )
    assert response.status_code == 302
    own_contact.refresh_from_db()
    assert own_contact.phone == "07141 999 01"


# --- choosing the people of an organisation ---


def organisation_data(organisation: Organisation, **changes) -> dict:
    data = {
        "region": organisation.region_id,
        "name": organisation.name,
        "logo": "",
        "website": organisation.website,
        "email": organisation.email,
    }
    return {**data, **changes}


def test_a_manager_chooses_the_people_and_invites_a_new_one(login, jobcenter):
    manager = login("musterstadt-manager")
    author = get_user_model().objects.get(username="musterstadt-author")
    response = manager.post(
        reverse(ORGANISATION_EDIT, args=[jobcenter.pk]),
        organisation_data(jobcenter, members=[author.pk], new_member_email="neu@jobcenter-musterstadt.example"),
    )
    assert response.status_code == 302
    assert set(members(jobcenter).values_list("username", flat=True)) == {
        "musterstadt-author",
        "neu@jobcenter-musterstadt.example",
    }  # the demo partner was unticked
    new = get_user_model().objects.get(username="neu@jobcenter-musterstadt.example")
    assert new.email == "neu@jobcenter-musterstadt.example" and new.has_usable_password()
    assert [message.to for message in mail.outbox] == [["neu@jobcenter-musterstadt.example"]]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body  # the link to set a password


def test_an_editor_does_not_choose_the_people(login, jobcenter):
    editor = login("musterstadt-editor")
    form = editor.get(reverse(ORGANISATION_EDIT, args=[jobcenter.pk])).context["form"]
    assert "members" not in form.fields
    editor.post(reverse(ORGANISATION_EDIT, args=[jobcenter.pk]), organisation_data(jobcenter, members=[]))
    assert list(members(jobcenter).values_list("username", flat=True)) == ["musterstadt-partner"]


def test_an_address_taken_as_another_accounts_name_is_refused(login, jobcenter):
    get_user_model().objects.create_user(username="x@jobcenter.example", email="y@jobcenter.example")
    manager = login("musterstadt-manager")
    response = manager.post(
        reverse(ORGANISATION_EDIT, args=[jobcenter.pk]),
        organisation_data(jobcenter, email="verifizierung@jobcenter.example", new_member_email="x@jobcenter.example"),
    )
    assert response.status_code == 200
    assert "exists already" in response.content.decode()
    jobcenter.refresh_from_db()
    assert jobcenter.email != "verifizierung@jobcenter.example"  # nothing stored from the refused form


def test_the_organisation_keeps_an_address_for_verification_requests(login, jobcenter):
    manager = login("musterstadt-manager")
    partner = get_user_model().objects.get(username="musterstadt-partner")
    response = manager.post(
        reverse(ORGANISATION_EDIT, args=[jobcenter.pk]),
        organisation_data(jobcenter, email="pruefung@jobcenter-musterstadt.example", members=[partner.pk]),
    )
    assert response.status_code == 302
    jobcenter.refresh_from_db()
    assert jobcenter.email == "pruefung@jobcenter-musterstadt.example"
    bad = manager.post(reverse(ORGANISATION_EDIT, args=[jobcenter.pk]), organisation_data(jobcenter, email="kein-at"))
    assert bad.status_code == 200
    jobcenter.refresh_from_db()
    assert jobcenter.email == "pruefung@jobcenter-musterstadt.example"


def test_the_partner_is_told_in_german_that_the_change_awaits_approval(partner, own_contact):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(username="musterstadt-partner"))
    profile.preferred_language = "de"
    profile.save()
    response = partner.post(
        reverse(CONTACT_EDIT, args=[own_contact.pk]), contact_data(own_contact, mobile="0170 1234567")
    )
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("warten auf die Freigabe durch die Redaktion" in message for message in messages)


def test_search_and_choosers_show_a_partner_only_their_region(partner, musterland):
    district_contact = Contact.objects.create(region=musterland, locale=musterland.locale, name="Landratsamt Kasse")
    for url in ("/admin/pages/search/", "/admin/choose-page/search/"):
        response = partner.get(url, {"q": "Jobcenter"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Jobcenter und Bürgergeld" in html  # Musterstadt's page
        assert "Jobcenter Landkreis Musterland" not in html
    choose = reverse("wagtailsnippetchoosers_contacts_contact:choose")
    assert district_contact.name not in partner.get(choose, {"q": "Landratsamt"}).content.decode()
    assert "Wagner" in partner.get(choose, {"q": "Wagner"}).content.decode()


def test_deleting_an_organisation_removes_its_peoples_rights(musterstadt):
    organisation = Organisation.objects.create(region=musterstadt, name="Sprachschule Nord")
    group_id = organisation.group_id
    organisation.delete()
    assert not GroupPagePermission.objects.filter(group_id=group_id).exists()
    assert not Group.objects.filter(pk=group_id).exists()
