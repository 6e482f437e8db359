"""The German readability check: scores, rules, stored scores, the check view and the list."""

import re

import pytest
import textstat
from django.contrib.auth import get_user_model
from wagtail.models import Page

from wegweiser.content.models import TopicPage
from wegweiser.regions.tenancy import region_copies
from wegweiser.translation import readability
from wegweiser.translation.models import ReadabilityScore
from wegweiser.translation.readability import (
    HINT,
    WARNING,
    analyse,
    check_foreign_words,
    check_long_words,
    check_negations,
    check_numbers,
    check_passive,
    check_sentence,
    check_sentence_length,
    compound_parts,
    plain_text,
    record,
    record_region,
    split_sentences,
)
from wegweiser.translation.readability_views import highlight

EASY = "Das ist das Rathaus. Hier wohnt der Bürgermeister nicht. Sie können hier Fragen stellen. Wir helfen Ihnen gern."
HARD = (
    "Die Inanspruchnahme der Leistungen setzt eine ordnungsgemäße Antragstellung bei der zuständigen "
    "Ausländerbehörde voraus, wobei entsprechende Nachweise über die Erwerbstätigkeit beizubringen sind. "
    "Anderenfalls ist eine Berücksichtigung der Aufwendungen im Rahmen der Leistungsgewährung ausgeschlossen."
)


def passages(findings, sentence: str, rule: str | None = None, kind: str | None = None) -> list[str]:
    return [
        sentence[f.start : f.end]
        for f in findings
        if (rule is None or f.rule == rule) and (kind is None or f.kind == kind)
    ]


# --------------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------------


def test_a_simple_text_scores_easier_than_a_hard_one_on_both_formulas():
    easy, hard = analyse(EASY, "de"), analyse(HARD, "de")
    assert easy.flesch_amstad > 70 > 30 > hard.flesch_amstad
    assert easy.wiener_sachtextformel < 6 < 12 < hard.wiener_sachtextformel
    assert readability.amstad_level(easy.flesch_amstad) in {"easy", "very easy", "fairly easy"}
    assert readability.amstad_level(hard.flesch_amstad) in {"hard", "very hard"}
    assert (easy.sentences, hard.sentences) == (4, 2)


def test_scores_do_not_depend_on_the_shared_textstat_language():
    """textstat's module-level language is global; our analysis uses its own instance."""
    before = analyse(HARD, "de")
    textstat.set_lang("it")  # Flesch-Vacca; uses pyphen like German, so nothing is downloaded
    try:
        after = analyse(HARD, "de")
        italian = textstat.flesch_reading_ease(HARD)
    finally:
        textstat.set_lang("en_US")
    assert (before.flesch_amstad, before.wiener_sachtextformel) == (after.flesch_amstad, after.wiener_sachtextformel)
    assert italian != pytest.approx(before.flesch_amstad, abs=0.5)  # the global setting did change


def test_only_german_and_leichte_sprache_are_analysed():
    with pytest.raises(ValueError, match="German and Leichte Sprache"):
        analyse("Hello world.", "en")


def test_abbreviations_and_dates_do_not_split_sentences_for_the_formulas():
    analysis = analyse("Bringen Sie z. B. Ihren Pass mit. Der Termin ist am 3. Mai im 2. Stock.", "de")
    assert analysis.sentences == 2


# --------------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------------


def test_headings_list_items_and_lines_count_as_sentences():
    text = plain_text(
        "Wohnen",
        "<h2>Das brauchen Sie</h2><p>Satz eins. Satz zwei.<br/>Eine Zeile</p>"
        "<ul><li>Ihren <b>Pass</b></li><li>Die Mietbescheinigung<ul><li>unterschrieben</li></ul></li></ul>"
        '<p>Rufen Sie <a href="tel:+49711">an</a>!</p>',
    )
    sentences = [text.sentence_text(s) for s in text.sentences]
    assert sentences == [
        "Wohnen",
        "Das brauchen Sie",
        "Satz eins.",
        "Satz zwei.",
        "Eine Zeile",
        "Ihren Pass",
        "Die Mietbescheinigung",
        "unterschrieben",
        "Rufen Sie an!",
    ]
    assert [block.kind for block in text.blocks] == [
        "title",
        "heading",
        "paragraph",
        "item",
        "item",
        "item",
        "paragraph",
    ]


