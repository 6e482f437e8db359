"""Two editors of Musterstadt change the same page at the same time: nothing either wrote is lost.

What Wagtail 8 does, and what these tests pin down, each editor with their own logged-in client submitting the
edit form as the browser rendered it:

- every save is a revision with its author: when B saves a form loaded before A saved, B's version becomes the
  latest and A's stays in the page's history, by A, and can be compared and restored;
- the editor's open form asks the server every few seconds (the editing-sessions "ping"): once A has saved,
  B's ping names A and A's newer revision, and B's screen says so before B saves;
- an autosave of a form that is out of date is refused ("Saving will overwrite a newer version.");
- a page locked by A cannot be saved by B: B gets the form back with the message and B's text still in it.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page

from wegweiser.content.models import TopicPage

pytestmark = pytest.mark.django_db


class EditForm(HTMLParser):
    """The fields of Wagtail's page edit form as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("data-edit-form") is not None or attributes.get("id") == "page-edit-form":
            self._inside_form = True
        if not self._inside_form or "name" not in attributes and tag != "option":
            return
        name = attributes.get("name") or ""
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in {"submit", "button", "file"} or kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            self.fields[name] = attributes.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select":
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields[self._select] = attributes.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._inside_form = False


def editor(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def open_form(client: Client, page: Page) -> tuple[dict[str, str], str]:
    """The edit form's fields as loaded, and the URL its editing session pings."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    form = EditForm()
    form.feed(html)
    assert "title" in form.fields and "loaded_revision_id" in form.fields, sorted(form.fields)
    [ping] = set(re.findall(r"/admin/editing-sessions/ping/wagtailcore/page/\d+/\d+/", html))
    return form.fields, ping


def save(client: Client, page: Page, fields: dict[str, str], **headers):
    return client.post(f"/admin/pages/{page.pk}/edit/", fields, **headers)


@pytest.fixture
def page(musterstadt) -> TopicPage:
    return TopicPage.objects.live().descendant_of(musterstadt).filter(locale=musterstadt.locale).order_by("path")[1]


def test_a_stale_save_keeps_the_other_editors_version_in_the_history(page):
    a, b = editor("musterstadt-editor"), editor("musterstadt-manager")
    form_a, _ = open_form(a, page)
    form_b, ping_b = open_form(b, page)
    loaded = int(form_b["loaded_revision_id"])

    assert save(a, page, {**form_a, "title": "Anmeldung – Fassung von A"}).status_code == 302
    revision_of_a = page.revisions.order_by("-created_at", "-id").first()
    assert revision_of_a.user.username == "musterstadt-editor" and revision_of_a.pk != loaded

    # B's open form hears of it: the next ping names A's session with A's newer revision.
    pinged = b.post(ping_b, {"revision_id": loaded, "is_editing": "1"}).json()
    assert [s["revision_id"] for s in pinged["other_sessions"] if s["revision_id"]] == [revision_of_a.pk]

    # An autosave of B's out-of-date form is refused, and stores nothing.
    refused = save(b, page, {**form_b, "title": "Fassung von B"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert refused.json()["error_code"] == "invalid_revision"
    assert page.revisions.order_by("-created_at", "-id").first() == revision_of_a

    # B saves anyway (the save button): B's version is the latest, and A's is still there, by A.
    assert save(b, page, {**form_b, "title": "Anmeldung – Fassung von B"}).status_code == 302
    history = list(page.revisions.order_by("-created_at", "-id")[:2])
    assert [(r.user.username, r.content["title"]) for r in history] == [
        ("musterstadt-manager", "Anmeldung – Fassung von B"),
        ("musterstadt-editor", "Anmeldung – Fassung von A"),
    ]
    # The live page is untouched until someone publishes: neither draft replaced what readers see.
    page.refresh_from_db()
    assert page.title not in {"Anmeldung – Fassung von A", "Anmeldung – Fassung von B"}
    # A's version can be seen again from the history, e.g. to compare or restore it.
    assert a.get(f"/admin/pages/{page.pk}/revisions/{revision_of_a.pk}/view/").status_code == 200


def test_a_page_locked_by_one_editor_cannot_be_saved_by_another(page):
    a, b = editor("musterstadt-editor"), editor("musterstadt-manager")
    form_b, _ = open_form(b, page)
    assert a.post(f"/admin/pages/{page.pk}/lock/").status_code == 302
    page.refresh_from_db()
    assert page.locked and page.locked_by.username == "musterstadt-editor"
    revisions = page.revisions.count()

    refused = save(b, page, {**form_b, "title": "Text von B, nicht verloren"})

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "The page could not be saved as it is locked." in html
    assert "Text von B, nicht verloren" in html  # B's text is still in the form, to copy or save later
    assert page.revisions.count() == revisions
    # A unlocks: B's same form saves.
    assert a.post(f"/admin/pages/{page.pk}/unlock/").status_code == 302
    assert save(b, page, {**form_b, "title": "Text von B, nicht verloren"}).status_code == 302
    assert page.revisions.order_by("-created_at", "-id").first().content["title"] == "Text von B, nicht verloren"
