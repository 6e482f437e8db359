"""The editor inserts a contact card into a page's text with the snippet chooser (Draftail, JavaScript)."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Page, expect

from wegweiser.contacts.rich_text import embed_html

from ..conftest import topic

#: The feature's name in the editor (the admin is in English or German).
CONTACT_CARD = re.compile("Contact card|Kontaktkarte")
SAVE_DRAFT = re.compile("^(Save draft|Entwurf speichern)$")


def log_in(page: Page, live_url: str, username: str) -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_url}])
    # The admin shows avatars from gravatar.com; there is no internet here.
    page.context.route("https://www.gravatar.com/**", lambda route: route.fulfill(status=204))


def test_the_editor_chooses_a_contact_and_the_text_stores_its_card(page: Page, live_url: str, musterstadt, office):
    log_in(page, live_url, "musterstadt-editor")
    article = topic(musterstadt, "ankommen")
    page.goto(f"/admin/pages/{article.pk}/edit/")
    editor = page.locator(".Draftail-Editor").first
    editor.locator('[data-block="true"]').last.click()  # the last paragraph
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("/")
    page.get_by_role("option", name=CONTACT_CARD).click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("textbox").first.fill("Servicestelle")  # the chooser's search
    modal.get_by_role("link", name=office.name).click()
    block = editor.locator(".MediaBlock", has_text=CONTACT_CARD)
    expect(block).to_contain_text(office.name[:15])  # Wagtail's block shortens long names
    expect(page.locator('input[name="body"]')).to_have_value(re.compile('"type":"CONTACT"'))  # saved into the form
    with page.expect_navigation():
        page.get_by_role("button", name=SAVE_DRAFT).click()
    expect(page.locator(".messages .success")).to_be_visible()
    article.refresh_from_db()
    assert embed_html(office.pk) in article.get_latest_revision_as_object().body
