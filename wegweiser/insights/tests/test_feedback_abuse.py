"""Abuse protection of the feedback endpoints: rate limit, size limit, honeypot; nothing stored about readers."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from wegweiser.insights import abuse
from wegweiser.insights.models import Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_reader_traffic")]
V1 = "/api/v1/regions/musterstadt/de/feedback/"
V3 = "/api/v3/musterstadt/de/feedback/search/"
ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def fresh_counts():
    """Every test starts with no one counted, and leaves no counts behind."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def limit(settings):
    """Three feedback per ten minutes, five per day."""
    settings.FEEDBACK_RATE_LIMIT = [(3, 600), (5, 86400)]
    return settings


def post(client, body: dict, url: str = V1, address: str = ADDRESS, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", REMOTE_ADDR=address, **extra)


def a_rating(n: int) -> dict:
    return {"kind": "region", "rating": "up", "comment": f"Danke {n}"}


def test_too_much_feedback_from_one_address_is_refused_with_retry_after(client, limit):
    for n in range(3):
        assert post(client, a_rating(n)).status_code == 201
    refused = post(client, a_rating(3))
    assert refused.status_code == 429
    body = json.loads(refused.content)
    assert "Too much feedback" in body["error"] and "try again in" in body["error"]
    assert 0 < int(refused["Retry-After"]) <= 600
    assert body["retry_after"] == int(refused["Retry-After"])
    assert Feedback.objects.filter(comment__startswith="Danke").count() == 3
    assert post(client, a_rating(4), address="198.51.100.1").status_code == 201  # someone else may go on


def test_the_daily_limit_holds_across_short_windows(client, limit, monkeypatch):
    start_of_day = 1_000_000_000 - 1_000_000_000 % 86400  # windows are counted from 1970-01-01 00:00 UTC
    clock = [start_of_day + 60.0]
    monkeypatch.setattr(abuse, "current_time", lambda: clock[0])
    for n in range(3):
        assert post(client, a_rating(n)).status_code == 201
    clock[0] += 600  # the next ten minutes
    for n in range(3, 5):
        assert post(client, a_rating(n)).status_code == 201
    refused = post(client, a_rating(5))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 86400 - 660  # until the day's window ends


def test_refused_requests_do_not_count(client, limit, monkeypatch):
    clock = [1_000_000_200.0]  # a ten-minute window starts here
    monkeypatch.setattr(abuse, "current_time", lambda: clock[0])
    for n in range(3):
        assert post(client, a_rating(n)).status_code == 201
    for n in range(10):
        assert post(client, a_rating(n)).status_code == 429
    clock[0] += 600
    assert post(client, a_rating(99)).status_code == 201  # the day's allowance was not used up by refusals


def test_the_address_is_never_stored_only_a_keyed_hash(client, limit):
    post(client, a_rating(1))
    keys = list(cache._cache.keys())  # the local-memory cache of the tests
    counts = [key for key in keys if "feedback-limit" in key]
    assert len(counts) == 2  # one count per window
    assert all(re.fullmatch(r":1:feedback-limit:[0-9a-f]{64}", key) for key in counts), counts
    assert not any(ADDRESS in key for key in keys)
    assert ADDRESS not in json.dumps([str(row) for row in Feedback.objects.values()])


def test_the_key_changes_with_the_window_and_the_secret(settings):
    window = abuse.Window(limit=3, seconds=600)
    key = abuse.counter_key(ADDRESS, window, 1_000_000_000)
    assert key == abuse.counter_key(ADDRESS, window, 1_000_000_001)
    assert key != abuse.counter_key(ADDRESS, window, 1_000_000_000 + 600)
    assert key != abuse.counter_key("203.0.113.8", window, 1_000_000_000)
    settings.SECRET_KEY = "another secret"
    assert key != abuse.counter_key(ADDRESS, window, 1_000_000_000)


def test_ipv6_clients_count_per_network_and_a_proxy_header_can_name_the_client(settings):
    factory = RequestFactory()
    assert abuse.client_address(factory.post("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"
    assert abuse.client_address(factory.post("/", REMOTE_ADDR="::ffff:203.0.113.7")) == ADDRESS
    behind_proxy = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert abuse.client_address(behind_proxy) == "10.0.0.1"  # the header is not trusted unless configured
    settings.FEEDBACK_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    assert abuse.client_address(behind_proxy) == ADDRESS  # the address the proxy saw, not one the client wrote


def test_a_body_above_the_limit_is_refused_before_it_is_read(client, settings):
    settings.FEEDBACK_MAX_BYTES = 16 * 1024
    big = {"kind": "region", "rating": "up", "comment": "x" * 4000, "category": "y" * 14000}
    response = post(client, big)
    assert response.status_code == 413
    assert "too large" in json.loads(response.content)["error"]
    v3 = post(client, big, url=V3)
    assert v3.status_code == 413 and v3["Access-Control-Allow-Origin"] == "*"
    assert not Feedback.objects.exists()


def test_a_comment_above_5000_characters_is_refused(client):
    response = post(client, {"kind": "region", "comment": "x" * 5001})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_the_honeypot_answers_as_usual_and_stores_nothing(client):
    response = post(
        client, {"kind": "region", "rating": "up", "comment": "Cheap pills", "website": "https://x.example"}
    )
    assert response.status_code == 201
    body = json.loads(response.content)
    assert set(body) == {"id", "received"} and isinstance(body["id"], int)
    assert not Feedback.objects.exists()
    wrong = post(client, {"kind": "nonsense", "rating": "up", "website": "https://x.example"})
    assert wrong.status_code == 400  # checked like real feedback: a robot cannot tell the difference


def test_normal_feedback_is_still_stored(client):
    response = post(client, {"kind": "region", "rating": "down", "comment": "Mehr Kita-Infos bitte", "website": ""})
    assert response.status_code == 201
    stored = Feedback.objects.get(pk=json.loads(response.content)["id"])
    assert (stored.kind, stored.rating, stored.comment) == ("region", "down", "Mehr Kita-Infos bitte")


def test_the_v3_endpoint_is_limited_too(client, limit):
    body = {"rating": "down", "comment": "nichts gefunden", "query": "kamele"}
    for _ in range(3):
        assert post(client, body, url=V3).status_code == 201
    refused = post(client, body, url=V3)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too much feedback" in json.loads(refused.content)["error"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert Feedback.objects.filter(query="kamele").count() == 3
    assert post(client, a_rating(1)).status_code == 429  # one allowance for both APIs


def test_reading_is_not_limited(client, limit):
    for n in range(3):
        post(client, a_rating(n))
    assert client.get("/api/v1/regions/musterstadt/", REMOTE_ADDR=ADDRESS).status_code == 200
    assert client.options(V3, REMOTE_ADDR=ADDRESS).status_code == 204


def test_the_openapi_documents_the_refusals_and_the_honeypot(client):
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    operation = next(operations["post"] for path, operations in spec["paths"].items() if path.endswith("/feedback/"))
    assert {"413", "429"} <= set(operation["responses"])
    schema = spec["components"]["schemas"]["FeedbackIn"]["properties"]["website"]
    assert "honeypot" in schema["description"]
