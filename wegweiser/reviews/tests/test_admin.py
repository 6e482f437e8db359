"""Reviews in the admin: the list of what is due, marking reviewed (POST, CSRF, logged), asking the organisation,
the review state in the edit views, and regions kept apart."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from wegweiser.contacts.models import Contact
from wegweiser.reviews.models import ReviewState
from wegweiser.reviews.service import REVIEWED, Kind, last_reviewed, region_reviews, review_due

pytestmark = pytest.mark.django_db
LIST = "/admin/reviews/"


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def first_overdue(region, kind: str = Kind.PAGE):
    return next(entry for entry in region_reviews(region) if entry.is_overdue and entry.kind == kind)


def test_the_list_shows_what_is_overdue_or_due_soon_by_due_date(login, musterstadt):
    html = html_of(login("musterstadt-editor").get(LIST))  # the editor's only region is chosen
    entries = [
        entry for entry in region_reviews(musterstadt) if entry.due <= timezone.localdate() + timezone.timedelta(30)
    ]
    rows = [f'data-item="{entry.kind}-{entry.item_id}"' for entry in entries]
    assert rows and all(row in html for row in rows)
    assert [html.index(row) for row in rows] == sorted(html.index(row) for row in rows)  # by due date
    assert "overdue" in html
    far = next(
        entry for entry in region_reviews(musterstadt) if entry.due > timezone.localdate() + timezone.timedelta(30)
    )
    assert f'data-item="{far.kind}-{far.item_id}"' not in html


def test_the_list_filters_by_kind_and_organisation(login, musterstadt):
    client = login("musterstadt-editor")
    html = html_of(client.get(LIST, {"region": musterstadt.pk, "kind": "contact", "show": "all"}))
    assert 'data-item="contact-' in html and 'data-item="page-' not in html and 'data-item="place-' not in html
    organisation = next(entry.organisation for entry in region_reviews(musterstadt) if entry.organisation is not None)
    html = html_of(client.get(LIST, {"region": musterstadt.pk, "organisation": organisation.pk, "show": "all"}))
    shown = [entry for entry in region_reviews(musterstadt) if f'data-item="{entry.kind}-{entry.item_id}"' in html]
    assert shown and {entry.organisation for entry in shown} == {organisation}


def test_an_editor_marks_an_item_reviewed_with_a_post_and_it_is_logged(login, musterstadt):
    entry = first_overdue(musterstadt)
    client = login("musterstadt-editor")
    assert client.get(f"/admin/reviews/page/{entry.item_id}/reviewed/").status_code == 405
    response = client.post(
        f"/admin/reviews/page/{entry.item_id}/reviewed/", {"note": "Alles aktuell", "next": LIST}, follow=True
    )
    assert "is marked as reviewed, in all its languages" in html_of(response)
    state = ReviewState.objects.get(translation_key=entry.translation_key)
    assert state.last_reviewed_on == timezone.localdate() and state.last_reviewed_by.username == "musterstadt-editor"
    log = PageLogEntry.objects.get(page_id=entry.item_id, action=REVIEWED)
    assert log.data["note"] == "Alles aktuell"
    history = html_of(client.get(f"/admin/pages/{entry.item_id}/history/"))
    assert "Marked as reviewed: Checked by an editor" in history
    review_page = html_of(client.get(f"/admin/reviews/page/{entry.item_id}/"))
    assert "Alles aktuell" in review_page


def test_marking_reviewed_needs_the_csrf_token(musterstadt):
    entry = first_overdue(musterstadt)
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="musterstadt-editor"))
    assert client.post(f"/admin/reviews/page/{entry.item_id}/reviewed/").status_code == 403
    assert last_reviewed_on(entry) != timezone.localdate()


def last_reviewed_on(entry):
    state = ReviewState.objects.filter(translation_key=entry.translation_key).first()
    return state.last_reviewed_on if state else None


def test_a_contact_is_marked_reviewed_from_its_review_page(login, musterstadt):
    entry = first_overdue(musterstadt, Kind.CONTACT)
    client = login("musterstadt-editor")
    assert "never" in html_of(client.get(f"/admin/reviews/contact/{entry.item_id}/"))
    client.post(f"/admin/reviews/contact/{entry.item_id}/reviewed/")
    contact = Contact.objects.get(pk=entry.item_id)
    assert last_reviewed(contact) == timezone.localdate()
    assert ModelLogEntry.objects.filter(object_id=str(contact.pk), action=REVIEWED).exists()


def test_another_regions_editor_gets_404(login, musterstadt):
    entry = first_overdue(musterstadt)
    contact = first_overdue(musterstadt, Kind.CONTACT)
    client = login("musterland-editor")
    assert client.get(f"/admin/reviews/page/{entry.item_id}/").status_code == 404
    assert client.post(f"/admin/reviews/page/{entry.item_id}/reviewed/").status_code == 404
    assert client.post(f"/admin/reviews/contact/{contact.item_id}/reviewed/").status_code == 404
    assert client.post(f"/admin/reviews/page/{entry.item_id}/ask/").status_code == 404
    assert client.get(LIST, {"region": musterstadt.pk}).status_code == 404
    assert last_reviewed_on(entry) != timezone.localdate()


def test_an_observer_sees_the_list_but_cannot_mark(login, musterstadt):
    entry = first_overdue(musterstadt)
    client = login("musterstadt-observer")
    assert f'data-item="page-{entry.item_id}"' in html_of(client.get(LIST))
    response = client.post(f"/admin/reviews/page/{entry.item_id}/reviewed/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "no permission"
    assert last_reviewed_on(entry) != timezone.localdate()


def test_a_bad_interval_is_refused_and_a_good_one_saved(login, musterstadt):
    entry = first_overdue(musterstadt)
    client = login("musterstadt-editor")
    url = f"/admin/reviews/page/{entry.item_id}/interval/"
    html = html_of(client.post(url, {"interval_months": "0"}))
    assert "Ensure this value is greater than or equal to 1." in html
    assert ReviewState.objects.get(translation_key=entry.translation_key).interval_months is None
    assert client.post(url, {"interval_months": "3"}).status_code == 302
    assert ReviewState.objects.get(translation_key=entry.translation_key).interval_months == 3


def test_the_edit_views_show_the_review_state(login, musterstadt):
    page = first_overdue(musterstadt)
    contact = first_overdue(musterstadt, Kind.CONTACT)
    client = login("musterstadt-editor")
    html = html_of(client.get(f"/admin/pages/{page.item_id}/edit/"))
    assert "Review due on" in html and f"/admin/reviews/page/{page.item_id}/" in html
    html = html_of(client.get(f"/admin/snippets/contacts/contact/edit/{contact.item_id}/"))
    assert "Review due on" in html and "(never reviewed)" in html
    assert f"/admin/reviews/contact/{contact.item_id}/" in html


def test_asking_the_organisation_sends_a_verification_request(
    login, musterstadt, new_page, organisation, django_capture_on_commit_callbacks
):
    page = new_page(published=timezone.localdate() - timedelta(days=400), organisation=organisation)
    client = login("musterstadt-editor")
    row = f'data-item="page-{page.pk}"'
    html = html_of(client.get(LIST))
    assert row in html and f"/admin/reviews/page/{page.pk}/ask/" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/reviews/page/{page.pk}/ask/", {"next": LIST})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["fundbuero@example.org"]]
    html = html_of(client.get(f"/admin/reviews/page/{page.pk}/"))
    assert "Asked fundbuero@example.org on" in html
    # Asking twice is refused with the reason, and sends nothing.
    html = html_of(client.post(f"/admin/reviews/page/{page.pk}/ask/", follow=True))
    assert "the answer is awaited" in html and len(mail.outbox) == 1
    assert review_due(page) < timezone.localdate()  # asking is not a review; the answer is


def test_without_an_address_asking_is_disabled_with_the_reason(login, musterstadt, new_page, organisation):
    organisation.email = ""
    organisation.save()
    page = new_page(published=timezone.localdate() - timedelta(days=400), organisation=organisation)
    client = login("musterstadt-editor")
    html = html_of(client.get(f"/admin/reviews/page/{page.pk}/"))
    assert "Fundbüro-Träger has no e-mail address for verification requests" in html
    assert f"/admin/reviews/page/{page.pk}/ask/" not in html
    client.post(f"/admin/reviews/page/{page.pk}/ask/")
    assert mail.outbox == []
