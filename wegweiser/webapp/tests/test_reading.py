"""Newcomer pages render on the server from the published snapshots, with the right lang and dir."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from wegweiser.content.models import TopicPage
from wegweiser.publishing.serving import forget_cached_etags
from wegweiser.regions.models import RegionPage

pytestmark = pytest.mark.django_db
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def main_of(response) -> str:
    return response.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page's latest state the way an editor does; the snapshots follow on commit."""

    def publish_page(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        forget_cached_etags()

    return publish_page


def test_start_lists_the_active_regions_in_german(client):
    html = client.get("/").content.decode()
    assert "Musterstadt" in html and "Musterland" in html
    assert '<html lang="de-DE" dir="ltr">' in html
    assert "Wählen Sie Ihre Region" in html
    assert "Landkreis" in html  # the kind of region


def test_start_speaks_the_browsers_language(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "اختر منطقتك" in html


def test_hidden_regions_are_not_listed_but_reachable_and_archived_ones_are_gone(client, musterland, publish):
    musterland.status = RegionPage.Status.HIDDEN
    publish(musterland)
    assert "Musterland" not in main_of(client.get("/"))
    assert client.get("/musterland/de/").status_code == 200
    musterland.status = RegionPage.Status.ARCHIVED
    publish(musterland)
    assert client.get("/musterland/de/").status_code == 404


@pytest.mark.parametrize(
    "query, expected, via",
    [
        ("Musterstadt", "Stadt Musterstadt", ""),
        ("musterstdt", "Stadt Musterstadt", ""),  # a typo
        ("Bergheim", "Landkreis Musterland", "Bergheim am See"),  # a town inside the district
        ("Kirchbreg", "Landkreis Musterland", "Kirchberg"),  # a town, misspelt
        ("72130", "Landkreis Musterland", "72130"),  # a postal code
    ],
)
def test_regions_are_found_by_name_town_and_postal_code(client, query, expected, via):
    html = main_of(client.get("/", {"q": query}))
    names = re.findall(r'class="region-name">([^<]+)<', html)
    assert names[0] == expected
    if via:
        assert via in html


def test_a_search_without_match_says_so(client):
    html = main_of(client.get("/", {"q": "Hamburg"}))
    assert "region-name" not in html
    assert "Keine Region gefunden" in html


def test_near_me_lists_the_nearest_regions_first(client):
    html = main_of(client.get("/", {"near": "48.74,9.31"}))  # in Musterstadt
    names = re.findall(r'class="region-name">([^<]+)<', html)
    assert names == ["Stadt Musterstadt", "Landkreis Musterland"]
    html = main_of(client.get("/", {"near": "49.031,9.665"}))  # in Waldstetten, a town of Musterland
    assert re.findall(r'class="region-name">([^<]+)<', html)[0] == "Landkreis Musterland"
    assert "Waldstetten" in html and re.search(r"0[.,]0 km", html)


def test_a_position_that_is_not_one_gets_a_message(client):
    response = client.get("/", {"near": "north"})
    assert response.status_code == 200
    assert 'role="alert"' in main_of(response)


def test_the_region_start_offers_its_languages_by_their_own_names(client):
    html = main_of(client.get("/musterstadt/"))
    for name, code in [("Deutsch", "de"), ("العربية", "ar"), ("Українська", "uk"), ("فارسی", "fa")]:
        assert f'<a href="/musterstadt/{code}/"' in html and name in html
    assert 'dir="rtl"' in html  # Arabic and Persian names are set right to left


def test_arabic_start_page_is_right_to_left_with_arabic_tiles_and_icons(client):
    response = client.get("/musterstadt/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "الصحة" in html  # the health tile
    assert 'href="/musterstadt/ar/health/"' in html
    assert "lucide-heart-pulse" in html  # the health icon, inlined
    for route in ("events/", "locations/", "news/"):
        assert f'href="/musterstadt/ar/{route}"' in html


def test_german_page_has_breadcrumbs_organisation_and_last_update(client):
    response = client.get("/musterstadt/de/ankommen/wohnsitz-anmelden/wohnungsgeberbestaetigung/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de-DE" dir="ltr">' in html
    assert "<h1>Wohnungsgeberbestätigung</h1>" in html
    assert 'href="/musterstadt/de/ankommen/"' in html and 'href="/musterstadt/de/ankommen/wohnsitz-anmelden/"' in html
    assert "Bürgerbüro Musterstadt" in html
    assert "Zuletzt aktualisiert" in html


def test_a_page_lists_the_pages_below_it(client):
    html = main_of(client.get("/musterstadt/de/ankommen/"))
    assert 'href="/musterstadt/de/ankommen/wohnsitz-anmelden/"' in html


def test_persian_page_is_right_to_left_in_persian(client):
    html = client.get("/musterstadt/fa/health/").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "آخرین به‌روزرسانی" in html
    assert ARABIC_LETTER.search(html)


def test_language_switch_leads_to_the_same_page_in_other_languages(client):
    html = client.get("/musterstadt/de/gesundheit/").content.decode()
    assert 'href="/musterstadt/ar/health/"' in html
    assert 'href="/musterstadt/uk/health/"' in html
    assert 'href="/musterstadt/de-si/gesundheit/"' in html


def test_the_switch_to_a_language_without_the_page_explains_and_offers_the_others(client):
    html = client.get("/musterstadt/de/wohnen/mietvertrag/").content.decode()
    link = "/musterstadt/de-si/not-translated/?from=/musterstadt/de/wohnen/mietvertrag/"
    assert f'href="{link}"' in html
    response = client.get(link)
    assert response.status_code == 404
    page = main_of(response)
    assert "Mietvertrag" in page
    assert 'href="/musterstadt/de/wohnen/mietvertrag/"' in page
    assert 'href="/musterstadt/ar/housing/rental-contract/"' in page
    assert 'href="/musterstadt/de-si/"' in page  # and the start page in the chosen language: never a dead end


def test_a_path_of_another_language_says_the_page_is_not_translated(client):
    response = client.get("/musterstadt/de-si/wohnen/mietvertrag/")
    assert response.status_code == 404
    html = main_of(response)
    assert "Mietvertrag" in html
    assert 'href="/musterstadt/de/wohnen/mietvertrag/"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/nirgendwo/",
        "/nirgendwo/de/",
        "/musterstadt/fr/",
        "/musterstadt/xx-yy/",
        "/musterstadt/de/gibt-es-nicht/",
        "/musterstadt/de/not-translated/?from=/anderswo/de/",
        "/musterstadt/de/not-translated/?from=https://example.com/musterstadt/de/",
        "/musterstadt/de/events/gibt-es-nicht/calendar.ics",
    ],
)
def test_unknown_regions_languages_and_pages_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_unpublished_pages_are_gone_from_the_guide(client, musterstadt, django_capture_on_commit_callbacks):
    page = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    forget_cached_etags()
    assert client.get("/musterstadt/de/freizeit/").status_code == 404
    assert "Freizeit" not in main_of(client.get("/musterstadt/de/"))


def test_a_published_change_shows_in_the_guide(client, musterstadt, publish):
    page = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    page.title = "Freizeit und Sport"
    publish(page)
    assert "Freizeit und Sport" in main_of(client.get("/musterstadt/de/"))


def test_every_demo_page_renders_in_every_language(client):
    pages = TopicPage.objects.live().select_related("locale")
    assert pages.count() > 300
    for page in pages:
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
    assert "Impressum" not in main_of(client.get("/musterstadt/de/"))


def test_the_guide_reads_only_published_snapshots(client):
    """Nothing on the read path walks the page tree: the only queries ask for documents' current versions."""
    with CaptureQueriesContext(connection) as queries:
        for url in [
            "/",
            "/musterstadt/",
            "/musterstadt/de/",
            "/musterstadt/de/gesundheit/",
            "/musterstadt/ar/locations/",
        ]:
            assert client.get(url).status_code == 200
    tables = {table for query in queries for table in re.findall(r'FROM "(\w+)"', query["sql"])}
    assert tables == {"publishing_snapshot"}


def test_browsers_asking_for_favicon_ico_get_the_apps_icon(client):
    """A PDF of the guide names no icon; the browser then asks for /favicon.ico."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("webapp/icon.svg")
    assert finders.find("webapp/icon.svg")
