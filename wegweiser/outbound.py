"""Where requests to other servers may go, and the one way to make them.

Anything Wegweiser fetches from an address somebody typed in (a calendar feed, a link in a page, later the PDF
generator's images) goes through here: only ``http``/``https``; only to public addresses, checked after DNS and
again on every redirect, and the connection goes to the address that was checked (no second DNS answer); a time
limit per read and for the whole request; a size limit, read as a stream and stopped there. Private, loopback,
link-local, multicast and reserved addresses are refused, also hidden in IPv6 (IPv4-mapped, 6to4, Teredo, NAT64),
unless the caller allows them (an operator setting, for intranet calendars and for tests).

``fetch`` is a whole GET with all the rules (the calendar import uses it); ``connect_address`` is the address rule
alone and ``request_once`` one request to an address it checked (the link checker, which follows redirects itself:
one request at a time per host, ``HEAD`` before ``GET``). Services the operator configures (machine translation,
the geocoder, OpenSearch, push services' fixed hosts) are trusted and need not pass here.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urljoin, urlsplit

import urllib3
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
DEFAULT_USER_AGENT = "Wegweiser (a municipal guide for newcomers)"


class OutboundError(Exception):
    """A request to another server that was refused or failed; the message says why, for an editor."""


class AddressNotFound(OutboundError):
    """The host name does not resolve."""


class PrivateAddress(OutboundError):
    """The host resolves to a private, loopback, link-local, multicast or reserved address."""


class SchemeNotAllowed(OutboundError):
    """Not an http or https address."""


class TooLarge(OutboundError):
    """The answer is larger than the caller's limit."""


class TimedOut(OutboundError):
    """The server did not answer (or not completely) in time."""


class Unreachable(OutboundError):
    """No connection, a TLS problem or a broken answer."""


class TooManyRedirects(OutboundError):
    """The address redirects more often than allowed."""


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address on the public internet: not private, loopback, link-local, multicast, reserved or unspecified,
    and no such IPv4 address embedded in an IPv6 one."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64:
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if any(inner is not None and not is_public_address(inner) for inner in embedded):
            return False
        if ip.is_site_local:
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def connect_address(host: str, port: int, *, allow_private: bool = False) -> str:
    """The IP address to connect to (so the connection goes where was checked); private ones refused unless allowed.

    Every address the name resolves to must be public: a name answering with one public and one private address
    is refused, as the next lookup could prefer the other one."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressNotFound(_("The address “%(host)s” cannot be found.") % {"host": host}) from None
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise AddressNotFound(_("The address “%(host)s” cannot be found.") % {"host": host})
    if not allow_private:
        for text in addresses:
            if not is_public_address(ipaddress.ip_address(text.split("%")[0])):
                raise PrivateAddress(
                    _("“%(host)s” is a private or local address; only addresses on the internet can be fetched.")
                    % {"host": host}
                )
    return addresses[0]


@dataclass
class Fetched:
    """A complete answer: the address it finally came from (after redirects), its status, headers and body."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 10 * 1024 * 1024,
    allow_private: bool | None = None,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET ``url`` under the rules above. ``timeout`` limits each connect and read; the whole request (redirects
    included) gets twice that. ``allow_private`` None: the ``OUTBOUND_ALLOW_PRIVATE_ADDRESSES`` setting.
    Raises an :class:`OutboundError` subclass with a message for editors; any status is returned, not raised."""
    if allow_private is None:
        allow_private = getattr(settings, "OUTBOUND_ALLOW_PRIVATE_ADDRESSES", False)
    deadline = time.monotonic() + 2 * timeout
    for _hop in range(max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in ALLOWED_SCHEMES or not parts.hostname:
            raise SchemeNotAllowed(_("Only http and https addresses can be fetched, not “%(url)s”.") % {"url": url})
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise Unreachable(_("“%(url)s” is not a valid address.") % {"url": url}) from None
        address = connect_address(parts.hostname, port, allow_private=allow_private)
        response = request_once(parts, address, port, timeout=timeout, headers=headers)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = urljoin(url, location)
                continue
            body = _read_limited(response, max_bytes, deadline, timeout)
            return Fetched(url=url, status=response.status, headers=dict(response.headers), body=body)
        except urllib3.exceptions.TimeoutError:
            raise TimedOut(
                _("The server did not answer within %(seconds)s seconds.") % {"seconds": f"{timeout:g}"}
            ) from None
        except urllib3.exceptions.HTTPError as problem:
            raise Unreachable(_("The server could not be reached: %(problem)s") % {"problem": problem}) from None
        finally:
            response.release_conn()
    raise TooManyRedirects(_("The address redirects more than %(count)s times.") % {"count": max_redirects})


def request_once(
    parts: SplitResult,
    address: str,
    port: int,
    *,
    method: str = "GET",
    timeout: float = 10.0,
    headers: dict[str, str] | None = None,
) -> urllib3.BaseHTTPResponse:
    """One request for ``parts`` (a split URL) to ``address``, which ``connect_address`` checked: not redirected, the
    body not read yet (the caller reads or closes it). Raises :class:`TimedOut` or :class:`Unreachable`."""
    if parts.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=parts.hostname, assert_hostname=parts.hostname, cert_reqs="CERT_REQUIRED"
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = {"Host": parts.netloc.rpartition("@")[2], "User-Agent": DEFAULT_USER_AGENT, **(headers or {})}
    try:
        return pool.urlopen(
            method,
            target,
            headers=sent,
            redirect=False,
            retries=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
        )
    except urllib3.exceptions.NewConnectionError as problem:  # a subclass of TimeoutError in urllib3
        raise Unreachable(_("The server could not be reached: %(problem)s") % {"problem": problem}) from None
    except urllib3.exceptions.TimeoutError:
        raise TimedOut(
            _("The server did not answer within %(seconds)s seconds.") % {"seconds": f"{timeout:g}"}
        ) from None
    except urllib3.exceptions.HTTPError as problem:
        raise Unreachable(_("The server could not be reached: %(problem)s") % {"problem": problem}) from None


def _read_limited(response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, read in pieces and stopped as soon as it passes ``max_bytes`` or the deadline."""
    too_large = TooLarge(_("The answer is larger than %(size)s.") % {"size": filesizeformat(max_bytes)})
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    body = bytearray()
    for chunk in response.stream(64 * 1024):
        body.extend(chunk)
        if len(body) > max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise urllib3.exceptions.TimeoutError()
    return bytes(body)
