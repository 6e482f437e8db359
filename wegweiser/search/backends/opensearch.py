"""Both rankings in an OpenSearch cluster, for installations past one machine.

The database stays the source: ``changed(region)`` mirrors the region's ``SearchEntry`` rows into one index
(one document per entry, ``_bulk``, then the region's documents that are gone are deleted). A search sends
two queries at once (``_msearch``): BM25 over the stemmed terms, in each entry's own language, and k-NN over
the passage vectors, both restricted to the region. Spoken through the REST API with ``requests``.

Meaning from a k-NN hit: the vector field uses the Lucene engine with ``cosinesimil``, whose score is
(2 − d) / 2 with d = 1 − cos, so cos = 2 · score − 1. Lexical hits the k-NN query did not return get their
cosine from the stored vector (the vectors are normalised: the dot product is the cosine), and k-NN hits the
lexical query did not return get their BM25 score from one more query restricted to them.
"""

import json
import uuid

import numpy as np
import requests
from django.core.exceptions import ImproperlyConfigured

from ..embeddings import DIMENSIONS
from ..models import SearchEntry
from ..ranking import Match, Question
from . import SearchBackend

#: Seconds to wait for the cluster: searches must answer quickly, mirroring a region may take longer.
SEARCH_TIMEOUT = 5
MIRROR_TIMEOUT = 60
#: Entries per ``_bulk`` request (each carries a 384-number vector: about 8 kB of JSON).
BULK_SIZE = 500
#: A title word counts this many times a word of the text (the title's terms are also in ``terms``).
TITLE_BOOST = 2.0

MAPPING = {
    "settings": {"index": {"knn": True}},
    "mappings": {
        "properties": {
            "region": {"type": "integer"},
            "item_id": {"type": "integer"},
            "family": {"type": "integer"},
            "language": {"type": "keyword"},
            "generation": {"type": "keyword"},
            # Terms are stemmed and folded already (wegweiser.search.language): only split at spaces.
            "title": {"type": "text", "analyzer": "whitespace"},
            "terms": {"type": "text", "analyzer": "whitespace"},
            "vector": {
                "type": "knn_vector",
                "dimension": DIMENSIONS,
                "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"},
            },
        }
    },
}


class OpenSearchError(RuntimeError):
    """The cluster could not be reached or refused a request; the message says which and why."""


