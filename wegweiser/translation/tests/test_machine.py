"""Machine translation with DeepL and LibreTranslate, against local servers that speak their APIs.

A demo page gains a German paragraph with bold text, links, phone numbers, an e-mail and a web
address; machine translation must send only that paragraph, keep all of those unchanged, publish
the result marked as machine translated, and count the words against the region's budget.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wegweiser.content.models import TopicPage
from wegweiser.translation import machine
from wegweiser.translation import segments as seg
from wegweiser.translation.models import MachineTranslationSettings, MachineTranslationUsage, TextVersion

from .fake_translators import FakeDeepL, FakeLibreTranslate

PARAGRAPH = (
    '<p>Fragen? <b>Rufen</b> Sie uns an: <a href="tel:+4971515010">07151 501-0</a> oder +49 7151 5010. '
    "Schreiben Sie an integration@musterstadt.example oder besuchen Sie "
    '<a href="https://www.musterstadt.example/kita">die Kita-Seite</a>. Mehr unter www.musterstadt.example/hilfe.</p>'
)
LITERALS = ["07151 501-0", "+49 7151 5010", "integration@musterstadt.example", "www.musterstadt.example/hilfe"]
LINKS = ['href="tel:+4971515010"', 'href="https://www.musterstadt.example/kita"']


@pytest.fixture
def deepl():
    with FakeDeepL(api_key="deepl-secret") as fake:
        yield fake


@pytest.fixture
def libre():
    with FakeLibreTranslate(api_key="lt-secret") as fake:
        yield fake


@pytest.fixture
def providers(settings, deepl, libre):
    settings.MACHINE_TRANSLATION_PROVIDERS = {
        "deepl": {"class": "deepl", "url": deepl.url, "api_key": "deepl-secret", "backoff": 0},
        "libretranslate": {"class": "libretranslate", "url": libre.url, "api_key": "lt-secret", "backoff": 0},
    }
    return settings.MACHINE_TRANSLATION_PROVIDERS


@pytest.fixture
def switched_on(musterstadt, providers):
    return MachineTranslationSettings.objects.create(
        region=musterstadt,
        enabled=True,
        monthly_word_budget=10_000,
        default_provider="deepl",
        providers={"tr": "libretranslate", "fa": "libretranslate"},
    )


def _add_paragraph(page, paragraph: str):
    page.body += paragraph
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def page(musterstadt):
    """A demo page whose German text gained a paragraph nobody has translated yet."""
    topic = (
        TopicPage.objects.descendant_of(musterstadt).filter(locale__language_code="de").exclude(body="").order_by("pk")
    ).first()
    return _add_paragraph(topic, PARAGRAPH)


def _copy(page, language: str) -> Any:
    """The item's copy in a language, which the test expects to exist."""
    found = seg.item_in(page, language)
    assert found is not None, f"no copy in {language}"
    return found


def _missing(page, language):
    return [s for s in seg.segments(seg.translation_job(page, language)) if s.target is None]


# --- Protection -------------------------------------------------------------------------------


def test_phone_numbers_addresses_and_links_are_fenced_off_and_put_back():
    value = (
        'Rufen Sie <b>07151 501-0</b> oder +49 7151 5010 an, (07151) 5010. <a id="a1">Mail</a>: '
        "info@musterstadt.example, https://www.musterstadt.example/kita?a=1&amp;b=2."
    )
    shield = machine.protect(value)
    assert sorted(shield.literals.values()) == sorted(
        ["07151 501-0", "+49 7151 5010", "(07151) 5010", "info@musterstadt.example",
         "https://www.musterstadt.example/kita?a=1&amp;b=2"]
    )  # fmt: skip
    assert '<a id="t2">' in shield.html and '<b id="t1">' in shield.html
    assert machine.restore(shield.html, shield) == value


def test_dates_times_rooms_and_postal_codes_are_not_mistaken_for_phone_numbers():
    text = "Am 01.02.2025 um 08:00 Uhr in Raum 104, 71000 Musterstadt, nach 14 Tagen."
    assert machine.literals_in(text) == []


