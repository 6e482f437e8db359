"""The translation status in the admin: the region matrix and one item's languages."""

import re

import pytest

from wegweiser.content.models import TopicPage
from wegweiser.translation import segments as seg
from wegweiser.translation.status import Status
from wegweiser.translation.versions import item_statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_page(musterstadt):
    """A translated demo page whose German text just changed, with a machine translation into Arabic."""
    page = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de").first()
    page.body = "<p>Neu: Bitte bringen Sie Ihren Pass mit.</p><p>Zweiter Satz mit vier Wörtern.</p>"
    page.save_revision().publish()
    job = seg.translation_job(page, "ar")
    seg.fill(job, {s.key: f"ترجمة {s.source}" for s in seg.missing(job)}, kind=seg.MACHINE)
    seg.save(job)
    return page


def words_left(html: str, language_name: str) -> int:
    header = re.search(rf'lang="[^"]+">{language_name}\s*<span class="words">(\d+) words? left', html)
    assert header, f"no word count for {language_name}"
    return int(header.group(1))


def test_the_matrix_shows_every_item_in_every_language_with_words_left(login, musterstadt, changed_page):
    html = login("musterstadt-translator").get(f"/admin/translation/{musterstadt.pk}/").content.decode()
    assert changed_page.title in html
    for language in ("Deutsch", "English", "العربية", "فارسی", "Leichte Sprache"):
        assert f">{language}" in html
    # English is outdated now: its words left include the changed page's German text (12 words incl. title).
    assert words_left(html, "English") >= 10
    assert "Machine translated" in html and "Outdated" in html


def test_the_matrix_filters_by_status_and_language(login, musterstadt, changed_page):
    client = login("musterstadt-editor")
    html = client.get(f"/admin/translation/{musterstadt.pk}/?status=machine&language=ar").content.decode()
    rows = re.findall(r'<th scope="row"><a href="/admin/translation/item/(\d+)/">', html)
    assert rows == [str(changed_page.pk)]
    html = client.get(f"/admin/translation/{musterstadt.pk}/?kind=event").content.decode()
    assert changed_page.title not in html and "Event" in html


def test_another_regions_people_do_not_see_the_matrix_or_items(login, musterstadt, changed_page):
    client = login("musterland-editor")
    assert client.get(f"/admin/translation/{musterstadt.pk}/").status_code == 404
    assert client.get(f"/admin/translation/item/{changed_page.pk}/").status_code == 404
    assert client.post(f"/admin/translation/item/{changed_page.pk}/ar/reviewed/").status_code == 404


def test_the_item_page_lists_languages_and_a_reviewer_accepts_machine_output(login, changed_page):
    client = login("musterstadt-editor")
    html = client.get(f"/admin/translation/item/{changed_page.pk}/").content.decode()
    assert "Mark as reviewed" in html and "Outdated" in html
    assert item_statuses(changed_page)["ar"] == Status.MACHINE
    response = client.post(f"/admin/translation/item/{changed_page.pk}/ar/reviewed/")
    assert response.status_code == 302
    assert item_statuses(changed_page)["ar"] == Status.UP_TO_DATE


def test_a_translator_without_publishing_rights_reviews_into_a_draft(login, changed_page):
    client = login("musterstadt-translator")
    client.post(f"/admin/translation/item/{changed_page.pk}/ar/reviewed/")
    assert item_statuses(changed_page)["ar"] == Status.IN_TRANSLATION


def test_the_page_header_links_to_the_translation_status(login, changed_page):
    html = login("musterstadt-editor").get(f"/admin/pages/{changed_page.pk}/edit/").content.decode()
    assert f"/admin/translation/item/{changed_page.pk}/" in html


def test_the_item_page_leads_to_machine_translation_memory_and_readability(login, changed_page):
    html = login("musterstadt-editor").get(f"/admin/translation/item/{changed_page.pk}/").content.decode()
    assert f"/admin/translation/machine/translate/{changed_page.pk}/" in html
    assert f"/admin/translation/memory/suggestions/{changed_page.pk}/ar/" in html
    assert f"/admin/translation/readability/page/{changed_page.pk}/" in html
