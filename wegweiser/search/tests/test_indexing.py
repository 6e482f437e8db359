"""The index follows publishing: every published item once, in its own language; only changes are embedded."""

import numpy as np
import pytest

from wegweiser.content.models import TopicPage
from wegweiser.publishing.snapshots import rebuild_region
from wegweiser.search import embeddings, indexing
from wegweiser.search.models import SearchEntry, SearchWord

pytestmark = pytest.mark.django_db


def record(monkeypatch, function: str) -> list[str]:
    """Records what ``embeddings.<function>`` embeds (the real model still does the embedding)."""
    texts: list[str] = []
    real = getattr(embeddings, function)

    def recording(batch):
        texts.extend(batch)
        return real(batch)

    monkeypatch.setattr(embeddings, function, recording)
    return texts


@pytest.fixture
def embedded(monkeypatch):
    """The passages embedded."""
    return record(monkeypatch, "passages")


@pytest.fixture
def embedded_words(monkeypatch):
    """The region's words embedded."""
    return record(monkeypatch, "region_words")


def test_every_published_page_is_indexed_once_in_its_language(client, musterstadt):
    for language in ("de", "ar", "fa"):
        pages = client.get(f"/api/v1/regions/musterstadt/{language}/pages/").json()
        entries = SearchEntry.objects.filter(region=musterstadt, language=language, kind="page")
        assert sorted(entries.values_list("item_id", flat=True)) == sorted(p["id"] for p in pages)
    german = SearchEntry.objects.get(region=musterstadt, language="de", path__endswith="/kita-platz-anmelden/")
    arabic = SearchEntry.objects.get(region=musterstadt, language="ar", family=german.family)
    assert arabic.path.endswith("/applying-for-a-childcare-place/") and arabic.item_id != german.item_id
    assert german.title == "Kita-Platz anmelden"
    assert "kita" in german.terms.split()[: german.title_terms + 3]
    vectors = german.passage_vectors()
    assert vectors.shape == (2, 384)  # the title, and the title with the beginning of the text
    assert all(abs(float(np.linalg.norm(vector)) - 1) < 1e-3 for vector in vectors)


def test_republishing_embeds_only_what_changed(
    restore_snapshots, musterstadt, embedded, django_capture_on_commit_callbacks
):
    page = TopicPage.objects.get(locale__language_code="de", slug="kita-platz-anmelden").specific
    before = SearchEntry.objects.get(item_id=page.id)
    others = dict(SearchEntry.objects.exclude(item_id=page.id).values_list("item_id", "content_hash"))
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Einen Platz in der Kita bekommen"
        page.save_revision().publish()
    assert len(embedded) == 2 and embedded[0].endswith("> Einen Platz in der Kita bekommen")
    assert "> Einen Platz in der Kita bekommen: " in embedded[1]
    after = SearchEntry.objects.get(item_id=page.id)
    assert after.title == "Einen Platz in der Kita bekommen"
    assert after.content_hash != before.content_hash and bytes(after.vectors) != bytes(before.vectors)
    assert dict(SearchEntry.objects.exclude(item_id=page.id).values_list("item_id", "content_hash")) == others


def test_a_rebuild_without_changes_embeds_nothing(restore_snapshots, musterstadt, embedded, embedded_words):
    rebuild_region(musterstadt)
    assert embedded == [] and embedded_words == []


def test_the_words_looked_up_by_meaning_are_title_words_and_words_many_texts_share():
    texts = ["Die Anmeldung im Rathaus. Seit 2024 online."] + ["Die Anmeldung geht online."] * 4
    items = [indexing.Item("page", n, n, "de", "Kita-Platz anmelden" if n else "Schule", text, f"/{n}/")
             for n, text in enumerate(texts)]  # fmt: skip
    assert len(items) == indexing.WORDS_SHARED_BY
    # Not "rathaus" or "geht" (in fewer texts), "die" (too short) or "2024" (a number).
    assert indexing.words_worth_looking_up(items, "de") == [
        "anmelden",
        "anmeldung",
        "kita",
        "online",
        "platz",
        "schule",
    ]


def test_the_regions_words_follow_publishing(restore_snapshots, musterstadt, django_capture_on_commit_callbacks):
    words = SearchWord.objects.filter(region=musterstadt, language="de")
    assert words.filter(word="kita").exists() and not words.filter(word="kamelrennen").exists()
    german = words.get(word="kita")
    assert np.frombuffer(bytes(german.vector), dtype=np.float32).shape == (384,)
    page = TopicPage.objects.get(locale__language_code="de", slug="kita-platz-anmelden").specific
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Kamelrennen im Park"
        page.save_revision().publish()
    assert words.filter(word="kamelrennen").exists()
    assert words.get(word="kita").vector == german.vector  # kept, not embedded again
    assert SearchWord.objects.filter(region=musterstadt, language="ar").exists()


def test_copies_shown_in_another_language_are_not_indexed_twice():
    documents = {
        "pages": [
            {"id": 1, "title": "Kita", "excerpt": "Anmeldung", "path": "/t/ar/kita/", "language": "ar",
             "fallback_language": "de", "available_languages": {}, "parent": None},
            {"id": 2, "title": "مدرسة", "excerpt": "التسجيل", "path": "/t/ar/schule/", "language": "ar",
             "available_languages": {"de": {"id": 7}}, "parent": None},
        ]
    }  # fmt: skip
    [item] = indexing.items_of(documents, "ar")
    assert (item.item_id, item.family, item.kind) == (2, 2, "page")


def test_trails_name_the_pages_above(client, musterstadt):
    entry = SearchEntry.objects.get(region=musterstadt, language="de", path__endswith="/kita-platz-anmelden/")
    pages = client.get("/api/v1/regions/musterstadt/de/pages/").json()
    item = next(p for p in pages if p["id"] == entry.item_id)
    by_id = {p["id"]: p for p in pages}
    assert indexing.trail(item, by_id)[-1] == by_id[item["parent"]["id"]]["title"]


def test_a_region_taken_offline_leaves_the_index(restore_snapshots, musterland):
    assert SearchEntry.objects.filter(region=musterland).exists()
    musterland.status = musterland.Status.ARCHIVED
    musterland.save()
    rebuild_region(musterland)
    assert not SearchEntry.objects.filter(region=musterland).exists()
    assert not SearchWord.objects.filter(region=musterland).exists()
