"""Newcomers' browsers subscribing to a region's news, and leaving again.

Anyone may subscribe, so everything a browser sends is checked before it is stored: the server will later
post to the endpoint, so it must be one of the known push services (``WEB_PUSH_SERVICE_HOSTS``) over HTTPS,
never an address of ours or of the local network; and the keys must be a real P-256 public key and a
16-byte secret, or encryption would fail for every news item.
"""

import base64
import binascii
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .models import PushSubscription

#: Regions and languages one browser may follow at once.
MAX_TOPICS_PER_ENDPOINT = 30
MAX_ENDPOINT_LENGTH = PushSubscription._meta.get_field("endpoint").max_length or 1000


class SubscriptionError(ValueError):
    """A subscription that cannot be stored; the message says why, for the API's 400 answer."""


def subscribe(region_id: int, language: str, endpoint: str, p256dh: str, auth: str) -> bool:
    """Store the subscription (or renew its keys); True when it is new."""
    check_endpoint(endpoint)
    check_keys(p256dh, auth)
    with transaction.atomic():
        known = PushSubscription.objects.filter(endpoint=endpoint)
        is_new = not known.filter(region_id=region_id, language=language).exists()
        if is_new and known.count() >= MAX_TOPICS_PER_ENDPOINT:
            raise SubscriptionError(
                _("This browser follows %(count)d regions and languages already, the most there can be.")
                % {"count": MAX_TOPICS_PER_ENDPOINT}
            )
        known.update(p256dh=p256dh, auth=auth)  # the browser's keys are the same for all its subscriptions
        if is_new:
            PushSubscription.objects.create(
                endpoint=endpoint, region_id=region_id, language=language, p256dh=p256dh, auth=auth
            )
    return is_new


def unsubscribe(region_id: int, language: str, endpoint: str) -> None:
    PushSubscription.objects.filter(endpoint=endpoint, region_id=region_id, language=language).delete()


def renew(old_endpoint: str, endpoint: str, p256dh: str, auth: str) -> int:
    """The push service gave the browser a new subscription: move every topic of the old one; returns how many."""
    check_endpoint(endpoint)
    check_keys(p256dh, auth)
    with transaction.atomic():
        moved = 0
        for subscription in PushSubscription.objects.filter(endpoint=old_endpoint):
            PushSubscription.objects.update_or_create(
                endpoint=endpoint,
                region_id=subscription.region_id,
                language=subscription.language,
                defaults={"p256dh": p256dh, "auth": auth},
            )
            moved += 1
        PushSubscription.objects.filter(endpoint=old_endpoint).exclude(endpoint=endpoint).delete()
    return moved


def check_endpoint(endpoint: str) -> None:
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise SubscriptionError(_("The endpoint is longer than %(max)d characters.") % {"max": MAX_ENDPOINT_LENGTH})
    parts = urlsplit(endpoint)
    schemes = {"https", "http"} if settings.WEB_PUSH_ALLOW_HTTP else {"https"}
    host = (parts.hostname or "").lower()
    if parts.scheme not in schemes or not host or parts.username or parts.password:
        raise SubscriptionError(_("The endpoint must be an https:// address of a push service."))
    if not any(host == known or host.endswith("." + known) for known in settings.WEB_PUSH_SERVICE_HOSTS):
        raise SubscriptionError(_("“%(host)s” is not a push service this server sends to.") % {"host": host})


def check_keys(p256dh: str, auth: str) -> None:
    public_key = _decode(p256dh, _("The key “p256dh”"))
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
    except ValueError:
        raise SubscriptionError(_("The key “p256dh” is not a P-256 public key.")) from None
    if len(_decode(auth, _("The secret “auth”"))) != 16:
        raise SubscriptionError(_("The secret “auth” must be 16 bytes."))


def _decode(value: str, name: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise SubscriptionError(_("%(name)s is not base64url.") % {"name": name}) from None
