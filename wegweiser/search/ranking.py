"""Ranking a region's entries for a question: lexical (BM25 over stemmed terms) and by meaning (cosine of
embeddings), held in memory per region and rebuilt when the region's index changes."""

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
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
    """One index row as it is read: its terms and vectors go into the region's index, which keeps only its ids."""

    item_id: int
    family: int
    language: str
    terms: list[str]
    title_terms: int
    vectors: np.ndarray


@dataclass(frozen=True, slots=True)
class Entry:
    item_id: int
    family: int


@dataclass(frozen=True)
class Postings:
    """The entries of one language that contain each term, and how often (title words weighted): the entries
    of all terms in one array, each term a slice of it."""

    slices: dict[str, slice]
    entries: np.ndarray
    frequencies: np.ndarray

    @classmethod
    def of(cls, building: dict[str, tuple[array, array]]) -> "Postings":
        slices, start = {}, 0
        for term, (entries, _frequencies) in building.items():
            slices[term] = slice(start, start + len(entries))
            start += len(entries)
        return cls(
            slices,
            np.concatenate([np.frombuffer(entries, dtype=np.int32) for entries, _ in building.values()]),
            np.concatenate([np.frombuffer(frequencies, dtype=np.float32) for _, frequencies in building.values()]),
        )

    def get(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        found = self.slices.get(term)
        return None if found is None else (self.entries[found], self.frequencies[found])

    def document_frequency(self, term: str) -> int:
        found = self.slices.get(term)
        return 0 if found is None else found.stop - found.start


class RegionIndex:
    """BM25 postings per language and one matrix of passage vectors, for one region.

    Compact, as a web process keeps a few regions' indexes: a term's postings are two arrays (entries and
    weighted frequencies) rather than a list of pairs, and the entries' terms are not kept; a region of 4,400
    items in twelve languages takes about 40 MB instead of 250."""

    def __init__(self, entries: Iterable[IndexedEntry]):
        self.entries: list[Entry] = []
        building: dict[str, dict[str, tuple[array, array]]] = defaultdict(dict)
        lengths = array("f")
        self.count: Counter[str] = Counter()
        length_sum: Counter[str] = Counter()
        rows: list[np.ndarray] = []
        for index, entry in enumerate(entries):
            self.entries.append(Entry(entry.item_id, entry.family))
            weighted: Counter[str] = Counter()
            for position, term in enumerate(entry.terms):
                weighted[term] += TITLE_WEIGHT if position < entry.title_terms else 1
            postings = building[entry.language]
            for term, frequency in weighted.items():
                found = postings.get(term)
                if found is None:
                    found = postings[term] = (array("i"), array("f"))
                found[0].append(index)
                found[1].append(frequency)
            length = sum(weighted.values())
            lengths.append(length)
            self.count[entry.language] += 1
            length_sum[entry.language] += length
            rows.append(entry.vectors)
        self.postings = {language: Postings.of(postings) for language, postings in building.items()}
        self.lengths = np.frombuffer(lengths, dtype=np.float32)
        self.average = {language: length_sum[language] / n for language, n in self.count.items()}
        self.vectors = np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows]) if rows else np.zeros(0, dtype=int)

    @property
    def languages(self) -> list[str]:
        return list(self.count)

    def lexical(self, terms: dict[str, list[str]]) -> dict[int, float]:
        """BM25 of every entry sharing a term with the question (stemmed in the entry's language)."""
        scores = np.zeros(len(self.entries), dtype=np.float64)
        for language, postings in self.postings.items():
            n, average = self.count[language], self.average[language]
            for term in set(terms.get(language, ())):
                found = postings.get(term)
                if found is None:
                    continue
                entries, frequencies = found
                idf = math.log(1 + (n - len(entries) + 0.5) / (len(entries) + 0.5))
                norm = K1 * (1 - B + B * self.lengths[entries] / average)
                scores[entries] += idf * frequencies * (K1 + 1) / (frequencies + norm)
        return {int(index): float(scores[index]) for index in np.flatnonzero(scores)}

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
