"""Browsers subscribe to a region's news in a language through API v1, and leave again; bad input is refused."""

import base64
import json
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from wegweiser.notifications.models import PushSubscription
from wegweiser.notifications.subscriptions import MAX_TOPICS_PER_ENDPOINT
from wegweiser.notifications.vapid import generate_private_key_pem
from wegweiser.publishing.snapshots import rebuild_region_list
from wegweiser.regions.models import RegionPage

URL = "/api/v1/regions/{region}/{language}/push-subscriptions/"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys() -> dict:
    """Keys as a browser makes them: a P-256 public key (uncompressed point) and a 16-byte secret."""
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(point), "auth": b64url(os.urandom(16))}


@pytest.fixture
def push_on(settings, musterstadt, musterland):
    """Web Push configured on the server, and switched on for both demo regions (in the published region list)."""
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = generate_private_key_pem()
    switch_push(True, musterstadt, musterland)


def switch_push(on: bool, *regions) -> None:
    for region in regions:
        RegionPage.objects.filter(pk=region.pk).update(push_enabled=on)
    rebuild_region_list()


def post(client, url: str, body: dict, method: str = "post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_browser_subscribes_per_region_and_language_and_leaves_again(client, push_on, musterstadt):
    keys = browser_keys()
    body = {"endpoint": ENDPOINT, "keys": keys}
    first = post(client, URL.format(region="musterstadt", language="ar"), body)
    assert first.status_code == 201, first.content
    assert first.json() == {"region": "musterstadt", "language": "ar"}
    assert post(client, URL.format(region="musterstadt", language="ar"), body).status_code == 200
    assert post(client, URL.format(region="musterstadt", language="de"), body).status_code == 201
    stored = PushSubscription.objects.filter(endpoint=ENDPOINT)
    assert sorted(stored.values_list("language", flat=True)) == ["ar", "de"]
    assert {s.region_id for s in stored} == {musterstadt.pk}
    assert stored.first().subscription_info == {"endpoint": ENDPOINT, "keys": keys}

    gone = post(client, URL.format(region="musterstadt", language="ar"), {"endpoint": ENDPOINT}, "delete")
    assert gone.status_code == 204
    assert list(stored.values_list("language", flat=True)) == ["de"]
    again = post(client, URL.format(region="musterstadt", language="ar"), {"endpoint": ENDPOINT}, "delete")
    assert again.status_code == 204


def test_new_keys_of_a_browser_replace_the_old_ones_everywhere(client, push_on):
    post(client, URL.format(region="musterstadt", language="de"), {"endpoint": ENDPOINT, "keys": browser_keys()})
    renewed = browser_keys()
    post(client, URL.format(region="musterland", language="ar"), {"endpoint": ENDPOINT, "keys": renewed})
    assert set(PushSubscription.objects.filter(endpoint=ENDPOINT).values_list("p256dh", flat=True)) == {
        renewed["p256dh"]
    }


def test_a_renewed_subscription_follows_what_the_old_one_did(client, push_on):
    old = "https://updates.push.services.mozilla.com/wpush/v2/old"
    for region, language in [("musterstadt", "uk"), ("musterland", "de")]:
        post(client, URL.format(region=region, language=language), {"endpoint": old, "keys": browser_keys()})
    new_keys = browser_keys()
    answer = post(
        client,
        "/api/v1/push-subscriptions/renewal/",
        {"old_endpoint": old, "endpoint": ENDPOINT, "keys": new_keys},
    )
    assert answer.status_code == 200 and answer.json() == {"moved": 2}
    assert not PushSubscription.objects.filter(endpoint=old).exists()
    moved = PushSubscription.objects.filter(endpoint=ENDPOINT)
    assert sorted(moved.values_list("language", flat=True)) == ["de", "uk"]
    assert set(moved.values_list("auth", flat=True)) == {new_keys["auth"]}


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("http://fcm.googleapis.com/fcm/send/x", "https://"),
        ("https://169.254.169.254/latest/meta-data/", "not a push service"),
        ("https://example.org/push/1", "not a push service"),
        ("https://evil.fcm.googleapis.com.example.org/x", "not a push service"),
        ("https://user:secret@fcm.googleapis.com/x", "https://"),
        ("javascript:alert(1)", "https://"),
        ("https://fcm.googleapis.com/" + "x" * 1000, "at most 1000 characters"),
    ],
)
def test_endpoints_other_than_push_services_are_refused(client, push_on, settings, endpoint, message):
    settings.WEB_PUSH_ALLOW_HTTP = False
    answer = post(
        client, URL.format(region="musterstadt", language="de"), {"endpoint": endpoint, "keys": browser_keys()}
    )
    assert answer.status_code == 400
    assert message in answer.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": b64url(os.urandom(16))}, "not a P-256 public key"),
        ({"p256dh": "not base64 at all!", "auth": b64url(os.urandom(16))}, "p256dh"),
        ({"auth": b64url(os.urandom(16))}, "keys.p256dh"),
        ({**browser_keys(), "auth": b64url(os.urandom(8))}, "16 bytes"),
    ],
)
def test_keys_a_browser_cannot_have_are_refused(client, push_on, keys, message):
    answer = post(client, URL.format(region="musterstadt", language="de"), {"endpoint": ENDPOINT, "keys": keys})
    assert answer.status_code == 400
    assert message in answer.json()["error"]
    assert not PushSubscription.objects.exists()


def test_unknown_regions_languages_and_regions_without_push_answer_404(client, push_on, musterland, settings):
    body = {"endpoint": ENDPOINT, "keys": browser_keys()}
    assert post(client, URL.format(region="nowhere", language="de"), body).status_code == 404
    assert post(client, URL.format(region="musterland", language="uk"), body).status_code == 404
    switch_push(False, musterland)
    answer = post(client, URL.format(region="musterland", language="de"), body)
    assert answer.status_code == 404 and "sends no push notifications" in answer.json()["error"]
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = ""
    assert post(client, URL.format(region="musterstadt", language="de"), body).status_code == 404
    assert not PushSubscription.objects.exists()


def test_one_browser_follows_a_limited_number_of_topics(client, push_on, musterstadt):
    keys = browser_keys()
    PushSubscription.objects.bulk_create(
        PushSubscription(region=musterstadt, language=f"x{n}", endpoint=ENDPOINT, **keys)
        for n in range(MAX_TOPICS_PER_ENDPOINT)
    )
    answer = post(client, URL.format(region="musterstadt", language="de"), {"endpoint": ENDPOINT, "keys": keys})
    assert answer.status_code == 400 and "the most there can be" in answer.json()["error"]
    assert PushSubscription.objects.count() == MAX_TOPICS_PER_ENDPOINT
