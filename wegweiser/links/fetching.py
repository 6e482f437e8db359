"""Asking a web server whether an address works, politely and safely.

Only http and https; the host's address is looked up once and the connection goes to exactly that address, which
must be on the internet — never a private, loopback or link-local one (unless ``LINK_CHECK_ALLOW_PRIVATE_ADDRESSES``,
for tests and closed networks), so the checker cannot be pointed at the server's own network. ``HEAD`` first, ``GET``
when a server refuses ``HEAD`` (405, 501; the body is not read); redirects are followed to the end. Every request
to a host goes through a ``HostGate``: one request at a time per host, with a gap between them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from django.utils.translation import gettext as _

from wegweiser.outbound import AddressNotFound, OutboundError, PrivateAddress, connect_address, request_once

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT_REDIRECTS = (301, 308)
#: Answers to ``HEAD`` that mean "ask me with ``GET``".
HEAD_REFUSED = (405, 501)


class Unreachable(Exception):
    """The address cannot be asked at all; the message says why, for the editor."""


@dataclass
class Answer:
    """How a check of one address went. ``outcome`` is one of ``ok``, ``redirected`` (moved for good), ``broken``."""

    outcome: str
    status_code: int | None = None
    final_url: str = ""
    error: str = ""


class HostGate:
    """At most one request at a time to each host, and at least ``gap`` seconds from the end of one to the next."""

    def __init__(self, gap: float):
        self.gap = gap
        self._lock = threading.Lock()
        self._hosts: dict[str, list] = {}

    @contextmanager
    def visit(self, host: str) -> Iterator[None]:
        with self._lock:
            entry = self._hosts.setdefault(host.lower(), [threading.Lock(), None])
        with entry[0]:
            if entry[1] is not None:
                wait = entry[1] + self.gap - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                entry[1] = time.monotonic()


def public_address(host: str, port: int, *, allow_private: bool = False) -> str:
    """The IP address to connect to; a private, loopback or link-local one is refused unless allowed."""
    try:
        return connect_address(host, port, allow_private=allow_private)
    except AddressNotFound:
        raise Unreachable(_("The address “%(host)s” cannot be found.") % {"host": host}) from None
    except PrivateAddress:
        raise Unreachable(
            _("“%(host)s” is a private or local address; only addresses on the internet are checked.") % {"host": host}
        ) from None


@dataclass
class Asker:
    """What every request of one check run shares: time limit, User-Agent, the gate, whether private addresses count."""

    timeout: float
    user_agent: str
    gate: HostGate
    allow_private: bool = False

    def check(self, url: str) -> Answer:
        """Follow the address to its end and say how it went."""
        current = url
        moved = False
        for hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Answer("broken", error=_("Only http and https addresses can be checked."))
            try:
                with self.gate.visit(parts.hostname):
                    status, location = self.ask(parts, "HEAD")
                    if status in HEAD_REFUSED:
                        status, location = self.ask(parts, "GET")
            except Unreachable as problem:
                return Answer("broken", error=str(problem))
            if status in REDIRECTS and location:
                if hop == 0 and status in PERMANENT_REDIRECTS:
                    moved = True
                current = urljoin(current, location)
                continue
            if status >= 400:
                return Answer(
                    "broken",
                    status_code=status,
                    final_url=current if current != url else "",
                    error=_("The server answered with HTTP %(status)s.") % {"status": status},
                )
            return Answer("redirected" if moved else "ok", status, current if current != url else "")
        return Answer("broken", final_url=current, error=_("The address redirects too often."))

    def ask(self, parts: SplitResult, method: str) -> tuple[int, str]:
        """One request; the status and the ``Location`` header. The body is never read."""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = public_address(parts.hostname or "", port, allow_private=self.allow_private)
        headers = {"User-Agent": self.user_agent, "Accept": "*/*"}
        try:
            response = request_once(parts, address, port, method=method, timeout=self.timeout, headers=headers)
        except OutboundError as problem:
            raise Unreachable(str(problem)) from None
        response.close()
        return response.status, response.headers.get("Location", "")
