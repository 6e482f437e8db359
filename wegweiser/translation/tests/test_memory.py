"""The translation memory: confirmed sentences are filled in again, across pages and regions."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rapidfuzz import fuzz
from wagtail.models import Page

from wegweiser.content.models import TopicPage
from wegweiser.translation import memory
from wegweiser.translation import segments as seg
from wegweiser.translation.models import MemoryEntry, MemorySaving

SHARED = "Die Sprechstunde im Integrationsbüro fällt am Freitag, dem 3. Mai, leider aus."


@pytest.fixture(autouse=True)
def empty_memory(db):
    """Each test starts from an empty memory (loading the demo may have filled it), so counts are exact."""
    MemoryEntry.objects.all().delete()
    MemorySaving.objects.all().delete()


def new_page(parent: Page, title: str, body: str, slug: str) -> TopicPage:
    """A published German topic page."""
    page = TopicPage(title=title, slug=slug, body=body)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def segment(translation, source: str) -> seg.Segment:
    return next(s for s in seg.segments(translation) if s.source == source)


@pytest.fixture
def two_pages(musterstadt):
    """Two pages of Musterstadt that share a title and a paragraph."""
    first = new_page(musterstadt, "Sprechstunde fällt aus", f"<p>{SHARED}</p><p>Erste Seite.</p>", "sprechstunde-1")
    second = new_page(musterstadt, "Sprechstunde fällt aus", f"<p>Zweite Seite.</p><p>{SHARED}</p>", "sprechstunde-2")
    return first, second


def translate_by_hand(translation, texts: dict[str, str]) -> None:
    """What a translator does in the editor: confirm translations of segments, given by source text."""
    seg.fill(translation, {segment(translation, source).key: text for source, text in texts.items()})


def test_a_confirmed_sentence_fills_the_same_sentence_on_another_page(musterstadt, two_pages):
    first, second = two_pages
    job = seg.translation_job(first, "uk")
    translate_by_hand(job, {"Sprechstunde fällt aus": "Консультація скасована", SHARED: "Консультація не відбудеться."})
    assert memory.remember(job, musterstadt) == 2

    other = seg.translation_job(second, "uk")
    filled = memory.fill_exact(other, musterstadt)

    assert filled == memory.Filled(segments=2, words=seg.count_words(SHARED) + 3)
    assert segment(other, SHARED).target == "Консультація не відбудеться."
    assert segment(other, SHARED).kind == seg.MANUAL
    assert segment(other, "Sprechstunde fällt aus").target == "Консультація скасована"
    assert segment(other, "Zweite Seite.").target is None, "only what the memory knows is filled"
    saving = MemorySaving.objects.get(region=musterstadt)
    assert (saving.language, saving.words, saving.segments) == ("uk", filled.words, 2)


def test_a_changed_translation_updates_the_regions_entry(musterstadt, two_pages):
    first, _second = two_pages
    job = seg.translation_job(first, "tr")
    translate_by_hand(job, {SHARED: "Görüşme saati iptal."})
    memory.remember(job, musterstadt)
    translate_by_hand(job, {SHARED: "Danışma saati maalesef iptal edildi."})
    assert memory.remember(job, musterstadt) == 1
    entry = MemoryEntry.objects.get(source_hash=memory.source_hash(SHARED), target_language="tr")
    assert entry.target_text == "Danışma saati maalesef iptal edildi."
    assert (entry.region, entry.source_language, entry.words) == (musterstadt, "de", seg.count_words(SHARED))


def test_whitespace_does_not_matter_for_an_exact_match():
    assert memory.source_hash("Ein  Satz\n mit Leerraum ") == memory.source_hash("Ein Satz mit Leerraum")
    assert memory.source_hash("Ein Satz") != memory.source_hash("Ein Satz.")


def test_machine_translations_are_not_remembered(musterstadt, two_pages):
    first, second = two_pages
    job = seg.translation_job(first, "ru")
    seg.fill(job, {"title": "Консультация отменена"}, kind=seg.MACHINE, tool="test")
    translate_by_hand(job, {SHARED: "Консультация не состоится."})
    assert memory.remember(job, musterstadt) == 1
    assert not MemoryEntry.objects.filter(target_language="ru", source_text="Sprechstunde fällt aus").exists()
    other = seg.translation_job(second, "ru")
    memory.fill_exact(other, musterstadt)
    assert segment(other, "Sprechstunde fällt aus").target is None


def test_the_same_regions_translation_is_preferred_then_the_newest(musterstadt, musterland, two_pages):
    _first, second = two_pages
    key = memory.source_hash(SHARED)
    common = {"source_language": "de", "target_language": "en", "source_hash": key, "source_text": SHARED}
    MemoryEntry.objects.create(**common, target_text="Musterstadt's own.", region=musterstadt)
    MemoryEntry.objects.create(**common, target_text="Musterland's, newer.", region=musterland)
    job = seg.translation_job(second, "en")
    memory.fill_exact(job, musterstadt)
    assert segment(job, SHARED).target == "Musterstadt's own."


def test_an_entry_whose_links_do_not_fit_is_passed_over(musterstadt, musterland):
    source_html = '<p>Rufen Sie <a href="tel:+4971511234">uns</a> an.</p>'
    page = new_page(musterstadt, "Anrufen", source_html, "anrufen")
    job = seg.translation_job(page, "en")
    linked = next(s for s in seg.segments(job) if "<a id=" in s.source)
    common = {"source_language": "de", "target_language": "en", "source_hash": memory.source_hash(linked.source)}
    MemoryEntry.objects.create(**common, source_text=linked.source, target_text='Call <a id="a1">us</a>.')
    MemoryEntry.objects.create(**common, source_text=linked.source, target_text="Call us.", region=musterland)
    MemoryEntry.objects.create(**common, source_text=linked.source, target_text="Call us!", region=musterstadt)

    filled = memory.fill_exact(job, musterstadt)  # no error, though the region's own entries lost the link

    assert filled.segments == 1
    assert segment(job, linked.source).target == 'Call <a id="a1">us</a>.'
    seg.fill(job, {"title": "Call", "slug": "call"})
    english = seg.save(job)
    assert 'href="tel:+4971511234"' in english.body and ">us</a>" in english.body


def test_nothing_fits_means_nothing_filled_and_nothing_counted(musterstadt, two_pages):
    first, _second = two_pages
    job = seg.translation_job(first, "ar")
    assert memory.fill_exact(job, musterstadt) == memory.Filled()
    assert not MemorySaving.objects.filter(region=musterstadt).exists()


def test_close_matches_are_suggested_from_90_percent(musterstadt, musterland, two_pages):
    _first, second = two_pages
    close = SHARED.replace("3. Mai", "5. Mai")
    far = "Die Sprechstunde im Rathaus fällt am Montag, dem 3. Juni, aus."
    assert 90 <= fuzz.ratio(close, SHARED) < 100 and fuzz.ratio(far, SHARED) < 90
    for text, target in [(close, "The office hour on Friday, 5 May, is cancelled."), (far, "Far."), (SHARED, "Same.")]:
        memory.remember_texts("de", "en", [(text, target)], musterland)
    memory.remember_texts("de", "ar", [(close, "ساعة الاستشارة ملغاة")], musterland)
    job = seg.translation_job(second, "en")
    seg.fill(job, {"title": "Office hour cancelled"})

    found = memory.suggestions(job)

    options = found[segment(job, SHARED)]
    assert [(o.text, o.source_text, o.region_name) for o in options] == [
        ("The office hour on Friday, 5 May, is cancelled.", close, musterland.full_name)
    ], "not the far one, not the exact one (it is filled), not another language's"
    assert 90 <= options[0].score < 100
    assert segment(job, "Sprechstunde fällt aus") not in found, "translated segments get no suggestions"


def test_saving_report_shows_words_per_language(login, musterstadt, two_pages):
    first, second = two_pages
    job = seg.translation_job(first, "uk")
    translate_by_hand(job, {SHARED: "Консультація не відбудеться."})
    memory.remember(job, musterstadt)
    memory.fill_exact(seg.translation_job(second, "uk"), musterstadt)
    MemorySaving.objects.create(region=musterstadt, language="en", words=40, segments=3)

    response = login("musterstadt-editor").get(f"/admin/translation/memory/{musterstadt.pk}/")

    assert response.status_code == 200
    words = seg.count_words(SHARED)
    rows = {row["language"]: (row["saved"], row["filled"], row["saved_recent"]) for row in response.context["savings"]}
    assert rows == {"uk": (words, 1, words), "en": (40, 3, 40)}
    assert response.context["total_words"] == words + 40
    pairs = {(p["source_language"], p["target_language"]): (p["entries"], p["own"]) for p in response.context["pairs"]}
    assert pairs[("de", "uk")][1] == 1
    assert response.context["may_fill"] is True
    index = login("musterstadt-editor").get("/admin/translation/memory/")
    assert [row["words_saved"] for row in index.context["rows"]] == [words + 40]


def test_command_rejects_an_unknown_region_or_language(musterstadt):
    before = MemoryEntry.objects.count()
    with pytest.raises(CommandError, match="no region with the slug “nowhere”"):
        call_command("fill_from_memory", "nowhere")
    with pytest.raises(CommandError, match="does not offer the language “fr”"):
        call_command("fill_from_memory", "musterstadt", "--language", "fr", "--remember")
    with pytest.raises(CommandError, match="“de” is the language the region writes in"):
        call_command("fill_from_memory", "musterstadt", "--language", "de")
    assert MemoryEntry.objects.count() == before


def test_a_page_copied_from_another_region_gets_its_translations_at_once(musterstadt, musterland, capsys):
    original = (
        TopicPage.objects.descendant_of(musterstadt)
        .filter(locale__language_code="de", depth=musterstadt.depth + 2)
        .exclude(body="")
        .exclude(slug__in=Page.objects.descendant_of(musterland).values("slug"))
        .first()
    )
    for language in ("en", "ar"):
        memory.remember(seg.translation_job(original, language), musterstadt)
    copy = original.copy(to=musterland, keep_live=True, copy_revisions=False)
    assert seg.item_in(copy, "en") is None

    call_command("fill_from_memory", "musterland")

    for language in ("en", "ar"):
        translated = seg.item_in(copy, language)
        musterstadts = seg.item_in(original, language)
        assert translated is not None and translated.live, language
        assert musterstadts is not None
        assert (translated.title, translated.body) == (musterstadts.title, musterstadts.body)
        assert translated.get_parent().locale.language_code == language
    assert "en: " in capsys.readouterr().out
    words = sum(seg.count_words(s.source) for s in seg.segments(seg.translation_job(copy, "en")))
    saved = MemorySaving.objects.filter(region=musterland, language="ar").values_list("words", flat=True)
    assert list(saved) == [words]


def test_a_published_change_is_filled_into_existing_translations(musterstadt, two_pages):
    first, second = two_pages
    job = seg.translation_job(first, "en")
    translate_by_hand(job, {SHARED: "The office hour is cancelled.", "Erste Seite.": "First page."})
    seg.fill(job, {"title": "Cancelled", "slug": "cancelled"})
    seg.save(job)
    memory.remember(job, musterstadt)
    english = seg.item_in(first, "en")
    assert english is not None
    second_job = seg.translation_job(second, "en")
    translate_by_hand(second_job, {"Zweite Seite.": "Second page."})
    seg.fill(second_job, {"title": "Cancelled", "slug": "cancelled-2"})
    seg.save(second_job)
    # The editor adds to the first page a sentence the second page's translation has.
    first.body += "<p>Zweite Seite.</p>"
    first.save_revision().publish()
    memory.remember(seg.translation_job(second, "en"), musterstadt)

    memory.fill_translations_from_memory.enqueue(first.pk)

    assert segment(seg.translation_job(first, "en"), "Zweite Seite.").target == "Second page."
    english.refresh_from_db()
    assert "Second page." not in english.body, "filled for the translator, not published"


def test_another_regions_editor_cannot_see_or_fill_the_memory_report(login, musterstadt, musterland):
    client = login("musterland-editor")
    assert client.get(f"/admin/translation/memory/{musterstadt.pk}/").status_code == 404
    assert client.post(f"/admin/translation/memory/{musterstadt.pk}/fill/").status_code == 404
    page = TopicPage.objects.descendant_of(musterstadt).first()
    assert client.get(f"/admin/translation/memory/suggestions/{page.pk}/en/").status_code == 404
    regions = [row["region"] for row in client.get("/admin/translation/memory/").context["rows"]]
    assert regions == [musterland]


def test_a_translator_sees_the_report_but_may_not_fill(login, musterstadt):
    client = login("musterstadt-translator")
    response = client.get(f"/admin/translation/memory/{musterstadt.pk}/")
    assert response.status_code == 200 and response.context["may_fill"] is False
    assert b"Fill from the memory" not in response.content
    refused = client.post(f"/admin/translation/memory/{musterstadt.pk}/fill/", {"language": ["en"]})
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert "you do not have permission" in str(list(client.get("/admin/").context["messages"])[0])


def test_an_editor_fills_the_region_from_the_report(login, musterstadt, two_pages):
    first, second = two_pages
    job = seg.translation_job(first, "tr")
    translate_by_hand(job, {SHARED: "Danışma saati iptal.", "Erste Seite.": "Birinci sayfa."})
    seg.fill(job, {"title": "İptal", "slug": "iptal"})
    memory.remember(job, musterstadt)
    copy = first.copy(to=second, keep_live=True, copy_revisions=False)  # same slug, another parent

    client = login("musterstadt-editor")
    response = client.post(f"/admin/translation/memory/{musterstadt.pk}/fill/", {"language": ["tr"]}, follow=True)

    assert response.status_code == 200
    turkish = seg.item_in(copy, "tr")
    assert turkish is not None and turkish.live and turkish.title == "İptal"
    message = str(list(response.context["messages"])[0])
    assert "translations are complete and published" in message
    assert client.get(f"/admin/translation/memory/{musterstadt.pk}/fill/").status_code == 405


def test_filling_with_an_unknown_language_changes_nothing(login, musterstadt):
    response = login("musterstadt-editor").post(
        f"/admin/translation/memory/{musterstadt.pk}/fill/", {"language": ["xx"]}, follow=True
    )
    assert "does not offer the language “xx”" in str(list(response.context["messages"])[0])
    assert not MemorySaving.objects.exists()


def test_suggestions_page_lists_close_matches(login, musterstadt, musterland, two_pages):
    _first, second = two_pages
    close = SHARED.replace("3. Mai", "5. Mai")
    memory.remember_texts("de", "en", [(close, "The office hour on 5 May is cancelled.")], musterland)
    seg.translation_job(second, "en")
    response = login("musterstadt-translator").get(f"/admin/translation/memory/suggestions/{second.pk}/en/")
    assert response.status_code == 200
    assert "The office hour on 5 May is cancelled." in response.content.decode()


def test_the_operator_sees_every_region(login, musterstadt, musterland):
    client = login("admin")
    regions = {row["region"] for row in client.get("/admin/translation/memory/").context["rows"]}
    assert {musterstadt, musterland} <= regions
    response = client.get(f"/admin/translation/memory/{musterland.pk}/")
    assert response.status_code == 200 and b"Fill from the memory" in response.content
