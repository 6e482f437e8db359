"""The editor chooses the page of another region that a page shows: Wagtail's chooser, searched, in a real browser.

Nothing is saved (the live server sees committed data only on PostgreSQL); ``test_shared_pages.py`` checks what
the form stores and the choices that are refused.
"""

import re

from playwright.sync_api import Page, expect

from wegweiser.content.models import TopicPage
from wegweiser.webapp.tests.browser import log_in_to_admin

from ..pages import page_of

#: The admin speaks English or German.
CHOOSE = re.compile("Choose a page of another region|Seite einer anderen Region wählen")


def test_the_editor_searches_the_other_regions_pages_and_chooses_one(page: Page, musterstadt):
    town = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    bus = page_of("musterland", "bus-und-deutschlandticket")
    log_in_to_admin(page, "musterstadt-editor")
    page.goto(f"/admin/pages/{town.pk}/edit/")
    page.get_by_role("button", name=CHOOSE).click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_contain_text("Landkreis Musterland")
    modal.get_by_role("textbox").first.fill("Deutschlandticket")
    expect(modal.locator("tbody tr")).to_have_count(1)
    modal.get_by_role("link", name=re.compile("Bus und Deutschlandticket")).click()
    expect(page.locator("#id_shared_page")).to_have_value(str(bus.pk), timeout=10_000)
    expect(page.locator("#id_shared_page-title")).to_have_text("Bus und Deutschlandticket (Landkreis Musterland)")
