"""What every search backend promises (``SearchBackend``), tested on each: ``embedded`` always, ``postgres`` when
the test database is PostgreSQL (``DATABASE_URL=postgres://…``), ``opensearch`` when ``WEGWEISER_OPENSEARCH_URL``
points at a cluster (each run uses its own index and deletes it afterwards).

The tests write ``SearchEntry`` rows directly (with real embeddings of a few short passages) and call
``changed()`` as the indexer does.
"""

import os
import uuid

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string
from wagtail.models import Locale, Page

from wegweiser.regions.models import RegionLanguage, RegionPage
from wegweiser.search import backends, embeddings, service
from wegweiser.search.backends import BACKENDS, SearchBackend
from wegweiser.search.backends.postgres import Document, weighted_terms
from wegweiser.search.language import terms
from wegweiser.search.models import SearchEntry
from wegweiser.search.ranking import Match, Question

OPENSEARCH_URL = os.environ.get("WEGWEISER_OPENSEARCH_URL", "")

#: Short passages: language, title, text.
PASSAGES = {
    "courses": (
        "de",
        "Deutschkurse für Erwachsene",
        "Die Volkshochschule bietet Integrationskurse und Sprachkurse am Abend an. Anmeldung im Rathaus.",
    ),
    "paediatrician": ("de", "Kinderarzt finden", "Eine Liste der Praxen für Kinder und Jugendliche in der Stadt."),
    "vaccination": ("de", "Impfungen", "Impfungen schützen Ihr Kind. Fragen Sie Ihren Kinderarzt nach dem Impfpass."),
    "waste": ("de", "Müll trennen", "Der gelbe Sack ist für Verpackungen, die Biotonne für Essensreste."),
    "bank": ("en", "Opening a bank account", "Banks ask for your passport and your registration certificate."),
    "housing": ("ar", "البحث عن سكن", "يساعدك مكتب السكن في العثور على شقة مناسبة لعائلتك."),
}


@pytest.fixture(scope="module")
def vectors():
    """The passages' embeddings, computed once for the module (each costs about 0.1 s)."""
    keys = list(PASSAGES)
    found = embeddings.passages([f"{PASSAGES[key][1]}: {PASSAGES[key][2]}" for key in keys])
    return dict(zip(keys, found, strict=True))


@pytest.fixture(scope="session")
def opensearch_index():
    """An index of its own for this test run, deleted at the end."""
    name = f"wegweiser-test-{uuid.uuid4().hex[:12]}"
    yield name
    if OPENSEARCH_URL:
        requests.delete(f"{OPENSEARCH_URL.rstrip('/')}/{name}", timeout=30)


