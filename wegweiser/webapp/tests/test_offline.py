"""Offline use: ``offline.json`` lists everything to save of a guide with sizes and versions; the web manifest
and the service worker. The browser side is in ``browser/test_offline.py``."""

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image

from wegweiser.content.models import TopicPage
from wegweiser.publishing.serving import forget_cached_documents, forget_cached_etags
from wegweiser.regions.models import RegionPage
from wegweiser.webapp import offline

pytestmark = pytest.mark.django_db
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
PAGE = "/musterstadt/de/ankommen/wohnsitz-anmelden/wohnungsgeberbestaetigung/"


@pytest.fixture(autouse=True)
def fresh_documents():
    """Manifests worked out by earlier tests in this process (browser tests ask for them too, some with other
    settings) are not taken as this test's "before"."""
    forget_cached_documents()


def manifest_of(client, region: str = "musterstadt", language: str = "de") -> dict:
    response = client.get(f"/{region}/{language}/offline.json")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def by_url(manifest: dict) -> dict[str, dict]:
    return {entry["url"]: entry for entry in manifest["entries"]}


def test_lists_every_page_event_place_news_item_list_and_the_imprint(client):
    entries = by_url(manifest_of(client))
    topics = [page["path"] for page in client.get("/api/v3/musterstadt/de/pages/").json()]
    assert len(topics) == 52
    assert all(entries[path]["kind"] == "page" for path in topics)
    # Each event once, at its own page, not every date of a recurring one.
    # All of them: the yearly festival lies beyond the default 31 days.
    last = (timezone.localdate() + timedelta(days=120)).isoformat()
    occurrences = client.get(f"/api/v1/regions/musterstadt/de/events/?end={last}").json()
    events = {event["path"].split("$")[0].rstrip("/") + "/" for event in occurrences}
    assert events == {url for url, entry in entries.items() if entry["kind"] == "events"}
    assert not [url for url in entries if "$" in url]
    for kind in ("places", "news"):
        paths = {item["path"] for item in client.get(f"/api/v1/regions/musterstadt/de/{kind}/").json()}
        assert paths and paths == {url for url, entry in entries.items() if entry["kind"] == kind}
    for url in ("/musterstadt/de/", "/musterstadt/", "/musterstadt/de/imprint/"):
        assert url in entries
    for route in ("events/", "locations/", "news/", "search/"):
        assert entries[f"/musterstadt/de/{route}"]["kind"] == "list"


def test_lists_the_static_files_the_pages_use(client):
    entries = by_url(manifest_of(client))
    for name in ("reader.css", "app.js", "offline.js", "icon.svg", "map.js"):
        entry = entries[f"/static/webapp/{name}"]
        with open(finders.find(f"webapp/{name}"), "rb") as file:
            content = file.read()
        assert entry["kind"] == "static"
        assert entry["size"] == len(content)
        assert entry["version"] == hashlib.sha256(content).hexdigest()[:16]
    for url in entries:  # only files that exist
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_sizes_are_the_bytes_of_each_page_and_add_up(client):
    manifest = manifest_of(client)
    assert all(entry["size"] > 0 for entry in manifest["entries"])
    assert manifest["size"] == sum(entry["size"] for entry in manifest["entries"])
    # Pages that do not depend on the time of day are exactly what the reader downloads.
    for entry in manifest["entries"]:
        if entry["kind"] in ("home", "languages", "page", "news", "imprint"):
            content = client.get(entry["url"]).content
            assert entry["size"] == len(content), entry["url"]
            assert entry["version"] == hashlib.sha256(content).hexdigest()[:16], entry["url"]


def test_search_texts_and_the_results_sentence_come_with_it(client):
    manifest = manifest_of(client)
    titles = {item["title"] for item in manifest["search"]}
    assert "Wohnungsgeberbestätigung" in titles and "Sprachcafé" in titles
    found = next(item for item in manifest["search"] if item["path"] == PAGE)
    assert found["text"].startswith("Für die Anmeldung") and found["kind"] == "page"
    assert manifest["messages"]["results"][:3] == ["0 Ergebnisse", "1 Ergebnis", "2 Ergebnisse"]


