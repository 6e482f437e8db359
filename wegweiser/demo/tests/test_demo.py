"""The demo is what a municipality sees first: real pages, real translations, one login per role."""

import json
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from wagtail.models import Locale
from wagtail_localize.models import Translation

from wegweiser.content.models import TopicPage
from wegweiser.demo import loading
from wegweiser.regions.models import RegionPage

pytestmark = pytest.mark.django_db
SCRIPTS = {"ar": "[\u0600-\u06ff]", "fa": "[\u0600-\u06ff]", "uk": "[\u0400-\u04ff]", "ru": "[\u0400-\u04ff]"}


def german_pages(region):
    return TopicPage.objects.descendant_of(region).live()


def test_musterstadt_has_at_least_40_pages_three_levels_deep_on_every_topic(musterstadt):
    pages = german_pages(musterstadt)
    assert pages.count() >= 40
    assert max(page.depth for page in pages) - musterstadt.depth >= 3
    slugs = set(pages.values_list("slug", flat=True))
    for topic in ("wohnsitz-anmelden", "wohnungssuche", "anerkennung", "integrationskurs", "kita", "schule"):
        assert topic in slugs
    for topic in ("krankenversicherung", "migrationsberatung", "sportvereine", "notrufnummern"):
        assert topic in slugs


@pytest.mark.parametrize("language", ["en", "ar", "uk", "fa", "tr", "ru"])
def test_every_musterstadt_page_is_translated_with_real_text(musterstadt, language):
    locale = Locale.objects.get(language_code=language)
    for page in german_pages(musterstadt).specific():
        translated = page.get_translation(locale).specific
        assert translated.live
        assert translated.title != page.title or language == "en" and page.title == "Jobcenter", page.title
        text = re.sub("<[^>]+>", "", translated.body)
        assert f"[{language}]" not in text
        assert len(text) > 0.4 * len(re.sub("<[^>]+>", "", page.body)), translated.url
        if language in SCRIPTS:
            assert len(re.findall(SCRIPTS[language], text)) > 0.3 * len(text), translated.url
    # Translated through wagtail-localize, so translators can keep working on them segment by segment.
    assert Translation.objects.filter(target_locale=locale, source__object_id__isnull=False).count() >= 40


def test_at_least_ten_pages_in_leichte_sprache(musterstadt):
    easy = TopicPage.objects.filter(locale__language_code="de-si").descendant_of(
        musterstadt.get_translation(Locale.objects.get(language_code="de-si"))
    )
    assert easy.live().count() >= 10
    assert "Bürger-Büro" in "".join(easy.values_list("body", flat=True))


def test_musterland_is_a_district_with_towns(musterland):
    assert musterland.prefix == "Landkreis"
    assert {town.name for town in musterland.towns.all()} >= {"Altdorf", "Neuhausen", "Lindenau", "Kirchberg"}


def test_loading_the_demo_again_changes_nothing():
    before = (TopicPage.objects.count(), RegionPage.objects.count())
    call_command("load_demo", verbosity=0)
    assert (TopicPage.objects.count(), RegionPage.objects.count()) == before


def test_unknown_demo_region_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="Unknown demo region"):
        call_command("load_demo", "atlantis")


@pytest.mark.parametrize(
    "username", ["admin", "musterstadt-manager", "musterstadt-editor", "musterstadt-author", "musterstadt-translator",
                 "musterstadt-observer", "musterland-editor"],
)  # fmt: skip
def test_demo_users_log_in_with_the_documented_password(username):
    assert authenticate(username=username, password=loading.DEMO_PASSWORD) is not None


def test_a_broken_translation_file_is_reported_and_loads_nothing(tmp_path, monkeypatch):
    source = loading.CONTENT_DIR / "musterland"
    target = tmp_path / "brokenland"
    target.mkdir()
    structure = json.loads((source / "structure.json").read_text())
    structure["region"]["slug"] = "brokenland"
    (target / "structure.json").write_text(json.dumps(structure))
    (target / "de.json").write_text((source / "de.json").read_text())
    english = json.loads((source / "en.json").read_text())
    english["ankommen"]["blocks"] = english["ankommen"]["blocks"][:1]
    (target / "en.json").write_text(json.dumps(english))
    monkeypatch.setattr(loading, "CONTENT_DIR", tmp_path)
    with pytest.raises(loading.DemoContentError, match="en.json, page 'ankommen'"):
        loading.load_region("brokenland")
    assert not RegionPage.objects.filter(slug="brokenland").exists()


def test_made_up_insights_fill_the_dashboard_once(musterstadt, login, capsys):
    from wegweiser.demo.insights import DAYS, add_demo_insights
    from wegweiser.insights.models import DailyViews, Feedback, UnansweredSearch

    call_command("load_demo", "musterstadt", "--insights")  # as make run does
    views = DailyViews.objects.filter(region=musterstadt)
    assert f"Added {views.count()} made-up daily view totals" in capsys.readouterr().out
    assert views.count() > 1000
    assert set(views.values_list("language", flat=True)) >= {"de", "ar", "uk", "fa"}
    assert len(set(views.values_list("day", flat=True))) == DAYS
    assert Feedback.objects.filter(region=musterstadt, language="ar").exists()
    assert UnansweredSearch.objects.filter(region=musterstadt).count() == 3
    assert add_demo_insights(musterstadt) == 0  # once only: running make run again adds nothing

    response = login("musterstadt-editor").get(f"/admin/insights/?region={musterstadt.pk}&days=90")
    assert response.status_code == 200
    shown = response.context["items"]
    assert len(shown) >= 10
    assert shown[0]["item"].views > 5 * shown[-1]["item"].views  # a few topics are read far more than the rest
    assert response.context["to_do"] and response.context["searches"] and response.context["feedback"]
