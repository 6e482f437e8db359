"""Generated requests against every operation of ``/api/v1/openapi.json`` (schemathesis) and against the URL
parameters of the Integreat-compatible API (hypothesis): no server error, and every answer is one the schema
describes (status code, content type, body).

Path parameters are drawn partly from what the demo publishes (its regions, languages, page ids), so that the
generated requests reach the documents and not only the 404 of an unknown region; the rest is whatever
schemathesis generates, in any script. Bounded and derandomised: the same examples on every run.
"""

import json
from urllib.parse import quote

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, NegativeDataRejectionConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_reader_traffic")]

REGIONS = ["musterstadt", "musterland"]
LANGUAGES = ["de", "en", "ar", "uk", "fa"]
#: Text in several scripts, right-to-left ones and a few that are awkward in URLs and SQL.
AWKWARD_TEXT = st.sampled_from(
    ["Kita", "Anmeldung Bürgeramt", "تسجيل", "ثبت نام", "реєстрація", "%", "../../etc/passwd", "' OR 1=1 --", "\u200f"]
)
EXAMPLES = 12

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# A body over the server's size limit is refused before it is read, with 413 as the schema documents.
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"]
)


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """Requests go through Django's WSGI handler, in the test's thread and database transaction; like Django's test
    client, keep the start and end of each request from closing that connection (on PostgreSQL it would be closed
    inside the transaction; the in-memory SQLite one is never closed)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_finished.connect(close_old_connections)
    signals.request_started.connect(close_old_connections)


@pytest.fixture(autouse=True)
def guides_queued_not_made(monkeypatch):
    """Whole-guide printouts are queued for the worker (202, as the schema says), not made during the fuzzing;
    printouts of single pages are still made in the request."""
    from wegweiser.printing import service

    class Queue:
        @staticmethod
        def enqueue(printout_id):
            pass

    monkeypatch.setattr(service, "make_printout", Queue)


def known_or_generated(known: list, generated):
    """Mostly values the demo has, so that requests reach real documents; sometimes what schemathesis made."""
    return st.one_of(st.sampled_from(known), st.sampled_from(known), st.just(generated))


@schema.hook("flatmap_path_parameters")
def demo_path_parameters(context, parameters):
    if not parameters:
        return st.just(parameters)
    strategies = {name: st.just(value) for name, value in parameters.items()}
    if "region" in parameters:
        strategies["region"] = known_or_generated(REGIONS, parameters["region"])
    if "language" in parameters:
        strategies["language"] = known_or_generated(LANGUAGES, parameters["language"])
    if "page_id" in parameters:
        strategies["page_id"] = st.one_of(st.integers(min_value=1, max_value=400), st.just(parameters["page_id"]))
    return st.fixed_dictionaries(strategies)


@schema.hook("flatmap_query")
def awkward_search_words(context, query):
    if query and "q" in query:
        return st.fixed_dictionaries(
            {**{k: st.just(v) for k, v in query.items()}, "q": AWKWARD_TEXT | st.just(query["q"])}
        )
    return st.just(query)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case):
    # "positive data acceptance" expects any valid-looking request to succeed; an unknown region or language is
    # valid by the schema's types and is rightly answered with 404, which the schema documents.
    # Uncompressed: the WSGI test client does not decode gzip or brotli (served when a client accepts them).
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance])


# --- The Integreat-compatible API (no OpenAPI schema: its URL parameters, generated) -------------------------------

INTEGREAT_ENDPOINTS = [
    "pages",
    "children",
    "parents",
    "page",
    "post",
    "events",
    "locations",
    "location-categories",
    "news",
    "fcm",
    "imprint",
    "disclaimer",
    "pdf",
]
QUERY_NAMES = ["id", "url", "depth", "permalink", "start", "end", "since", "combine_recurring", "channel"]
ANY_TEXT = st.text(min_size=0, max_size=30)


@given(
    region=st.sampled_from(REGIONS) | st.text(min_size=1, max_size=20),
    language=st.sampled_from(LANGUAGES) | st.from_regex(r"[a-z]{2,3}(-[a-z]{2,4})?", fullmatch=True),
    endpoint=st.sampled_from(INTEGREAT_ENDPOINTS),
    query=st.dictionaries(st.sampled_from(QUERY_NAMES), ANY_TEXT | AWKWARD_TEXT | st.integers().map(str), max_size=3),
    legacy=st.booleans(),
)
@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_integreat_api_never_fails_on_generated_parameters(client, region, language, endpoint, query, legacy):
    quoted = quote(region, safe="")
    url = (
        f"/{quoted}/{language}/wp-json/extensions/v3/{endpoint}/"
        if legacy
        else f"/api/v3/{quoted}/{language}/{endpoint}/"
    )
    response = client.get(url, query)
    assert response.status_code < 500, (url, query, response.content[:300])
    if response.status_code != 304 and response["Content-Type"].startswith("application/json"):
        json.loads(response.content)


@given(
    region=st.sampled_from(REGIONS) | st.text(min_size=1, max_size=20),
    endpoint=st.sampled_from(["/api/v3/regions/{}/", "/api/v3/{}/languages/", "/{}/wp-json/extensions/v3/languages/"]),
)
@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_integreat_region_endpoints_never_fail(client, region, endpoint):
    response = client.get(endpoint.format(quote(region, safe="")))
    assert response.status_code < 500, (endpoint, region, response.content[:300])


# --- What the generated requests found (each fixed; the request that showed it) ------------------------------------


def test_a_page_id_that_is_not_a_number_gets_the_apis_json_404(client):
    for bad in ("null,null", "-3", "abc"):
        response = client.get(f"/api/v1/regions/musterstadt/de/pages/{bad}/")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content) == {"error": "No such item."}


def test_a_day_read_given_as_a_number_is_refused(client):
    views = {"views": [{"region": "musterstadt", "language": "de", "kind": "page", "id": 0, "day": 0}]}
    response = client.post("/api/v1/views/", views, content_type="application/json")
    assert response.status_code == 400
    assert "day" in json.loads(response.content)["error"]
