"""A page showing a page of another region live: in the demo, Musterstadt's Jobcenter page shows the district's.

Readers get the other page's current text below the page's own, in their language where the other region translated
it (else in its source language with the "not translated yet" notice), with the other region named and linked —
in the documents (v1 and v3 APIs, offline download, search) and the web app.
"""

import json
import re

import pytest
from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text

from wegweiser.content.models import TopicPage
from wegweiser.content.sharing import sharing_region_ids, shown_text
from wegweiser.publishing import snapshots
from wegweiser.publishing.serving import forget_cached_etags, get_document
from wegweiser.publishing.snapshots import region_key

from .pages import page_of

pytestmark = pytest.mark.django_db

OWN_TEXT = "In Musterstadt finden Sie das Jobcenter im Rathaus."
DISTRICT_TEXT = "Das Jobcenter des Landkreises berät alle Orte im Kreis."
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
DISTRICT_TEXT_AR = "مركز العمل في المقاطعة يقدم المشورة لجميع البلدات."


def document(region, language, name="pages"):
    forget_cached_etags()
    found = get_document(region_key(region.id, language, name))
    assert found is not None
    return found.data


def jobcenter_in(region, language: str) -> dict:
    page = page_of("musterstadt", "jobcenter")
    key = str(page.translation_key)
    copy = TopicPage.objects.get(translation_key=key, locale__language_code=language)
    return next(item for item in document(region, language) if item["id"] == copy.id)


def publish(page, **changes):
    revision = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(revision, name, value)
    revision.save_revision().publish()


@pytest.fixture
def texts(restore_snapshots, musterstadt, musterland):
    """Known texts on both sides: the town page's own, the district page in German and Arabic."""
    town = page_of("musterstadt", "jobcenter")
    district = page_of("musterland", "jobcenter")
    assert town.shared_page_id == district.id  # the demo shares it
    publish(town, body=f"<p>{OWN_TEXT}</p>")
    publish(district, body=f"<p>{DISTRICT_TEXT}</p>")
    publish(district.get_translation(Locale.objects.get(language_code="ar")), body=f"<p>{DISTRICT_TEXT_AR}</p>")
    snapshots.rebuild_region(musterstadt)
    return town, district


def test_german_readers_get_the_page_s_own_text_then_the_district_s_with_its_source_named(texts, musterstadt, client):
    shown = jobcenter_in(musterstadt, "de")
    content = shown["content"]
    assert OWN_TEXT in content and DISTRICT_TEXT in content
    assert content.index(OWN_TEXT) < content.index(DISTRICT_TEXT)
    assert "Aus dem Wegweiser von" in content and "Landkreis Musterland" in content
    assert 'href="http://testserver/musterland/de/arbeit/jobcenter/"' in content
    assert "fallback-notice" not in content
    assert shown["shared_from"]["region"] == "Landkreis Musterland"
    assert shown["shared_from"]["path"] == "/musterland/de/arbeit/jobcenter/"
    assert shown["shared_from"]["language"] == "de"
    assert DISTRICT_TEXT in shown["excerpt"]

    page = client.get(shown["path"]).content.decode()
    assert OWN_TEXT in page and DISTRICT_TEXT in page and "Aus dem Wegweiser von" in page
    v1 = json.loads(client.get("/api/v1/regions/musterstadt/de/pages/").content)
    assert any(DISTRICT_TEXT in item["content"] for item in v1)
    v3 = json.loads(client.get("/api/v3/musterstadt/de/pages/").content)
    assert any(DISTRICT_TEXT in item["content"] and "Aus dem Wegweiser von" in item["content"] for item in v3)


