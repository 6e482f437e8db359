"""The one way out (``wegweiser.outbound``), against local servers: redirects to private addresses, oversized and
hanging answers, schemes other than http(s), and addresses hiding a private one."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wegweiser import outbound


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/ok":
            self._answer(200, b"Hallo")
        elif self.path == "/to-local":
            self._redirect(f"http://127.0.0.1:{self.server.server_address[1]}/ok")  # type: ignore[index]
        elif self.path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif self.path == "/loop":
            self._redirect("/loop")
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()  # no Content-Length: the reader has to count
            for _ in range(100):
                self.wfile.write(b"x" * 10_000)
        elif self.path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
        elif self.path == "/hang":
            time.sleep(3)
            self._answer(200, b"late")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_a_local_server_is_refused_unless_allowed(server):
    with pytest.raises(outbound.PrivateAddress, match="private or local"):
        outbound.fetch(f"{server}/ok")
    fetched = outbound.fetch(f"{server}/ok", allow_private=True)
    assert (fetched.status, fetched.body) == (200, b"Hallo")


def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch):
    """The first hop counts as public here (as a public server would be); its redirect to 127.0.0.1 is refused."""
    checked = []

    def connect_address(host: str, port: int, *, allow_private: bool = False) -> str:
        checked.append(host)
        if host == "localhost":
            return "127.0.0.1"  # stands for a public server
        return real(host, port, allow_private=allow_private)

    real = outbound.connect_address
    monkeypatch.setattr(outbound, "connect_address", connect_address)
    with pytest.raises(outbound.PrivateAddress):
        outbound.fetch(f"{server}/to-local")
    assert checked == ["localhost", "127.0.0.1"]
    with pytest.raises(outbound.SchemeNotAllowed):
        outbound.fetch(f"{server}/to-file")
    with pytest.raises(outbound.TooManyRedirects):
        outbound.fetch(f"{server}/loop", max_redirects=3)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/", "javascript:alert(1)", "//x/y"]
)
def test_other_schemes_are_refused(url):
    with pytest.raises(outbound.SchemeNotAllowed):
        outbound.fetch(url)


def test_an_oversized_answer_is_cut_with_a_clear_error(server):
    with pytest.raises(outbound.TooLarge, match="larger than"):
        outbound.fetch(f"{server}/big", allow_private=True, max_bytes=100_000)
    with pytest.raises(outbound.TooLarge):
        outbound.fetch(f"{server}/big-declared", allow_private=True, max_bytes=100_000)
    assert len(outbound.fetch(f"{server}/big", allow_private=True, max_bytes=2_000_000).body) == 1_000_000


def test_a_hanging_server_times_out(server):
    with pytest.raises(outbound.TimedOut, match="did not answer"):
        outbound.fetch(f"{server}/hang", allow_private=True, timeout=0.5)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "224.0.1.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fec0::1", "ff0e::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:db8::1",
    ],
)  # fmt: skip
def test_private_and_special_addresses_are_not_public(address):
    assert not outbound.is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses_are_public(address):
    assert outbound.is_public_address(ipaddress.ip_address(address))


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch):
    monkeypatch.setattr(
        outbound.socket,
        "getaddrinfo",
        lambda host, port, **kwargs: [(2, 1, 6, "", ("93.184.216.34", port)), (2, 1, 6, "", ("10.0.0.5", port))],
    )
    with pytest.raises(outbound.PrivateAddress):
        outbound.connect_address("rebinding.example", 80)
