"""The print menu of a topic page, in German and Arabic: it opens, and its links give PDFs."""

import pytest
from playwright.sync_api import Page, expect

from wegweiser.webapp.tests.browser import axe, format_violations


@pytest.fixture(scope="module", autouse=True)
def _printouts_taken_back(django_db_setup, django_db_blocker):
    """On PostgreSQL the live server commits the printouts it makes; other tests count printouts."""
    yield
    from wegweiser.printing.models import Printout
    from wegweiser.publishing.models import snapshot_storage

    with django_db_blocker.unblock():
        for printout in Printout.objects.all():
            if snapshot_storage().exists(printout.file_name):
                snapshot_storage().delete(printout.file_name)
            printout.delete()


@pytest.mark.parametrize(
    ("path", "menu", "this_page", "whole_guide", "direction"),
    [
        (
            "/musterstadt/de/ankommen/",
            "Drucken oder als PDF speichern",
            "Diese Seite als PDF",
            "Der ganze Wegweiser als PDF",
            "ltr",
        ),
        ("/musterstadt/ar/arrival/", "طباعة أو حفظ كملف PDF", "هذه الصفحة كملف PDF", "الدليل كاملًا كملف PDF", "rtl"),
    ],
)
def test_the_print_menu_gives_the_page_as_pdf(page: Page, path, menu, this_page, whole_guide, direction):
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    link = page.locator(".print-menu").get_by_role("link", name=this_page)
    expect(link).to_be_hidden()
    page.get_by_text(menu).click()
    expect(link).to_be_visible()
    expect(page.locator(".print-menu").get_by_role("link", name=whole_guide)).to_be_visible()
    violations = [v for v in axe(page) if any(".print-menu" in str(node["target"]) for node in v["nodes"])]
    assert not violations, format_violations(violations)
    href = link.get_attribute("href")
    assert href == path + "page.pdf"
    with page.expect_response(lambda response: response.url.endswith("page.pdf")) as answer:
        link.click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # The browser shows or saves it; the same address, fetched in the page's context:
    fetched = page.request.get(path + "page.pdf")
    assert fetched.body().startswith(b"%PDF-")