def test_answers_304_when_the_client_has_it_and_works_it_out_once(client, monkeypatch):
    first = client.get("/musterstadt/de/offline.json")
    etag = first["ETag"]
    assert etag == f'"{first.json()["version"]}"'
    calls = []
    monkeypatch.setattr(offline, "render_page", lambda *args: calls.append(args))
    again = client.get("/musterstadt/de/offline.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get("/musterstadt/de/offline.json").content == first.content
    assert not calls  # the answer is kept with the documents until one of them changes
    gzipped = client.get("/musterstadt/de/offline.json", HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"


def test_the_arabic_guide_lists_the_arabic_pages(client):
    manifest = manifest_of(client, language="ar")
    entries = by_url(manifest)
    topics = [page["path"] for page in client.get("/api/v3/musterstadt/ar/pages/").json()]
    assert topics and all(path in entries for path in topics)
    assert "/musterstadt/ar/" in entries and "/musterstadt/ar/events/language-cafe/" in entries
    assert not [url for url in entries if url.startswith("/musterstadt/de/")]
    assert manifest["language"] == "ar"
    assert all(ARABIC_LETTER.search(item["title"]) for item in manifest["search"])
    assert entries["/musterstadt/ar/"]["size"] == len(client.get("/musterstadt/ar/").content)


@pytest.mark.parametrize(
    "url", ["/nirgendwo/de/offline.json", "/musterstadt/fr/offline.json", "/musterstadt/xx-yy/offline.json"]
)
def test_unknown_regions_and_languages_are_not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "error" in response.json()


def png(width: int, height: int) -> ImageFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (11, 92, 173)).save(buffer, "PNG")
    return ImageFile(buffer, name="offline-test.png")


def test_publishing_a_change_changes_that_entry_and_the_version_only(client, django_capture_on_commit_callbacks):
    before = manifest_of(client)
    image = Image.objects.create(title="Formular", file=png(1600, 900))
    root = RegionPage.objects.get(slug="musterstadt", locale__language_code="de")
    page = TopicPage.objects.descendant_of(root).get(slug="wohnungsgeberbestaetigung", locale__language_code="de")
    page.body += f'<p>So sieht es aus:</p><embed embedtype="image" id="{image.id}" format="fullwidth" alt="Formular"/>'
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    forget_cached_etags()
    after = manifest_of(client)

    assert after["version"] != before["version"]
    old, new = by_url(before), by_url(after)
    assert new[PAGE]["version"] != old[PAGE]["version"]
    # The list of events is built for the moment it is built (which dates are still to come), so any
    # rebuild may renew it; every other entry stays as it was.
    assert {url for url in old if old[url] != new.get(url)} - {"/musterstadt/de/events/"} == {PAGE}
    # The image, as the page shows it: a rendition, smaller than the original (see the report on sizes).
    images = [entry for entry in after["entries"] if entry["kind"] == "image"]
    assert len(images) == 1
    rendition = image.get_rendition("width-800")
    assert images[0]["url"] == rendition.url
    assert images[0]["size"] == default_storage.size(rendition.file.name) > 0
    assert f'src="{rendition.url}"' in client.get(PAGE).content.decode()
    assert after["size"] == sum(entry["size"] for entry in after["entries"])


def test_pages_with_arabic_letters_in_their_address_are_saved_too(client, django_capture_on_commit_callbacks):
    arabic_root = RegionPage.objects.get(slug="musterstadt-ar")
    page = TopicPage.objects.descendant_of(arabic_root).filter(numchild=0, locale=arabic_root.locale).first()
    page.slug = "تسجيل-السكن"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    forget_cached_etags()
    entries = by_url(manifest_of(client, language="ar"))
    url = next(url for url in entries if "تسجيل-السكن" in url)
    assert entries[url]["kind"] == "page"
    assert entries[url]["size"] == len(client.get(url).content)


def test_images_elsewhere_are_left_out(rf):
    request = rf.get("/musterstadt/de/offline.json")
    assert offline.media_file(request, "https://elsewhere.example/media/images/a.width-800.png") is None
    assert offline.media_file(request, "/static/webapp/icon.svg") is None
    assert offline.media_file(request, "/media/images/missing.width-800.png") is None


def test_the_web_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    manifest = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
    assert manifest["start_url"].startswith("/") and manifest["name"] and manifest["short_name"]
    assert manifest["icons"][0]["src"] == "/static/webapp/icon.svg"


def test_the_service_worker_is_served_at_the_root_with_the_app_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert script.startswith("const VERSION = ")
    shell = re.search(r"const SHELL = (\[.*\]);", script)
    assert shell and '"/static/webapp/reader.css"' in shell.group(1) and '"/static/webapp/offline.js"' in shell.group(1)
    assert 'addEventListener("fetch"' in script
