"""The review queue: suggestions listed per region, shown with a diff, accepted (the item changes) or rejected."""

import pytest
from django.urls import reverse
from django.utils import timezone

from wegweiser.contacts.models import Contact
from wegweiser.corrections import history, service
from wegweiser.corrections.admin_views import diff_segments
from wegweiser.corrections.models import Suggestion
from wegweiser.places.models import PlacePage
from wegweiser.reviews.service import last_reviewed

from .conftest import logged

pytestmark = pytest.mark.django_db
NEW_PHONE = "030 23125 199"


@pytest.fixture
def place_suggestion(place) -> Suggestion:
    return service.record_suggestion(
        place, {"phone": NEW_PHONE, "title": f"{place.title} (Neubau)"}, note="Umgezogen.", source="partner"
    )


def test_the_queue_lists_open_suggestions_newest_first_and_filters_by_source(login, musterstadt, place, topic):
    older = service.record_suggestion(place, {"phone": NEW_PHONE}, source="partner")
    newer = service.record_suggestion(
        topic, {}, note="Die Öffnungszeiten stimmen nicht.", source="newcomer", language="ar"
    )
    client = login("musterstadt-editor")
    listed = client.get(reverse("corrections_queue"), {"region": musterstadt.pk})
    assert [row["suggestion"] for row in listed.context["rows"]] == [newer, older]
    assert "Die Öffnungszeiten stimmen nicht." in listed.content.decode()
    newcomers = client.get(reverse("corrections_queue"), {"region": musterstadt.pk, "source": "newcomer"})
    assert [row["suggestion"] for row in newcomers.context["rows"]] == [newer]
    assert service.open_suggestion_count(musterstadt) == 2


