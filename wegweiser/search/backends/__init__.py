"""Where ranking happens: a backend finds a region's best entries for a question.

``embedded`` (the default) ranks in the web process from the index rows in the database;
``postgres`` leaves the lexical part to PostgreSQL's full-text search; ``opensearch`` mirrors the
index to an OpenSearch cluster for installations past one machine. All keep the same contract
(``tests/test_backend_contract.py``), and the service above them fuses and presents the results.
"""

import contextlib
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import Count, Max
from django.dispatch import receiver
from django.utils.module_loading import import_string

from ..embeddings import DIMENSIONS
from ..language import fold, term, words
from ..models import SearchEntry, SearchWord, passage_vectors
from ..ranking import IndexedEntry, Match, Question, RegionIndex

BACKENDS = {
    "embedded": "wegweiser.search.backends.embedded.EmbeddedBackend",
    "postgres": "wegweiser.search.backends.postgres.PostgresBackend",
    "opensearch": "wegweiser.search.backends.opensearch.OpenSearchBackend",
}


#: How long a web process trusts its copy of a region's index before asking the database whether it changed.
TRUST_SECONDS = 1.0


@dataclass
class Loaded:
    version: tuple
    index: RegionIndex
    #: The region's words (folded, unstemmed) and how often they occur: for "did you mean".
    vocabulary: Counter[str]
    #: How the region writes each folded word ("auslanderbehorde" → "ausländerbehörde").
    spellings: dict[str, str]
    #: The region's words looked up by meaning (``SearchWord``): their vectors, and each one's language and term.
    word_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    word_terms: list[tuple[str, str]] = field(default_factory=list)
    checked_at: float = 0.0

    @cached_property
    def known(self) -> list[str]:
        """The vocabulary as a list, for fuzzy matching."""
        return list(self.vocabulary)


class SearchBackend:
    """The contract. Subclasses rank; this base keeps each region's index rows in memory, reloaded when
    they change (checked with one small query per search, so every web process stays current)."""

    def __init__(self, options: dict | None = None):
        self.options = options or {}
        # The regions searched last; a server with a hundred regions keeps only those readers search now.
        self._loaded: OrderedDict[int, Loaded] = OrderedDict()
        self._lock = threading.Lock()

    def search(self, region_id: int, question: Question, limit: int) -> list[Match]:
        """The ``limit`` best entries by words and the ``limit`` best by meaning, each with both scores."""
        raise NotImplementedError

    def changed(self, region_id: int) -> None:
        """The region's index rows changed (called after they are written)."""
        self._loaded.pop(region_id, None)

    def loaded(self, region_id: int) -> Loaded:
        current = self._loaded.get(region_id)
        if current is not None and time.monotonic() - current.checked_at < TRUST_SECONDS:
            return current
        entries = SearchEntry.objects.filter(region_id=region_id)
        version = tuple(entries.aggregate(n=Count("id"), last=Max("updated_at")).values())
        if current is not None and current.version == version:
            current.checked_at = time.monotonic()
            return current
        with self._lock:
            written = Counter[str]()
            index = RegionIndex(self._read(entries, written))
            vocabulary, spellings = Counter[str](), dict[str, str]()
            for word, count in written.most_common():
                vocabulary[fold(word)] += count
                spellings.setdefault(fold(word), word)  # the most frequent way of writing it
            word_terms, word_vectors = [], []
            for language, word, vector in SearchWord.objects.filter(region_id=region_id).values_list(
                "language", "word", "vector"
            ):
                word_terms.append((language, term(word, language)))
                word_vectors.append(np.frombuffer(bytes(vector), dtype=np.float32))
            current = Loaded(
                version,
                index,
                vocabulary,
                spellings,
                np.vstack(word_vectors) if word_vectors else np.zeros((0, DIMENSIONS), dtype=np.float32),
                word_terms,
                time.monotonic(),
            )
            self._loaded[region_id] = current
        with contextlib.suppress(KeyError):  # another thread dropped it meanwhile
            self._loaded.move_to_end(region_id)
        while len(self._loaded) > settings.SEARCH_REGIONS_IN_MEMORY:
            with contextlib.suppress(KeyError):
                self._loaded.popitem(last=False)
        return current

    @staticmethod
    def _read(entries, written: Counter[str]) -> Iterator[IndexedEntry]:
        """The region's rows, a few at a time (their texts are not kept); counts the words they are written with."""
        rows = entries.values_list("item_id", "family", "language", "title", "text", "terms", "title_terms", "vectors")
        for item_id, family, language, title, text, terms, title_terms, vectors in rows.iterator(chunk_size=500):
            written.update(words(f"{title} {text}", language))
            yield IndexedEntry(item_id, family, language, terms.split(), title_terms, passage_vectors(vectors))


@cache
def current() -> SearchBackend:
    """The configured backend (``SEARCH_BACKEND``: a name above or a dotted path, with ``SEARCH_BACKEND_OPTIONS``)."""
    name = settings.SEARCH_BACKEND
    return import_string(BACKENDS.get(name, name))(settings.SEARCH_BACKEND_OPTIONS)


@receiver(setting_changed)
def forget_backend(setting: str, **kwargs) -> None:
    if setting.startswith("SEARCH_BACKEND"):
        current.cache_clear()
