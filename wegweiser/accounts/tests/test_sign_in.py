"""Signing in to the admin through real HTTP: passwords, two-factor codes, backup codes, lockout and reset."""

import re
from urllib.parse import urlsplit

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client, override_settings
from django.utils.module_loading import import_string
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.accounts import two_factor
from wegweiser.accounts.models import SecurityEvent
from wegweiser.demo.loading import DEMO_PASSWORD
from wegweiser.settings import base

User = get_user_model()
LOGIN = "/admin/login/"
VERIFY = "/admin/two-factor/verify/"


def sign_in(client: Client, username: str, password: str = DEMO_PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def with_authenticator(username: str) -> TOTPDevice:
    user = User.objects.get(username=username)
    device = two_factor.new_authenticator(user)
    device.confirmed = True
    device.save()
    return device


def actions(username: str) -> list[str]:
    return list(SecurityEvent.objects.filter(subject_name=username).order_by("pk").values_list("action", flat=True))


def test_production_settings_hash_new_passwords_with_argon2(db):
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS[1:]
    user = User.objects.get(username="musterstadt-author")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user.set_password("a long passphrase for tests")
        assert user.password.startswith("argon2$")
        # An older hash is upgraded at the next sign-in.
        user.password = make_password("a long passphrase for tests", hasher="pbkdf2_sha256")
        user.save()
        changes = actions("musterstadt-author").count("password.changed")
        response = sign_in(Client(), "musterstadt-author", "a long passphrase for tests")
        assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert actions("musterstadt-author").count("password.changed") == changes  # an upgrade is no change


def test_sign_in_without_authenticator_opens_the_admin_and_rotates_the_session(db):
    client = Client()
    session = client.session
    session["probe"] = 1
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = sign_in(client, "musterstadt-editor", REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT="Firefox 140")
    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != session.session_key
    assert client.get("/admin/").status_code == 200
    event = SecurityEvent.objects.filter(action="login.succeeded", subject_name="musterstadt-editor").get()
    assert event.client_address == "198.51.100.4"
    assert event.user_agent == "Firefox 140"
    client.post("/admin/logout/")
    assert actions("musterstadt-editor")[-1] == "logout"


def test_wrong_password_is_logged_without_the_password(db):
    response = sign_in(Client(), "musterstadt-editor", "not-the-password-123")
    assert response.status_code == 200
    event = SecurityEvent.objects.get(action="login.failed")
    assert event.subject_name == "musterstadt-editor"
    assert event.details == {"username": "musterstadt-editor"}
    assert "not-the-password" not in str(event.details)


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_a_person_with_an_authenticator_enters_a_code_before_any_admin_page(db):
    device = with_authenticator("musterstadt-editor")
    client = Client()
    assert sign_in(client, "musterstadt-editor").status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get(response["Location"]).status_code == 200

    wrong = client.post(VERIFY, {"code": "000000" if code(device) != "000000" else "111111", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    right = code(device)
    response = client.post(VERIFY, {"code": right, "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200

    # The same code again, in a new sign-in, is refused.
    other = Client()
    sign_in(other, "musterstadt-editor")
    assert other.post(VERIFY, {"code": right}).status_code == 200
    assert other.get("/admin/").status_code == 302
    assert actions("musterstadt-editor").count("two_factor.failed") == 2
    assert "two_factor.succeeded" in actions("musterstadt-editor")


def test_a_code_one_step_off_is_accepted(db):
    device = with_authenticator("musterstadt-author")
    client = Client()
    sign_in(client, "musterstadt-author")
    assert client.post(VERIFY, {"code": code(device, drift=-1)}).status_code == 302
    assert client.get("/admin/").status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_setting_up_gives_backup_codes_that_work_once(db):
    client = Client()
    sign_in(client, "musterstadt-translator")
    page = client.get("/admin/two-factor/setup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "json" not in tag]
    assert inline_scripts == []
    device = TOTPDevice.objects.get(user__username="musterstadt-translator", confirmed=False)
    assert two_factor.secret(device).replace(" ", "") in html.replace(" ", "")

    assert client.post("/admin/two-factor/setup/", {"code": "12345x"}).status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    shown = client.post("/admin/two-factor/setup/", {"code": code(device)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", shown.content.decode())
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200  # the session that set it up is verified already
    assert "two_factor.enabled" in actions("musterstadt-translator")

    first = Client()
    sign_in(first, "musterstadt-translator")
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/admin/").status_code == 200
    assert "two_factor.backup_code_used" in actions("musterstadt-translator")

    second = Client()
    sign_in(second, "musterstadt-translator")
    assert second.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert second.get("/admin/").status_code == 302
    assert two_factor.backup_codes_left(device.user) == 9


def test_switching_off_needs_a_code_or_the_password(db):
    device = with_authenticator("musterstadt-observer")
    client = Client()
    sign_in(client, "musterstadt-observer")
    client.post(VERIFY, {"code": code(device)})
    refused = client.post("/admin/two-factor/disable/", {"password": "wrong-password-1234"})
    assert refused.status_code == 400
    assert two_factor.has_two_factor(device.user)
    assert client.post("/admin/two-factor/disable/", {"password": DEMO_PASSWORD}).status_code == 302
    assert not two_factor.has_two_factor(device.user)
    assert "two_factor.disabled" in actions("musterstadt-observer")


def test_managers_must_set_up_two_factor_when_required(db):
    with override_settings(TWO_FACTOR_REQUIRED="managers"):
        manager = Client()
        sign_in(manager, "musterstadt-manager")
        response = manager.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/two-factor/setup/"
        assert manager.get("/admin/two-factor/setup/").status_code == 200
        operator = Client()
        sign_in(operator, "admin")
        assert operator.get("/admin/")["Location"] == "/admin/two-factor/setup/"
        editor = Client()
        sign_in(editor, "musterstadt-editor")
        assert editor.get("/admin/").status_code == 200
    with override_settings(TWO_FACTOR_REQUIRED="everyone"):
        assert editor.get("/admin/")["Location"] == "/admin/two-factor/setup/"
    with override_settings(TWO_FACTOR_REQUIRED="none"):
        assert editor.get("/admin/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3, LOGIN_FAILURE_LIMIT=3)
def test_too_many_failures_lock_the_username_from_that_address_until_an_operator_unlocks(db):
    address = {"REMOTE_ADDR": "192.0.2.10"}
    client = Client()
    for _ in range(2):
        assert sign_in(client, "musterland-editor", "wrong-password-1234", **address).status_code == 200
    locked = sign_in(client, "musterland-editor", "wrong-password-1234", **address)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "too many failed attempts" in text
    assert "musterland-editor" not in text
    # Even the right password is refused now, from this address; another address still signs in.
    assert sign_in(client, "musterland-editor", **address).status_code == 429
    assert sign_in(Client(), "musterland-editor", REMOTE_ADDR="192.0.2.99").status_code == 302
    assert "login.locked_out" in actions("musterland-editor")

    # A username that does not exist is answered the same way.
    for _ in range(3):
        unknown = sign_in(Client(), "nobody-at-all", "wrong-password-1234", **address)
    assert unknown.status_code == 429
    assert unknown.content.decode().count("too many failed attempts") == text.count("too many failed attempts")

    operator = Client()
    operator.force_login(User.objects.get(username="admin"))
    log = operator.get("/admin/security-log/")
    assert "musterland-editor" in log.content.decode()
    assert operator.post("/admin/security-log/unlock/", {"username": "musterland-editor"}).status_code == 302
    assert sign_in(Client(), "musterland-editor", **address).status_code == 302
    assert "login.unlocked" in actions("musterland-editor")


@override_settings(AXES_FAILURE_LIMIT=3, LOGIN_FAILURE_LIMIT=3, OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_codes_count_as_failed_sign_ins(db):
    device = with_authenticator("musterland-editor")
    address = {"REMOTE_ADDR": "192.0.2.20"}
    client = Client()
    sign_in(client, "musterland-editor", "wrong-password-1234", **address)
    sign_in(client, "musterland-editor", **address)
    bad = "000000" if code(device) != "000000" else "111111"
    assert client.post(VERIFY, {"code": bad}, **address).status_code == 200
    locked = client.post(VERIFY, {"code": bad}, **address)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session  # signed out
    assert sign_in(Client(), "musterland-editor", **address).status_code == 429


def test_password_reset_by_e_mail_ends_the_old_sessions(db):
    old = Client()
    sign_in(old, "musterstadt-author")
    assert old.get("/admin/").status_code == 200

    client = Client()
    response = client.post("/admin/password_reset/", {"email": "musterstadt-author@wegweiser.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^\s]+/admin/password_reset/confirm/[^\s]+/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    link = match.group(0)
    path = urlsplit(link).path
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_password_path = form.redirect_chain[-1][0]
    short = client.post(set_password_path, {"new_password1": "short", "new_password2": "short"})
    assert short.status_code == 200  # refused: at least 12 characters
    new_password = "Ein langes neues Passwort 2026"
    done = client.post(set_password_path, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302

    assert old.get("/admin/").status_code == 302  # the old session ended
    assert sign_in(Client(), "musterstadt-author", new_password).status_code == 302
    recorded = actions("musterstadt-author")
    assert "password.reset_requested" in recorded
    assert "password.reset_completed" in recorded


def test_changing_the_password_ends_other_sessions(db):
    elsewhere = Client()
    sign_in(elsewhere, "musterstadt-editor")
    assert elsewhere.get("/admin/").status_code == 200
    user = User.objects.get(username="musterstadt-editor")
    user.set_password("another long password 42")
    user.save()
    assert elsewhere.get("/admin/").status_code == 302
    assert "password.changed" in actions("musterstadt-editor")


def test_sessions_last_eight_hours_and_cookies_stay_with_the_site(db):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.TWO_FACTOR_REQUIRED == "none"
    first = import_string(settings.AUTHENTICATION_BACKENDS[0])
    assert issubclass(first, AxesStandaloneBackend)
    # A password checked without a request (a command) is not refused for want of an address.
    assert authenticate(username="musterstadt-editor", password=DEMO_PASSWORD) is not None
