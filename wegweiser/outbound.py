"""Where requests to other servers may go: the one rule the calendar import and the link checker share."""

import ipaddress
import socket


class AddressNotFound(Exception):
    """The host name does not resolve."""


class PrivateAddress(Exception):
    """The host resolves to a private, loopback or link-local address."""


def connect_address(host: str, port: int, *, allow_private: bool = False) -> str:
    """The IP address to connect to (so the connection goes where was checked); private ones refused unless allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressNotFound(host) from None
    addresses = [str(info[4][0]) for info in found]
    if not allow_private:
        for text in addresses:
            ip = ipaddress.ip_address(text.split("%")[0])
            mapped = getattr(ip, "ipv4_mapped", None)
            if not ip.is_global or (mapped is not None and not mapped.is_global):
                raise PrivateAddress(host)
    return addresses[0]
