"""The lexical ranking in PostgreSQL's full-text search; the ranking by meaning stays in memory.

Each entry's terms (already stemmed and folded by ``language.terms``) are a stored ``tsvector`` with a GIN
index (migration 0002: the title's terms weighted A, the rest D, configuration ``simple``). A question
matches an entry through the question's terms *in the entry's language*; the rank of an entry is
Σ idf(term) · ts_rank(document, term) over the question's terms it contains, so rare words count more than
"wie", "ich", "kann" (PostgreSQL has no document frequencies; they come from the region's statistics every
backend keeps in memory, see ``SearchBackend.loaded``).
"""

import math
from functools import reduce
from operator import add, or_

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Case, Expression, FloatField, Q, Value, When

from ..models import SearchEntry
from ..ranking import Match, Question, RegionIndex
from . import SearchBackend

#: ts_rank's weights for D, C, B, A: text words (D) count a third of title words (A), as in the embedded BM25.
WEIGHTS = [1 / 3, 0.0, 0.0, 1.0]
#: ts_rank's normalisation 1: divide by 1 + log(document length), so long pages do not win by length alone.
LENGTH_NORMALISATION = 1
#: Terms whose idf differs by less than this are ranked together (see ``idf_groups``).
IDF_STEP = 1.0


class Document(Expression):
    """The stored full-text document of an entry (a column only PostgreSQL has, see migration 0002)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(SearchEntry._meta.db_table)
        return f"{table}.{connection.ops.quote_name('search_document')}", []


class PostgresBackend(SearchBackend):
    """For installations on PostgreSQL: words are matched and ranked by the database, through its index."""

    def __init__(self, options: dict | None = None):
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured(
                f'SEARCH_BACKEND "postgres" needs PostgreSQL as the database (it is {connection.vendor}); '
                'use "embedded" instead.'
            )
        super().__init__(options)

    def search(self, region_id: int, question: Question, limit: int) -> list[Match]:
        index = self.loaded(region_id).index
        meaning = index.meaning(question.vector)
        position = {entry.item_id: i for i, entry in enumerate(index.entries)}
        by_meaning = [index.entries[int(i)] for i in np.argsort(-meaning)[:limit]]
        lexical: dict[int, tuple[int, float]] = {}
        ranked = self.ranked(region_id, weighted_terms(index, question))
        if ranked is not None:
            rows = ranked.values_list("item_id", "family", "rank")
            lexical = {item_id: (family, rank) for item_id, family, rank in rows[:limit]}
            missing = [entry.item_id for entry in by_meaning if entry.item_id not in lexical]
            if missing:
                lexical |= {item_id: (family, rank) for item_id, family, rank in rows.filter(item_id__in=missing)}
        matches = [
            Match(item_id, family, rank, float(meaning[position[item_id]]) if item_id in position else 0.0)
            for item_id, (family, rank) in lexical.items()
        ]
        matches += [
            Match(entry.item_id, entry.family, 0.0, float(meaning[position[entry.item_id]]))
            for entry in by_meaning
            if entry.item_id not in lexical
        ]
        return matches

    def ranked(self, region_id: int, weighted: dict[str, dict[str, float]]):
        """The region's entries sharing a term with the question in their language, best first (None: no terms)."""
        if not weighted:
            return None
        document = Document()
        matching, ranks = [], []
        for language, terms in weighted.items():
            matching.append(Q(language=language) & Q(document=either(terms)))
            rank = reduce(
                add,
                (
                    Value(sum(terms[term] for term in group))
                    * SearchRank(document, either(group), weights=WEIGHTS, normalization=LENGTH_NORMALISATION)
                    for group in idf_groups(terms)
                ),
            )
            ranks.append(When(language=language, then=rank))
        return (
            SearchEntry.objects.filter(region_id=region_id)
            .alias(document=document)
            .filter(reduce(or_, matching))
            .annotate(rank=Case(*ranks, default=Value(0.0), output_field=FloatField()))
            .order_by("-rank", "item_id")
        )


def either(terms) -> SearchQuery:
    """A query matching any of the terms."""
    return reduce(or_, (SearchQuery(term, config="simple") for term in terms))


def idf_groups(weighted: dict[str, float]) -> list[list[str]]:
    """The terms grouped by their idf (in steps of IDF_STEP), so that one ts_rank per group does.

    ts_rank of an OR query is the *mean* of its terms' ranks, so Σ idf · ts_rank(term) over a group of terms of
    about the same idf is Σ idf · ts_rank(group); each ts_rank call costs about as much as reading the document.
    """
    groups: dict[int, list[str]] = {}
    for term, idf in sorted(weighted.items()):
        groups.setdefault(math.floor(idf / IDF_STEP), []).append(term)
    return list(groups.values())


def weighted_terms(index: RegionIndex, question: Question) -> dict[str, dict[str, float]]:
    """The question's terms per language of the region's entries, each with its BM25 idf in that language (as
    ``RegionIndex.lexical`` computes it); terms no entry of the language contains are left out: they cannot match."""
    weighted: dict[str, dict[str, float]] = {}
    for language in index.languages:
        postings, n = index.postings[language], index.count[language]
        frequencies = {term: postings.document_frequency(term) for term in set(question.terms.get(language, ()))}
        containing = {term: df for term, df in frequencies.items() if df}
        if containing:
            weighted[language] = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in containing.items()}
    return weighted
