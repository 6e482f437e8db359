"""The local push services the notification tests and the push benchmark talk to (``notifications.testing``).

The Web Push service decrypts with its own RFC 8291 code, so these tests check pywebpush (the sender Wegweiser
uses) against an independent implementation, and that implementation against the RFC's own example.
"""

import json
import threading
import time
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from google.auth import jwt as google_jwt
from google.auth.crypt import RSASigner
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import service_account
from py_vapid import Vapid, Vapid01
from pywebpush import WebPusher, WebPushException, webpush

from wegweiser.notifications.testing import (
    FCM_SCOPE,
    LocalFcm,
    LocalPushService,
    b64url_decode,
    b64url_encode,
    decrypt_push_message,
)

CONTACT = "mailto:push@musterstadt.example"
NEWS = {
    "title": "Neue Öffnungszeiten",
    "body": "مكتب الأجانب مفتوح يوم السبت",
    "url": "/musterstadt/ar/news/local/123/",
    "lang": "ar",
    "dir": "rtl",
}


@pytest.fixture
def service():
    with LocalPushService(hang_seconds=5) as service:
        yield service


@pytest.fixture
def vapid() -> Vapid:
    key = Vapid()
    key.generate_keys()
    return key


def application_server_key(vapid: Vapid) -> str:
    """What the web app passes to ``pushManager.subscribe()``."""
    return b64url_encode(
        vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def push(subscription_info: dict, vapid: Vapid | Vapid01, **kwargs) -> requests.Response:
    kwargs.setdefault("vapid_claims", {"sub": CONTACT})
    response = webpush(subscription_info, data=json.dumps(NEWS, ensure_ascii=False), vapid_private_key=vapid, **kwargs)
    assert isinstance(response, requests.Response)
    return response


def refused(call) -> WebPushException:
    with pytest.raises(WebPushException) as caught:
        call()
    return caught.value


def test_decrypts_the_example_of_rfc_8291():
    """RFC 8291 §5 / Appendix A: the user agent's keys and the encrypted message of the RFC."""
    ua_private = ec.derive_private_key(
        int.from_bytes(b64url_decode("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"), "big"), ec.SECP256R1()
    )
    body = b64url_decode(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
        "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
        "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    )
    auth = b64url_decode("BTBZMqHH6r4Tts7J_aSIgg")
    assert decrypt_push_message(body, ua_private, auth) == b"When I grow up, I want to be a watermelon"
    with pytest.raises(ValueError, match="not encrypted for this subscription"):
        decrypt_push_message(body, ua_private, bytes(16))
    tampered = body[:-1] + bytes([body[-1] ^ 1])
    with pytest.raises(ValueError, match="authentication failed"):
        decrypt_push_message(tampered, ua_private, auth)


def test_subscription_keys_look_like_a_browsers(service):
    subscription = service.new_subscription()
    public_key = b64url_decode(subscription.p256dh)
    assert len(public_key) == 65 and public_key[0] == 4
    assert len(b64url_decode(subscription.auth)) == 16
    assert "=" not in subscription.p256dh + subscription.auth
    assert subscription.endpoint.startswith(f"{service.url}/push/")
    assert subscription.info == {
        "endpoint": subscription.endpoint,
        "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
    }
    assert service.new_subscription().endpoint != subscription.endpoint


def test_pywebpush_message_arrives_decrypted_in_arabic(service, vapid):
    subscription = service.new_subscription(application_server_key=application_server_key(vapid))
    other = service.new_subscription()

    response = push(subscription.info, vapid, ttl=86400, headers={"Urgency": "high", "Topic": "news-123"})

    assert response.status_code == 201
    assert response.headers["Location"].startswith(f"{service.url}/message/")
    [message] = subscription.messages
    assert message.json() == NEWS
    assert "مكتب الأجانب".encode() in (message.plaintext or b"")  # UTF-8 on the wire, not \u escapes
    assert (message.ttl, message.urgency, message.topic) == (86400, "high", "news-123")
    assert message.vapid_subject == CONTACT
    assert message.vapid_public_key == application_server_key(vapid)
    assert service.received == [message]
    assert other.messages == []
    assert service.rejections == []


def test_pywebpush_sends_ttl_zero_unless_told(service, vapid):
    subscription = service.new_subscription()
    push(subscription.info, vapid)
    assert subscription.messages[0].ttl == 0
    assert subscription.messages[0].urgency is None


def test_payload_encrypted_for_another_subscription_is_refused(service, vapid):
    subscription, other = service.new_subscription(), service.new_subscription()
    wrong_keys = {"endpoint": subscription.endpoint, "keys": other.info["keys"]}

    error = refused(lambda: push(wrong_keys, vapid))

    assert error.status_code == 400
    assert "not encrypted for this subscription's keys" in service.rejections[-1].reason
    assert subscription.messages == [] and other.messages == []


def sign(vapid: Vapid, **claims) -> dict[str, str]:
    return vapid.sign({"sub": CONTACT, "exp": int(time.time()) + 3600, **claims})


def test_vapid_problems_are_refused_with_the_reason(service, vapid):
    subscription = service.new_subscription()
    origin = service.url
    other_key = Vapid()
    other_key.generate_keys()
    forged = sign(vapid, aud=origin)["Authorization"].split(",k=")[0] + ",k=" + application_server_key(other_key)
    cases = {
        "signature does not verify": {"Authorization": forged},
        "aud must be the push resource's origin": sign(vapid, aud="https://fcm.googleapis.com"),
        "has expired": sign(vapid, aud=origin, exp=int(time.time()) - 60),
        "more than 24 hours ahead": sign(vapid, aud=origin, exp=int(time.time()) + 48 * 3600),
        "'vapid' authorization scheme": Vapid01.from_pem(vapid.private_pem()).sign({"sub": CONTACT, "aud": origin}),
        "header is required": {},
        "needs t=<JWT> and k=": {"Authorization": "vapid t=abc"},
    }
    for reason, headers in cases.items():
        response = WebPusher(subscription.info).send(json.dumps(NEWS), headers=headers, ttl=60)
        assert isinstance(response, requests.Response)
        assert response.status_code == 401, reason
        assert reason in response.text
        assert reason in service.rejections[-1].reason
    assert len(service.rejections) == len(cases)
    assert subscription.messages == []


def test_reused_claims_carry_the_first_services_aud(vapid):
    """pywebpush writes ``aud`` (and ``exp``) into the caller's ``vapid_claims``: a sender that reuses one
    dict for endpoints of different push services signs for the wrong one."""
    with LocalPushService() as first, LocalPushService() as second:
        claims: dict = {"sub": CONTACT}
        push(first.new_subscription().info, vapid, vapid_claims=claims)
        assert claims["aud"] == first.url

        error = refused(lambda: push(second.new_subscription().info, vapid, vapid_claims=claims))

        assert error.status_code == 401
        assert second.rejections[-1].reason.startswith("VAPID: aud must be")
        assert push(second.new_subscription().info, vapid, vapid_claims={"sub": CONTACT}).status_code == 201


def test_restricted_subscription_refuses_another_vapid_key(service, vapid):
    other_key = Vapid()
    other_key.generate_keys()
    subscription = service.new_subscription(application_server_key=application_server_key(other_key))

    error = refused(lambda: push(subscription.info, vapid))

    assert error.status_code == 403
    assert "applicationServerKey" in service.rejections[-1].reason
    assert subscription.messages == []


def test_request_problems(service, vapid):
    subscription = service.new_subscription()
    assert refused(lambda: push(subscription.info, vapid, content_encoding="aesgcm")).status_code == 415
    too_long = dict(NEWS, body="x" * 4000)
    error = refused(lambda: webpush(subscription.info, json.dumps(too_long), vapid, {"sub": CONTACT}))
    assert error.status_code == 413
    assert refused(lambda: push(subscription.info, vapid, headers={"Urgency": "urgent"})).status_code == 400
    assert refused(lambda: push(subscription.info, vapid, headers={"Topic": "news/123"})).status_code == 400
    unknown = dict(subscription.info, endpoint=f"{service.url}/push/unknown")
    assert refused(lambda: push(unknown, vapid)).status_code == 404
    assert [r.status for r in service.rejections] == [415, 413, 400, 400, 404]
    assert subscription.messages == []


def test_scripted_answers_then_normal_again(service, vapid):
    subscription, other = service.new_subscription(), service.new_subscription()
    service.answer(subscription, 410)
    service.answer(other, 429, retry_after=120)
    service.answer(other, 500, 503)

    assert refused(lambda: push(subscription.info, vapid)).status_code == 410
    rate_limited = refused(lambda: push(other.info, vapid))
    assert (rate_limited.status_code, rate_limited.retry_after) == (429, "120")
    assert refused(lambda: push(other.info, vapid)).status_code == 500
    assert refused(lambda: push(other.info, vapid)).status_code == 503
    assert push(other.info, vapid).status_code == 201
    assert push(subscription.info, vapid).status_code == 201

    assert [len(subscription.messages), len(other.messages)] == [1, 1]
    assert service.request_count == 6
    assert service.rejections == []  # scripted answers are not protocol errors
    with pytest.raises(ValueError):
        service.answer(subscription, 99)


def test_hanging_push_service_runs_into_the_client_timeout(service, vapid):
    subscription = service.new_subscription()
    service.answer(subscription, "hang")
    with pytest.raises(requests.Timeout):
        push(subscription.info, vapid, timeout=0.5)
    assert subscription.messages == []
    assert push(subscription.info, vapid, timeout=10).status_code == 201


def test_session_keeps_one_connection_and_threads_are_served_concurrently(service, vapid):
    subscription = service.new_subscription()
    with requests.Session() as session:
        for _ in range(3):
            push(subscription.info, vapid, requests_session=session)
    assert service.connection_count == 1

    push(subscription.info, vapid)
    push(subscription.info, vapid)
    assert service.connection_count == 3  # webpush() without a session opens a connection per push

    subscriptions = [service.new_subscription() for _ in range(8)]
    threads = [threading.Thread(target=push, args=(s.info, vapid)) for s in subscriptions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(s.messages) == 1 for s in subscriptions)
    assert len(service.received) == 5 + 8


def test_without_decryption_the_service_still_checks_and_counts():
    vapid = Vapid()
    vapid.generate_keys()
    with LocalPushService(decrypt=False) as service:
        subscription = service.new_subscription()
        assert push(subscription.info, vapid).status_code == 201
        wrong_aud = {"sub": CONTACT, "aud": "https://push.example.net"}
        assert refused(lambda: push(subscription.info, vapid, vapid_claims=wrong_aud)).status_code == 401
        not_encrypted = {"Content-Encoding": "aes128gcm", "TTL": "60", **sign(vapid, aud=service.url)}
        assert requests.post(subscription.endpoint, data=b"x" * 200, headers=not_encrypted).status_code == 400
        [message] = subscription.messages
        assert message.plaintext is None
        with pytest.raises(ValueError):
            message.json()
        assert service.request_count == 3
        assert [r.status for r in service.rejections] == [401, 400]


@pytest.fixture
def fcm():
    with LocalFcm() as fcm:
        yield fcm


def send_url(fcm: LocalFcm, project: str = "wegweiser-test") -> str:
    return f"{fcm.url}/v1/projects/{project}/messages:send"


def credentials(info: dict, scopes=(FCM_SCOPE,)) -> service_account.Credentials:
    return service_account.Credentials.from_service_account_info(info, scopes=list(scopes))


def test_google_auth_gets_a_token_and_fcm_accepts_a_topic_message(fcm, tmp_path):
    info = fcm.service_account_info()
    assert info["type"] == "service_account" and info["token_uri"] == f"{fcm.url}/token"
    assert info["private_key"].startswith("-----BEGIN PRIVATE KEY-----")
    path = fcm.write_service_account(tmp_path / "fcm.json")
    session = AuthorizedSession(service_account.Credentials.from_service_account_file(path, scopes=[FCM_SCOPE]))
    message: dict[str, Any] = {
        "topic": "musterstadt-ar-news",
        "notification": {"title": NEWS["title"], "body": NEWS["body"]},
        "data": {"url": NEWS["url"], "lang": "ar"},
        "android": {"priority": "high"},
        "apns": {"payload": {"aps": {"sound": "default"}}},
    }

    first = session.post(send_url(fcm), json={"message": message})
    second = session.post(send_url(fcm), json={"message": dict(message, topic="musterstadt-de-news")})

    assert first.status_code == 200
    assert first.json() == {"name": "projects/wegweiser-test/messages/1"}
    assert second.json() == {"name": "projects/wegweiser-test/messages/2"}
    assert fcm.messages == [message, dict(message, topic="musterstadt-de-news")]
    assert fcm.token_requests == 1  # the credentials reuse their token
    assert fcm.rejections == []


@pytest.mark.parametrize(
    "message, problem",
    [
        ({"topic": "/topics/musterstadt-ar-news"}, "Invalid topic name"),
        ({"topic": "musterstadt ar"}, "Invalid topic name"),
        ({"topic": "musterstadt-ar-news", "data": {"id": 123}}, "every value must be a string"),
        ({"topic": "musterstadt-ar-news", "notification": {"title": 1}}, "must be strings"),
        ({"topic": "musterstadt-ar-news", "token": "device"}, "exactly one of"),
        ({"notification": {"title": "x"}}, "exactly one of"),
        ({"topic": "musterstadt-ar-news", "priority": "high"}, "Unknown name 'priority'"),
    ],
)
def test_fcm_refuses_invalid_messages(fcm, message, problem):
    session = AuthorizedSession(credentials(fcm.service_account_info()))

    response = session.post(send_url(fcm), json={"message": message})

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT")
    assert problem in error["message"]
    assert fcm.messages == []


def test_fcm_refuses_wrong_bearer_tokens_and_projects(fcm):
    message = {"message": {"topic": "musterstadt-ar-news"}}
    response = requests.post(send_url(fcm), json=message, headers={"Authorization": "Bearer ya29.guessed"})
    assert response.status_code == 401
    assert response.json()["error"]["status"] == "UNAUTHENTICATED"

    session = AuthorizedSession(credentials(fcm.service_account_info()))
    response = session.post(send_url(fcm, "another-project"), json=message)
    assert (response.status_code, response.json()["error"]["status"]) == (403, "PERMISSION_DENIED")

    assert session.post(send_url(fcm), json=message).status_code == 200
    fcm.expire_tokens()
    assert session.post(send_url(fcm), json=message).status_code == 200  # AuthorizedSession refreshes on 401
    assert fcm.token_requests == 2
    assert len(fcm.messages) == 2


def test_token_endpoint_refuses_bad_assertions(fcm):
    info = fcm.service_account_info()
    with pytest.raises(RefreshError, match="invalid_scope"):
        credentials(info, scopes=["https://www.googleapis.com/auth/userinfo.email"]).refresh(Request())

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    stranger_pem = stranger.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    with pytest.raises(RefreshError, match="Invalid JWT Signature"):
        credentials(dict(info, private_key=stranger_pem)).refresh(Request())

    now = int(time.time())
    signer = RSASigner.from_service_account_info(info)
    long_lived = google_jwt.encode(
        signer,
        {"iss": info["client_email"], "aud": info["token_uri"], "scope": FCM_SCOPE, "iat": now, "exp": now + 7200},
    )
    grant = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": long_lived}
    response = requests.post(info["token_uri"], data=grant)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert "short-lived" in response.json()["error_description"]
    assert fcm.token_requests == 3
    assert len(fcm.rejections) == 3


def test_fcm_scripted_failures_carry_retry_after(fcm):
    session = AuthorizedSession(credentials(fcm.service_account_info()))
    message: dict[str, Any] = {"message": {"token": "device-token", "data": {"url": "/musterstadt/de/news/local/1/"}}}
    fcm.answer(429, retry_after=30)
    fcm.answer(404)

    rate_limited = session.post(send_url(fcm), json=message)
    unregistered = session.post(send_url(fcm), json=message)
    accepted = session.post(send_url(fcm), json=message)

    assert (rate_limited.status_code, rate_limited.headers["Retry-After"]) == (429, "30")
    assert rate_limited.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert unregistered.json()["error"]["details"][0]["errorCode"] == "UNREGISTERED"
    assert accepted.status_code == 200
    assert fcm.messages == [message["message"]]
