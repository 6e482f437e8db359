"""Passage vectors are kept in a cache file: rebuilding an index embeds only text it has not seen."""

import numpy as np
import pytest

from wegweiser.search import embeddings


@pytest.fixture
def model_calls(monkeypatch):
    """The texts each call of the real model embedded."""
    calls: list[list[str]] = []
    real = embeddings._model

    class Recording:
        def __init__(self, purpose):
            self.model = real(purpose)

        def encode(self, texts, is_query=False):
            calls.append(list(texts))
            return self.model.encode(texts, is_query)

        def query(self, texts):  # questions: not recorded
            return self.model.query(texts)

    monkeypatch.setattr(embeddings, "_model", Recording)
    return calls


def test_passages_embedded_once_come_from_the_cache(settings, tmp_path, model_calls):
    settings.SEARCH_EMBEDDING_CACHE = str(tmp_path / "cache" / "vectors.sqlite3")
    first = embeddings.passages(["Kita-Platz anmelden", "Sprachkurs finden"])
    again = embeddings.passages(["Sprachkurs finden", "Wohnung suchen", "Kita-Platz anmelden", "Wohnung suchen"])
    assert model_calls == [["Kita-Platz anmelden", "Sprachkurs finden"], ["Wohnung suchen"]]
    assert again.shape == (4, embeddings.DIMENSIONS)
    assert np.allclose(again[0], first[1]) and np.allclose(again[2], first[0])
    assert np.allclose(again[1], again[3])
    assert not np.allclose(again[0], again[1])


def test_without_a_cache_every_passage_is_embedded(settings, model_calls):
    settings.SEARCH_EMBEDDING_CACHE = ""
    embeddings.passages(["Kita-Platz anmelden"])
    embeddings.passages(["Kita-Platz anmelden"])
    assert model_calls == [["Kita-Platz anmelden"], ["Kita-Platz anmelden"]]


def test_a_regions_words_are_embedded_as_questions_and_cached_apart_from_passages(settings, tmp_path, model_calls):
    settings.SEARCH_EMBEDDING_CACHE = str(tmp_path / "vectors.sqlite3")
    passage = embeddings.passages(["Ausländerbehörde"])[0]
    word = embeddings.region_words(["Ausländerbehörde"])[0]
    assert not np.allclose(passage, word)  # "passage: …" and "query: …" are different inputs
    assert np.allclose(word, embeddings.question("Ausländerbehörde"), atol=1e-5)
    assert np.allclose(embeddings.region_words(["Ausländerbehörde"])[0], word)
    assert model_calls == [["Ausländerbehörde"], ["Ausländerbehörde"]]  # the third came from the cache