def test_an_answer_that_loses_an_address_or_adds_markup_is_refused():
    shield = machine.protect("Schreiben Sie an info@musterstadt.example")
    with pytest.raises(machine.ProtectionError, match="info@musterstadt.example"):
        machine.restore("Write to us", shield)
    with pytest.raises(machine.ProtectionError, match="markup"):
        machine.restore(shield.html + "<i>neu</i>", shield)


def test_the_fake_servers_mangle_whatever_is_not_protected(providers, deepl):
    """Without protection the phone numbers and addresses would not survive: the tests below prove something."""
    [answer] = machine.get_provider("deepl").translate(['Rufen Sie <a id="a1">07151 501-0</a> an'], "de", "ar")
    assert "07151 501-0" not in answer
    [answer] = machine.get_provider("deepl").translate(["integration@musterstadt.example"], "de", "en")
    assert "integration@musterstadt.example" not in answer


# --- Translating a demo page ------------------------------------------------------------------


def test_deepl_translates_the_new_paragraph_into_arabic_and_keeps_links_phones_and_addresses(
    page, switched_on, deepl, musterstadt
):
    before = seg.segments(seg.translation_job(page, "ar"))
    [new] = [s for s in before if s.target is None]

    result = machine.machine_translate(page, "ar")

    assert (result.segments, result.words, result.failed) == (1, new.words, [])
    [request] = deepl.translations_requested
    assert request.headers["authorization"] == "DeepL-Auth-Key deepl-secret"
    assert (request.body["source_lang"], request.body["target_lang"], request.body["tag_handling"]) == (
        "DE",
        "AR",
        "html",
    )
    assert len(request.body["text"]) == 1, "only the untranslated segment is sent"

    arabic = _copy(page, "ar")
    assert arabic.live
    for literal in LITERALS + LINKS:
        assert literal in arabic.body
    assert "<b>اتصلوا</b>" in arabic.body and "أسئلة?" in arabic.body
    after = seg.segments(seg.translation_job(page, "ar"))
    assert [s.kind for s in after if s.source == new.source] == [seg.MACHINE]
    assert [s.target for s in after if s.source != new.source] == [s.target for s in before if s.source != new.source]
    assert TextVersion.objects.get(translation_key=page.translation_key, language="ar").machine_translated

    usage = MachineTranslationUsage.objects.get(region=musterstadt)
    assert (usage.language, usage.provider, usage.words) == ("ar", "deepl", new.words)
    assert machine.budget_status(musterstadt) == (new.words, 10_000, 10_000 - new.words)


def test_libretranslate_translates_into_turkish(page, switched_on, libre, deepl):
    [new] = _missing(page, "tr")
    result = machine.machine_translate(page, "tr")
    assert result.segments == 1 and result.provider == "LibreTranslate"
    assert deepl.requests == []
    [request] = libre.translations_requested
    assert request.body["api_key"] == "lt-secret" and request.body["format"] == "html"
    assert (request.body["source"], request.body["target"], len(request.body["q"])) == ("de", "tr", 1)
    turkish = _copy(page, "tr")
    assert "sorular" in turkish.body and "<b>arayın</b>" in turkish.body
    for literal in LITERALS + LINKS:
        assert literal in turkish.body
    assert _missing(page, "tr") == []
    assert [s.kind for s in seg.segments(seg.translation_job(page, "tr")) if s.source == new.source] == [seg.MACHINE]


def test_several_new_paragraphs_each_get_their_own_translation(page, switched_on, deepl):
    """The paragraphs of a page's text share one place (``body``); each must still get its own translation."""
    page = _add_paragraph(page, "<p>Rufen Sie uns an.</p><p>Schreiben Sie uns.</p><p>Rufen Sie uns an.</p>")
    missing = _missing(page, "ar")
    assert len(missing) == 3, "a text repeated in one field is one segment, with one translation"
    result = machine.machine_translate(page, "ar")
    assert result.segments == 3, "a repeated paragraph is translated once"
    assert len(deepl.translations_requested[0].body["text"]) == 3
    targets = {s.source: s.target or "" for s in seg.segments(seg.translation_job(page, "ar"))}
    assert "اتصلوا" in targets["Rufen Sie uns an."] and "اكتبوا" in targets["Schreiben Sie uns."]
    body = _copy(page, "ar").body
    assert body.index("اكتبوا") < body.rindex("اتصلوا") and body.count("اتصلوا") == 3


