"""Verification requests: the e-mail with its signed link, the partner's page, and every way a link is refused."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from wegweiser.content.models import TopicPage
from wegweiser.corrections import history, service
from wegweiser.corrections.models import Suggestion, VerificationRequest
from wegweiser.organisations.models import Organisation
from wegweiser.reviews.service import last_reviewed

from .conftest import logged

pytestmark = pytest.mark.django_db
PARTNER = "beratung@example.org"


def link_in(message) -> str:
    found = re.search(r"http://testserver(/verification/[^/\s]+/)", message.body)
    assert found is not None
    return found[1]


def test_a_request_mails_a_signed_link_and_is_logged(topic, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = service.request_verification(topic, PARTNER, requested_by=editor, message="Bitte bis Freitag.")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [PARTNER]
    assert topic.title in sent.subject and "Bitte prüfen" in sent.subject  # German, whoever sends it
    assert "Bitte bis Freitag." in sent.body
    assert link_in(sent) == service.verification_link(request)
    assert service.verification_link(request) in sent.alternatives[0][0]  # the HTML part has it too
    assert request.token not in sent.body  # only the signed link, never the bare token
    assert service.open_verification_request(topic) == request
    [entry] = logged(topic, history.SENT)
    assert entry.user == editor and PARTNER in entry.message


def test_a_bad_address_is_refused_before_anything_is_stored_or_sent(topic):
    with pytest.raises(ValueError, match="not an e-mail address"):
        service.request_verification(topic, "beratung-at-example.org")
    assert not VerificationRequest.objects.exists()
    assert not mail.outbox


def test_the_editor_asks_from_the_item_with_the_organisations_address_filled_in(
    login, musterstadt, topic, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.filter(region=musterstadt).first()
    Organisation.objects.filter(pk=organisation.pk).update(email="team@jobcenter.example")
    TopicPage.objects.filter(pk=topic.pk).update(organisation=organisation)
    client = login("musterstadt-editor")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk]))
    form_url = reverse("corrections_request_verification", args=["page", topic.pk])
    assert form_url in edit.content.decode()
    shown = client.get(form_url)
    assert shown.status_code == 200
    assert 'value="team@jobcenter.example"' in shown.content.decode()

    wrong = client.post(form_url, {"recipient": "team@jobcenter", "message": "Danke!"})
    assert wrong.status_code == 200
    assert "is not an e-mail address" in wrong.content.decode()
    assert not VerificationRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(form_url, {"recipient": "team@jobcenter.example", "message": "Danke!"})
    assert sent.status_code == 302
    assert VerificationRequest.objects.get().recipient == "team@jobcenter.example"
    assert mail.outbox[0].to == ["team@jobcenter.example"]


def test_a_contact_can_be_verified_from_its_edit_view(login, contact):
    client = login("musterstadt-editor")
    edit = client.get(reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]))
    assert reverse("corrections_request_verification", args=["contact", contact.pk]) in edit.content.decode()


def test_an_editor_of_another_region_cannot_ask_about_an_item(login, topic, contact):
    client = login("musterland-editor")
    assert client.get(reverse("corrections_request_verification", args=["page", topic.pk])).status_code == 404
    assert (
        client.post(
            reverse("corrections_request_verification", args=["contact", contact.pk]), {"recipient": PARTNER}
        ).status_code
        == 404
    )
    assert not VerificationRequest.objects.exists()


def test_the_partner_confirms_and_the_item_counts_as_reviewed(client, place):
    request = service.request_verification(place, PARTNER)
    link = service.verification_link(request)
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert place.title in text and place.address in text and "Still correct" not in text  # German
    assert "Noch korrekt" in text or "Noch richtig" in text
    assert logged(place, history.OPENED)

    answered = client.post(link, {"answer": "confirm"})
    assert answered.status_code == 200
    assert last_reviewed(place) == timezone.localdate()
    request.refresh_from_db()
    assert request.answer == "confirmed" and request.answered_at is not None
    assert logged(place, history.CONFIRMED)
    assert service.open_verification_request(place) is None


def test_a_used_link_is_refused(client, topic):
    link = service.verification_link(service.request_verification(topic, PARTNER))
    assert client.post(link, {"answer": "confirm"}).status_code == 200
    again = client.get(link)
    assert again.status_code == 410
    assert "bereits verwendet" in again.content.decode()
    assert client.post(link, {"answer": "confirm"}).status_code == 410
    assert [entry.data["why"] for entry in logged(topic, history.REFUSED)] == ["used", "used"]


def test_an_expired_link_is_refused(client, topic):
    request = service.request_verification(topic, PARTNER)
    VerificationRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    refused = client.get(service.verification_link(request))
    assert refused.status_code == 410
    assert "abgelaufen" in refused.content.decode()
    assert client.post(service.verification_link(request), {"answer": "confirm"}).status_code == 410
    assert not logged(topic, history.CONFIRMED)
    assert logged(topic, history.REFUSED)[0].data["why"] == "expired"


def test_a_link_older_than_its_signature_allows_is_refused(client, topic, settings):
    request = service.request_verification(topic, PARTNER)  # stored as valid for 30 days
    settings.VERIFICATION_LINK_DAYS = 0  # but the signature is checked on its own
    refused = client.get(service.verification_link(request))
    assert refused.status_code == 410
    assert "abgelaufen" in refused.content.decode()


def test_a_tampered_link_is_refused(client, topic):
    link = service.verification_link(service.request_verification(topic, PARTNER))
    signed = link.split("/")[2]
    value, _, signature = signed.rpartition(":")
    tampered = f"{value}:{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}"
    refused = client.get(reverse("corrections_verification", args=[tampered]))
    assert refused.status_code == 400
    assert "nicht gültig" in refused.content.decode()
    other = service.request_verification(topic, PARTNER)
    forged = signing.dumps({"id": other.pk, "token": "guessed"}, salt=service.LINK_SALT)  # right key, wrong token
    assert client.get(reverse("corrections_verification", args=[forged])).status_code == 400
    assert client.post(reverse("corrections_verification", args=[forged]), {"answer": "confirm"}).status_code == 400
    assert not logged(topic, history.CONFIRMED)


def test_a_signed_value_made_for_another_purpose_is_refused(client, topic):
    request = service.request_verification(topic, PARTNER)
    elsewhere = signing.dumps({"id": request.pk, "token": request.token}, salt="wegweiser.something-else")
    assert client.get(reverse("corrections_verification", args=[elsewhere])).status_code == 400
    unsalted = signing.dumps({"id": request.pk, "token": request.token})
    assert client.post(reverse("corrections_verification", args=[unsalted]), {"answer": "confirm"}).status_code == 400
    request.refresh_from_db()
    assert request.answered_at is None


def test_the_partner_suggests_a_change_which_goes_to_the_queue(client, place):
    request = service.request_verification(place, PARTNER)
    link = service.verification_link(request)
    form = client.get(link).context["form"]
    values = {name: form.initial.get(name, "") for name in form.fields}
    values.update({"answer": "suggest", "phone": "+49 30 555 0199", "note": "Neue Durchwahl seit Mai."})
    answered = client.post(link, values)
    assert answered.status_code == 200
    suggestion = Suggestion.objects.get()
    assert suggestion.source == "verification" and suggestion.verification_request == request
    assert suggestion.changes == {"phone": "+49 30 555 0199"}
    assert suggestion.note == "Neue Durchwahl seit Mai."
    assert logged(place, history.SUGGESTED) and logged(place, history.RECEIVED)
    assert client.get(link).status_code == 410


def test_a_suggestion_that_changes_nothing_is_refused_and_the_link_still_works(client, contact):
    request = service.request_verification(contact, PARTNER)
    link = service.verification_link(request)
    page = client.get(link)
    assert contact.name in page.content.decode()
    values = {name: page.context["form"].initial.get(name, "") for name in page.context["form"].fields}
    unchanged = client.post(link, {**values, "answer": "suggest"})
    assert unchanged.status_code == 400
    assert not Suggestion.objects.exists()
    bad_email = client.post(link, {**values, "answer": "suggest", "email": "kein-e-mail"})
    assert bad_email.status_code == 400
    assert client.post(link, {**values, "answer": "confirm"}).status_code == 200
    assert last_reviewed(contact) == timezone.localdate()
    assert logged(contact, history.CONFIRMED)
