"""The server's VAPID key (RFC 8292): push services accept our pushes for subscriptions made with its public half.

Browsers subscribe with the public key (the "application server key"); every push is signed with the private
one. Changing the key makes every existing subscription useless, so it is generated once per installation
(``manage.py generate_vapid_key``) and kept like the secret key.
"""

import base64
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def generate_private_key_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def vapid_key() -> Vapid02 | None:
    """The configured key, or None when Web Push is off."""
    return _load(settings.WEB_PUSH_VAPID_PRIVATE_KEY)


def application_server_key() -> str | None:
    """The public key as browsers want it for ``pushManager.subscribe`` (uncompressed P-256 point, base64url)."""
    key = vapid_key()
    if key is None:
        return None
    return b64url(
        key.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


@lru_cache(maxsize=4)
def _load(configured: str) -> Vapid02 | None:
    if not configured:
        return None
    pem = configured if configured.lstrip().startswith("-----BEGIN") else _read(Path(configured))
    try:
        return Vapid02.from_pem(pem.encode("ascii"))
    except Exception as problem:
        raise ImproperlyConfigured(f"WEB_PUSH_VAPID_PRIVATE_KEY is not a P-256 private key in PEM: {problem}") from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except OSError as problem:
        raise ImproperlyConfigured(f"WEB_PUSH_VAPID_PRIVATE_KEY: cannot read {path}: {problem}") from None
