"""Keeping the feedback endpoints usable when someone floods them: no CAPTCHA, no tracking, nothing stored.

Three defences, for API v1 and the Integreat-compatible v3 endpoint alike:

- **Rate limit per client.** Each feedback request is counted in Django's cache, per time window of
  ``settings.FEEDBACK_RATE_LIMIT``. The cache key is an HMAC-SHA256, keyed with ``SECRET_KEY``, of the client's
  address and the window: the address itself is never written anywhere, nothing goes into the database, and as
  the key changes with every window, counts of one client cannot be linked from one window to the next.
  Refused requests are not counted, so a reader whose app retries later is not locked out longer.
- **Size limit.** A body larger than ``settings.FEEDBACK_MAX_BYTES`` is refused before anything reads it.
- **Honeypot.** The web app's form has a field people never see (``website``); feedback with it filled is
  answered as accepted and not stored (see ``pretend_accepted`` and ``api.v1.feedback``).
"""

import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Feedback


@dataclass(frozen=True)
class Window:
    """At most ``limit`` feedback requests from one client per ``seconds``."""

    limit: int
    seconds: int

    def number(self, now: float) -> int:
        return int(now // self.seconds)

    def seconds_left(self, now: float) -> int:
        return max(1, math.ceil((self.number(now) + 1) * self.seconds - now))


def windows() -> list[Window]:
    return [Window(int(limit), int(seconds)) for limit, seconds in settings.FEEDBACK_RATE_LIMIT]


def client_address(request: HttpRequest) -> str:
    """Where the request comes from, as far as the rate limit is concerned.

    Behind a reverse proxy every request comes from the proxy; ``FEEDBACK_CLIENT_ADDRESS_HEADER`` (e.g.
    ``HTTP_X_FORWARDED_FOR``) then names the header the proxy puts the client's address in, and its last entry
    (the one the proxy added itself) is taken. IPv6 clients count per /64 network, since one connection usually
    has a whole /64 and could take a new address for every request.
    """
    address = ""
    header = settings.FEEDBACK_CLIENT_ADDRESS_HEADER
    if header:
        address = request.META.get(header, "").split(",")[-1].strip()
    address = address or request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def counter_key(address: str, window: Window, now: float) -> str:
    """The cache key counting one client in one window: no one can tell the address from it without SECRET_KEY."""
    message = f"feedback|{address}|{window.seconds}|{window.number(now)}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"feedback-limit:{digest}"


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _uncount(key: str) -> None:
    with suppress(ValueError):  # expired meanwhile: nothing left to take back
        cache.decr(key)


def current_time() -> float:
    """Seconds since 1970 (UTC), where the windows are counted from."""
    return time.time()


def seconds_to_wait(request: HttpRequest) -> int | None:
    """Count the request against every window; None when it may go through, else how long the client must wait."""
    now = current_time()
    address = client_address(request)
    counted = []
    wait = 0
    for window in windows():
        key = counter_key(address, window, now)
        counted.append(key)
        if _count(key, window.seconds_left(now) + 1) > window.limit:
            wait = max(wait, window.seconds_left(now))
    if not wait:
        return None
    for key in counted:
        _uncount(key)
    return wait


def body_size(request: HttpRequest) -> int:
    """The size the client announces; Django never reads more than that (an invalid size reads nothing)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def too_much(seconds: int) -> JsonResponse:
    minutes = max(1, math.ceil(seconds / 60))
    with translation.override("en"):
        message = ngettext(
            "Too much feedback from this connection. Please try again in %(minutes)s minute.",
            "Too much feedback from this connection. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
    response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def too_large() -> JsonResponse:
    with translation.override("en"):
        message = _("The feedback is too large (at most %(limit)s bytes).") % {"limit": settings.FEEDBACK_MAX_BYTES}
    return JsonResponse({"error": message}, status=413)


def refusal(request: HttpRequest) -> HttpResponse | None:
    """Why a feedback request is refused before it is read (429 or 413), or None to take it."""
    wait = seconds_to_wait(request)
    if wait is not None:
        return too_much(wait)
    if body_size(request) > settings.FEEDBACK_MAX_BYTES:
        return too_large()
    return None


def protect_feedback(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view taking feedback by POST: floods and oversized bodies are refused before the view runs."""

    @wraps(view)
    def protected(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            refused = refusal(request)
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return protected


def pretend_accepted() -> dict:
    """The answer to feedback caught by the honeypot: like a real one, so that a robot learns nothing."""
    last = Feedback.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return {"id": last + 1, "received": timezone.now().isoformat()}