def test_the_detail_shows_a_diff_of_each_changed_field(login, place, place_suggestion):
    page = login("musterstadt-editor").get(reverse("corrections_suggestion", args=[place_suggestion.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert place.phone == "030 23125 100"  # the demo's Bürgerbüro: only the extension changes
    assert '030 23125 <del style="background: #fdd;">100</del><ins style="background: #dfd;">199</ins>' in text
    assert '<ins style="background: #dfd;"> (Neubau)</ins>' in text
    assert "Umgezogen." in text


def test_a_diff_marks_removed_and_added_words():
    assert diff_segments("Mo 8 bis 12 Uhr", "Mo 9 bis 12 Uhr") == [
        ("same", "Mo "),
        ("del", "8"),
        ("ins", "9"),
        ("same", " bis 12 Uhr"),
    ]


def test_accepting_changes_the_place_and_publishes_it(login, restore_snapshots, place, place_suggestion):
    client = login("musterstadt-editor")
    answer = client.post(reverse("corrections_accept", args=[place_suggestion.pk]))
    assert answer.status_code == 302
    place = PlacePage.objects.get(pk=place.pk)
    assert place.phone == NEW_PHONE and place.title.endswith("(Neubau)")
    assert place.live and not place.has_unpublished_changes
    place_suggestion.refresh_from_db()
    assert place_suggestion.status == "accepted" and place_suggestion.decided_by.username == "musterstadt-editor"
    assert last_reviewed(place) == timezone.localdate()
    assert logged(place, history.ACCEPTED)
    assert logged(place, "wagtail.publish")
    again = client.post(reverse("corrections_accept", args=[place_suggestion.pk]), follow=True)
    assert "dealt with already" in again.content.decode()


def test_an_author_who_may_not_publish_submits_the_change_for_approval(login, place, place_suggestion):
    before = place.phone
    assert (
        login("musterstadt-author").post(reverse("corrections_accept", args=[place_suggestion.pk])).status_code == 302
    )
    place = PlacePage.objects.get(pk=place.pk)
    assert place.phone == before  # the live page is unchanged
    assert place.get_latest_revision_as_object().phone == NEW_PHONE
    assert place.workflow_in_progress


def test_accepting_a_contacts_new_phone_reaches_every_language(login, contact):
    suggestion = service.record_suggestion(contact, {"phone": NEW_PHONE}, source="verification")
    assert login("musterstadt-editor").post(reverse("corrections_accept", args=[suggestion.pk])).status_code == 302
    assert set(Contact.objects.filter(translation_key=contact.translation_key).values_list("phone", flat=True)) == {
        NEW_PHONE
    }
    assert logged(contact, history.ACCEPTED)


def test_a_change_of_rich_text_is_carried_over_by_hand(login, topic):
    suggestion = service.record_suggestion(topic, {"body": "Ganz neuer Text."}, source="partner")
    body = topic.body
    answer = login("musterstadt-editor").post(reverse("corrections_accept", args=[suggestion.pk]))
    assert answer.status_code == 302 and answer.url == reverse("wagtailadmin_pages:edit", args=[topic.pk])
    topic.refresh_from_db()
    assert topic.body == body


def test_rejecting_keeps_the_item_and_the_reason(login, place, place_suggestion):
    before = place.phone
    client = login("musterstadt-editor")
    answer = client.post(reverse("corrections_reject", args=[place_suggestion.pk]), {"reason": "Stimmt so."})
    assert answer.status_code == 302
    place_suggestion.refresh_from_db()
    assert place_suggestion.status == "rejected" and place_suggestion.reason == "Stimmt so."
    assert PlacePage.objects.get(pk=place.pk).phone == before
    [entry] = logged(place, history.REJECTED)
    assert entry.comment == "Stimmt so."


def test_a_newcomer_report_is_marked_done(login, topic):
    report = service.record_suggestion(topic, {}, note="Link kaputt", source="newcomer", language="de")
    client = login("musterstadt-editor")
    detail = client.get(reverse("corrections_suggestion", args=[report.pk])).content.decode()
    assert reverse("corrections_done", args=[report.pk]) in detail
    assert reverse("wagtailadmin_pages:edit", args=[topic.pk]) in detail
    refused = client.post(reverse("corrections_accept", args=[report.pk]), follow=True)
    assert "mark it as done" in refused.content.decode()
    assert client.post(reverse("corrections_done", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == "done"
    assert logged(topic, history.DONE)


def test_changes_are_post_only(login, place_suggestion):
    client = login("musterstadt-editor")
    for name in ("corrections_accept", "corrections_reject", "corrections_done"):
        assert client.get(reverse(name, args=[place_suggestion.pk])).status_code == 405
    place_suggestion.refresh_from_db()
    assert place_suggestion.is_open


def test_an_editor_of_another_region_gets_404(login, musterstadt, place_suggestion):
    client = login("musterland-editor")
    assert client.get(reverse("corrections_suggestion", args=[place_suggestion.pk])).status_code == 404
    assert client.get(reverse("corrections_queue"), {"region": musterstadt.pk}).status_code == 404
    for name in ("corrections_accept", "corrections_reject", "corrections_done"):
        assert client.post(reverse(name, args=[place_suggestion.pk])).status_code == 404
    place_suggestion.refresh_from_db()
    assert place_suggestion.is_open


def test_an_observer_sees_the_queue_but_cannot_decide(login, place_suggestion):
    client = login("musterstadt-observer")
    assert client.get(reverse("corrections_suggestion", args=[place_suggestion.pk])).status_code == 200
    refused = client.post(reverse("corrections_accept", args=[place_suggestion.pk]))
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's answer to PermissionDenied
    place_suggestion.refresh_from_db()
    assert place_suggestion.is_open


def test_a_suggestion_must_say_something_and_name_known_fields(place):
    with pytest.raises(ValueError, match="Change at least one field"):
        service.record_suggestion(place, {"phone": place.phone}, source="partner")
    with pytest.raises(ValueError, match="cannot be changed"):
        service.record_suggestion(place, {"latitude": "1"}, source="partner")
    with pytest.raises(ValueError, match="E-mail"):
        service.record_suggestion(place, {"email": "no address"}, source="partner")
    assert not Suggestion.objects.exists()
