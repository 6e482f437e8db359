"""Finding a point from an address, against a local fake Nominatim that speaks its HTTP API."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from wegweiser.places.geocoding import GeocodingError, NothingFound, geocode

BUERGERBUERO = [
    {
        "place_id": 1,
        "lat": "48.7415012",
        "lon": "9.3098034",
        "display_name": "Marktplatz 1, 71000 Musterstadt, Deutschland",
    }
]


class FakeNominatim(BaseHTTPRequestHandler):
    """``/search?format=jsonv2&q=…``: an answer by the query's first word; records what it was asked."""

    requests: list[dict] = []

    def do_GET(self):  # noqa: N802 (the http.server name)
        url = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        self.requests.append({"path": url.path, "query": query, "user_agent": self.headers.get("User-Agent")})
        word = query.get("q", "").split()[0] if query.get("q") else ""
        if word == "Langsam":
            time.sleep(1.5)
        if word == "Kaputt":
            self._send(500, b"Internal error")
        elif word == "Unlesbar":
            self._send(200, b"<html>not json</html>")
        elif word == "Nirgendwo":
            self._send(200, b"[]")
        else:
            self._send(200, json.dumps(BUERGERBUERO).encode())

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow case)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(settings):
    """A fake Nominatim on a free port, configured as the geocoder."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNominatim.requests = []
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_address[1]}/"
    settings.GEOCODER_USER_AGENT = "Wegweiser test (+https://wegweiser.example)"
    settings.GEOCODER_TIMEOUT = 0.5
    yield FakeNominatim
    server.shutdown()
    server.server_close()


def test_an_address_is_found_with_the_regions_area_preferred(nominatim):
    found = geocode("Marktplatz 1, 71000 Musterstadt", viewbox=(9.27, 48.78, 9.37, 48.7))
    assert (found.latitude, found.longitude) == (48.7415012, 9.3098034)
    assert found.label == "Marktplatz 1, 71000 Musterstadt, Deutschland"
    asked = nominatim.requests[0]
    assert asked["path"] == "/search"
    assert asked["query"] == {
        "format": "jsonv2",
        "q": "Marktplatz 1, 71000 Musterstadt",
        "limit": "1",
        "viewbox": "9.27,48.78,9.37,48.7",
    }
    assert asked["user_agent"] == "Wegweiser test (+https://wegweiser.example)"


@pytest.mark.parametrize(
    ("address", "error", "message"),
    [
        ("Nirgendwo 1", NothingFound, "No place was found for this address."),
        ("Kaputt 1", GeocodingError, "The geocoder answered with an error (HTTP 500)."),
        ("Unlesbar 1", GeocodingError, "The geocoder's answer could not be read."),
        ("Langsam 1", GeocodingError, "The geocoder did not answer in time."),
    ],
)
def test_failures_have_a_message_for_the_editor(nominatim, address, error, message):
    with pytest.raises(error) as raised:
        geocode(address)
    assert str(raised.value) == message


def test_an_unreachable_geocoder(settings):
    settings.GEOCODER_URL = "http://127.0.0.1:9/"  # the discard port: nobody listens
    with pytest.raises(GeocodingError, match="The geocoder cannot be reached."):
        geocode("Marktplatz 1")


def test_the_editors_endpoint(nominatim, db, login):
    client = login("musterstadt-editor")
    url = reverse("places_geocode")
    answer = client.get(url, {"q": "Marktplatz 1, 71000 Musterstadt", "viewbox": "9.27,48.78,9.37,48.7"})
    assert answer.status_code == 200
    assert answer.json() == {
        "latitude": 48.7415012,
        "longitude": 9.3098034,
        "label": "Marktplatz 1, 71000 Musterstadt, Deutschland",
    }
    assert nominatim.requests[-1]["query"]["viewbox"] == "9.27,48.78,9.37,48.7"
    assert client.get(url, {"q": "Nirgendwo 1"}).status_code == 404
    failed = client.get(url, {"q": "Kaputt 1"})
    assert failed.status_code == 502 and failed.json() == {"error": "The geocoder answered with an error (HTTP 500)."}
    empty = client.get(url, {"q": "  "})
    assert empty.status_code == 400 and "Fill in the street" in empty.json()["error"]


def test_the_endpoint_needs_a_login_and_a_configured_geocoder(db, client, login, settings):
    url = reverse("places_geocode")
    assert client.get(url, {"q": "Marktplatz 1"}).status_code == 302  # to the login
    settings.GEOCODER_URL = ""
    assert login("musterstadt-editor").get(url, {"q": "Marktplatz 1"}).status_code == 404
