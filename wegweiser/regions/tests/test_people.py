"""Region managers manage the people of their region; operators everyone's; nobody else, and never across regions."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import GroupPagePermission

from wegweiser.accounts.models import SecurityEvent
from wegweiser.events.models import EventIndexPage, EventPage
from wegweiser.regions.models import RegionPage, RegionRole
from wegweiser.regions.tenancy import setup_all_regions

pytestmark = pytest.mark.django_db
User = get_user_model()

PEOPLE = "/admin/people/"


def user(username: str):
    return User.objects.get(username=username)


def roles(username: str, region) -> set[str]:
    return set(RegionRole.objects.filter(region=region, group__user__username=username).values_list("role", flat=True))


def events(username: str, action: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(subject__username=username, action=action))


# --------------------------------------------------------------------------------------------------
# Who gets in
# --------------------------------------------------------------------------------------------------


def test_manager_sees_the_people_of_their_region_with_their_roles(login, musterstadt):
    response = login("musterstadt-manager").get(PEOPLE)
    html = response.content.decode()
    assert response.status_code == 200
    for username in ("musterstadt-editor", "musterstadt-event-manager", "musterstadt-observer"):
        assert f'data-person="{user(username).pk}"' in html
    assert "musterland-editor" not in html
    assert "Event manager" in html


@pytest.mark.parametrize("username", ["musterstadt-editor", "musterstadt-author", "musterstadt-observer"])
def test_people_of_other_roles_may_not_manage_people(login, username):
    client = login(username)
    assert client.get(PEOPLE).status_code in (302, 403)  # Wagtail sends them to the dashboard
    assert f'href="{PEOPLE}"' not in client.get("/admin/").content.decode()


def test_the_menu_offers_people_to_managers_and_operators(login):
    assert f'"{PEOPLE}"' in login("musterstadt-manager").get("/admin/").content.decode()
    assert f'"{PEOPLE}"' in login("admin").get("/admin/").content.decode()


def test_manager_cannot_open_another_regions_people(login, musterland):
    assert login("musterstadt-manager").get(PEOPLE, {"region": musterland.pk}).status_code == 404


def test_operator_chooses_among_all_regions(login, musterland):
    client = login("admin")
    assert 'name="region"' in client.get(PEOPLE).content.decode()
    html = client.get(PEOPLE, {"region": musterland.pk}).content.decode()
    assert f'data-person="{user("musterland-editor").pk}"' in html


@pytest.mark.parametrize("url", ["/admin/users/", "/admin/users/add/", "/admin/groups/"])
def test_wagtails_users_and_groups_stay_with_operators(login, url):
    response = login("musterstadt-manager").get(url)
    assert response.status_code in (302, 403, 404)
    assert login("admin").get("/admin/users/").status_code == 200


# --------------------------------------------------------------------------------------------------
# Inviting
# --------------------------------------------------------------------------------------------------


def test_inviting_a_new_person_creates_the_account_and_sends_a_password_link(login, musterstadt):
    client = login("musterstadt-manager")
    response = client.post(
        f"{PEOPLE}invite/", {"region": musterstadt.pk, "email": "Neu@Beispiel.example", "role": "editor"}
    )
    assert response.status_code == 302
    invited = User.objects.get(email__iexact="neu@beispiel.example")
    assert invited.is_active and not invited.is_superuser and not invited.is_staff
    assert roles(invited.username, musterstadt) == {"editor"}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [invited.email]
    assert re.search(r"/admin/password_reset/confirm/|reset", mail.outbox[0].body)
    assert events(invited.username, "user.invited") and events(invited.username, "role.granted")
    event = events(invited.username, "role.granted")[0]
    assert event.actor.username == "musterstadt-manager" and event.region_id == musterstadt.pk


def test_inviting_someone_of_another_region_adds_them_without_showing_their_other_roles(login, musterstadt, musterland):
    other = user("musterland-editor")
    client = login("musterstadt-manager")
    client.post(f"{PEOPLE}invite/", {"region": musterstadt.pk, "email": other.email, "role": "author"})
    assert roles(other.username, musterstadt) == {"author"}
    assert roles(other.username, musterland) == {"editor"}  # untouched
    html = client.get(PEOPLE).content.decode()
    found = re.search(rf'<tr data-person="{other.pk}">.*?</tr>', html, re.S)
    assert found is not None
    row = found.group(0)
    assert "Musterland" not in row and 'value="editor" selected' not in row
    assert len(mail.outbox) == 1 and "reset" not in mail.outbox[0].body  # a note, not a new password


@pytest.mark.parametrize("email", ["", "kein-e-mail", "x@" + "y" * 300 + ".example"])
def test_a_bad_address_is_refused_and_nothing_is_made(login, musterstadt, email):
    before = User.objects.count()
    response = login("musterstadt-manager").post(
        f"{PEOPLE}invite/", {"region": musterstadt.pk, "email": email, "role": "editor"}
    )
    assert response.status_code == 400
    assert User.objects.count() == before and not mail.outbox


def test_a_manager_cannot_grant_operator_rights(login, musterstadt):
    client = login("musterstadt-manager")
    response = client.post(
        f"{PEOPLE}invite/",
        {"region": musterstadt.pk, "email": "chef@beispiel.example", "role": "operator", "is_superuser": "on"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="chef@beispiel.example").exists()
    editor = user("musterstadt-editor")
    client.post(f"{PEOPLE}{editor.pk}/role/", {"region": musterstadt.pk, "role": "superuser", "is_superuser": "on"})
    editor.refresh_from_db()
    assert not editor.is_superuser and roles(editor.username, musterstadt) == {"editor"}


def test_a_manager_cannot_invite_into_another_region(login, musterland):
    login("musterstadt-manager").post(
        f"{PEOPLE}invite/", {"region": musterland.pk, "email": "fremd@beispiel.example", "role": "manager"}
    )
    assert not User.objects.filter(email="fremd@beispiel.example").exists()


# --------------------------------------------------------------------------------------------------
# Changing roles and removing people
# --------------------------------------------------------------------------------------------------


def test_manager_changes_a_persons_role(login, musterstadt):
    editor = user("musterstadt-editor")
    response = login("musterstadt-manager").post(
        f"{PEOPLE}{editor.pk}/role/", {"region": musterstadt.pk, "role": "observer"}
    )
    assert response.status_code == 302
    assert roles(editor.username, musterstadt) == {"observer"}
    assert [e.details["role"] for e in events(editor.username, "role.revoked")] == ["editor"]
    assert [e.details["role"] for e in events(editor.username, "role.granted")] == ["observer"]


def test_the_last_manager_stays_manager(login, musterstadt):
    manager = user("musterstadt-manager")
    client = login("musterstadt-manager")
    client.post(f"{PEOPLE}{manager.pk}/role/", {"region": musterstadt.pk, "role": "editor"})
    client.post(f"{PEOPLE}{manager.pk}/remove/", {"region": musterstadt.pk})
    assert roles(manager.username, musterstadt) == {"manager"}
    assert "last manager" in client.get(PEOPLE).content.decode()
    assert not SecurityEvent.objects.filter(subject=manager, action="role.revoked").exists()


def test_with_a_second_manager_the_first_may_step_down(login, musterstadt):
    client = login("musterstadt-manager")
    client.post(f"{PEOPLE}invite/", {"region": musterstadt.pk, "email": "zweite@beispiel.example", "role": "manager"})
    manager = user("musterstadt-manager")
    client.post(f"{PEOPLE}{manager.pk}/role/", {"region": musterstadt.pk, "role": "editor"})
    assert roles(manager.username, musterstadt) == {"editor"}


def test_removing_someone_who_works_nowhere_else_deactivates_the_account(login, musterstadt):
    observer = user("musterstadt-observer")
    response = login("musterstadt-manager").post(f"{PEOPLE}{observer.pk}/remove/", {"region": musterstadt.pk})
    assert response.status_code == 302
    observer.refresh_from_db()
    assert not observer.is_active and User.objects.filter(pk=observer.pk).exists()
    assert roles(observer.username, musterstadt) == set()
    assert events(observer.username, "role.revoked") and events(observer.username, "user.deactivated")


def test_removing_someone_who_works_elsewhere_keeps_the_account(login, musterstadt, musterland):
    other = user("musterland-editor")
    client = login("musterstadt-manager")
    client.post(f"{PEOPLE}invite/", {"region": musterstadt.pk, "email": other.email, "role": "author"})
    client.post(f"{PEOPLE}{other.pk}/remove/", {"region": musterstadt.pk})
    other.refresh_from_db()
    assert other.is_active
    assert roles(other.username, musterstadt) == set() and roles(other.username, musterland) == {"editor"}
    assert not events(other.username, "user.deactivated")


@pytest.mark.parametrize("action", ["role", "remove"])
def test_a_manager_cannot_touch_another_regions_people(login, musterstadt, musterland, action):
    other = user("musterland-editor")
    client = login("musterstadt-manager")
    data = {"role": "observer"}
    assert client.post(f"{PEOPLE}{other.pk}/{action}/", {"region": musterstadt.pk, **data}).status_code == 404
    assert client.post(f"{PEOPLE}{other.pk}/{action}/", {"region": musterland.pk, **data}).status_code == 404
    other.refresh_from_db()
    assert other.is_active and roles(other.username, musterland) == {"editor"}


def test_changes_are_post_only(login, musterstadt):
    editor = user("musterstadt-editor")
    client = login("musterstadt-manager")
    assert client.get(f"{PEOPLE}{editor.pk}/remove/", {"region": musterstadt.pk}).status_code == 405
    assert roles(editor.username, musterstadt) == {"editor"}


# --------------------------------------------------------------------------------------------------
# The event manager's role
# --------------------------------------------------------------------------------------------------


def test_event_managers_hold_rights_on_the_lists_of_events_in_every_language(musterstadt):
    group = RegionRole.objects.get(region=musterstadt, role="event_manager").group
    lists = [
        index
        for copy in RegionPage.objects.filter(translation_key=musterstadt.translation_key)
        for index in EventIndexPage.objects.child_of(copy)
    ]
    assert len(lists) > 1
    permitted = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True))
    assert permitted == {index.pk for index in lists}


def test_event_manager_edits_events_in_every_language_and_nothing_else(login, musterstadt):
    client = login("musterstadt-event-manager")
    for copy in RegionPage.objects.filter(
        translation_key=musterstadt.translation_key, locale__language_code__in=["de", "ar"]
    ):
        event = EventPage.objects.descendant_of(copy).order_by("path").first()
        assert client.get(f"/admin/pages/{event.pk}/edit/").status_code == 200
    topic = musterstadt.get_children().not_type(EventIndexPage).live().first()
    assert client.get(f"/admin/pages/{topic.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{musterstadt.pk}/edit/").status_code in (302, 403)


def test_existing_regions_get_a_new_roles_group_after_migrating(musterstadt):
    RegionRole.objects.get(region=musterstadt, role="event_manager").group.delete()  # as before the role existed
    setup_all_regions()
    role = RegionRole.objects.get(region=musterstadt, role="event_manager")
    assert GroupPagePermission.objects.filter(group=role.group).exists()
    setup_all_regions()  # idempotent
    assert RegionRole.objects.filter(region=musterstadt, role="event_manager").count() == 1


def test_a_new_list_of_events_gives_event_managers_their_rights(musterstadt, django_capture_on_commit_callbacks):
    existing = EventIndexPage.objects.child_of(musterstadt).get()
    existing.delete()
    with django_capture_on_commit_callbacks(execute=True):
        index = musterstadt.add_child(instance=EventIndexPage(title="Termine", slug="termine"))
    group = RegionRole.objects.get(region=musterstadt, role="event_manager").group
    assert GroupPagePermission.objects.filter(group=group, page=index, permission__codename="publish_page").exists()