def test_persian_is_machine_translated_from_english_as_the_language_tree_says(page, switched_on, libre):
    english = _add_paragraph(
        _copy(page, "en"),
        '<p>Questions? Call <a href="tel:+4971515010">07151 501-0</a> or write to integration@musterstadt.example.</p>',
    )
    result = machine.machine_translate(english, "fa")
    assert result.segments >= 1
    [request] = libre.translations_requested
    assert (request.body["source"], request.body["target"]) == ("en", "fa")
    persian = _copy(page, "fa")
    assert "پرسش‌ها" in persian.body
    assert "07151 501-0" in persian.body and "integration@musterstadt.example" in persian.body


def test_a_segment_whose_protected_parts_get_lost_is_not_stored(page, switched_on, deepl, musterstadt):
    deepl.drop_untranslated = True
    [new] = _missing(page, "ar")
    result = machine.machine_translate(page, "ar")
    assert result.segments == 0 and len(result.failed) == 1 and "lost" in result.failed[0][1]
    assert _missing(page, "ar") == [new]
    assert MachineTranslationUsage.objects.get(region=musterstadt).words == new.words, "the provider was paid"


def test_nothing_to_translate_sends_nothing(page, switched_on, deepl):
    machine.machine_translate(page, "ar")
    result = machine.machine_translate(page, "ar")
    assert (result.segments, result.words) == (0, 0)
    assert len(deepl.translations_requested) == 1


# --- Refusals and provider errors ---------------------------------------------------------------


def test_over_budget_is_refused_before_anything_is_sent(page, switched_on, deepl, musterstadt):
    [new] = _missing(page, "ar")
    switched_on.monthly_word_budget = new.words + 5
    switched_on.save()
    MachineTranslationUsage.objects.create(region=musterstadt, language="en", provider="deepl", words=10)
    with pytest.raises(machine.MachineTranslationError, match=rf"needs {new.words} words, but only {new.words - 5} "):
        machine.machine_translate(page, "ar")
    assert deepl.requests == []
    assert _missing(page, "ar") == [new]
    assert MachineTranslationUsage.objects.filter(region=musterstadt).count() == 1


def test_last_months_usage_does_not_count_against_this_months_budget(musterstadt, switched_on):
    old = MachineTranslationUsage.objects.create(region=musterstadt, language="ar", provider="deepl", words=9_000)
    MachineTranslationUsage.objects.filter(pk=old.pk).update(created_at=machine.month_start() - timedelta(days=3))
    MachineTranslationUsage.objects.create(region=musterstadt, language="ar", provider="deepl", words=400)
    assert machine.budget_status(musterstadt) == (400, 10_000, 9_600)


@pytest.mark.parametrize(
    ("answers", "message"),
    [([456], "used up its quota"), ([500], "not available"), ([429, 429, 429], "too many requests")],
)
def test_a_provider_error_is_explained_and_nothing_is_stored(page, switched_on, deepl, musterstadt, answers, message):
    deepl.answers = list(answers)
    [new] = _missing(page, "ar")
    with pytest.raises(machine.MachineTranslationError, match=message):
        machine.machine_translate(page, "ar")
    assert _missing(page, "ar") == [new]
    assert not MachineTranslationUsage.objects.filter(region=musterstadt).exists()


def test_too_many_requests_is_retried(page, switched_on, deepl):
    deepl.answers = [429]
    result = machine.machine_translate(page, "ar")
    assert result.segments == 1
    assert len(deepl.translations_requested) == 2


def test_a_wrong_api_key_is_explained(page, switched_on, providers, deepl):
    providers["deepl"]["api_key"] = "wrong"
    with pytest.raises(machine.MachineTranslationError, match="refused the API key"):
        machine.machine_translate(page, "ar")
    assert len(deepl.requests) == 1 and _missing(page, "ar")


