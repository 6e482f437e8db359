"""Searching a region for a newcomer's question: what the API and the web app call.

Both rankings run over every language of the region (``backends``); here they are fused per item
family (all language copies of an item), each result is shown in the reader's language where it
is translated and otherwise in the nearest language it is written in (marked), with a snippet
whose matching words are highlighted, and with a "did you mean" from the region's own words.
"""

import re
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from wegweiser.insights import searches
from wegweiser.publishing.lookup import check_language, find_region
from wegweiser.publishing.serving import Document, get_document
from wegweiser.publishing.snapshots import region_key

from . import backends, embeddings
from .indexing import SEARCHED_DOCUMENTS, page_id
from .language import casefold, fold, plain_terms, terms, token_forms, words
from .models import SearchEntry
from .ranking import Match, Question

#: Longest question taken; the rest is ignored.
MAX_QUESTION = 200
#: Entries each ranking hands to the fusion.
CANDIDATES = 50
#: How much the lexical ranking adds to the cosine similarity (which lies between about 0.7 and 0.95 for e5);
#: a small weight turns out best: lexical matches decide between items of similar meaning.
LEXICAL_WEIGHT = 0.03
#: A word of a question the region never uses is looked up among the region's words by meaning: this many of the
#: closest count as its translations, if at least this similar (e5 puts a word and its translation at about 0.9,
#: unrelated words at about 0.8).
TRANSLATIONS, TRANSLATION_SIMILARITY = 3, 0.86
#: At most this many words of a question are looked up that way (each takes about 6 ms).
TRANSLATED_WORDS = 8
SNIPPET_WORDS = 30
#: Words of a text looked through for the snippet.
SNIPPET_SCAN = 1500
_WORD = re.compile(r"\w+")
#: Terms by the language they are stemmed in.
Terms = dict[str, list[str]]


@dataclass
class Result:
    kind: str
    id: int
    title: str
    path: str
    language: str
    #: Shown in another language than the one asked for, because it is not translated.
    fallback: bool
    snippet: SafeString
    score: float


@dataclass
class Results:
    query: str
    language: str
    results: list[Result] = field(default_factory=list)
    did_you_mean: str | None = None

    #: Words of the question (folded) the region uses nowhere, in no language, not even with a typo or two; only
    #: for questions in a language the region writes in (in any other, each word would be unknown).
    unknown_words: list[str] = field(default_factory=list)
    #: The cosine similarity of the passage closest in meaning.
    closest: float = 0.0

    @property
    def weak(self) -> bool:
        """Nothing found; or the question asks about something the region never mentions and nothing is close in
        meaning. (Closeness alone does not tell: for e5, unrelated texts are still about 0.8 similar, and across
        languages real answers are hardly closer than nonsense; so a question in a language the region does not
        write in is weak only when nothing is found.)"""
        return not self.results or (bool(self.unknown_words) and self.closest < settings.SEARCH_WEAK_SCORE)


def search(region_slug: str, language: str, query: str, limit: int = 10, count_unanswered: bool = True) -> Results:
    """Raises ``lookup.NotFound`` for an unknown region or a language the region does not offer. Questions without
    a good answer are counted for the region's editors (anonymously), unless ``count_unanswered`` is false."""
    region = find_region(region_slug)
    check_language(region, language)
    query = " ".join(query.split())[:MAX_QUESTION]
    found = Results(query, language)
    if not words(query, language):
        return found
    backend = backends.current()
    loaded = backend.loaded(region["id"])
    corrections = corrected(query, language, loaded)
    if language in loaded.index.languages:  # otherwise every word is unknown, which says nothing about the question
        found.unknown_words = [
            word
            for word in plain_terms(query, language)
            if len(word) >= 4 and not word.isdigit() and word not in loaded.vocabulary and word not in corrections
        ]
    if corrections:
        found.did_you_mean = _WORD.sub(lambda m: corrections.get(fold(casefold(m[0], language)), m[0]), query)
    translated = translations(query, language, loaded)
    question = prepare(query, language, list(region["enabled_languages"]), corrections, translated)
    matches = backend.search(region["id"], question, CANDIDATES)
    found.closest = max((match.meaning for match in matches), default=0.0)
    found.results = present(region, language, question, fuse(matches)[:limit], corrections)
    if count_unanswered and found.weak:
        searches.count_unanswered(region["id"], language, query, no_results=not found.results)
    return found


def corrected(query: str, language: str, loaded: backends.Loaded) -> dict[str, str]:
    """Words of the question the region never uses (folded), with the most frequent region word one or two typos
    away, as the region writes it."""
    vocabulary = loaded.vocabulary
    if not vocabulary:
        return {}
    known = loaded.known
    result = {}
    for word in plain_terms(query, language):
        if word in vocabulary or len(word) < 4 or word.isdigit():
            continue
        allowed = 1 if len(word) < 8 else 2
        close = process.extract(word, known, scorer=Levenshtein.distance, score_cutoff=allowed, limit=10)
        if close:
            best = min(close, key=lambda found: (found[1], -vocabulary[found[0]]))
            result[word] = loaded.spellings[best[0]]
    return result


