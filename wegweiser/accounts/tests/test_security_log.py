"""The security log: what is recorded, who may read which events, and how long they are kept."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from wegweiser.accounts import audit, two_factor
from wegweiser.accounts.models import SecurityEvent
from wegweiser.regions.models import RegionRole

User = get_user_model()


@pytest.fixture
def musterland_manager(musterland):
    user = User.objects.create_user("musterland-manager-test", "mlm@wegweiser.example", "a long password 1234")
    user.groups.add(RegionRole.objects.get(region=musterland, role=RegionRole.Role.MANAGER).group)
    return user


def test_record_works_without_a_request_and_keeps_details_json(db, musterstadt):
    subject = User.objects.get(username="musterstadt-editor")
    event = audit.record("backup.created", subject=subject, region=musterstadt, when=timezone.now(), size=12)
    event.refresh_from_db()
    assert event.actor is None and event.client_address == ""
    assert event.region == musterstadt
    assert event.details["size"] == 12
    assert isinstance(event.details["when"], str)


@override_settings(FEEDBACK_CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_record_takes_the_address_the_proxy_gives_and_the_signed_in_user(db):
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.23", REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT="x" * 500
    )
    request.user = User.objects.get(username="admin")
    event = audit.record("login.unlocked", request=request)
    assert event.client_address == "198.51.100.23"
    assert event.actor_name == "admin"
    assert event.user_agent == "x" * 200


def test_group_changes_and_account_changes_are_recorded(db, musterstadt):
    user = User.objects.create_user("new-person", "new@wegweiser.example", "a long password 1234")
    group = RegionRole.objects.get(region=musterstadt, role=RegionRole.Role.EDITOR).group
    user.groups.add(group)
    group.user_set.remove(user)
    user.is_superuser = True
    user.save()
    user.is_active = False
    user.save()
    user.delete()
    recorded = list(SecurityEvent.objects.filter(subject_name="new-person").order_by("pk"))
    assert [event.action for event in recorded] == [
        "user.created",
        "group.joined",
        "group.left",
        "superuser.granted",
        "user.deactivated",
    ]
    assert recorded[1].region == musterstadt
    assert recorded[1].details == {"group": group.name}
    assert SecurityEvent.objects.filter(action="user.deleted", details__username="new-person").exists()
    Group.objects.create(name="unrelated").user_set.add(User.objects.get(username="admin"))
    assert SecurityEvent.objects.filter(action="group.joined", subject_name="admin", region=None).exists()


def test_region_managers_see_their_region_s_people_only(db, musterstadt, musterland, musterland_manager):
    audit.record("login.failed", subject=User.objects.get(username="musterstadt-editor"), username="musterstadt-editor")
    audit.record("login.failed", subject=User.objects.get(username="musterland-editor"), username="musterland-editor")
    audit.record("role.granted", region=musterstadt, subject=None, role="editor")
    client = Client()
    client.force_login(musterland_manager)
    page = client.get("/admin/security-log/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "musterland-editor" in html
    assert "musterstadt-editor" not in html
    assert 'data-event="role.granted"' not in html
    assert "Unlock" not in html  # read only
    assert client.get(f"/admin/security-log/?region={musterstadt.pk}").status_code == 404
    assert client.get(f"/admin/security-log/?region={musterland.pk}").status_code == 200
    # Refused (Wagtail answers PermissionDenied with a redirect to the dashboard and a message).
    refused = client.post("/admin/security-log/unlock/", {"username": "musterland-editor"})
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert not SecurityEvent.objects.filter(action="login.unlocked").exists()

    editor = Client()
    editor.force_login(User.objects.get(username="musterstadt-editor"))
    assert editor.get("/admin/security-log/")["Location"] == "/admin/"

    operator = Client()
    operator.force_login(User.objects.get(username="admin"))
    html = operator.get("/admin/security-log/").content.decode()
    assert "musterstadt-editor" in html and "musterland-editor" in html and 'data-event="role.granted"' in html
    filtered = operator.get("/admin/security-log/?action=login.failed&user=musterland").content.decode()
    assert "musterland-editor" in filtered and "musterstadt-editor" not in filtered
    assert operator.get("/admin/security-log/?date_from=not-a-date").status_code == 200


def test_old_events_are_forgotten(db):
    old = audit.record("login.failed", username="someone")
    SecurityEvent.objects.filter(pk=old.pk).update(when=timezone.now() - timedelta(days=400))
    recent = audit.record("login.failed", username="someone")
    with override_settings(SECURITY_LOG_DAYS=365):
        call_command("forget_security_events")
    assert list(SecurityEvent.objects.filter(details__username="someone")) == [recent]


def test_an_operator_removes_two_factor_by_command_or_in_the_log(db):
    user = User.objects.get(username="musterstadt-partner")
    device = two_factor.new_authenticator(user)
    device.confirmed = True
    device.save()
    two_factor.new_backup_codes(user)
    call_command("remove_two_factor", "musterstadt-partner")
    assert not two_factor.has_two_factor(user) and two_factor.backup_codes_left(user) == 0
    assert SecurityEvent.objects.filter(action="two_factor.removed", subject_name="musterstadt-partner").exists()
    with pytest.raises(CommandError, match="no two-factor"):
        call_command("remove_two_factor", "musterstadt-partner")
    with pytest.raises(CommandError, match="no account"):
        call_command("remove_two_factor", "nobody-at-all")

    two_factor.new_backup_codes(user)
    operator = Client()
    operator.force_login(User.objects.get(username="admin"))
    response = operator.post("/admin/security-log/remove-two-factor/", {"username": "musterstadt-partner"})
    assert response.status_code == 302
    assert two_factor.backup_codes_left(user) == 0