def test_libretranslate_errors_are_explained(page, switched_on, libre):
    libre.answers = [500]
    with pytest.raises(machine.MachineTranslationError, match="LibreTranslate is not available"):
        machine.machine_translate(page, "tr")
    assert _missing(page, "tr")


def test_an_unreachable_provider_is_explained(page, switched_on, providers):
    with FakeDeepL() as gone:
        url = gone.url
    providers["deepl"]["url"] = url
    with pytest.raises(machine.MachineTranslationError, match="cannot be reached"):
        machine.machine_translate(page, "ar")


def test_a_region_with_machine_translation_switched_off_is_refused(page, switched_on, deepl):
    switched_on.enabled = False
    switched_on.save()
    with pytest.raises(machine.MachineTranslationError, match="switched off"):
        machine.machine_translate(page, "ar")
    assert deepl.requests == []


def test_a_language_without_provider_or_unsupported_is_refused(page, switched_on, deepl):
    switched_on.default_provider = ""
    switched_on.save()
    with pytest.raises(machine.MachineTranslationError, match="no machine translation provider"):
        machine.machine_translate(page, "ar")
    switched_on.default_provider = "deepl"
    switched_on.save()
    with pytest.raises(machine.MachineTranslationError, match=r"DeepL cannot translate from German \(de\)"):
        machine.machine_translate(page, "de-si")
    assert deepl.requests == []


def test_deepl_language_codes():
    deepl = machine.DeepL("deepl", api_key="key:fx")
    assert deepl.url == "https://api-free.deepl.com"
    assert deepl.codes("de", "en") == ("DE", "EN-GB")
    assert deepl.codes("en", "fa") == ("EN", "FA")  # a DeepL beta language
    assert not deepl.supports("de", "de-si") and not deepl.supports("de", "ti")
    assert not machine.DeepL("deepl", beta_languages=False).supports("en", "fa")


# --- Admin views --------------------------------------------------------------------------------


def _settings_url(region):
    return reverse("translation_machine_region", args=[region.id])


def test_the_settings_page_shows_usage(login, musterstadt, switched_on):
    MachineTranslationUsage.objects.create(region=musterstadt, language="ar", provider="deepl", words=120)
    MachineTranslationUsage.objects.create(region=musterstadt, language="tr", provider="libretranslate", words=30)
    old = MachineTranslationUsage.objects.create(region=musterstadt, language="ar", provider="deepl", words=1_000)
    MachineTranslationUsage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    response = login("musterstadt-manager").get(_settings_url(musterstadt))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This month: 150 of 10000 words used, 9850 left." in page
    assert response.context["usage"]["by_language"] == [
        {"language": "العربية (Arabic)", "words": 120},
        {"language": "Türkçe (Turkish)", "words": 30},
    ]
    assert [row["provider"] for row in response.context["usage"]["by_provider"]] == ["deepl", "libretranslate"]
    assert response.context["usage"]["year_total"] == 1_150


