"""Keeping the search index in step with what is published: called by the snapshot builder.

Every item of a region's published documents (pages, events, places, news) becomes one
``SearchEntry`` in its own language; copies shown in another language as a fallback are not indexed
twice. Only items whose text changed are embedded again, so publishing one page costs one page.
"""

import hashlib
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction

from . import backends, embeddings
from .language import terms, words
from .models import SearchEntry, SearchWord

logger = logging.getLogger(__name__)

#: Documents with searchable items, and the kind of item each holds.
SEARCHED_DOCUMENTS = {"pages": SearchEntry.Kind.PAGE, "events": "event", "places": "place", "news": "news"}


@dataclass
class Item:
    """What search needs of one published item."""

    kind: str
    item_id: int
    family: int
    language: str
    title: str
    text: str
    path: str
    trail: tuple[str, ...] = ()

    @property
    def passages(self) -> list[str]:
        """What is embedded: where the item sits with its title, and that again with the beginning of its text.

        The title alone matches short questions best, the beginning of the text says more. Only the
        beginning: embedding costs about a millisecond per word on two cores, and the first words and the
        title say what a page is about; the lexical ranking reads the whole text.
        """
        head = " > ".join((*self.trail, self.title))
        beginning = " ".join(self.text.split()[: settings.SEARCH_PASSAGE_WORDS])
        return [head, f"{head}: {beginning}"] if beginning else [head]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256("\n".join(self.passages).encode()).hexdigest()


def items_of(documents: Mapping[str, list | None], language: str) -> list[Item]:
    """The searchable items of one language's documents (by name, as the snapshot builder made them)."""
    items = []
    for name, kind in SEARCHED_DOCUMENTS.items():
        data = documents.get(name) or []
        by_id = {item["id"]: item for item in data}
        for item in data:
            if item.get("fallback_language") or item.get("language", language) != language:
                continue  # a copy of another language's item, indexed in that language
            own = page_id(item["id"])
            copies = [page_id(link["id"]) for link in (item.get("available_languages") or {}).values()]
            items.append(
                Item(
                    kind=str(kind),
                    item_id=own,
                    family=min([own, *copies]),
                    language=language,
                    title=item["title"],
                    text=item.get("excerpt") or "",
                    path=item["path"],
                    trail=trail(item, by_id),
                )
            )
    return items


def page_id(item_id: int | str) -> int:
    """The page behind an item's id in a document: news ids carry Integreat's prefix ("local-678")."""
    return int(str(item_id).removeprefix("local-"))


def trail(item: dict, by_id: dict[int, dict]) -> tuple[str, ...]:
    """Titles of the pages above an item, from the top: "Arbeit > Jobcenter" for "Bürgergeld"."""
    titles: list[str] = []
    parent = (item.get("parent") or {}).get("id")
    while parent in by_id and len(titles) < 10:
        titles.insert(0, by_id[parent]["title"])
        parent = (by_id[parent].get("parent") or {}).get("id")
    return tuple(titles)


def update_language(region, language: str, documents: Mapping[str, list | None]) -> int:
    """Make the region's entries in a language match its documents; returns how many were embedded."""
    items = items_of(documents, language)
    existing = {entry.item_id: entry for entry in SearchEntry.objects.filter(region=region, language=language)}
    changed = [item for item in items if item.item_id not in existing or _differs(existing[item.item_id], item)]
    needs_vectors = [
        item
        for item in changed
        if item.item_id not in existing or existing[item.item_id].content_hash != item.content_hash
    ]
    embedded = iter(embeddings.passages([text for item in needs_vectors for text in item.passages]))
    vectors = {item.item_id: np.vstack([next(embedded) for _ in item.passages]) for item in needs_vectors}
    wanted_words = set(words_worth_looking_up(items, language))
    stored_words = dict(SearchWord.objects.filter(region=region, language=language).values_list("word", "id"))
    new_words = sorted(wanted_words - set(stored_words))
    word_vectors = embeddings.region_words(new_words)
    with transaction.atomic():
        gone = set(existing) - {item.item_id for item in items}
        SearchEntry.objects.filter(region=region, language=language, item_id__in=gone).delete()
        for item in changed:
            entry = existing.get(item.item_id) or SearchEntry(region=region, item_id=item.item_id)
            _fill(entry, item)
            if item.item_id in vectors:
                entry.vectors = vectors[item.item_id].astype("float32").tobytes()
                entry.content_hash = item.content_hash
            entry.save()
        unused = [pk for word, pk in stored_words.items() if word not in wanted_words]
        for start in range(0, len(unused), 500):
            SearchWord.objects.filter(pk__in=unused[start : start + 500]).delete()
        SearchWord.objects.bulk_create(
            [
                SearchWord(region=region, language=language, word=word, vector=vector.astype("float32").tobytes())
                for word, vector in zip(new_words, word_vectors, strict=True)
            ],
            batch_size=500,
            ignore_conflicts=True,  # the same word from a rebuild of the region running at the same time
        )
    if changed or gone or unused or new_words:
        tell_backend(region.id)
    return len(needs_vectors)


#: Words of the texts (not only of titles) that occur in at least this many items are looked up by meaning too.
#: Fewer words embed faster; on the Rems-Murr-Kreis questions, 1,750 words found as much as 3,800.
WORDS_SHARED_BY = 5


def words_worth_looking_up(items: Sequence[Item], language: str) -> list[str]:
    """The words of a language's items that a question's unknown word is compared with by meaning: every word of a
    title, and the words of the texts that ``WORDS_SHARED_BY`` items share (of four letters or more; no numbers)."""
    in_titles: set[str] = set()
    in_texts: Counter[str] = Counter()
    for item in items:
        in_titles.update(words(item.title, language))
        in_texts.update(set(words(item.text, language)))
    found = in_titles | {word for word, count in in_texts.items() if count >= WORDS_SHARED_BY}
    return sorted(word for word in found if 4 <= len(word) <= 100 and not word.isdigit())


def tell_backend(region_id: int) -> None:
    """Let the backend follow; a search cluster that is down must not stop publishing (it catches up on the next
    change of the region)."""
    try:
        backends.current().changed(region_id)
    except Exception:
        logger.exception("The search backend could not take the changes of region %s", region_id)


def _fill(entry: SearchEntry, item: Item) -> None:
    title_terms = terms(" ".join((*item.trail[-1:], item.title)), item.language)
    entry.kind, entry.family, entry.language = item.kind, item.family, item.language
    entry.title, entry.text, entry.path = item.title[:400], item.text, item.path[:500]
    entry.terms = " ".join(title_terms + terms(item.text, item.language))
    entry.title_terms = len(title_terms)


def _differs(entry: SearchEntry, item: Item) -> bool:
    return entry.content_hash != item.content_hash or (
        entry.kind,
        entry.family,
        entry.title,
        entry.text,
        entry.path,
    ) != (item.kind, item.family, item.title[:400], item.text, item.path[:500])


def remove_languages(region, keep: list[str]) -> None:
    """Drop the entries of languages the region no longer offers (or all, for a region gone offline)."""
    SearchWord.objects.filter(region=region).exclude(language__in=keep).delete()
    if SearchEntry.objects.filter(region=region).exclude(language__in=keep).delete()[0]:
        tell_backend(region.id)
