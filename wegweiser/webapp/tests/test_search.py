"""The guide's search page, rendered on the server from the region's search (wegweiser.search): results in the
reader's language with their kind and marked words, untranslated items in their own language with a note,
"did you mean", and what the offline copy carries to search without a connection."""

import codecs
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from wegweiser.content.models import TopicPage
from wegweiser.publishing import snapshots
from wegweiser.search import backends, language
from wegweiser.webapp.reading import Guide
from wegweiser.webapp.searching import MAX_RESULTS, plain_text, saved_search

pytestmark = pytest.mark.django_db

KITA = "/musterstadt/de/kita-und-schule/kita/kita-platz-anmelden/"


def main_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card".*?</li>', html, re.DOTALL)


def card_linking(html: str, path: str) -> str:
    found = [card for card in cards(html) if f'href="{path}"' in card]
    assert found, f"no result links {path}"
    return found[0]


@pytest.fixture
def german_only(restore_snapshots, musterstadt):
    """A German page that is not translated, in a region that shows such pages in its other languages."""
    parent = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    page = parent.add_child(
        instance=TopicPage(
            title="Wohngeld beantragen",
            slug="wohngeld",
            body="<p>Das Wohngeld hilft bei der Miete. &lt;script&gt;alert(1)&lt;/script&gt; steht im Antrag.</p>",
        )
    )
    page.save_revision().publish()
    musterstadt.fallback_to_source = True
    musterstadt.save_revision().publish()
    snapshots.rebuild_region(musterstadt)
    yield page
    backends.current().changed(musterstadt.id)  # the test's entries are rolled back: forget them


def test_a_german_search_shows_kinds_links_and_marked_words(client):
    html = main_of(client.get("/musterstadt/de/search/", {"q": "Kita anmelden"}))
    assert 'role="status"' in html
    card = card_linking(html, KITA)
    assert "Kita-Platz anmelden" in card and "<mark>" in card
    assert 'class="card-label"' in card and "search-fallback" not in card
    kinds = set(re.findall(r'data-kind="(\w+)"', html))
    assert "page" in kinds and kinds <= {"page", "event", "place", "news"}


def test_an_arabic_search_finds_arabic_pages_right_to_left(client):
    response = client.get("/musterstadt/ar/search/", {"q": "الصحة"})
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    html = main_of(response)
    card = card_linking(html, "/musterstadt/ar/health/")
    assert "<mark>" in card and "search-fallback" not in card
    assert 'dir="ltr"' not in card  # Arabic results follow the page's direction


def test_an_untranslated_result_is_shown_in_its_language_with_a_note(client, german_only):
    html = main_of(client.get("/musterstadt/ar/search/", {"q": "Wohngeld"}))
    card = next(card for card in cards(html) if "Wohngeld beantragen" in card)
    assert re.search(r'<a class="card-title" href="/musterstadt/ar/[^"]+/wohngeld/" lang="de-DE" dir="ltr">', card)
    assert '<p class="search-snippet" lang="de-DE" dir="ltr">' in card
    assert '<bdi lang="de-DE">Deutsch</bdi>' in card  # the note names the language in its own words
    # The text says "<script>" in words: it is shown escaped, never as markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card and "<script>alert" not in html
    assert "<mark>Wohngeld</mark>" in card


def test_a_question_with_markup_cannot_inject_it(client):
    html = main_of(client.get("/musterstadt/de/search/", {"q": '"><script>alert(1)</script> Kita'}))
    assert "<script>alert(1)</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; Kita"' in html
    assert card_linking(html, KITA)


def test_a_misspelt_word_gets_a_did_you_mean_link(client):
    html = main_of(client.get("/musterstadt/de/search/", {"q": "Fiktionsbescheinigng"}))
    link = re.search(r'<p class="did-you-mean">.*?<a href="([^"]+)"[^>]*>([^<]+)</a>', html, re.DOTALL)
    assert link, html
    suggestion = link.group(2)
    assert suggestion.casefold() == "fiktionsbescheinigung"
    assert parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)["q"] == [suggestion]
    assert "did-you-mean" not in main_of(client.get("/musterstadt/de/search/", {"q": "Fiktionsbescheinigung"}))


