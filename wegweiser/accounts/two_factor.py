"""Two-factor sign-in with an authenticator app (TOTP, django-otp) and single-use backup codes.

A person sets it up in their account (``views.setup``): a new, unconfirmed TOTP device is shown as a QR code
and as its secret; it counts once they enter a current code from their app. Then they get
``BACKUP_CODE_COUNT`` backup codes, shown once. At sign-in, people with a confirmed device enter a code after
their password (``views.verify``); ``middleware.TwoFactorMiddleware`` keeps every other admin page closed until
then. Codes of the step before or after the current one are accepted (clock drift), a code used once is
refused (django-otp keeps the last step used), and failures slow further tries down (django-otp's throttling).
"""

import re
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Backup codes a person gets when setting up two-factor sign-in.
BACKUP_CODE_COUNT = 10
#: The app name shown in an authenticator app, next to the username.
DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"
#: Values of ``settings.TWO_FACTOR_REQUIRED``.
REQUIRED_CHOICES = ("none", "managers", "everyone")


def confirmed_authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user) -> bool:
    """Whether the person signs in with a code: they have a confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_have_two_factor(user) -> bool:
    """Whether ``settings.TWO_FACTOR_REQUIRED`` asks this person to sign in with a code."""
    required = getattr(settings, "TWO_FACTOR_REQUIRED", "none")
    if required == "everyone":
        return True
    if required == "managers":
        from wegweiser.regions.models import RegionRole

        return user.is_superuser or RegionRole.objects.filter(role=RegionRole.Role.MANAGER, group__user=user).exists()
    return False


def new_authenticator(user) -> TOTPDevice:
    """The person's unconfirmed authenticator, created once and kept until confirmed (reloading shows the same)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[index : index + 4] for index in range(0, len(text), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` address of the device as an inline SVG QR code (no request leaves the server)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def clean_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def confirm(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a current code; returns the new backup codes, or None if the code is wrong."""
    if not device.verify_token(clean_code(code)):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the person's backup codes with ``BACKUP_CODE_COUNT`` new ones and return them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code: str) -> Device | None:
    """The device that accepts ``code`` (a current code, or an unused backup code, which is then used up)."""
    code = clean_code(code)
    if not code:
        return None
    with transaction.atomic():
        if code.isdigit():
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(code):
            return device
    return None


def is_backup_code_device(device: Device) -> bool:
    return isinstance(device, StaticDevice)


@transaction.atomic
def remove(user) -> int:
    """Remove the person's authenticator and backup codes; returns how many devices went."""
    count = TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return count
