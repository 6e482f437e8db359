"""The privacy note says plainly what the guide counts and stores; item pages say what counting.js counts, no more.

The browser side of counting (the queue on the device, batches, offline) is in browser/test_view_counting.py.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventPage
from wegweiser.webapp import offline
from wegweiser.webapp.reading import Guide

pytestmark = pytest.mark.django_db
PRIVACY = "/musterstadt/{}/privacy/"
TOPIC = "/musterstadt/de/gesundheit/"
COUNTED = re.compile(r'data-count="([a-z]+)" data-count-id="([^"]+)"')


def main_of(html: str) -> str:
    return html.split("<main", 1)[-1].split("</main>", 1)[0]


def counted(client, path: str) -> list[tuple[str, str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    return COUNTED.findall(response.content.decode())


def in_language(code: str, message: str) -> str:
    with translation.override(code):
        return gettext(message)


def test_every_guide_page_links_the_privacy_note_in_its_footer(client):
    for path in (TOPIC, "/musterstadt/de/", "/musterstadt/de/events/", "/musterland/ar/"):
        html = client.get(path).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        code = path.split("/")[2]
        assert f'<a href="/{path.split("/")[1]}/{code}/privacy/">{in_language(code, "Privacy note")}</a>' in footer


def test_the_privacy_note_in_german(client):
    response = client.get(PRIVACY.format("de"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de-DE" dir="ltr">' in html
    assert f"<h1>{in_language('de', 'Privacy note')}</h1>" in main_of(html)
    # Who is responsible: the region's imprint, in German.
    assert '<a href="/musterstadt/de/imprint/">Impressum</a>' in main_of(html)
    assert not response.cookies


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_privacy_note_runs_right_to_left(client, language):
    html = client.get(PRIVACY.format(language)).content.decode()
    assert f'<html lang="{language}" dir="rtl">' in html
    assert f"<h1>{in_language(language, 'Privacy note')}</h1>" in main_of(html)
    # The language switch leads to the note in the other languages.
    assert 'href="/musterstadt/de/privacy/"' in html and 'href="/musterstadt/uk/privacy/"' in html


def test_the_note_says_what_is_collected_and_what_is_not(client):
    text = re.sub(r"\s+", " ", main_of(client.get(PRIVACY.format("en")).content.decode()))
    for said in (
        "only per item, language and day",  # what is counted
        "sends them later, when you are online again",  # views read offline
        "deleted after a few days",  # raw counts; then daily totals
        "only the total for each day",
        "No cookies",
        "do not store your IP address",
        "do not store which browser or device you use",
        "No services of other companies",
        "Your feedback is anonymous",
        "what you write, the page and the language",
        "we count only the search words",
        "the address your browser uses for them and the region and language you chose",
        "the copy stays on your device",
        "limits how much feedback one connection can send. We never store it.",
    ):
        assert said in text, said


def test_a_region_or_language_that_does_not_exist_has_no_note(client):
    assert client.get("/nowhere/de/privacy/").status_code == 404
    assert client.get("/musterland/uk/privacy/").status_code == 404  # musterland offers de, en, ar


def test_each_kind_of_item_says_what_to_count(client):
    guide = Guide.of("musterstadt", "ar")
    topic = guide.pages.pages[0]
    assert counted(client, topic["path"]) == [("page", str(topic["id"]))]
    for document, kind in (("events", "event"), ("places", "place"), ("news", "news")):
        item = guide.items(document)[0]
        assert counted(client, item["path"]) == [(kind, str(item["id"]))], document
    assert str(guide.items("news")[0]["id"]).startswith("local-")  # as in the published documents
    html = client.get(topic["path"]).content.decode()
    assert '<body data-region="musterstadt"' in html and 'data-language="ar"' in html
    assert '<script src="/static/webapp/counting.js" defer></script>' in html


def test_lists_the_start_page_the_imprint_and_the_note_count_nothing(client):
    for route in ("", "events/", "locations/", "news/", "search/?q=Arzt", "imprint/", "privacy/"):
        assert counted(client, f"/musterstadt/de/{route}") == [], route


def test_an_editors_preview_is_not_counted(musterstadt):
    """Wagtail marks its preview requests (``request.is_preview``): editors checking a draft are not readers."""
    for page in (
        TopicPage.objects.descendant_of(musterstadt).get(slug="gesundheit"),
        EventPage.objects.descendant_of(musterstadt).get(slug="sprachcafe"),
    ):
        response = page.make_preview_request(None, page.default_preview_mode)
        html = response.content.decode()
        assert response.status_code == 200 and f"<h1>{page.title}</h1>" in html
        assert "data-count=" not in html


def test_the_counting_script_belongs_to_the_app_shell_and_the_saved_guide(client):
    assert "/static/webapp/counting.js" in [url for url, _name in offline.shell_files()]
    worker = client.get("/sw.js").content.decode()
    assert '"/static/webapp/counting.js"' in worker.split("\n", 2)[1]  # SHELL, precached at install
    entries = {entry["url"]: entry for entry in client.get("/musterstadt/ar/offline.json").json()["entries"]}
    assert entries["/static/webapp/counting.js"]["kind"] == "static"
    assert entries["/musterstadt/ar/privacy/"]["kind"] == "privacy"  # the note can be read offline too