@pytest.mark.parametrize(
    ("language", "question", "hint"),
    [
        ("de", "Wo kann ich meinen Kamelführerschein verlängern lassen?", "Die Ergebnisse beantworten Ihre Frage"),
        ("ar", "أين يمكنني تجديد رخصة قيادة الجمال الخاصة بي؟", "قد لا تجيب هذه النتائج عن سؤالك"),
    ],
)
def test_results_for_a_question_the_guide_does_not_cover_carry_a_hint(client, language, question, hint):
    html = main_of(client.get(f"/musterstadt/{language}/search/", {"q": question}))
    assert cards(html)  # the closest items are still offered
    assert re.search(r'<p class="notice search-weak">[^<]*' + hint, html), html
    assert "search-weak" not in main_of(client.get(f"/musterstadt/{language}/search/", {"q": "Kita"}))


def test_an_empty_search_shows_the_form_and_no_words_a_hint(client):
    html = main_of(client.get("/musterstadt/de/search/"))
    assert 'name="q"' in html and 'role="status"' not in html and not cards(html)
    html = main_of(client.get("/musterstadt/de/search/", {"q": "?!"}))
    assert 'class="search-none"' in html and not cards(html)


def test_unknown_guides_are_not_found(client):
    assert client.get("/nirgendwo/de/search/", {"q": "Kita"}).status_code == 404
    assert client.get("/musterstadt/fr/search/", {"q": "Kita"}).status_code == 404


def test_the_offline_copy_carries_whole_texts_and_the_fallback_language(german_only):
    guide = Guide.of("musterstadt", "ar")
    with translation.override("ar"):
        items, messages = saved_search(guide)
    by_title = {item["title"]: item for item in items}
    wohngeld = by_title["Wohngeld beantragen"]
    assert wohngeld["language"] == "de" and wohngeld["kind"] == "page"
    assert wohngeld["text"].startswith("Das Wohngeld hilft bei der Miete.")  # without the notice in Arabic
    assert messages["languages"]["de"] == {"name": "Deutsch", "tag": "de-DE", "dir": "ltr"}
    assert "{language}" in messages["fallback"]
    assert set(messages["kinds"]) == {"page", "event", "place", "news"}
    assert len(messages["results"]) == MAX_RESULTS + 1
    assert {item["kind"] for item in items} == {"page", "event", "place", "news"}
    assert all("language" not in item for item in items if item["title"] != "Wohngeld beantragen")


def test_plain_text_keeps_blocks_apart_and_sentences_together():
    content = (
        '<p class="fallback-notice">Not translated.</p><div lang="de-DE" dir="ltr"><p>Die Anmeldung ist '
        "<b>kosten</b>los.</p><h2>So geht die Anmeldung</h2><ul><li>Konto</li><li>Daten &amp; Kind</li></ul></div>"
    )
    assert plain_text(content) == "Die Anmeldung ist kostenlos. So geht die Anmeldung Konto Daten & Kind"


def test_offline_search_folds_letters_as_the_server_does():
    """saved-search.js carries its own copy of the letter forms language.py folds; the two must stay the same."""
    script = (Path(__file__).parents[1] / "static" / "webapp" / "saved-search.js").read_text(encoding="utf-8")
    block = re.search(r"const FOLDS = \{(.*?)\};", script, re.DOTALL)
    assert block, "saved-search.js has no FOLDS table"
    pairs = re.findall(r'(?:"([^"]+)"|([^\s",:]+))\s*:\s*"([^"]*)"', block.group(1))
    in_script = {
        codecs.decode(quoted or bare, "unicode_escape") if "\\u" in (quoted or bare) else quoted or bare: value
        for quoted, bare, value in pairs
    }
    on_server = {chr(code): replacement or "" for code, replacement in language._FOLDS.items()}
    assert in_script == on_server