def test_sentence_splitting_keeps_abbreviations_ordinals_and_addresses_right():
    text = (
        "Buchen Sie z. B. einen Termin im Bürgerbüro, Marktstraße 5. Das geht bzw. ging schnell. "
        "Am 3. Mai ist ein Fest. Was? Ja!"
    )
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Buchen Sie z. B. einen Termin im Bürgerbüro, Marktstraße 5.",
        "Das geht bzw. ging schnell.",
        "Am 3. Mai ist ein Fest.",
        "Was?",
        "Ja!",
    ]


# --------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------

CLEAN = "Sie melden Ihre Wohnung im Bürger-Büro an."


@pytest.mark.parametrize("language", ["de", "de-si"])
def test_a_clean_sentence_has_no_findings(language):
    assert check_sentence(CLEAN, language) == []
    assert check_sentence("Das Bürger·amt hilft Ihnen am 3. Mai.", language) == []


def test_sentence_length_is_stricter_in_leichte_sprache():
    eighteen = "Sie gehen mit Ihrem Pass und Ihrem Mietvertrag zum Amt und melden dort Ihre neue Wohnung schnell an."
    assert len(eighteen.split()) == 18
    assert list(check_sentence_length(eighteen, "de")) == []
    [finding] = check_sentence_length(eighteen, "de-si")
    assert (finding.start, finding.end, finding.params) == (0, len(eighteen), {"words": 18, "limit": 15})
    longer = eighteen[:-1] + " und holen danach Ihre Steuer-Nummer ab."
    assert len(list(check_sentence_length(longer, "de"))) == 1


@pytest.mark.parametrize(
    "word,parts",
    [
        ("Kindergeldantrag", ("kinder", "geld", "antrag")),
        ("Krankenversicherungskarte", ("kranken", "versicherung", "karte")),
        ("Elterngeldstelle", ("eltern", "geld", "stelle")),
        ("Rathaus", ("rathaus",)),
        ("Deutschland", ("deutschland",)),
        ("Fahrrad", ()),
    ],
)
def test_compound_parts(word, parts):
    assert compound_parts(word) == parts


def test_long_words_and_compounds():
    sentence = "Den Kindergeldantrag und die Wohnungsgeberbestätigung geben Sie im Amt ab."
    findings = list(check_long_words(sentence, "de"))
    assert passages(findings, sentence) == ["Kindergeldantrag", "Wohnungsgeberbestätigung"]
    assert findings[0].params == {"parts": 3, "split": "Kinder-Geld-Antrag"}
    assert "Kinder-Geld-Antrag" in findings[0].message
    # Written with hyphens or a Mediopunkt, as Leichte Sprache does, the word is fine.
    assert list(check_long_words("Den Kinder-Geld-Antrag und die Wohnungs·geber·bestätigung.", "de")) == []
    # A two-part compound is normal German, but gets a hint in Leichte Sprache.
    assert list(check_long_words("Die Familienkasse zahlt.", "de")) == []
    [hint] = check_long_words("Die Familienkasse zahlt.", "de-si")
    assert (hint.severity, hint.params["split"]) == (HINT, "Familien-Kasse")
    # Unknown words count by length only.
    [long_word] = check_long_words("Das Asylbewerberleistungsgesetz gilt.", "de")
    assert long_word.params["letters"] == 27 and long_word.kind == ""


@pytest.mark.parametrize(
    "sentence,passage",
    [
        ("Der Antrag wird vom Amt geprüft.", "wird vom Amt geprüft"),
        ("Die Unterlagen sind eingereicht worden.", "eingereicht worden"),
        ("Wann die Tonne geleert wird, steht im Kalender.", "geleert wird"),
        ("Sie werden zum Termin eingeladen.", "werden zum Termin eingeladen"),
        ("Die Kosten werden übernommen.", "werden übernommen"),
        ("Ihr Titel wurde verlängert.", "wurde verlängert"),
        ("Die Daten werden registriert.", "werden registriert"),
    ],
)
def test_passive_voice_is_found(sentence, passage):
    assert passages(list(check_passive(sentence, "de")), sentence) == [passage]


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Amt prüft Ihren Antrag.",
        "Die Regel wird ab Mai gelten.",
        "Sie werden abends krank, und die Praxis ist geschlossen.",
        "Ihr Kind wird 6 Jahre alt.",
        "Wir werden Ihnen helfen.",
    ],
)
def test_active_sentences_are_no_passive(sentence):
    assert list(check_passive(sentence, "de")) == []


