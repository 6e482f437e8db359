"""Ranking a region's entries for a question: lexical (BM25 over stemmed terms) and by meaning (cosine of
embeddings), held in memory per region and rebuilt when the region's index changes."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from .embeddings import DIMENSIONS

#: BM25's usual constants: how fast repeated words stop counting, and how much long texts are discounted.
K1, B = 1.2, 0.75
#: Words of the title (and of the page above it) count as often as this many words of the text.
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class Question:
    """A question prepared for the backends: its terms in every language of the region, and its vector."""

    text: str
    language: str
    terms: dict[str, list[str]]
    vector: np.ndarray


@dataclass
class Match:
    """One entry a backend found, with its lexical and meaning scores (0 where that ranking did not find it)."""

    item_id: int
    family: int
    lexical: float = 0.0
    meaning: float = 0.0


@dataclass(frozen=True)
class IndexedEntry:
    item_id: int
    family: int
    language: str
    terms: list[str]
    title_terms: int
    vectors: np.ndarray


class RegionIndex:
    """BM25 postings per language and one matrix of passage vectors, for one region."""

    def __init__(self, entries: list[IndexedEntry]):
        self.entries = entries
        self.postings: dict[str, dict[str, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))
        self.lengths = np.zeros(len(entries), dtype=np.float32)
        self.count: Counter[str] = Counter()
        length_sum: Counter[str] = Counter()
        for index, entry in enumerate(entries):
            weighted: Counter[str] = Counter()
            for position, term in enumerate(entry.terms):
                weighted[term] += TITLE_WEIGHT if position < entry.title_terms else 1
            for term, frequency in weighted.items():
                self.postings[entry.language][term].append((index, frequency))
            self.lengths[index] = sum(weighted.values())
            self.count[entry.language] += 1
            length_sum[entry.language] += self.lengths[index]
        self.average = {language: length_sum[language] / n for language, n in self.count.items()}
        rows = [entry.vectors for entry in entries]
        self.vectors = np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.owner = np.repeat(np.arange(len(entries)), [len(r) for r in rows]) if rows else np.zeros(0, dtype=int)

    @property
    def languages(self) -> list[str]:
        return list(self.count)

    def lexical(self, terms: dict[str, list[str]]) -> dict[int, float]:
        """BM25 of every entry sharing a term with the question (stemmed in the entry's language)."""
        scores: dict[int, float] = defaultdict(float)
        for language, postings in self.postings.items():
            n, average = self.count[language], self.average[language]
            for term in set(terms.get(language, ())):
                found = postings.get(term)
                if not found:
                    continue
                idf = math.log(1 + (n - len(found) + 0.5) / (len(found) + 0.5))
                for index, frequency in found:
                    norm = K1 * (1 - B + B * self.lengths[index] / average)
                    scores[index] += idf * frequency * (K1 + 1) / (frequency + norm)
        return scores

    def meaning(self, vector: np.ndarray) -> np.ndarray:
        """The best cosine similarity of each entry's passages to the question."""
        best = np.full(len(self.entries), -1.0, dtype=np.float32)
        if len(self.vectors):
            np.maximum.at(best, self.owner, self.vectors @ vector)
        return best

    def search(self, question: Question, limit: int) -> list[Match]:
        """The ``limit`` best entries by each ranking, each with both scores."""
        lexical = self.lexical(question.terms)
        meaning = self.meaning(question.vector)
        chosen = set(sorted(lexical, key=lexical.__getitem__, reverse=True)[:limit])
        chosen.update(int(index) for index in np.argsort(-meaning)[:limit])
        return [
            Match(self.entries[i].item_id, self.entries[i].family, lexical.get(i, 0.0), float(meaning[i]))
            for i in chosen
        ]
