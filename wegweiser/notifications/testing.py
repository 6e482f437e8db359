"""Local stand-ins for the push services Wegweiser sends to, for tests and ``bench/push_bench.py``.

Both run an HTTP/1.1 server (keep-alive, one thread per connection) on ``127.0.0.1`` at a free port in a
background thread; use them as context managers (``with LocalPushService() as service:``) or with
``start()``/``stop()``. Nothing leaves the machine. The protocol code is written here from the RFCs with the
``cryptography`` primitives on purpose: pywebpush encrypts with ``http_ece`` and signs with ``py_vapid``, and a
test must not let a library check itself.

``LocalPushService`` is a Web Push service as browsers' vendors run them:

- RFC 8030 §5: a push message is a ``POST`` to the subscription's push resource; the answer is ``201 Created``
  with a ``Location``; §5.2 ``TTL`` (required), §5.3 ``Urgency``, §5.4 ``Topic``; §7.2 at most 4096 octets.
- RFC 8292 §2-3: ``Authorization: vapid t=<JWT>, k=<public key>``; the ES256 signature is checked with ``k``,
  ``aud`` must be the push resource's origin, ``exp`` in the future and at most 24 hours ahead, ``sub`` a
  ``mailto:`` or ``https:`` contact. §4: a subscription made with an ``applicationServerKey`` only accepts that
  key (403 otherwise).
- RFC 8291 §3.3-3.4 and RFC 8188 §2: the payload is decrypted with the browser's private key and auth secret
  (ECDH P-256, HKDF-SHA-256, AES-128-GCM); §4: a single record, ``keyid`` = the sender's 65-octet key, padding
  delimiter 0x02.

A refused request gets the status a real service sends (400, 401, 403, 404, 413, 415) with a text reason,
and is kept in ``service.rejections`` so that a test can assert why. ``service.answer(subscription, 410)``
scripts the failures a sender has to live with (expired subscriptions, rate limits, outages, hangs).

``LocalFcm`` fakes Firebase Cloud Messaging HTTP v1 (``POST /v1/projects/<project>/messages:send``) and
Google's OAuth 2.0 token endpoint (RFC 7523 §2.1 JWT bearer grant, RS256), with Google's error bodies.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import os
import re
import secrets
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "FCM_SCOPE",
    "BrowserSubscription",
    "LocalFcm",
    "LocalPushService",
    "ReceivedMessage",
    "Rejection",
    "b64url_decode",
    "b64url_encode",
    "decrypt_push_message",
]

FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"  # FCM accepts this one too
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"  # google-auth always puts this in the assertion's aud
MAX_PUSH_BODY = 4096  # RFC 8030 §7.2, RFC 8291 §4
AES128GCM_HEADER = 16 + 4 + 1 + 65  # salt, rs, idlen, keyid (RFC 8188 §2.1 with RFC 8291 §4)
URGENCIES = {"very-low", "low", "normal", "high"}  # RFC 8030 §5.3
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")  # RFC 8030 §5.4: at most 32 base64url characters
FCM_TOPIC = re.compile(r"[a-zA-Z0-9-_.~%]+")
FCM_MESSAGE_FIELDS = {"name", "data", "notification", "android", "webpush", "apns", "fcm_options"}
FCM_TARGETS = ("token", "topic", "condition")


def b64url_encode(data: bytes) -> str:
    """Base64url without padding, as browsers and JWTs write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Accepts base64url with or without padding; raises ``ValueError`` (binascii.Error) on bad input."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def _uncompressed(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def _check_aes128gcm_header(body: bytes) -> tuple[bytes, bytes, bytes]:
    """Split an aes128gcm body into salt, sender key and its one record (RFC 8188 §2.1, RFC 8291 §4)."""
    if len(body) < AES128GCM_HEADER + 17:
        raise ValueError("body is shorter than the aes128gcm header plus one record")
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    if id_length != 65 or body[21] != 4:
        raise ValueError("keyid must be the sender's uncompressed P-256 public key of 65 octets (RFC 8291 §4)")
    record = body[AES128GCM_HEADER:]
    if record_size < 18 or len(record) > record_size:
        raise ValueError("the payload must be a single record no longer than rs (RFC 8291 §4)")
    return salt, body[21:AES128GCM_HEADER], record