def test_numbers():
    sentence = (
        "Es kamen 12500 Menschen, das sind 15 % der Stadt; Bürgergeld nach SGB II gibt es ab 01.02.2026 in Kapitel IV."
    )
    findings = list(check_numbers(sentence, "de-si"))
    assert passages(findings, sentence) == ["12500", "15 %", "II", "IV", "01.02.2026"]
    by_passage = {sentence[f.start : f.end]: f for f in findings}
    assert by_passage["12500"].params == {"grouped": "12.500"}
    assert by_passage["II"].params == {"arabic": "2"}
    assert by_passage["01.02.2026"].params == {"written": "1. Februar 2026"}
    # Dates with digits are normal in standard German; percentages are only a hint there.
    german = list(check_numbers(sentence, "de"))
    assert passages(german, sentence) == ["12500", "15 %", "II", "IV"]
    assert by_passage["15 %"].severity == WARNING and german[1].severity == HINT


@pytest.mark.parametrize(
    "sentence",
    [
        "Rathausplatz 1, 71000 Musterstadt",
        "Telefon: 07100 12-1040",
        "Rufen Sie 0711 123456 an.",
        "Die Stadt hat 12.500 Einwohner und 3 Schulen.",
        "Im Jahr 2026 gibt es 20 Euro mehr.",
        "Die CD und das XL-Shirt kosten 5 Euro.",
    ],
)
def test_ordinary_numbers_are_fine(sentence):
    assert list(check_numbers(sentence, "de-si")) == []


def test_double_negations_are_flagged_in_both_languages():
    sentence = "Es ist nicht unwichtig, dass niemand keine Maske trägt."
    for language in ("de", "de-si"):
        findings = list(check_negations(sentence, language))
        assert passages(findings, sentence, kind="double") == ["nicht unwichtig", "niemand keine"]
        assert all(f.severity == WARNING for f in findings if f.kind == "double")
    assert passages(
        list(check_negations("Ohne Pass können Sie nicht reisen.", "de")), "Ohne Pass können Sie nicht reisen."
    ) == ["Ohne Pass können Sie nicht"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sie können nicht kommen, weil Sie keine Zeit haben.",  # two clauses
        "Sie brauchen nicht nur einen Pass, sondern auch ein Foto.",
        "Weder Pass noch Ausweis sind nötig.",
        "Menschen ohne Arbeit und ohne Wohnung bekommen Hilfe.",
        "Das kostet ungefähr 5 Euro.",
    ],
)
def test_single_negations_are_fine_in_german(sentence):
    assert list(check_negations(sentence, "de")) == []


def test_every_negation_is_a_hint_in_leichte_sprache():
    text = "Sie brauchen keinen Termin. Das kostet nichts."
    findings = analyse(text, "de-si").findings
    assert passages(findings, text, rule="negation") == ["keinen", "nichts"]
    assert {f.severity for f in findings} == {HINT}
    assert passages(analyse(text, "de").findings, text, rule="negation") == []
    assert list(check_negations("Sie brauchen einen Termin.", "de-si")) == []


def test_foreign_words_and_abbreviations():
    sentence = "Das Meeting mit dem Team ist online, z. B. per Video bzw. via Telefon, ca. 2 Std. lang."
    findings = list(check_foreign_words(sentence, "de"))
    assert passages(findings, sentence) == ["Meeting", "Team", "online", "per", "via", "z. B.", "bzw.", "ca."]
    suggestions = {sentence[f.start : f.end]: f.params["suggestion"] for f in findings}
    assert suggestions["Meeting"] == "Treffen" and suggestions["z. B."] == "zum Beispiel"
    # Leichte Sprache also writes out everyday abbreviations.
    leichte = list(check_foreign_words(sentence, "de-si"))
    assert "Std." in passages(leichte, sentence)
    # Plurals and hyphenated compounds are found; German words that merely contain the letters are not.
    assert passages(
        list(check_foreign_words("Die Teams und der Online-Termin.", "de")), "Die Teams und der Online-Termin."
    ) == [
        "Teams",
        "Online",
    ]
    assert list(check_foreign_words("Die Personen im Teamraum treffen sich pünktlich.", "de")) == []


def test_findings_carry_offsets_into_the_whole_text():
    analysis = analyse("Willkommen in Musterstadt.\n\nDas Meeting ist morgen.", "de")
    [finding] = analysis.findings
    assert analysis.text.text[finding.start : finding.end] == "Meeting"
    assert finding.sentence == 1
    assert analysis.details()["findings"][0]["passage"] == "Meeting"