def test_arabic_readers_get_the_district_s_arabic_text_right_to_left(texts, musterstadt, client):
    shown = jobcenter_in(musterstadt, "ar")
    content = shown["content"]
    assert DISTRICT_TEXT_AR in content and DISTRICT_TEXT not in content
    assert "من دليل" in content  # "From the guide of"
    assert shown["shared_from"]["language"] == "ar"
    assert shown["shared_from"]["path"].startswith("/musterland/ar/")
    assert "fallback-notice" not in content

    page = client.get(shown["path"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert DISTRICT_TEXT_AR in page and "من دليل" in page
    v1 = json.loads(client.get("/api/v1/regions/musterstadt/ar/pages/").content)
    assert any(DISTRICT_TEXT_AR in item["content"] for item in v1)


def test_where_the_district_has_no_translation_readers_get_its_german_text_with_the_notice(texts, musterstadt, client):
    # Musterstadt is read in Ukrainian; Musterland has no Ukrainian.
    shown = jobcenter_in(musterstadt, "uk")
    content = shown["content"]
    shared = content[content.index('class="shared-page"') :]
    assert DISTRICT_TEXT in shared
    assert "fallback-notice" in shared and "ще не перекладено" in shared
    assert 'lang="de-DE" dir="ltr"' in shared
    assert shown["shared_from"]["language"] == "de"
    assert shown["shared_from"]["path"] == "/musterland/de/arbeit/jobcenter/"
    assert DISTRICT_TEXT in client.get(shown["path"]).content.decode()


def test_a_change_to_the_district_page_rebuilds_the_town_s_documents(
    restore_snapshots, musterstadt, musterland, django_capture_on_commit_callbacks
):
    district = page_of("musterland", "jobcenter")
    assert sharing_region_ids(district) == {musterstadt.id}
    changed = "Neue Öffnungszeiten des Jobcenters ab Montag."
    with django_capture_on_commit_callbacks(execute=True):
        publish(district, body=f"<p>{changed}</p>")
    for language in ("de", "uk"):
        assert changed in jobcenter_in(musterstadt, language)["content"]

    # Unpublished in German: gone for readers of German and of the languages that fall back to it; the district's
    # Arabic copy is still published (its own Arabic readers see it), so Arabic readers of the town see it too.
    with django_capture_on_commit_callbacks(execute=True):
        TopicPage.objects.get(pk=district.pk).unpublish()
    for language in ("de", "uk"):
        shown = jobcenter_in(musterstadt, language)
        assert changed not in shown["content"] and "shared-page" not in shown["content"]
        assert shown["shared_from"] is None
    assert jobcenter_in(musterstadt, "ar")["shared_from"]["language"] == "ar"


def test_an_unpublished_district_page_leaves_the_page_s_own_text_and_warns_the_editor(
    restore_snapshots, musterstadt, login
):
    town, district = page_of("musterstadt", "jobcenter"), page_of("musterland", "jobcenter")
    district.unpublish()
    assert shown_text(town, "de") is None
    snapshots.rebuild_region(musterstadt)
    assert "shared-page" not in jobcenter_in(musterstadt, "de")["content"]
    edit = login("musterstadt-editor").get(f"/admin/pages/{town.pk}/edit/").content.decode()
    assert "data-shared-page-warning" in edit and "is not published at the moment" in edit


def test_a_deleted_district_page_leaves_the_page_s_own_text(
    restore_snapshots, musterstadt, django_capture_on_commit_callbacks
):
    town, district = page_of("musterstadt", "jobcenter"), page_of("musterland", "jobcenter")
    own = strip_tags(town.body)[:30]
    with django_capture_on_commit_callbacks(execute=True):
        district.delete()
    town.refresh_from_db()
    assert town.shared_page_id is None
    shown = jobcenter_in(musterstadt, "de")
    assert "shared-page" not in shown["content"] and own in strip_tags(shown["content"])


def edit(client, page, **fields):
    data = {"title": page.title, "slug": page.slug, "body": rich_text("<p>Text</p>")}
    data.update(fields)
    return client.post(f"/admin/pages/{page.pk}/edit/", nested_form_data(data))


def chooser_rows(client, url: str) -> list[tuple[str, str]]:
    """The (page, region) rows the chooser lists at ``url``, each page with the pages above it."""
    response = client.get(url)
    assert response.status_code == 200
    html = json.loads(response.content)["html"] if response["Content-Type"].startswith("application/json") else ""
    html = html or response.content.decode()
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [(strip_tags(page).strip(), strip_tags(region).strip()) for page, region in (c for c in cells if c)]


def test_the_editor_chooses_among_the_other_regions_pages_and_saves_a_valid_choice(musterstadt, musterland, login):
    client = login("musterstadt-editor")
    page = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    form = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    chooser = re.search(r'new Chooser\("id_shared_page", (\{.*?\})\)', form)
    assert chooser, "the shared page is chosen in a chooser, not a select of every page"
    url = json.loads(chooser.group(1))["modalUrl"]
    assert f"locale_id={page.locale_id}" in url and f"region_id={musterstadt.pk}" in url
    url += "&locale=de"  # Wagtail's chooser adds the language of the page being edited

    rows = chooser_rows(client, url)
    bus = page_of("musterland", "bus-und-deutschlandticket")
    assert ("Mobilität im Landkreis › Bus und Deutschlandticket", "Landkreis Musterland") in rows
    assert all(region == "Landkreis Musterland" for _page, region in rows)  # not Musterstadt's own pages
    results = url.replace("/shared_page_chooser/?", "/shared_page_chooser/results/?")
    assert chooser_rows(client, results + "&q=deutschlandticket") == [
        ("Mobilität im Landkreis › Bus und Deutschlandticket", "Landkreis Musterland")
    ]
    assert len(chooser_rows(client, results + "&q=musterland")) == len(rows)  # by the region's name too
    assert chooser_rows(client, results + "&q=Nichtvorhanden") == []
    assert chooser_rows(client, url.replace(f"locale_id={page.locale_id}", "locale_id=abc")) == []

    chosen = json.loads(client.get(f"/admin/shared_page_chooser/chosen/{bus.pk}/").content)["result"]
    assert chosen["id"] == str(bus.pk) and chosen["title"] == "Bus und Deutschlandticket (Landkreis Musterland)"
    assert edit(client, page, shared_page=bus.pk).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().shared_page_id == bus.pk
    shown = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Bus und Deutschlandticket (Landkreis Musterland)" in shown


def test_the_chooser_offers_pages_in_the_language_of_the_page(musterstadt, login):
    client = login("musterstadt-editor")
    arabic = Locale.objects.get(language_code="ar")
    chooser = f"/admin/shared_page_chooser/?region_id={musterstadt.pk}"
    rows = chooser_rows(client, f"{chooser}&locale_id={arabic.pk}&locale=ar")
    assert rows and all(ARABIC_LETTER.search(page) for page, _region in rows)
    german = chooser_rows(client, f"{chooser}&locale_id={musterstadt.locale_id}&locale=de")
    assert not ARABIC_LETTER.search(" ".join(page for page, _region in german))


@pytest.mark.parametrize("case", ["own region", "itself", "chain", "shown elsewhere"])
def test_a_wrong_choice_gets_a_clear_error_and_nothing_is_saved(case, musterstadt, musterland, login):
    town = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    client = login("musterstadt-editor")
    if case == "own region":
        page, chosen = town, TopicPage.objects.child_of(musterstadt).get(slug="wohnen")
        message = "is a page of this region"
    elif case == "itself":
        page, chosen = town, town
        message = "A page cannot show itself"
    elif case == "chain":
        # A district page that shows a town page cannot be shown in turn.
        page, chosen = town, page_of("musterland", "fuehrerschein")
        TopicPage.objects.filter(pk=chosen.pk).update(shared_page=page_of("musterstadt", "sportvereine"))
        message = "shows a page of another region itself"
    else:
        # The district's Jobcenter page is shown in Musterstadt: it cannot show another page.
        client = login("musterland-editor")
        page, chosen = page_of("musterland", "jobcenter"), town
        message = "Other regions show this page in their guides"
    revisions = page.revisions.count()
    response = edit(client, page, shared_page=chosen.pk)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert page.revisions.count() == revisions