def decrypt_push_message(body: bytes, private_key: ec.EllipticCurvePrivateKey, auth_secret: bytes) -> bytes:
    """What the browser does with an ``aes128gcm`` push message: RFC 8291 §3.3-3.4 key derivation, RFC 8188 §2
    decryption of the single record. Raises ``ValueError`` with the reason when it cannot be decrypted."""
    salt, sender_public, record = _check_aes128gcm_header(body)
    try:
        sender_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_public)
    except ValueError:
        raise ValueError("keyid is not a point on P-256") from None
    ecdh_secret = private_key.exchange(ec.ECDH(), sender_key)
    key_info = b"WebPush: info\0" + _uncompressed(private_key.public_key()) + sender_public
    ikm = _hkdf(auth_secret, ecdh_secret, key_info, 32)
    cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\0", 16)
    nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\0", 12)  # record 0: the nonce XOR 0
    try:
        padded = AESGCM(cek).decrypt(nonce, record, None)
    except InvalidTag:
        raise ValueError("authentication failed: not encrypted for this subscription's keys") from None
    content = padded.rstrip(b"\0")
    if not content.endswith(b"\x02"):
        raise ValueError("the last record must end with the padding delimiter 0x02")
    return content[:-1]


@functools.lru_cache(maxsize=4096)
def _vapid_token_claims(token: str, key: str) -> dict[str, Any]:
    """The claims of an ES256 JWT whose signature ``key`` verifies (RFC 7515, RFC 7518 §3.4). Cached: a sender
    may reuse one token for many pushes, and a verified signature stays verified."""
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        claims = json.loads(b64url_decode(claims_b64))
        signature = b64url_decode(signature_b64)
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
    except ValueError:
        raise ValueError("the JWT or the key k is malformed") from None
    if not isinstance(header, dict) or header.get("alg") != "ES256" or not isinstance(claims, dict):
        raise ValueError("the JWT must be signed with ES256 and carry a JSON object of claims")
    if len(signature) != 64:
        raise ValueError("an ES256 signature is r || s, 64 octets")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        public_key.verify(der, f"{header_b64}.{claims_b64}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise ValueError("the JWT signature does not verify with the key k") from None
    return claims


def _verify_vapid(authorization: str, audience: str) -> tuple[str, str]:
    """Check an RFC 8292 ``Authorization`` header; returns the contact (``sub``) and the public key ``k``."""
    if not authorization:
        raise ValueError("an Authorization: vapid t=<JWT>, k=<public key> header is required (RFC 8292 §3)")
    scheme, _, parameters = authorization.strip().partition(" ")
    if scheme.lower() != "vapid":
        raise ValueError(f"expected the RFC 8292 'vapid' authorization scheme, not {scheme!r}")
    values = dict(part.strip().partition("=")[::2] for part in parameters.split(","))
    if not values.get("t") or not values.get("k"):
        raise ValueError("the vapid authorization needs t=<JWT> and k=<public key>")
    claims = _vapid_token_claims(values["t"], values["k"])
    if claims.get("aud") != audience:
        raise ValueError(f"aud must be the push resource's origin {audience!r}, not {claims.get('aud')!r}")
    exp, now = claims.get("exp"), time.time()
    if not isinstance(exp, int) or exp <= now:
        raise ValueError("the JWT has expired (exp)")
    if exp > now + 24 * 3600:
        raise ValueError("exp is more than 24 hours ahead")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.startswith(("mailto:", "https:")):
        raise ValueError("sub must be a mailto: or https: contact")
    return subject, values["k"]


@dataclass(frozen=True)
class ReceivedMessage:
    """A push message the service accepted, as the browser's service worker would get it."""

    token: str
    plaintext: bytes | None  # None when the service runs with decrypt=False
    ttl: int
    urgency: str | None
    topic: str | None
    vapid_subject: str
    vapid_public_key: str
    received_at: datetime

    def json(self) -> Any:
        """``event.data.json()`` in the service worker."""
        if self.plaintext is None:
            raise ValueError("the service did not decrypt this message (decrypt=False)")
        return json.loads(self.plaintext.decode("utf-8"))


@dataclass(frozen=True)
class Rejection:
    """A request a service refused, and why (the text of the answer)."""

    path: str
    status: int
    reason: str


@dataclass(eq=False)
class BrowserSubscription:
    """What ``pushManager.subscribe()`` gives a web app: the endpoint and the browser's keys, plus the
    messages that arrived for it."""

    endpoint: str
    p256dh: str
    auth: str
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    application_server_key: str | None = None
    messages: list[ReceivedMessage] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.endpoint.rsplit("/", 1)[1]

    @property
    def info(self) -> dict[str, Any]:
        """``PushSubscription.toJSON()`` without ``expirationTime``: what the web app posts to the API."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class _Request:
    method: str
    path: str
    headers: Message
    body: bytes


@dataclass
class _Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _text(status: int, reason: str, **headers: str) -> _Answer:
    return _Answer(status, reason.encode(), {"Content-Type": "text/plain; charset=utf-8", **headers})


def _json(status: int, data: Any) -> _Answer:
    return _Answer(status, json.dumps(data).encode(), {"Content-Type": "application/json; charset=UTF-8"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a sender with a session reuses its connection
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.service._lock:
            self.server.service.connection_count += 1

    def do_POST(self) -> None:
        length = self.headers.get("Content-Length", "0")
        known_length = length.isdigit() and "Transfer-Encoding" not in self.headers
        if not known_length or int(length) > 64 * 1024:
            self.close_connection = True  # the rest of the stream cannot be trusted
            self._send(_text(413 if known_length else 411, "a body with a Content-Length up to 64 KiB"))
            return
        request = _Request(self.command, self.path, self.headers, self.rfile.read(int(length)))
        self._send(self.server.service._dispatch(request))

    do_GET = do_PUT = do_DELETE = do_POST

    def _send(self, answer: _Answer) -> None:
        try:
            self.send_response(answer.status)
            for name, value in {**answer.headers, "Content-Length": str(len(answer.body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a benchmark sends ten thousand requests."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for keep-alive connections a client left open
    request_queue_size = 256

    def __init__(self, service: _LocalHttpService) -> None:
        self.service = service
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _LocalHttpService:
    """Start/stop of the server thread, request counting and rejection records shared by both fakes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.request_count = 0
        self.connection_count = 0
        self.rejections: list[Rejection] = []

    def start(self) -> Self:
        if self._server is None:
            self._stopping.clear()
            self._server = _Server(self)
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name=type(self).__name__, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._stopping.set()  # wakes requests that were told to hang
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, the origin of everything the service serves."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _dispatch(self, request: _Request) -> _Answer:
        with self._lock:
            self.request_count += 1
        return self._handle(request)

    def _handle(self, request: _Request) -> _Answer:
        raise NotImplementedError

    def _refuse(self, request: _Request, answer: _Answer, reason: str) -> _Answer:
        with self._lock:
            self.rejections.append(Rejection(request.path, answer.status, reason))
        return answer


class LocalPushService(_LocalHttpService):
    """A Web Push service (RFC 8030, 8291, 8292) for the browsers of ``new_subscription()``.

    With ``decrypt=False`` (for the benchmark) every check but the decryption itself still runs: headers, VAPID
    signature and claims, the aes128gcm header; messages are kept with ``plaintext=None``.
    A scripted ``"hang"`` waits ``hang_seconds`` (or until ``stop()``) and then answers 503.
    """

    def __init__(self, *, decrypt: bool = True, hang_seconds: float = 10.0) -> None:
        super().__init__()
        self.decrypt = decrypt
        self.hang_seconds = hang_seconds
        self._subscriptions: dict[str, BrowserSubscription] = {}
        self._scripts: dict[str, deque[tuple[int | str, int | None]]] = {}
        self._received: list[ReceivedMessage] = []

    def new_subscription(self, application_server_key: str | None = None) -> BrowserSubscription:
        """Subscribe a new browser: a P-256 key pair and a 16-octet auth secret (RFC 8291 §2), as browsers make
        them. With ``application_server_key`` (base64url), only pushes signed with that VAPID key are accepted."""
        private_key = ec.generate_private_key(ec.SECP256R1())
        subscription = BrowserSubscription(
            endpoint=f"{self.url}/push/{secrets.token_urlsafe(24)}",
            p256dh=b64url_encode(_uncompressed(private_key.public_key())),
            auth=b64url_encode(os.urandom(16)),
            private_key=private_key,
            application_server_key=application_server_key,
        )
        with self._lock:
            self._subscriptions[subscription.token] = subscription
        return subscription

    def answer(self, subscription: BrowserSubscription, *statuses: int | str, retry_after: int | None = None) -> None:
        """Answer the next valid pushes to ``subscription`` with these statuses, one each, then normally again:
        ``answer(sub, 410)`` (unsubscribed), ``answer(sub, 429, retry_after=60)``, ``answer(sub, 500, 500)``,
        ``answer(sub, "hang")``. A 2xx status means "accept normally"."""
        for status in statuses:
            if status != "hang" and not (isinstance(status, int) and 200 <= status <= 599):
                raise ValueError(f"not an HTTP status or 'hang': {status!r}")
        with self._lock:
            self._scripts.setdefault(subscription.token, deque()).extend((s, retry_after) for s in statuses)

    @property
    def received(self) -> list[ReceivedMessage]:
        """Every message accepted so far, for all subscriptions, in order of arrival."""
        with self._lock:
            return list(self._received)

    def _handle(self, request: _Request) -> _Answer:
        path, headers = request.path, request.headers
        subscription = self._subscriptions.get(path.removeprefix("/push/")) if path.startswith("/push/") else None
        if subscription is None:
            return self._refuse(request, _text(404, "no such push subscription"), "unknown push resource")
        if request.method != "POST":
            return self._refuse(request, _text(405, "push with POST", Allow="POST"), "method not allowed")

        def refuse(status: int, reason: str) -> _Answer:
            return self._refuse(request, _text(status, reason), reason)

        if len(request.body) > MAX_PUSH_BODY:
            return refuse(413, f"payload of {len(request.body)} octets is larger than {MAX_PUSH_BODY}")
        if request.body and (headers.get("Content-Encoding") or "").strip().lower() != "aes128gcm":
            return refuse(415, "Content-Encoding must be aes128gcm (RFC 8291 §4)")
        ttl = (headers.get("TTL") or "").strip()
        if not ttl.isdigit():
            return refuse(400, "a TTL header with a number of seconds is required (RFC 8030 §5.2)")
        urgency, topic = headers.get("Urgency"), headers.get("Topic")
        if urgency is not None and urgency not in URGENCIES:
            return refuse(400, f"Urgency must be one of {sorted(URGENCIES)} (RFC 8030 §5.3)")
        if topic is not None and not TOPIC.fullmatch(topic):
            return refuse(400, "Topic must be at most 32 base64url characters (RFC 8030 §5.4)")
        try:
            subject, key = _verify_vapid(headers.get("Authorization") or "", self.url)
        except ValueError as error:
            return refuse(401, f"VAPID: {error}")
        if subscription.application_server_key and b64url_decode(key) != b64url_decode(
            subscription.application_server_key
        ):
            return refuse(403, "VAPID: k is not the applicationServerKey of this subscription (RFC 8292 §4)")
        plaintext: bytes | None = b""
        try:
            if request.body and self.decrypt:
                plaintext = decrypt_push_message(
                    request.body, subscription.private_key, b64url_decode(subscription.auth)
                )
            elif request.body:
                _check_aes128gcm_header(request.body)
                plaintext = None
        except ValueError as error:
            return refuse(400, f"cannot decrypt: {error}")

        with self._lock:
            script = self._scripts.get(subscription.token)
            scripted, retry_after = script.popleft() if script else (201, None)
        if scripted == "hang":
            self._stopping.wait(self.hang_seconds)
            return _text(503, "the push service did not answer in time")
        if isinstance(scripted, int) and scripted >= 300:
            extra = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            return _text(scripted, f"scripted answer {scripted}", **extra)

        message = ReceivedMessage(
            subscription.token, plaintext, int(ttl), urgency, topic, subject, key, datetime.now(UTC)
        )
        with self._lock:
            subscription.messages.append(message)
            self._received.append(message)
        return _text(201, "", Location=f"{self.url}/message/{secrets.token_urlsafe(12)}", TTL=ttl)


@dataclass
class _ServiceAccount:
    info: dict[str, str]
    public_key: rsa.RSAPublicKey


FCM_ERRORS = {  # HTTP status → (google.rpc status, FCM error code) as FCM v1 answers them
    400: ("INVALID_ARGUMENT", "INVALID_ARGUMENT"),
    401: ("UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR"),
    403: ("PERMISSION_DENIED", "SENDER_ID_MISMATCH"),
    404: ("NOT_FOUND", "UNREGISTERED"),
    429: ("RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED"),
    500: ("INTERNAL", "INTERNAL"),
    503: ("UNAVAILABLE", "UNAVAILABLE"),
}


def _google_error(status: int, message: str) -> _Answer:
    rpc_status, fcm_code = FCM_ERRORS.get(status, ("UNKNOWN", "UNSPECIFIED_ERROR"))
    details = [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": fcm_code}]
    return _json(status, {"error": {"code": status, "message": message, "status": rpc_status, "details": details}})


def _fcm_message_problem(body: Any) -> str | None:
    """Why FCM v1 would refuse this ``messages:send`` body, or None."""
    if not isinstance(body, dict) or not isinstance(body.get("message"), dict):
        return "the body must be a JSON object with a 'message' object"
    if unknown := set(body) - {"message", "validate_only"}:
        return f"Invalid JSON payload received. Unknown name {sorted(unknown)[0]!r}"
    message = body["message"]
    if unknown := set(message) - FCM_MESSAGE_FIELDS - set(FCM_TARGETS):
        return f"Invalid JSON payload received. Unknown name {sorted(unknown)[0]!r} at 'message'"
    if len([target for target in FCM_TARGETS if target in message]) != 1:
        return "exactly one of message.token, message.topic and message.condition is required"
    if "topic" in message and not (isinstance(message["topic"], str) and FCM_TOPIC.fullmatch(message["topic"])):
        return f"Invalid topic name {message['topic']!r}: [a-zA-Z0-9-_.~%]+ without a /topics/ prefix"
    notification = message.get("notification", {})
    if not isinstance(notification, dict) or set(notification) - {"title", "body", "image"}:
        return "message.notification may only have title, body and image"
    if any(not isinstance(value, str) for value in notification.values()):
        return "message.notification title, body and image must be strings"
    data = message.get("data", {})
    if not isinstance(data, dict) or any(not isinstance(value, str) for value in data.values()):
        return "Invalid value at 'message.data': every value must be a string"
    for platform in ("android", "apns", "webpush", "fcm_options"):
        if not isinstance(message.get(platform, {}), dict):
            return f"message.{platform} must be an object"
    return None


class LocalFcm(_LocalHttpService):
    """Firebase Cloud Messaging HTTP v1 and Google's OAuth 2.0 token endpoint, at ``fcm.url``.

    ``service_account_info()`` makes the service-account JSON a project owner downloads from the Firebase
    console, with a fresh RSA key this fake verifies the token request with. Accepted messages are kept in
    ``messages``; ``token_requests`` counts token grants asked for (a sender should reuse its token).
    """

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[dict[str, Any]] = []
        self.token_requests = 0
        self._accounts: dict[str, _ServiceAccount] = {}  # by project id
        self._tokens: dict[str, str] = {}  # access token → project id
        self._script: deque[tuple[int, int | None]] = deque()
        self._message_ids = itertools.count(1)

    @property
    def token_uri(self) -> str:
        return f"{self.url}/token"

    def service_account_info(self, project_id: str = "wegweiser-test") -> dict[str, str]:
        """A service-account key as Google issues it (one per project; the same one on every call)."""
        with self._lock:
            if project_id not in self._accounts:
                private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                pem = private_key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ).decode("ascii")
                info = {
                    "type": "service_account",
                    "project_id": project_id,
                    "private_key_id": secrets.token_hex(20),
                    "private_key": pem,
                    "client_email": f"firebase-adminsdk@{project_id}.iam.gserviceaccount.com",
                    "client_id": str(secrets.randbelow(10**21)),
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": self.token_uri,
                    "universe_domain": "googleapis.com",
                }
                self._accounts[project_id] = _ServiceAccount(info, private_key.public_key())
            return dict(self._accounts[project_id].info)

    def write_service_account(self, path: str | os.PathLike[str], project_id: str = "wegweiser-test") -> Path:
        """Write ``service_account_info()`` as JSON to ``path`` (for ``FCM_SERVICE_ACCOUNT_FILE``)."""
        path = Path(path)
        path.write_text(json.dumps(self.service_account_info(project_id), indent=2), encoding="utf-8")
        return path

    def answer(self, *statuses: int, retry_after: int | None = None) -> None:
        """Answer the next valid ``messages:send`` requests with these error statuses (429, 500, 503, 404
        UNREGISTERED …), one each, with ``Retry-After`` if given; then normally again."""
        with self._lock:
            self._script.extend((status, retry_after) for status in statuses)

    def expire_tokens(self) -> None:
        """Forget every access token issued, as if an hour had passed: the next send gets 401."""
        with self._lock:
            self._tokens.clear()

    def _handle(self, request: _Request) -> _Answer:
        if request.method == "POST" and request.path == "/token":
            return self._grant_token(request)
        if request.method == "POST" and (match := re.fullmatch(r"/v1/projects/([^/]+)/messages:send", request.path)):
            return self._send(request, match[1])
        return self._refuse(request, _google_error(404, "Not Found"), "unknown URL")

    def _grant_token(self, request: _Request) -> _Answer:
        """RFC 7523 §2.1/§3: a JWT signed by the service account, answered like Google's token endpoint."""
        with self._lock:
            self.token_requests += 1

        def refuse(reason: str, error: str = "invalid_grant") -> _Answer:
            return self._refuse(request, _json(400, {"error": error, "error_description": reason}), reason)

        form = {name: values[0] for name, values in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return refuse(f"Invalid grant_type: {form.get('grant_type', '')}", "unsupported_grant_type")
        try:
            header_b64, claims_b64, signature_b64 = form.get("assertion", "").split(".")
            header, claims = json.loads(b64url_decode(header_b64)), json.loads(b64url_decode(claims_b64))
            signature = b64url_decode(signature_b64)
        except ValueError:
            return refuse("Invalid JWT: the assertion is not a JWT")
        if not isinstance(header, dict) or not isinstance(claims, dict) or header.get("alg") != "RS256":
            return refuse("Invalid JWT: RS256 with a JSON object of claims is required")
        account = next((a for a in self._accounts.values() if a.info["client_email"] == claims.get("iss")), None)
        if account is None:
            return refuse("Invalid grant: account not found")
        if header.get("kid", account.info["private_key_id"]) != account.info["private_key_id"]:
            return refuse("Invalid JWT Signature: unknown key id")
        try:
            signed = f"{header_b64}.{claims_b64}".encode("ascii")
            account.public_key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return refuse("Invalid JWT Signature.")
        if claims.get("aud") not in (self.token_uri, GOOGLE_TOKEN_URI):
            return refuse(f"Invalid JWT: aud must be {GOOGLE_TOKEN_URI} or the token_uri")
        issued, expires, now = claims.get("iat"), claims.get("exp"), time.time()
        if not (isinstance(issued, int) and isinstance(expires, int) and now - 300 < issued <= now + 60):
            return refuse("Invalid JWT: iat must be now (check the clock)")
        if not (now < expires and expires - issued <= 3600):
            return refuse("Invalid JWT: Token must be a short-lived token (60 minutes); check iat and exp")
        if not {FCM_SCOPE, CLOUD_PLATFORM_SCOPE} & set(str(claims.get("scope", "")).split()):
            return refuse("Invalid OAuth scope or ID token audience provided.", "invalid_scope")
        access_token = "ya29.local-" + secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[access_token] = account.info["project_id"]
        return _json(200, {"access_token": access_token, "expires_in": 3600, "token_type": "Bearer"})

    def _send(self, request: _Request, project_id: str) -> _Answer:
        scheme, _, access_token = (request.headers.get("Authorization") or "").partition(" ")
        with self._lock:
            token_project = self._tokens.get(access_token) if scheme.lower() == "bearer" else None
        if token_project is None:
            reason = "Request had invalid authentication credentials. Expected OAuth 2 access token."
            return self._refuse(request, _google_error(401, reason), reason)
        if token_project != project_id:
            reason = f"Permission 'cloudmessaging.messages.create' denied on resource 'projects/{project_id}'"
            return self._refuse(request, _google_error(403, reason), reason)
        try:
            body = json.loads(request.body)
        except ValueError:
            body = None
        if problem := _fcm_message_problem(body):
            return self._refuse(request, _google_error(400, problem), problem)
        with self._lock:
            status, retry_after = self._script.popleft() if self._script else (200, None)
        if status >= 300:
            answer = _google_error(status, f"scripted answer {status}")
            if retry_after is not None:
                answer.headers["Retry-After"] = str(retry_after)
            return answer
        with self._lock:
            name = f"projects/{project_id}/messages/{next(self._message_ids)}"
            if not body.get("validate_only"):
                self.messages.append(body["message"])
        return _json(200, {"name": name})
