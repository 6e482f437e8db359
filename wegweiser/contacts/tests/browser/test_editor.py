"""The editor inserts a contact card into a page's text with the snippet chooser (Draftail, JavaScript).

Only what the demo committed is used, and nothing is saved, so that the test works on PostgreSQL too (where
the live server sees committed data only); ``test_admin.py`` checks how the editor's form is stored.
"""

import json
import re

from playwright.sync_api import Page, expect

from wegweiser.contacts.models import Contact
from wegweiser.webapp.tests.browser import log_in_to_admin

from ..conftest import topic

#: Names in the admin, which is in English or German.
CONTACT_CARD = re.compile("Contact card|Kontaktkarte")


def cards_in(state: str, contact: Contact) -> int:
    """How many cards of the contact the editor's state (Draft.js JSON, as the form sends it) holds."""
    entities = json.loads(state)["entityMap"].values() if state else []
    return sum(1 for e in entities if e["type"] == "CONTACT" and str(e["data"]["id"]) == str(contact.pk))


def test_the_editor_chooses_a_contact_and_the_text_holds_its_card(page: Page, musterstadt):
    contact = Contact.objects.filter(region=musterstadt, locale=musterstadt.locale).order_by("pk").first()
    assert contact is not None, "the demo has contacts"
    log_in_to_admin(page, "musterstadt-editor")
    page.goto(f"/admin/pages/{topic(musterstadt, 'ankommen').pk}/edit/")
    editor = page.locator(".Draftail-Editor").first
    body = page.locator('input[name="body"]')
    before = cards_in(body.input_value(), contact)
    editor.locator('[data-block="true"]').last.click()  # the last paragraph
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("/")
    page.get_by_role("option", name=CONTACT_CARD).click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("textbox").first.fill(contact.name[:12])  # the chooser's search
    modal.get_by_role("link", name=contact.name).click()
    expect(editor.locator(".MediaBlock", has_text=CONTACT_CARD)).to_contain_text(contact.name[:12])
    expect(body).to_have_value(re.compile('"type":"CONTACT"'))  # what the form sends
    assert cards_in(body.input_value(), contact) == before + 1
