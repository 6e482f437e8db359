"""The channels a news notification goes out on, behind one interface.

- ``WebPushSender``: every browser subscribed to the region and language (Web Push: RFC 8030 delivery,
  RFC 8291 encryption with pywebpush, RFC 8292 VAPID), in parallel over kept-alive connections.
- ``FcmSender``: one message to the Firebase Cloud Messaging topic ``<region>-<lang>-news`` that the native
  apps subscribe to (FCM HTTP v1, authenticated with a service account). Off unless configured.

A sender sends to the recipients it is given and reports what became of each; ``sending.py`` keeps the
counts and schedules retries.
"""

import json
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Protocol
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone
from pywebpush import WebPusher
from requests.adapters import HTTPAdapter

from .models import NewsNotification, PushSubscription
from .vapid import vapid_key

#: How long push services keep a notification for a device that is offline (seconds): news stay news for a day.
TIME_TO_LIVE = 24 * 60 * 60
#: Answers that say "try again later"; anything else that is not a success is final.
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}
#: Answers that say the subscription no longer exists (RFC 8030 §7.3: 404 and 410).
GONE = {404, 410}


@dataclass
class Outcome:
    """What became of the sending to the recipients a sender was given."""

    delivered: int = 0
    gone: list[str] = field(default_factory=list)  # endpoints to forget
    retry: list[int] = field(default_factory=list)  # subscription ids (Web Push) or [0] (one topic message)
    failed: int = 0
    retry_after: float = 0.0  # seconds the service asked us to wait, at most
    error: str = ""
    reference: str = ""

    def add_retry(self, key: int, response: requests.Response | None, error: str) -> None:
        self.retry.append(key)
        self.error = error
        if response is not None:
            self.retry_after = max(self.retry_after, retry_after_seconds(response))


class Sender(Protocol):
    name: str

    def is_active(self) -> bool: ...

    def recipients(self, notification: NewsNotification) -> list[int]:
        """Keys of the recipients (subscription ids; ``[0]`` for one topic message)."""
        ...

    def send(self, notification: NewsNotification, payload: dict, recipients: list[int]) -> Outcome: ...