@pytest.fixture(params=["embedded", "postgres", "opensearch"])
def backend(request, db, opensearch_index) -> SearchBackend:
    name, options = request.param, {}
    if name == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the postgres backend is tested when the test database is PostgreSQL (DATABASE_URL=postgres://…)")
    if name == "opensearch":
        if not OPENSEARCH_URL:
            pytest.skip("the opensearch backend is tested when WEGWEISER_OPENSEARCH_URL names a cluster")
        options = {"url": OPENSEARCH_URL, "index": opensearch_index}
    return import_string(BACKENDS[name])(options)


@pytest.fixture
def make_region(db):
    def make(slug: str) -> RegionPage:
        region = RegionPage(
            title=slug.title(), slug=slug, prefix="Stadt", locale=Locale.objects.get(language_code="de")
        )
        region.languages = [
            RegionLanguage(language="de"),
            *(RegionLanguage(language=code, source_language="de") for code in ("en", "ar", "uk")),
        ]
        Page.get_first_root_node().add_child(instance=region)
        return region

    return make


@pytest.fixture
def add_entry(vectors):
    def add(region: RegionPage, item_id: int, key: str) -> SearchEntry:
        language, title, text = PASSAGES[key]
        title_terms = terms(title, language)
        return SearchEntry.objects.create(
            region=region,
            kind="page",
            item_id=item_id,
            family=item_id,
            language=language,
            title=title,
            text=text,
            path=f"/{key}/",
            terms=" ".join(title_terms + terms(text, language)),
            title_terms=len(title_terms),
            vectors=vectors[key].astype("float32").tobytes(),
            content_hash=key,
        )

    return add


def ask(text: str, language: str, languages=("de", "en", "ar", "uk")) -> Question:
    """A question as the service prepares it: its terms in every language of the region, and its vector."""
    return Question(text, language, {code: terms(text, code) for code in languages}, embeddings.question(text))


def by_item(matches: list[Match]) -> dict[int, Match]:
    found = {match.item_id: match for match in matches}
    assert len(found) == len(matches), "each entry at most once"
    return found


def test_a_word_finds_entries_by_its_stem_in_their_own_language(backend, make_region, add_entry):
    region = make_region("wortstadt")
    add_entry(region, 101, "courses")
    add_entry(region, 102, "waste")
    add_entry(region, 103, "bank")
    backend.changed(region.id)

    found = by_item(backend.search(region.id, ask("Sprachkursen", "de"), 10))
    assert found[101].lexical > 0
    assert found[102].lexical == 0 and found[103].lexical == 0
    assert all(match.meaning > 0 for match in found.values()), "every match has its meaning score too"

    english_stem = terms("accounts", "en")
    assert english_stem == ["account"]
    vector = embeddings.question("accounts")
    asked_in_german = by_item(backend.search(region.id, Question("accounts", "de", {"de": english_stem}, vector), 10))
    assert all(match.lexical == 0 for match in asked_in_german.values())
    asked_in_english = by_item(backend.search(region.id, Question("accounts", "en", {"en": english_stem}, vector), 10))
    assert asked_in_english[103].lexical > 0


def test_title_words_rank_above_words_of_the_text(backend, make_region, add_entry):
    region = make_region("titelstadt")
    add_entry(region, 201, "paediatrician")  # "Kinderarzt" in the title
    add_entry(region, 202, "vaccination")  # "Kinderarzt" in the text
    add_entry(region, 203, "waste")
    backend.changed(region.id)
    found = by_item(backend.search(region.id, ask("Kinderarzt", "de"), 10))
    assert found[201].lexical > found[202].lexical > 0
    assert found[203].lexical == 0


@pytest.mark.parametrize(
    "question, language",
    [("أين يمكنني تعلم اللغة الألمانية؟", "ar"), ("Де можна вивчити німецьку мову?", "uk")],
)
def test_meaning_finds_a_german_entry_for_a_question_in_another_language(
    backend, make_region, add_entry, question, language
):
    region = make_region("sinnstadt")
    for item_id, key in enumerate(["courses", "paediatrician", "waste", "bank", "housing"], start=301):
        add_entry(region, item_id, key)
    backend.changed(region.id)
    found = backend.search(region.id, ask(question, language), 3)
    assert max(found, key=lambda match: match.meaning).item_id == 301
    assert all(match.lexical == 0 for match in found), "no word of the question is in the entries"


def test_only_the_regions_own_entries_are_found(backend, make_region, add_entry):
    region, other = make_region("eigenstadt"), make_region("nachbarstadt")
    add_entry(region, 401, "courses")
    add_entry(region, 402, "waste")
    add_entry(other, 411, "courses")
    add_entry(other, 412, "paediatrician")
    backend.changed(region.id)
    backend.changed(other.id)
    found = by_item(backend.search(region.id, ask("Sprachkurse Deutschkurse", "de"), 10))
    assert set(found) == {401, 402}
    assert found[401].lexical > 0
    assert set(by_item(backend.search(other.id, ask("Sprachkurse Deutschkurse", "de"), 10))) == {411, 412}


def test_results_follow_changed_entries(backend, make_region, add_entry):
    region = make_region("wandelstadt")
    add_entry(region, 501, "courses")
    waste = add_entry(region, 502, "waste")
    backend.changed(region.id)
    assert by_item(backend.search(region.id, ask("Biotonne", "de"), 10))[502].lexical > 0

    waste.title, waste.text = "Sperrmüll abholen lassen", "Sperrmüll holt die Stadt zweimal im Jahr ab."
    title_terms = terms(waste.title, "de")
    waste.terms, waste.title_terms = " ".join(title_terms + terms(waste.text, "de")), len(title_terms)
    waste.save()
    SearchEntry.objects.filter(item_id=501, region=region).delete()
    backend.changed(region.id)

    found = by_item(backend.search(region.id, ask("Sperrmüll", "de"), 10))
    assert set(found) == {502} and found[502].lexical > 0
    assert by_item(backend.search(region.id, ask("Biotonne", "de"), 10))[502].lexical == 0


def test_a_region_without_entries_finds_nothing(backend, make_region):
    region = make_region("leerstadt")
    backend.changed(region.id)
    assert backend.search(region.id, ask("Deutschkurse", "de"), 10) == []


@pytest.mark.skipif(connection.vendor == "postgresql", reason="on PostgreSQL the postgres backend is configured fine")
def test_the_postgres_backend_refuses_other_databases():
    with pytest.raises(ImproperlyConfigured, match="needs PostgreSQL"):
        import_string(BACKENDS["postgres"])({})


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs the test database on PostgreSQL (DATABASE_URL=postgres://…)"
)


@on_postgresql
def test_postgres_matches_through_the_full_text_index(make_region, add_entry):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)
    assert any(c["columns"] == ["search_document"] and c["type"] == "gin" for c in constraints.values())
    region = make_region("indexstadt")
    add_entry(region, 601, "courses")
    backend = import_string(BACKENDS["postgres"])({})
    ranked = backend.ranked(region.id, weighted_terms(backend.loaded(region.id).index, ask("Sprachkurse", "de")))
    assert '"search_document" @@ (plainto_tsquery' in str(ranked.query)
    document = SearchEntry.objects.filter(pk=region.search_entries.get().pk).values_list(Document(), flat=True)
    assert "'deutschkurs':1A" in document.get() and "'sprachkurs':" in document.get()


@on_postgresql
@pytest.mark.parametrize(
    ("language", "question"),
    [("de", "Wie melde ich mein Kind für einen Platz in der Kita an?"), ("ar", "كيف أسجل طفلي في روضة الأطفال؟")],
)
def test_postgres_answers_the_demos_questions_like_the_embedded_backend(musterstadt, settings, language, question):
    assert SearchEntry.objects.filter(region=musterstadt, language=language).exists(), "the demo is not indexed"
    answers = {}
    for name in ("embedded", "postgres"):
        settings.SEARCH_BACKEND = name
        backends.current.cache_clear()
        answers[name] = service.search("musterstadt", language, question, count_unanswered=False).results
    backends.current.cache_clear()
    assert answers["embedded"] and answers["postgres"]
    # Meaning decides most of the order; the lexical scores differ (ts_rank is not BM25), so only nearly the same.
    assert answers["embedded"][0].id in [result.id for result in answers["postgres"][:3]]
    settings.SEARCH_BACKEND = "postgres"
    backends.current.cache_clear()
    question_in_every_language = service.prepare(question, language, ["de", language], {})
    matches = backends.current().search(musterstadt.id, question_in_every_language, 10)
    backends.current.cache_clear()
    assert any(match.lexical > 0 for match in matches), "PostgreSQL's full-text search matched no word"