# --------------------------------------------------------------------------------------------------
# Highlighting
# --------------------------------------------------------------------------------------------------


def test_highlight_nests_crossing_passages_and_escapes_text():
    text = "A <b>Meeting</b> wird per Mail geprüft & fertig"
    findings = analyse(text, "de").findings
    html = highlight(text, list(enumerate(findings, 1)), 0, len(text))
    assert "&lt;b&gt;" in html and "<b>" not in html and "&amp; fertig" in html
    assert re.search(r'<mark [^>]*data-rule="foreign"[^>]*>Meeting</mark>', html)
    assert html.count("<mark") == html.count("</mark>")
    # A passive passage "wird per Mail geprüft" contains the foreign word "per": marks nest.
    assert re.search(
        r'data-rule="passive"[^>]*>wird <mark [^>]*data-rule="foreign"[^>]*>per</mark> Mail geprüft</mark>', html
    )


def test_highlight_cuts_a_passage_that_crosses_another():
    text = "eins zwei drei vier"
    first = readability.Finding("sentence", 0, 9)  # "eins zwei"
    second = readability.Finding("foreign", 5, 14)  # "zwei drei"
    html = highlight(text, [(1, first), (2, second)], 0, len(text))
    assert re.fullmatch(
        r'<mark [^>]*id="finding-1"[^>]*>eins <mark [^>]*id="finding-2"[^>]*>zwei</mark></mark>'
        r'<mark [^>]*data-rule="foreign"[^>]*> drei</mark> vier',
        html,
    )
    assert html.count('id="finding-2"') == 1


# --------------------------------------------------------------------------------------------------
# Stored scores
# --------------------------------------------------------------------------------------------------


def topic_page(region, language: str) -> TopicPage:
    copy = region_copies(region).get(locale__language_code=language)
    return TopicPage.objects.descendant_of(copy).live().order_by("path").first()


@pytest.mark.django_db
def test_record_stores_german_and_leichte_sprache_scores_only(musterstadt):
    german, leichte, english = (topic_page(musterstadt, code) for code in ("de", "de-si", "en"))
    score = record(german)
    assert score is not None and score.region == musterstadt and score.language == "de"
    assert score.findings == len(score.details["findings"])
    assert score.details["words"] > 0
    stored = record(leichte)
    assert stored is not None and stored.language == "de-si"
    assert record(english) is None
    assert not ReadabilityScore.objects.filter(page=english).exists()
    # Recording again updates the one score of the page.
    german.title = "Ankommen in Musterstadt: alles Wichtige zur Wohnsitzanmeldung und Krankenversicherung"
    german.save()
    again = record(Page.objects.get(pk=german.pk))
    assert again is not None and again.flesch_amstad != score.flesch_amstad
    assert ReadabilityScore.objects.filter(page=german).count() == 1


@pytest.mark.django_db
def test_record_region_checks_all_german_and_leichte_sprache_pages_of_the_demo(musterstadt, musterland):
    ReadabilityScore.objects.all().delete()  # publishing the demo content scored it already
    count = record_region(musterstadt)
    scores = ReadabilityScore.objects.filter(region=musterstadt)
    assert count == scores.count() > 20
    assert set(scores.values_list("language", flat=True)) == {"de", "de-si"}
    assert not ReadabilityScore.objects.filter(region=musterland).exists()
    # The demo's Leichte Sprache pages read easier than its German pages, on both formulas.
    leichte = scores.filter(language="de-si")
    german = scores.filter(language="de", page__topicpage__isnull=False)
    assert leichte.count() >= 10

    def mean(queryset, field):
        values = list(queryset.values_list(field, flat=True))
        return sum(values) / len(values)

    assert mean(leichte, "flesch_amstad") > mean(german, "flesch_amstad") + 5
    assert mean(leichte, "wiener_sachtextformel") < mean(german, "wiener_sachtextformel") - 1
    # Every finding stored points at its passage.
    for score in scores:
        assert all(item["passage"] for item in score.details["findings"])


# --------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------

LIST_URL = "/admin/translation/readability/"


def check_url(page) -> str:
    return f"/admin/translation/readability/page/{page.pk}/"