class OpenSearchBackend(SearchBackend):
    """Options: ``url`` (with user and password in it if the cluster needs them), ``index``."""

    def __init__(self, options: dict | None = None):
        super().__init__(options)
        url = self.options.get("url") or ""
        if not url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                'SEARCH_BACKEND "opensearch" needs SEARCH_BACKEND_OPTIONS["url"], the cluster\'s address '
                "(http://… or https://…); set OPENSEARCH_URL."
            )
        self.url = url.rstrip("/")
        self.index = self.options.get("index") or "wegweiser-search"
        self.session = requests.Session()
        self._index_ready = False

    # Mirroring the database's rows.

    def changed(self, region_id: int) -> None:
        super().changed(region_id)
        self.mirror(region_id)

    def mirror(self, region_id: int) -> None:
        """Make the cluster's documents of the region those of the database."""
        self.ensure_index()
        generation = uuid.uuid4().hex
        rows = SearchEntry.objects.filter(region_id=region_id).only(
            "item_id", "family", "language", "terms", "title_terms", "vectors"
        )
        batch: list[str] = []
        for row in rows.iterator(chunk_size=BULK_SIZE):
            batch += [
                json.dumps({"index": {"_id": document_id(region_id, row.item_id)}}),
                json.dumps(document(region_id, row, generation)),
            ]
            if len(batch) >= 2 * BULK_SIZE:
                self.bulk(batch)
                batch = []
        if batch:
            self.bulk(batch)
        self.request(
            "POST",
            f"/{self.index}/_delete_by_query",
            params={"refresh": "true", "conflicts": "proceed"},
            json={
                "query": {
                    "bool": {
                        "filter": [{"term": {"region": region_id}}],
                        "must_not": [{"term": {"generation": generation}}],
                    }
                }
            },
            timeout=MIRROR_TIMEOUT,
        )

    def bulk(self, lines: list[str]) -> None:
        answer = self.request(
            "POST",
            f"/{self.index}/_bulk",
            params={"refresh": "wait_for"},
            data=("\n".join(lines) + "\n").encode(),
            headers={"Content-Type": "application/x-ndjson"},
            timeout=MIRROR_TIMEOUT,
        )
        if answer.get("errors"):
            failed = [result for item in answer.get("items", []) for result in item.values() if result.get("error")]
            first = failed[0]["error"] if failed else "unknown"
            raise OpenSearchError(f"OpenSearch refused {len(failed)} search entries, the first because: {first}")

    def ensure_index(self) -> None:
        """Create the index with its mapping the first time it is needed."""
        if self._index_ready:
            return
        if self.request("HEAD", f"/{self.index}", allow=(404,)) is None:
            try:
                self.request("PUT", f"/{self.index}", json=MAPPING, timeout=MIRROR_TIMEOUT)
            except OpenSearchError as error:
                if "resource_already_exists_exception" not in str(error):  # another process was quicker
                    raise
        self._index_ready = True

    # Searching.

    def search(self, region_id: int, question: Question, limit: int) -> list[Match]:
        self.ensure_index()
        vector = [float(x) for x in question.vector]
        lexical_query = self.lexical_query(region_id, question)
        header = json.dumps({"index": self.index})
        bodies = [
            {"size": limit, "_source": ["item_id", "family", "vector"], "query": lexical_query},
            {
                "size": limit,
                "_source": ["item_id", "family"],
                "query": {"knn": {"vector": {"vector": vector, "k": limit, "filter": {"term": {"region": region_id}}}}},
            },
        ]
        answer = self.request(
            "POST",
            "/_msearch",
            data=("".join(f"{header}\n{json.dumps(body)}\n" for body in bodies)).encode(),
            headers={"Content-Type": "application/x-ndjson"},
        )
        lexical_hits, meaning_hits = (self.hits(response) for response in answer["responses"])
        matches: dict[int, Match] = {}
        for hit in meaning_hits:
            source = hit["_source"]
            matches[source["item_id"]] = Match(source["item_id"], source["family"], 0.0, cosine_of_score(hit["_score"]))
        for hit in lexical_hits:
            source = hit["_source"]
            match = matches.get(source["item_id"])
            if match is None:
                stored = np.asarray(source.get("vector") or np.zeros(DIMENSIONS), dtype=np.float32)
                meaning = float(np.dot(stored, question.vector))
                match = matches[source["item_id"]] = Match(source["item_id"], source["family"], 0.0, meaning)
            match.lexical = float(hit["_score"])
        found_by_words = {hit["_source"]["item_id"] for hit in lexical_hits}
        missing = [item_id for item_id in matches if item_id not in found_by_words]
        if missing and len(lexical_hits) == limit:  # fewer: every entry sharing a word was returned
            query = {"bool": {"must": [lexical_query], "filter": [{"terms": {"item_id": missing}}]}}
            answer = self.request(
                "POST", f"/{self.index}/_search", json={"size": len(missing), "_source": ["item_id"], "query": query}
            )
            for hit in self.hits(answer):
                matches[hit["_source"]["item_id"]].lexical = float(hit["_score"])
        return list(matches.values())

    @staticmethod
    def lexical_query(region_id: int, question: Question) -> dict:
        """BM25 over the terms, each language's entries matched with the question's terms in that language."""
        per_language = [
            {
                "bool": {
                    "filter": [{"term": {"language": language}}],
                    "should": [
                        {"match": {"terms": {"query": " ".join(terms)}}},
                        {"match": {"title": {"query": " ".join(terms), "boost": TITLE_BOOST}}},
                    ],
                    "minimum_should_match": 1,
                }
            }
            for language, terms in sorted(question.terms.items())
            if terms
        ]
        if not per_language:
            return {"match_none": {}}
        return {
            "bool": {"filter": [{"term": {"region": region_id}}], "should": per_language, "minimum_should_match": 1}
        }

    @staticmethod
    def hits(response: dict) -> list[dict]:
        if "error" in response:
            raise OpenSearchError(f"OpenSearch could not search: {response['error']}")
        return response["hits"]["hits"]

    # Talking to the cluster.

    def request(self, method: str, path: str, timeout: float | None = None, allow: tuple[int, ...] = (), **kwargs):
        """The JSON answer (None for an allowed error status); OpenSearchError when unreachable or refused."""
        try:
            response = self.session.request(method, f"{self.url}{path}", timeout=timeout or SEARCH_TIMEOUT, **kwargs)
        except requests.RequestException as error:
            raise OpenSearchError(f"OpenSearch at {self.url} cannot be reached ({method} {path}): {error}") from error
        if response.status_code in allow:
            return None
        if response.status_code >= 400:
            raise OpenSearchError(
                f"OpenSearch at {self.url} answered {response.status_code} to {method} {path}: {response.text[:500]}"
            )
        return response.json() if response.content else {}


def document_id(region_id: int, item_id: int) -> str:
    return f"{region_id}-{item_id}"


def document(region_id: int, row: SearchEntry, generation: str) -> dict:
    """What the cluster keeps of an entry. One vector per document: the mean of its passages' (the title, and the
    title with the beginning of the text), normalised again; the embedded backend takes the best passage instead."""
    terms, vectors = row.terms.split(), row.passage_vectors()
    found = {
        "region": region_id,
        "item_id": row.item_id,
        "family": row.family,
        "language": row.language,
        "generation": generation,
        "title": " ".join(terms[: row.title_terms]),
        "terms": row.terms,
    }
    if len(vectors):
        mean = vectors.mean(axis=0)
        found["vector"] = [round(float(x), 6) for x in mean / (np.linalg.norm(mean) or 1.0)]
    return found


def cosine_of_score(score: float) -> float:
    """The cosine similarity behind a k-NN score of the Lucene engine's ``cosinesimil`` space."""
    return 2 * float(score) - 1