def retry_after_seconds(response: requests.Response) -> float:
    """A ``Retry-After`` header as seconds (a number or an HTTP date); 0 when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return 0.0
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return 0.0


class WebPushSender:
    name = "web-push"

    def is_active(self) -> bool:
        return vapid_key() is not None

    def recipients(self, notification: NewsNotification) -> list[int]:
        subscriptions = PushSubscription.objects.filter(region=notification.region, language=notification.language)
        return list(subscriptions.values_list("pk", flat=True))

    def send(self, notification: NewsNotification, payload: dict, recipients: list[int]) -> Outcome:
        data = json.dumps(payload, ensure_ascii=False).encode()
        subscriptions = PushSubscription.objects.filter(pk__in=recipients).only("pk", "endpoint", "p256dh", "auth")
        return push_to_all(subscriptions.iterator(chunk_size=2000), data)


def push_to_all(subscriptions: Iterable[PushSubscription], data: bytes) -> Outcome:
    """Encrypt ``data`` for every subscription and post it to its push service, ``WEB_PUSH_CONCURRENCY`` at a time."""
    key = vapid_key()
    assert key is not None, "Web Push needs WEB_PUSH_VAPID_PRIVATE_KEY"
    outcome = Outcome()
    lock = threading.Lock()
    local = threading.local()
    signatures: dict[str, tuple[float, dict]] = {}

    def vapid_headers(endpoint: str) -> dict:
        """One signature per push service and hour (RFC 8292 allows up to 24 h), not one per message."""
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        with lock:
            expires, headers = signatures.get(audience, (0.0, {}))
            if expires - time.time() < 3600:
                expires = time.time() + 2 * 3600
                claims = {"sub": settings.WEB_PUSH_CONTACT, "aud": audience, "exp": int(expires)}
                headers = key.sign(claims)
                signatures[audience] = (expires, headers)
            return headers

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.mount("http://", HTTPAdapter(pool_maxsize=4))
            local.session.mount("https://", HTTPAdapter(pool_maxsize=4))
        return local.session

    def push(subscription: PushSubscription) -> None:
        service = urlsplit(subscription.endpoint).netloc
        headers = {**vapid_headers(subscription.endpoint), "Urgency": "normal"}
        response = None
        try:
            response = WebPusher(subscription.subscription_info, requests_session=session()).send(
                data, headers=headers, ttl=TIME_TO_LIVE, timeout=settings.WEB_PUSH_TIMEOUT
            )
            status = response.status_code
        except requests.RequestException as problem:
            with lock:
                outcome.add_retry(subscription.pk, None, f"{type(problem).__name__}: {problem}")
            return
        except Exception as problem:  # a subscription with keys the encryption rejects
            with lock:
                outcome.failed += 1
                outcome.error = f"{subscription.endpoint[:80]}: {problem}"
            return
        with lock:
            if status in (200, 201, 202):
                outcome.delivered += 1
            elif status in GONE:
                outcome.gone.append(subscription.endpoint)
            elif status in TRANSIENT:
                outcome.add_retry(
                    subscription.pk, response, f"HTTP {status} from {urlsplit(subscription.endpoint).netloc}"
                )
            else:
                outcome.failed += 1
                outcome.error = f"HTTP {status} from {service}: {response.text[:200]}"

    with ThreadPoolExecutor(max_workers=settings.WEB_PUSH_CONCURRENCY) as pool:
        for _ in pool.map(push, subscriptions):
            pass
    return outcome


class FcmSender:
    """Firebase Cloud Messaging HTTP v1: one message per notification to the topic the native apps subscribe to."""

    name = "fcm"
    scope = "https://www.googleapis.com/auth/firebase.messaging"

    def is_active(self) -> bool:
        return bool(settings.FCM_PROJECT_ID and settings.FCM_SERVICE_ACCOUNT_FILE)

    def recipients(self, notification: NewsNotification) -> list[int]:
        return [0]

    def send(self, notification: NewsNotification, payload: dict, recipients: list[int]) -> Outcome:
        outcome = Outcome()
        url = f"{settings.FCM_API_URL.rstrip('/')}/v1/projects/{settings.FCM_PROJECT_ID}/messages:send"
        try:
            response = _fcm_session(settings.FCM_SERVICE_ACCOUNT_FILE).post(
                url, json={"message": fcm_message(notification, payload)}, timeout=settings.WEB_PUSH_TIMEOUT
            )
        except Exception as problem:  # network, or the token endpoint refused (google.auth.exceptions)
            outcome.add_retry(0, None, f"{type(problem).__name__}: {problem}")
            return outcome
        if response.status_code == 200:
            outcome.delivered = 1
            outcome.reference = response.json().get("name", "")
        elif response.status_code in TRANSIENT:
            outcome.add_retry(0, response, f"HTTP {response.status_code} from FCM")
        else:
            outcome.failed = 1
            outcome.error = f"HTTP {response.status_code} from FCM: {response.text[:300]}"
        return outcome


def fcm_topic(region_slug: str, language: str) -> str:
    return f"{region_slug}-{language}-news"


def fcm_message(notification: NewsNotification, payload: dict) -> dict:
    """The FCM v1 message; ``data`` also carries the fields Integreat's apps read (all values strings)."""
    region_slug = notification.region.slug
    return {
        "topic": fcm_topic(region_slug, notification.language),
        "notification": {"title": payload["title"], "body": payload["body"]},
        "data": {
            "url": payload["url"],
            "news_id": str(notification.news_id or ""),
            "city_code": region_slug,
            "language_code": notification.language,
            "channel": "news",
        },
        "android": {"priority": "high"},
        "apns": {"payload": {"aps": {"sound": "default"}}},
    }


@lru_cache(maxsize=2)
def _fcm_session(service_account_file: str):
    from google.auth.transport.requests import AuthorizedSession
    from google.oauth2 import service_account

    credentials = service_account.Credentials.from_service_account_file(service_account_file, scopes=[FcmSender.scope])
    return AuthorizedSession(credentials)


SENDERS: list[Sender] = [WebPushSender(), FcmSender()]


def active_senders() -> list[Sender]:
    return [sender for sender in SENDERS if sender.is_active()]


def sender_named(name: str) -> Sender | None:
    return next((sender for sender in SENDERS if sender.name == name), None)
