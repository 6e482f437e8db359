"""The feedback inbox: editors read, sort out and forward what newcomers said, in their own regions only."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from wegweiser.insights.models import Feedback
from wegweiser.publishing.lookup import region_document

pytestmark = pytest.mark.django_db
URL = "/admin/insights/feedback/"


@pytest.fixture(autouse=True)
def no_other_feedback(db):
    """Tests count exactly what they create."""
    Feedback.objects.all().delete()


def give(region, minutes_ago: int = 0, **fields) -> Feedback:
    """Feedback as a newcomer gave it ``minutes_ago``."""
    fields.setdefault("language", "de")
    fields.setdefault("kind", "page")
    fields.setdefault("rating", "up")
    feedback = Feedback.objects.create(region=region, **fields)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    feedback.refresh_from_db()
    return feedback


def published(language: str, name: str) -> list[dict]:
    document = region_document("musterstadt", language, name)
    assert document is not None, name
    return document.data if isinstance(document.data, list) else [document.data]


def translated_page() -> tuple[dict, dict]:
    """A topic page of Musterstadt as published in German and in Arabic."""
    arabic = {page["id"]: page for page in published("ar", "pages")}
    for page in published("de", "pages"):
        copy = page["available_languages"].get("ar")
        if copy and copy["id"] in arabic:
            return page, arabic[copy["id"]]
    raise AssertionError("no topic page of Musterstadt is published in Arabic")


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def counts(html: str) -> dict[str, int]:
    return {name: int(count) for name, count in re.findall(r'data-count="(\w+)">(\d+)<', html)}


def listed_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="ids" value="(\d+)"', html)]


def test_new_feedback_is_listed_newest_first_with_counts_per_state(login, musterstadt, musterland):
    older = give(musterstadt, minutes_ago=30, comment="Die Adresse stimmt nicht mehr")
    newer = give(musterstadt, minutes_ago=5, rating="down", comment="رقم الهاتف خطأ", language="ar")
    give(musterstadt, minutes_ago=1, is_read=True, comment="schon gelesen")
    give(musterstadt, minutes_ago=2, is_archived=True, is_read=True, comment="erledigt")
    give(musterstadt, minutes_ago=3, is_technical=True, comment="Die App stürzt ab")
    give(musterland, comment="landkreis-feedback")
    html = html_of(login("musterstadt-editor").get(URL))
    assert listed_ids(html)[:2] == [Feedback.objects.get(comment="Die App stürzt ab").pk, newer.pk]
    assert listed_ids(html)[2] == older.pk
    assert "schon gelesen" not in html and "erledigt" not in html  # the default: new only
    assert "landkreis-feedback" not in html
    assert counts(html) == {"new": 3, "read": 1, "technical": 1, "archived": 1, "all": 5}
    assert '<td lang="ar" dir="auto">رقم الهاتف خطأ</td>' in html
    assert "العربية" in html  # the language by its own name


def test_filters_by_state_kind_language_and_rating(login, musterstadt):
    give(musterstadt, kind="search", query="kita anmeldung", rating="down", comment="nichts gefunden")
    give(musterstadt, kind="map", rating="up", language="uk", comment="карта гарна")
    give(musterstadt, kind="page", rating="", comment="nur ein Kommentar")
    give(musterstadt, kind="page", is_read=True, comment="gelesen")
    give(musterstadt, kind="page", is_archived=True, comment="im Archiv")
    give(musterstadt, kind="page", is_technical=True, is_read=True, comment="technisch")
    client = login("musterstadt-editor")

    def shown(**params) -> set[str]:
        html = html_of(client.get(URL, params))
        return {feedback.comment for feedback in Feedback.objects.filter(pk__in=listed_ids(html))}

    assert shown(status="read") == {"gelesen", "technisch"}
    assert shown(status="archived") == {"im Archiv"}
    assert shown(status="technical") == {"technisch"}
    assert shown(status="all") == {
        "nichts gefunden",
        "карта гарна",
        "nur ein Kommentar",
        "gelesen",
        "im Archiv",
        "technisch",
    }
    assert shown(kind="search") == {"nichts gefunden"}
    assert shown(language="uk") == {"карта гарна"}
    assert shown(rating="down") == {"nichts gefunden"}
    assert shown(rating="none") == {"nur ein Kommentar"}
    assert shown(status="all", kind="page", rating="up") == {"gelesen", "im Archiv", "technisch"}
    html = html_of(client.get(URL, {"kind": "page"}))
    assert counts(html)["new"] == 1 and counts(html)["all"] == 4  # the state counts follow the other filters
    assert re.search(r'<option value="search"[^>]*>\s*Search \(1\)', html)  # each option with its count
    everything = html_of(client.get(URL))
    assert "Search: " in everything and "kita anmeldung" in everything  # no page: what it is about, in words
    unknown = html_of(client.get(URL, {"status": "whatever", "rating": "sideways"}))
    assert counts(unknown)["new"] == 3  # unknown choices fall back to the default list


def test_a_row_links_to_the_page_in_the_admin_and_in_the_web_app(login, musterstadt):
    _, arabic = translated_page()
    event = published("ar", "events")[0]
    give(musterstadt, language="ar", page_id=arabic["id"], comment="شكراً")
    give(musterstadt, language="ar", kind="event", page_id=event["id"], comment="موعد")
    html = html_of(login("musterstadt-editor").get(URL))
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[arabic["id"]])}"' in html
    assert f'href="{arabic["path"]}"' in html  # where readers find it, as published
    assert f'href="{event["path"]}"' in html  # events have their own route in the web app
    assert arabic["title"] in html and event["title"] in html


def test_item_lists_the_feedback_on_every_language_copy_of_a_page(login, musterstadt, musterland):
    german, arabic = translated_page()
    other = next(page for page in published("de", "pages") if page["id"] != german["id"])
    on_german = give(musterstadt, page_id=german["id"], comment="auf Deutsch")
    on_arabic = give(musterstadt, language="ar", page_id=arabic["id"], comment="بالعربية", minutes_ago=1)
    give(musterstadt, page_id=other["id"], comment="eine andere Seite")
    html = html_of(login("musterstadt-editor").get(URL, {"item": german["id"], "status": "all"}))
    assert listed_ids(html) == [on_german.pk, on_arabic.pk]
    assert german["title"] in html
    assert login("musterstadt-editor").get(URL, {"item": "999999999"}).status_code == 404
    musterland_page = Page.objects.descendant_of(musterland).live().exclude(pk=musterland.pk).first()
    assert login("musterstadt-editor").get(URL, {"item": musterland_page.pk}).status_code == 404


def test_the_list_is_paginated(login, musterstadt):
    Feedback.objects.bulk_create(
        Feedback(region=musterstadt, language="de", kind="page", rating="up") for _ in range(55)
    )
    client = login("musterstadt-editor")
    first = html_of(client.get(URL))
    assert len(listed_ids(first)) == 50 and "Page 1 of 2" in first
    second = html_of(client.get(URL, {"p": 2}))
    assert len(listed_ids(second)) == 5 and not set(listed_ids(first)) & set(listed_ids(second))


def test_opening_feedback_marks_it_read(login, musterstadt):
    feedback = give(musterstadt, rating="down", comment="Die Öffnungszeiten fehlen", category="Inhalt")
    html = html_of(login("musterstadt-editor").get(reverse("insights_feedback_detail", args=[feedback.pk])))
    assert "Die Öffnungszeiten fehlen" in html and "Inhalt" in html and "Not helpful" in html
    feedback.refresh_from_db()
    assert feedback.is_read


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("read", {}, {"is_read": True}),
        ("unread", {"is_read": True}, {"is_read": False}),
        ("archive", {}, {"is_archived": True}),
        ("unarchive", {"is_archived": True}, {"is_archived": False}),
        ("technical", {}, {"is_technical": True}),
        ("not-technical", {"is_technical": True}, {"is_technical": False}),
    ],
)
def test_actions_on_one_feedback(login, musterstadt, action, before, after):
    feedback = give(musterstadt, **before)
    client = login("musterstadt-editor")
    url = reverse("insights_feedback_change", args=[feedback.pk, action])
    assert client.get(url).status_code == 405  # changes are POST only
    response = client.post(url, {"next": f"{URL}?status=all"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?status=all"
    feedback.refresh_from_db()
    assert {field: getattr(feedback, field) for field in after} == after
    assert client.post(reverse("insights_feedback_change", args=[feedback.pk, "explode"])).status_code == 404


def test_actions_do_not_send_editors_elsewhere(login, musterstadt):
    feedback = give(musterstadt)
    response = login("musterstadt-editor").post(
        reverse("insights_feedback_change", args=[feedback.pk, "archive"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("insights_feedback_detail", args=[feedback.pk])


def test_bulk_actions_change_the_selected_feedback_only(login, musterstadt):
    first, second, untouched = give(musterstadt), give(musterstadt), give(musterstadt)
    client = login("musterstadt-editor")
    bulk = reverse("insights_feedback_bulk")
    response = client.post(bulk, {"ids": [first.pk, second.pk], "action": "archive", "next": URL}, follow=True)
    assert "2 feedback archived." in response.content.decode()
    assert set(Feedback.objects.filter(is_archived=True).values_list("pk", flat=True)) == {first.pk, second.pk}
    client.post(bulk, {"ids": [first.pk], "action": "technical"})
    assert list(Feedback.objects.filter(is_technical=True)) == [first]
    client.post(bulk, {"ids": [first.pk, second.pk], "action": "read"})
    untouched.refresh_from_db()
    assert not untouched.is_read and not untouched.is_archived
    nothing = client.post(bulk, {"action": "read", "next": URL}, follow=True)
    assert "Choose at least one feedback." in nothing.content.decode()


def test_forward_by_email(login, musterstadt):
    _, arabic = translated_page()
    feedback = give(musterstadt, language="ar", page_id=arabic["id"], rating="down", comment="رقم الهاتف خطأ")
    client = login("musterstadt-editor")
    form = html_of(client.get(reverse("insights_feedback_forward"), {"ids": feedback.pk}))
    assert 'name="addresses"' in form and "رقم الهاتف خطأ" in form
    response = client.post(
        reverse("insights_feedback_forward"),
        {"ids": feedback.pk, "addresses": "amt@musterstadt.example, kita@musterstadt.example", "note": "Bitte prüfen"},
    )
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == ["amt@musterstadt.example", "kita@musterstadt.example"]
    assert arabic["title"] in sent.subject
    for expected in [
        "Bitte prüfen",
        "رقم الهاتف خطأ",
        "Not helpful",
        "العربية (ar)",
        f"http://testserver{arabic['path']}",
        f"http://testserver/admin/pages/{arabic['id']}/edit/",
        f"http://testserver/admin/insights/feedback/{feedback.pk}/",
    ]:
        assert expected in sent.body, expected
    feedback.refresh_from_db()
    assert feedback.forwarded_to == "amt@musterstadt.example, kita@musterstadt.example"
    assert feedback.forwarded_at is not None


def test_forwarding_several_from_the_list_shows_the_form_first(login, musterstadt):
    first = give(musterstadt, comment="erste", minutes_ago=1)
    second = give(musterstadt, comment="zweite", kind="map")
    client = login("musterstadt-editor")
    chosen = client.post(reverse("insights_feedback_forward"), {"ids": [first.pk, second.pk], "next": URL})
    assert 'name="addresses"' in html_of(chosen) and not mail.outbox
    assert "This field is required." not in chosen.content.decode()  # the form is new, not wrong
    client.post(reverse("insights_feedback_forward"), {"ids": [first.pk, second.pk], "addresses": "a@example.org"})
    [sent] = mail.outbox
    assert sent.body.index("zweite") < sent.body.index("erste")  # newest first, as in the list
    assert "2 feedback from newcomers" in sent.subject
    assert Feedback.objects.filter(forwarded_to="a@example.org").count() == 2


def test_a_bad_address_is_a_form_error_and_nothing_changes(login, musterstadt):
    feedback = give(musterstadt, comment="bitte weiterleiten")
    response = login("musterstadt-editor").post(
        reverse("insights_feedback_forward"), {"ids": feedback.pk, "addresses": "amt@musterstadt.example, kein-mail"}
    )
    html = html_of(response)
    assert "This is not an e-mail address: kein-mail" in html
    assert not mail.outbox
    feedback.refresh_from_db()
    assert feedback.forwarded_to == "" and feedback.forwarded_at is None
    empty = login("musterstadt-editor").post(
        reverse("insights_feedback_forward"), {"ids": feedback.pk, "addresses": " "}
    )
    assert "This field is required." in html_of(empty) and not mail.outbox


def test_another_regions_editor_gets_404_for_every_view_and_action(login, musterstadt, musterland):
    theirs = give(musterland, comment="Kommentar aus dem Kreis")
    mine = give(musterstadt, comment="Kommentar aus der Stadt")
    client = login("musterstadt-editor")
    assert client.get(URL, {"region": musterland.pk}).status_code == 404
    assert client.get(reverse("insights_feedback_detail", args=[theirs.pk])).status_code == 404
    for action in ["read", "archive", "technical"]:
        assert client.post(reverse("insights_feedback_change", args=[theirs.pk, action])).status_code == 404
    bulk = client.post(reverse("insights_feedback_bulk"), {"ids": [mine.pk, theirs.pk], "action": "archive"})
    assert bulk.status_code == 404
    forward = reverse("insights_feedback_forward")
    assert client.get(forward, {"ids": theirs.pk}).status_code == 404
    assert client.post(forward, {"ids": theirs.pk, "addresses": "a@example.org"}).status_code == 404
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert not (theirs.is_read or theirs.is_archived or theirs.is_technical or theirs.forwarded_at)
    assert not mine.is_archived and not mail.outbox
    assert "Kommentar aus dem Kreis" not in html_of(client.get(URL))


def test_a_superuser_chooses_the_region_or_gets_it_from_the_item(login, musterstadt, musterland):
    german, _ = translated_page()
    give(musterland, comment="Kommentar aus dem Kreis")
    give(musterstadt, page_id=german["id"], comment="Kommentar aus der Stadt")
    client = login("admin")
    assert "Kommentar aus dem Kreis" not in html_of(client.get(URL))  # two regions: one must be chosen
    assert "Kommentar aus dem Kreis" in html_of(client.get(URL, {"region": musterland.pk}))
    assert "Kommentar aus der Stadt" in html_of(client.get(URL, {"item": german["id"]}))


def test_changes_need_the_csrf_token(musterstadt):
    feedback = give(musterstadt)
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="musterstadt-editor"))
    assert client.post(reverse("insights_feedback_change", args=[feedback.pk, "archive"])).status_code == 403
    assert client.post(reverse("insights_feedback_bulk"), {"ids": feedback.pk, "action": "archive"}).status_code == 403
    feedback.refresh_from_db()
    assert not feedback.is_archived


def test_the_menu_counts_new_feedback_in_the_editors_regions(login, musterstadt, musterland):
    give(musterstadt)
    give(musterstadt)
    give(musterstadt, is_read=True)
    give(musterstadt, is_archived=True)
    give(musterland)
    html = html_of(login("musterstadt-editor").get("/admin/"))
    assert "Feedback (2 new)" in html
    assert reverse("insights_feedback") in html


def test_the_inbox_in_german(login, musterstadt):
    give(musterstadt, kind="events", rating="down", comment="Mehr Termine bitte")
    client = login("musterstadt-editor")
    with translation.override("de"):
        html = html_of(client.get(URL))
    assert 'lang="de"' in html
    assert "Nicht hilfreich" in html and "Veranstaltungen" in html and "Sprache" in html
    assert "Mehr Termine bitte" in html
