"""The OpenSearch backend's requests and how it reads the answers, against a local stand-in that records what it
is sent and answers like OpenSearch (the contract tests run against a real cluster when one is given)."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Locale, Page

from wegweiser.regions.models import RegionLanguage, RegionPage
from wegweiser.search.backends import opensearch
from wegweiser.search.backends.opensearch import MAPPING, OpenSearchBackend, OpenSearchError
from wegweiser.search.models import SearchEntry
from wegweiser.search.ranking import Question

INDEX = "wegweiser-test"


class FakeOpenSearch:
    """Answers each (method, path) with a canned (status, JSON) — or a list of them, one per request — and keeps
    every request it received."""

    def __init__(self):
        self.answers: dict[tuple[str, str], Any] = {}
        self.requests: list[dict] = []
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                url = urlsplit(self.path)
                fake.requests.append(
                    {
                        "method": self.command,
                        "path": url.path,
                        "query": url.query,
                        "content_type": self.headers.get("Content-Type"),
                        "body": body.decode(),
                    }
                )
                time.sleep(fake.delay)
                answer = fake.answers.get((self.command, url.path), (404, {"error": "no such thing"}))
                if isinstance(answer, list):
                    answer = answer.pop(0)
                status, data = answer
                payload = json.dumps(data).encode() if self.command != "HEAD" else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def ndjson(self, request: dict) -> list[dict]:
        return [json.loads(line) for line in request["body"].splitlines() if line]


@pytest.fixture
def fake():
    server = FakeOpenSearch()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def unit(position: int) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[position] = 1.0
    return vector


def new_region(slug: str) -> RegionPage:
    region = RegionPage(title=slug.title(), slug=slug, prefix="Stadt", locale=Locale.objects.get(language_code="de"))
    region.languages = [RegionLanguage(language="de"), RegionLanguage(language="en", source_language="de")]
    Page.get_first_root_node().add_child(instance=region)
    return region


def entry(region: RegionPage, item_id: int, language: str, terms: str, title_terms: int, vector: np.ndarray):
    return SearchEntry.objects.create(
        region=region,
        kind="page",
        item_id=item_id,
        family=item_id,
        language=language,
        title=terms,
        text="",
        path="/",
        terms=terms,
        title_terms=title_terms,
        vectors=vector.tobytes(),
        content_hash="x",
    )


def test_options_need_the_clusters_address():
    with pytest.raises(ImproperlyConfigured, match="OPENSEARCH_URL"):
        OpenSearchBackend({"url": "", "index": INDEX})


@pytest.mark.django_db
def test_a_region_is_mirrored_in_bulk_into_an_index_created_with_its_mapping(fake):
    region, other = new_region("spiegelstadt"), new_region("andere-stadt")
    entry(region, 11, "de", "deutschkurs erwachs volkshochschul biet", 2, unit(0))
    entry(region, 12, "en", "bank account passport", 2, unit(1))
    entry(other, 21, "de", "mull trenn", 2, unit(2))
    fake.answers = {
        ("HEAD", f"/{INDEX}"): (404, {}),
        ("PUT", f"/{INDEX}"): (200, {"acknowledged": True}),
        ("POST", f"/{INDEX}/_bulk"): (200, {"errors": False, "items": []}),
        ("POST", f"/{INDEX}/_delete_by_query"): (200, {"deleted": 1}),
    }
    backend = OpenSearchBackend({"url": fake.url + "/", "index": INDEX})
    backend.changed(region.id)

    assert [(r["method"], r["path"]) for r in fake.requests] == [
        ("HEAD", f"/{INDEX}"),
        ("PUT", f"/{INDEX}"),
        ("POST", f"/{INDEX}/_bulk"),
        ("POST", f"/{INDEX}/_delete_by_query"),
    ]
    created, bulk, delete = fake.requests[1], fake.requests[2], fake.requests[3]
    mapping = json.loads(created["body"])
    assert mapping == MAPPING
    assert mapping["settings"]["index"]["knn"] is True
    assert mapping["mappings"]["properties"]["vector"]["dimension"] == 384
    assert mapping["mappings"]["properties"]["terms"]["analyzer"] == "whitespace"

    assert bulk["content_type"] == "application/x-ndjson" and "refresh=wait_for" in bulk["query"]
    lines = fake.ndjson(bulk)
    actions, documents = lines[0::2], lines[1::2]
    assert sorted(action["index"]["_id"] for action in actions) == [f"{region.id}-11", f"{region.id}-12"]
    german = next(d for d in documents if d["item_id"] == 11)
    assert german["region"] == region.id and german["language"] == "de" and german["family"] == 11
    assert german["title"] == "deutschkurs erwachs" and german["terms"] == "deutschkurs erwachs volkshochschul biet"
    assert german["vector"] == [float(x) for x in unit(0)]
    generation = german["generation"]
    assert {d["generation"] for d in documents} == {generation}

    stale = json.loads(delete["body"])["query"]["bool"]
    assert stale["filter"] == [{"term": {"region": region.id}}]
    assert stale["must_not"] == [{"term": {"generation": generation}}]

    backend.changed(other.id)  # the index is known now: not checked again
    assert [(r["method"], r["path"]) for r in fake.requests[4:]] == [
        ("POST", f"/{INDEX}/_bulk"),
        ("POST", f"/{INDEX}/_delete_by_query"),
    ]
    assert [d["item_id"] for d in fake.ndjson(fake.requests[4])[1::2]] == [21]


@pytest.mark.django_db
def test_entries_the_cluster_refuses_are_reported(fake):
    region = new_region("fehlerstadt")
    entry(region, 31, "de", "deutschkurs", 1, unit(0))
    refused = {"index": {"_id": f"{region.id}-31", "status": 400, "error": {"type": "mapper_parsing_exception"}}}
    fake.answers = {
        ("HEAD", f"/{INDEX}"): (200, {}),
        ("POST", f"/{INDEX}/_bulk"): (200, {"errors": True, "items": [refused]}),
    }
    with pytest.raises(OpenSearchError, match="refused 1 search entries.*mapper_parsing_exception"):
        OpenSearchBackend({"url": fake.url, "index": INDEX}).changed(region.id)


def test_a_search_asks_both_rankings_at_once_and_reads_their_scores(fake):
    question_vector = (unit(0) + unit(1)) / np.sqrt(2)
    lexical_hits = [
        {"_score": 7.5, "_source": {"item_id": 1, "family": 1, "vector": unit(0).tolist()}},
        {"_score": 3.0, "_source": {"item_id": 2, "family": 1, "vector": unit(5).tolist()}},
    ]
    meaning_hits = [
        {"_score": 0.9, "_source": {"item_id": 1, "family": 1}},
        {"_score": 0.75, "_source": {"item_id": 3, "family": 3}},
    ]
    fake.answers = {
        ("HEAD", f"/{INDEX}"): (200, {}),
        ("POST", "/_msearch"): (
            200,
            {"responses": [{"hits": {"hits": lexical_hits}}, {"hits": {"hits": meaning_hits}}]},
        ),
        ("POST", f"/{INDEX}/_search"): (200, {"hits": {"hits": [{"_score": 1.25, "_source": {"item_id": 3}}]}}),
    }
    backend = OpenSearchBackend({"url": fake.url, "index": INDEX})
    question = Question("Sprachkurse", "de", {"de": ["sprachkurs"], "en": ["sprachkurs"], "ar": []}, question_vector)
    found = {match.item_id: match for match in backend.search(42, question, 2)}

    assert set(found) == {1, 2, 3}
    assert found[1].lexical == 7.5 and found[1].meaning == pytest.approx(0.8)  # 2 · 0.9 − 1
    assert found[2].lexical == 3.0 and found[2].meaning == pytest.approx(0.0)  # from its stored vector
    assert found[2].family == 1
    assert found[3].lexical == 1.25 and found[3].meaning == pytest.approx(0.5)

    msearch = fake.requests[1]
    assert msearch["content_type"] == "application/x-ndjson"
    header, lexical, _, meaning = fake.ndjson(msearch)
    assert header == {"index": INDEX}
    assert lexical["size"] == 2
    query = lexical["query"]["bool"]
    assert query["filter"] == [{"term": {"region": 42}}]
    per_language = {clause["bool"]["filter"][0]["term"]["language"]: clause["bool"] for clause in query["should"]}
    assert set(per_language) == {"de", "en"}, "no clause for a language without terms"
    assert {"match": {"terms": {"query": "sprachkurs"}}} in per_language["de"]["should"]
    knn = meaning["query"]["knn"]["vector"]
    assert knn["k"] == 2 and knn["filter"] == {"term": {"region": 42}}
    assert knn["vector"] == pytest.approx(question_vector.tolist())

    follow_up = json.loads(fake.requests[2]["body"])
    assert follow_up["query"]["bool"]["filter"] == [{"terms": {"item_id": [3]}}]
    assert follow_up["query"]["bool"]["must"] == [lexical["query"]]


def test_a_question_without_words_asks_only_for_meaning(fake):
    fake.answers = {
        ("HEAD", f"/{INDEX}"): (200, {}),
        ("POST", "/_msearch"): (
            200,
            {
                "responses": [
                    {"hits": {"hits": []}},
                    {"hits": {"hits": [{"_score": 1.0, "_source": {"item_id": 7, "family": 7}}]}},
                ]
            },
        ),
    }
    found = OpenSearchBackend({"url": fake.url, "index": INDEX}).search(42, Question("?", "de", {"de": []}, unit(0)), 5)
    assert [(m.item_id, m.lexical, m.meaning) for m in found] == [(7, 0.0, 1.0)]
    assert fake.ndjson(fake.requests[1])[1]["query"] == {"match_none": {}}
    assert len(fake.requests) == 2


def test_an_unreachable_cluster_is_a_clear_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = OpenSearchBackend({"url": f"http://127.0.0.1:{port}", "index": INDEX})
    with pytest.raises(OpenSearchError, match=f"OpenSearch at http://127.0.0.1:{port} cannot be reached"):
        backend.search(1, Question("x", "de", {"de": ["x"]}, unit(0)), 5)


def test_a_slow_cluster_times_out(fake, monkeypatch):
    monkeypatch.setattr(opensearch, "SEARCH_TIMEOUT", 0.2)
    fake.delay = 1.0
    with pytest.raises(OpenSearchError, match="cannot be reached.*[Tt]imed out"):
        OpenSearchBackend({"url": fake.url, "index": INDEX}).search(1, Question("x", "de", {"de": ["x"]}, unit(0)), 5)


def test_a_failing_search_is_a_clear_error(fake):
    fake.answers = {
        ("HEAD", f"/{INDEX}"): (200, {}),
        ("POST", "/_msearch"): (500, {"error": {"type": "search_phase_execution_exception"}}),
    }
    with pytest.raises(OpenSearchError, match="answered 500 to POST /_msearch.*search_phase_execution_exception"):
        OpenSearchBackend({"url": fake.url, "index": INDEX}).search(1, Question("x", "de", {"de": ["x"]}, unit(0)), 5)
