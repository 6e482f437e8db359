"""Newcomer pages render on the server at /<region>/<language>/<page path>/ with the right lang and dir."""

import re

import pytest
from wagtail.models import Locale

from wegweiser.content.models import TopicPage
from wegweiser.regions.models import RegionPage

pytestmark = pytest.mark.django_db
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def test_start_lists_the_active_regions(client):
    html = client.get("/").content.decode()
    assert "Musterstadt" in html and "Musterland" in html
    assert '<html lang="de-DE" dir="ltr">' in html


def test_hidden_regions_are_not_listed_but_reachable_and_archived_ones_are_gone(client, musterland):
    RegionPage.objects.filter(pk=musterland.pk).update(status=RegionPage.Status.HIDDEN)
    assert "Musterland" not in client.get("/").content.decode()
    assert client.get("/musterland/de/").status_code == 200
    RegionPage.objects.filter(pk=musterland.pk).update(status=RegionPage.Status.ARCHIVED)
    assert client.get("/musterland/de/").status_code == 404


def test_arabic_start_page_is_right_to_left_with_arabic_tiles(client):
    response = client.get("/musterstadt/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصحة" in html  # the health tile
    assert 'href="/musterstadt/ar/health/"' in html


def test_german_page_has_breadcrumbs_organisation_and_last_update(client):
    response = client.get("/musterstadt/de/ankommen/wohnsitz-anmelden/wohnungsgeberbestaetigung/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de-DE" dir="ltr">' in html
    assert "<h1>Wohnungsgeberbestätigung</h1>" in html
    assert 'href="/musterstadt/de/ankommen/"' in html and 'href="/musterstadt/de/ankommen/wohnsitz-anmelden/"' in html
    assert "Bürgerbüro Musterstadt" in html
    assert "Zuletzt aktualisiert" in html


def test_persian_page_is_right_to_left_in_persian(client):
    html = client.get("/musterstadt/fa/health/finding-a-doctor/").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "آخرین به‌روزرسانی" in html
    assert ARABIC_LETTER.search(html)


def test_language_switch_leads_to_the_same_page_in_other_languages(client):
    html = client.get("/musterstadt/de/gesundheit/").content.decode()
    assert 'href="/musterstadt/ar/health/"' in html
    assert 'href="/musterstadt/uk/health/"' in html
    assert 'href="/musterstadt/de-si/gesundheit/"' in html


def test_a_page_missing_in_a_language_says_so_and_offers_the_others(client):
    response = client.get("/musterstadt/de-si/wohnen/mietvertrag/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Mietvertrag" in html
    assert 'href="/musterstadt/de/wohnen/mietvertrag/"' in html
    assert 'href="/musterstadt/ar/housing/rental-contract/"' in html


@pytest.mark.parametrize(
    "url", ["/nirgendwo/de/", "/musterstadt/fr/", "/musterstadt/xx-yy/", "/musterstadt/de/gibt-es-nicht/"]
)
def test_unknown_regions_languages_and_pages_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_region_without_language_redirects_to_german(client):
    response = client.get("/musterstadt/")
    assert response.status_code == 302 and response["Location"] == "/musterstadt/de/"


def test_draft_pages_are_not_shown(client, musterstadt):
    page = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    page.unpublish()
    assert client.get("/musterstadt/de/freizeit/").status_code == 404
    assert "Freizeit" not in client.get("/musterstadt/de/").content.decode()


def test_every_demo_page_renders_in_every_language(client):
    for page in TopicPage.objects.live().select_related("locale"):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        direction = "rtl" if page.locale.language_code in {"ar", "fa"} else "ltr"
        assert f'dir="{direction}"' in response.content.decode()[:200], page.url


def test_region_page_in_a_language_is_the_translation(client, musterland):
    arabic = musterland.get_translation(Locale.objects.get(language_code="ar"))
    assert arabic.url == "/musterland/ar/"


def test_the_imprint_is_a_page_newcomers_can_read_in_arabic(client):
    response = client.get("/musterstadt/ar/imprint/")
    assert response.status_code == 200
    assert "بيانات الناشر" in response.content.decode()
    assert 'dir="rtl"' in response.content.decode()


def test_the_imprint_is_not_a_topic_tile(client):
    response = client.get("/musterstadt/de/")
    assert "Impressum" not in response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    "path, text",
    [
        ("/musterstadt/de/veranstaltungen/", "Sprachcafé"),
        ("/musterstadt/ar/events/language-cafe/", "مقهى اللغة"),
        ("/musterstadt/uk/places/", "Бюро громадян"),
        ("/musterstadt/de/aktuelles/neue-kitaplaetze/", "Neue Kitaplätze"),
    ],
)
def test_events_places_and_news_have_pages(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()