def translations(query: str, language: str, loaded: backends.Loaded) -> Terms:
    """For each word of the question the region never uses, the region's own words closest to it in meaning, as
    terms by language: in a German and English guide, an Arabic "تدريب" also looks for "training" and "ausbildung".
    Lexical ranking can then reach pages in other languages too. (A word with a spelling correction is looked up
    as well: a short word of another language is often a letter away from some word of the region.)"""
    unknown = [
        word
        for word in dict.fromkeys(words(query, language))
        if len(word) >= 3 and not word.isdigit() and fold(word) not in loaded.vocabulary
    ]
    unknown = sorted(unknown, key=len, reverse=True)[:TRANSLATED_WORDS]  # the longest say most
    if not unknown or not len(loaded.word_vectors):
        return {}
    similarity = np.vstack([embeddings.question(word) for word in unknown]) @ loaded.word_vectors.T
    found: Terms = {}
    for row in similarity:
        closest = np.argpartition(-row, TRANSLATIONS)[:TRANSLATIONS] if len(row) > TRANSLATIONS else range(len(row))
        for index in closest:
            if row[index] >= TRANSLATION_SIMILARITY:
                word_language, term = loaded.word_terms[index]
                found.setdefault(word_language, []).append(term)
    return found


def prepare(
    query: str,
    language: str,
    languages: list[str],
    corrections: dict[str, str],
    translated: Terms | None = None,
) -> Question:
    """The question's terms stemmed in each language of the region (a German word asked in the English guide
    still finds the German page), with the corrected spellings and the region's words closest in meaning to
    unknown words (``translations``) added."""
    extra = " ".join(corrections.values())
    by_language = {code: terms(f"{query} {extra}", code) for code in {language, *languages}}
    for code, found in (translated or {}).items():
        by_language.setdefault(code, []).extend(found)
    return Question(query, language, by_language, embeddings.question(query))


@dataclass
class Family:
    family: int
    score: float
    lexical: float
    matches: list[Match]


def fuse(matches: list[Match]) -> list[Family]:
    """One score per item family: the closest meaning of any copy, plus a little of the best lexical score."""
    best_lexical = max((m.lexical for m in matches), default=0.0) or 1.0
    families: dict[int, list[Match]] = {}
    for match in matches:
        families.setdefault(match.family, []).append(match)
    fused = []
    for family, members in families.items():
        lexical = max(m.lexical for m in members)
        meaning = max(m.meaning for m in members)
        fused.append(Family(family, meaning + LEXICAL_WEIGHT * lexical / best_lexical, lexical, members))
    return sorted(fused, key=lambda f: -f.score)


def fallback_chain(region: dict, language: str) -> list[str]:
    """The reader's language, then the languages it is translated from, nearest first."""
    chain, tree = [language], region.get("language_tree", {})
    while tree.get(chain[-1]) and tree[chain[-1]] not in chain:
        chain.append(tree[chain[-1]])
    return chain


def present(region: dict, language: str, question: Question, families: list[Family], corrections) -> list[Result]:
    entries: dict[int, list[SearchEntry]] = {}
    for entry in SearchEntry.objects.filter(region_id=region["id"], family__in=[f.family for f in families]):
        entries.setdefault(entry.family, []).append(entry)
    chain = fallback_chain(region, language)
    paths = reader_paths(region["id"], language)
    corrected_words = {fold(word) for word in corrections.values()}
    results = []
    for family in families:
        copies = entries.get(family.family)
        if not copies:
            continue  # removed since the backend ranked it
        best = max(family.matches, key=lambda m: m.meaning + m.lexical).item_id
        shown = min(
            copies, key=lambda e: (chain.index(e.language) if e.language in chain else len(chain), e.item_id != best)
        )
        results.append(
            Result(
                kind=shown.kind,
                id=shown.item_id,
                title=shown.title,
                path=paths.get(shown.item_id, shown.path),
                language=shown.language,
                fallback=shown.language != language,
                snippet=snippet(shown.text, question.terms.get(shown.language, []), corrected_words, shown.language),
                score=round(float(family.score), 4),
            )
        )
    return results


def reader_paths(region_id: int, language: str) -> dict[int, str]:
    """Item id → path in the reader's language, for items the guide shows in it (translated or as a fallback)."""
    paths: dict[int, str] = {}
    for name in SEARCHED_DOCUMENTS:
        document = get_document(region_key(region_id, language, name))
        if document is not None:
            paths.update(document.derived("paths_by_id", partial(_paths_by_id, document)))
    return paths


def _paths_by_id(document: Document) -> dict[int, str]:
    return {page_id(item["id"]): item["path"] for item in document.data}


def snippet(text: str, question_terms: list[str], corrections: set[str], language: str) -> SafeString:
    """The stretch of the text with the most of the question's words, those words marked."""
    tokens = text.split()[:SNIPPET_SCAN]
    wanted = set(question_terms)

    def matches(token: str) -> bool:
        token_terms, token_words = token_forms(token, language)
        return not (wanted.isdisjoint(token_terms) and corrections.isdisjoint(token_words))

    hits = [matches(token) for token in tokens]
    start, best, count = 0, -1, 0
    for index, hit in enumerate(hits):  # the window of SNIPPET_WORDS words with the most hits
        count += hit - (hits[index - SNIPPET_WORDS] if index >= SNIPPET_WORDS else 0)
        if count > best:
            best, start = count, max(index - SNIPPET_WORDS + 1, 0)
    start = max(start - 3, 0) if best > 0 else 0
    shown = [
        f"<mark>{escape(token)}</mark>" if hit else escape(token)
        for token, hit in zip(tokens[start : start + SNIPPET_WORDS], hits[start : start + SNIPPET_WORDS], strict=True)
    ]
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(text.split()) else ""
    return mark_safe(prefix + " ".join(shown) + suffix)  # noqa: S308 (every word escaped above)