def test_a_manager_changes_the_settings(login, musterstadt, providers):
    response = login("musterstadt-manager").post(
        _settings_url(musterstadt),
        {"enabled": "on", "monthly_word_budget": "20000", "default_provider": "deepl", "provider_tr": "libretranslate"},
    )
    assert response.status_code == 302
    config = MachineTranslationSettings.objects.get(region=musterstadt)
    assert (config.enabled, config.monthly_word_budget, config.default_provider, config.providers) == (
        True,
        20_000,
        "deepl",
        {"tr": "libretranslate"},
    )


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("default_provider", "google", "Unknown provider “google”"),
        ("provider_de_si", "deepl", "cannot translate from Deutsch (German) into Leichte Sprache"),
        ("monthly_word_budget", "-5", "greater than or equal to 0"),
    ],
)
def test_bad_settings_get_a_form_error_and_change_nothing(login, musterstadt, switched_on, field, value, error):
    data = {"enabled": "on", "monthly_word_budget": "20000", "default_provider": "deepl", field: value}
    response = login("musterstadt-editor").post(_settings_url(musterstadt), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    config = MachineTranslationSettings.objects.get(region=musterstadt)
    assert config.monthly_word_budget == 10_000 and config.providers == {"tr": "libretranslate", "fa": "libretranslate"}


def _denied(response) -> bool:
    """Wagtail's answer to a forbidden admin action: back to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_translators_see_the_settings_but_cannot_change_them(login, musterstadt, switched_on):
    client = login("musterstadt-translator")
    response = client.get(_settings_url(musterstadt))
    assert response.status_code == 200 and "Only the region's managers and editors" in response.content.decode()
    response = client.post(_settings_url(musterstadt), {"monthly_word_budget": "1", "default_provider": ""})
    assert _denied(response)
    assert MachineTranslationSettings.objects.get(region=musterstadt).monthly_word_budget == 10_000


def test_other_regions_see_nothing(login, musterstadt, page, switched_on, deepl):
    client = login("musterland-editor")
    assert client.get(_settings_url(musterstadt)).status_code == 404
    url = reverse("translation_machine_translate", args=[page.id])
    assert client.post(url, {"languages": ["ar"]}).status_code == 404
    assert deepl.requests == [] and _missing(page, "ar")


def test_authors_may_not_spend_the_budget(login, page, switched_on, deepl):
    url = reverse("translation_machine_translate", args=[page.id])
    assert _denied(login("musterstadt-author").post(url, {"languages": ["ar"]}))
    assert deepl.requests == []


def test_a_translator_machine_translates_an_item_into_drafts(login, page, switched_on, deepl, libre):
    """Translators may not publish: the machine translation waits as a draft for an editor."""
    client = login("musterstadt-translator")
    url = reverse("translation_machine_translate", args=[page.id])
    form = client.get(url).content.decode()
    assert 'value="ar" >' in form and 'value="de-si" disabled' in form, "DeepL has no Leichte Sprache"
    back = reverse("wagtailadmin_pages:edit", args=[page.id])
    response = client.post(url, {"languages": ["ar", "tr"], "next": back})
    assert response.status_code == 302 and response["Location"] == back
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(texts) == 2 and all("saved as a draft" in text for text in texts)
    assert _missing(page, "ar") == [] and _missing(page, "tr") == []
    arabic = _copy(page, "ar")
    assert arabic.has_unpublished_changes
    assert "<b>اتصلوا</b>" in arabic.get_latest_revision_as_object().body
    assert "<b>اتصلوا</b>" not in arabic.live_revision.as_object().body


def test_an_editor_machine_translates_and_publishes(login, page, switched_on, deepl):
    response = login("musterstadt-editor").post(
        reverse("translation_machine_translate", args=[page.id]), {"languages": ["ar"]}
    )
    [message] = get_messages(response.wsgi_request)
    assert "It is published and marked as machine translated" in str(message)
    arabic = _copy(page, "ar")
    assert not arabic.has_unpublished_changes and "<b>اتصلوا</b>" in arabic.live_revision.as_object().body
    assert TextVersion.objects.get(translation_key=page.translation_key, language="ar").machine_translated


def test_a_refusal_comes_back_as_an_error_message(login, page, switched_on, deepl):
    switched_on.enabled = False
    switched_on.save()
    client = login("musterstadt-editor")
    url = reverse("translation_machine_translate", args=[page.id])
    response = client.post(url, {"languages": ["ar"], "next": "https://elsewhere.example/"})
    assert response.status_code == 302 and response["Location"] == url, "no redirect to other sites"
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error" and "switched off" in str(message)
    assert _missing(page, "ar") and deepl.requests == []
    response = client.post(url, {"languages": ["xx"]})
    assert any("cannot machine translate into xx" in str(m) for m in get_messages(response.wsgi_request))


def test_the_overview_lists_the_users_regions(login, musterstadt, musterland):
    response = login("admin").get(reverse("translation_machine_index"))
    assert [row["region"] for row in response.context["rows"]] == sorted(
        [musterland, musterstadt], key=lambda region: region.title
    )
    response = login("musterstadt-editor").get(reverse("translation_machine_index"))
    assert response["Location"] == _settings_url(musterstadt)