@pytest.mark.django_db
def test_check_view_shows_the_latest_draft_highlighted_and_escaped(musterstadt, login):
    client = login("musterstadt-editor")
    page = topic_page(musterstadt, "de")
    draft = page.specific
    draft.body = (
        "<p>Das Meeting wird vom Amt geprüft.</p>"
        "<p>Tom &amp; Jerry schreiben &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
    )
    draft.save_revision(user=get_user_model().objects.get(username="musterstadt-editor"))
    response = client.get(check_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<mark [^>]*data-rule="foreign"[^>]*>Meeting</mark>', html)
    assert re.search(r'<mark [^>]*data-rule="passive"[^>]*>wird vom Amt geprüft</mark>', html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "latest draft" in html
    assert 'data-score="amstad"' in html and "Wiener Sachtextformel" in html
    # The published page is unchanged and has no stored score from the draft.
    assert "Meeting" not in Page.objects.get(pk=page.pk).specific.body


@pytest.mark.django_db
def test_check_view_of_leichte_sprache_and_of_other_languages(musterstadt, login):
    client = login("musterstadt-editor")
    response = client.get(check_url(topic_page(musterstadt, "de-si")))
    assert response.status_code == 200
    assert "Target for Leichte Sprache" in response.content.decode()
    response = client.get(check_url(topic_page(musterstadt, "en")))
    assert response.status_code == 200
    assert "checked for German and Leichte Sprache pages" in response.content.decode()


@pytest.mark.django_db
def test_another_regions_editor_gets_404(musterstadt, login):
    ReadabilityScore.objects.filter(region=musterstadt).delete()
    client = login("musterland-editor")
    assert client.get(check_url(topic_page(musterstadt, "de"))).status_code == 404
    assert client.get(f"{LIST_URL}?region={musterstadt.pk}").status_code == 404
    assert client.post(LIST_URL, {"region": musterstadt.pk}).status_code == 404
    assert not ReadabilityScore.objects.filter(region=musterstadt).exists()
    # Their own region works.
    assert client.get(LIST_URL).status_code == 200


@pytest.mark.django_db
def test_list_is_sorted_worst_first_and_filters_by_language(musterstadt, login):
    client = login("musterstadt-editor")
    response = client.post(LIST_URL, {"region": musterstadt.pk}, follow=True)
    assert response.status_code == 200
    count = ReadabilityScore.objects.filter(region=musterstadt).count()
    assert f"{count} pages checked" in response.content.decode()

    html = client.get(LIST_URL).content.decode()
    listed = [int(pk) for pk in re.findall(r'<tr data-page="(\d+)"', html)]
    assert len(listed) == count
    amstad = dict(ReadabilityScore.objects.values_list("page_id", "flesch_amstad"))
    assert [amstad[pk] for pk in listed] == sorted(amstad[pk] for pk in listed)
    assert f'href="/admin/pages/{listed[0]}/edit/"' in html
    assert f'href="{check_url(Page(pk=listed[0]))}"' in html

    html = client.get(LIST_URL, {"language": "de-si"}).content.decode()
    listed = [int(pk) for pk in re.findall(r'<tr data-page="(\d+)"', html)]
    assert listed and set(ReadabilityScore.objects.filter(page_id__in=listed).values_list("language", flat=True)) == {
        "de-si"
    }

    html = client.get(LIST_URL, {"language": "en"}).content.decode()
    assert "Choose German or Leichte Sprache." in html


@pytest.mark.django_db
def test_superuser_chooses_the_region(musterstadt, musterland, login):
    client = login("admin")
    html = client.get(LIST_URL, {"region": musterland.pk}).content.decode()
    assert f'<option value="{musterstadt.pk}"' in html
    assert f'<option value="{musterland.pk}" selected' in html
    assert client.get(LIST_URL, {"region": "not-a-number"}).status_code == 404


@pytest.mark.django_db
def test_page_editor_offers_the_check_for_german_pages_only(musterstadt, login):
    client = login("musterstadt-editor")
    german, english = topic_page(musterstadt, "de"), topic_page(musterstadt, "en")
    assert check_url(german) in client.get(f"/admin/pages/{german.pk}/edit/").content.decode()
    assert check_url(english) not in client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    explorer = client.get(f"/admin/pages/{german.get_parent().pk}/").content.decode()
    assert check_url(german) in explorer


@pytest.mark.django_db
def test_an_unpublished_page_leaves_the_list(musterstadt):
    page = topic_page(musterstadt, "de")
    assert readability.record(page) is not None
    page.unpublish()
    assert not ReadabilityScore.objects.filter(page=page).exists()
    assert readability.record_region(musterstadt) == ReadabilityScore.objects.filter(region=musterstadt).count()
