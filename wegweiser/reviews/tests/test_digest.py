"""The weekly digest: who gets it, what it says, in which language, and the command for cron."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.users.models import UserProfile

from wegweiser.corrections.models import Suggestion
from wegweiser.corrections.service import record_suggestion
from wegweiser.links.models import Link, LinkUse
from wegweiser.links.service import PROBLEMS
from wegweiser.reviews.digest import send_digest
from wegweiser.reviews.models import ReviewState
from wegweiser.reviews.service import due_for_review
from wegweiser.reviews.tasks import send_review_digests

pytestmark = pytest.mark.django_db


@pytest.fixture
def nothing_else_to_do(db):
    """No open suggestions and no broken links anywhere: these tests look at reviews (rolled back after the test)."""
    Suggestion.objects.filter(status=Suggestion.Status.OPEN).delete()
    Link.objects.filter(status__in=PROBLEMS).update(status=Link.Status.OK)


def prefers(username: str, language: str) -> None:
    user = get_user_model().objects.get(username=username)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def everything_reviewed(region) -> None:
    from wegweiser.content.models import TopicPage

    ReviewState.objects.filter(region=region).update(last_reviewed_on=timezone.localdate(), interval_months=None)
    TopicPage.objects.filter(path__startswith=region.path).update(review_date=None)
    for entry in due_for_review(region):  # items without a state yet
        ReviewState.objects.update_or_create(
            region=region,
            kind=entry.kind,
            translation_key=entry.translation_key,
            defaults={"last_reviewed_on": timezone.localdate()},
        )


def test_the_digest_goes_to_the_regions_managers_and_editors_with_what_is_due(musterstadt, nothing_else_to_do):
    prefers("musterstadt-editor", "en")
    prefers("musterstadt-manager", "en")
    digest, sent = send_digest(musterstadt)
    assert sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "musterstadt-editor@wegweiser.example",
        "musterstadt-manager@wegweiser.example",
    ]
    message = mail.outbox[0]
    assert message.subject == "What needs attention in the guide of Stadt Musterstadt"
    assert f"{len(digest.overdue)} items are overdue for review:" in message.body
    for entry in digest.overdue + digest.due_soon:
        assert entry.title in message.body
        assert f"http://testserver/admin/reviews/{entry.url_kind}/{entry.item_id}/" in message.body
    assert f"http://testserver/admin/reviews/?region={musterstadt.pk}" in message.body


def test_the_digest_counts_suggestions_and_broken_links_with_links(musterstadt, new_page, nothing_else_to_do):
    prefers("musterstadt-editor", "en")
    everything_reviewed(musterstadt)
    page = new_page()
    record_suggestion(page, {}, note="Die Telefonnummer stimmt nicht mehr.", source="newcomer")
    link = Link.objects.create(kind="url", address="https://kaputt.example/", status=Link.Status.BROKEN)
    LinkUse.objects.create(link=link, region=musterstadt, page=page, field="body")
    send_digest(musterstadt)
    body = next(message.body for message in mail.outbox if message.to == ["musterstadt-editor@wegweiser.example"])
    assert "overdue" not in body
    assert "1 suggested change is waiting for your decision:" in body
    assert "1 link, phone number or e-mail address is broken:" in body
    assert f"http://testserver/admin/corrections/suggestions/?region={musterstadt.pk}" in body
    assert f"http://testserver/admin/links/?region={musterstadt.pk}" in body


def test_people_get_it_in_their_admin_language_german_by_default(musterstadt, nothing_else_to_do):
    prefers("musterstadt-manager", "en")  # the editor has no preference: the installation's language, German
    send_digest(musterstadt)
    by_address = {message.to[0]: message for message in mail.outbox}
    german = by_address["musterstadt-editor@wegweiser.example"]
    assert german.subject == "Was im Wegweiser von Stadt Musterstadt zu tun ist"
    assert "zur Prüfung überfällig" in german.body
    english = by_address["musterstadt-manager@wegweiser.example"]
    assert english.subject == "What needs attention in the guide of Stadt Musterstadt"


def test_nobody_gets_a_digest_when_there_is_nothing_to_do(musterstadt, nothing_else_to_do):
    everything_reviewed(musterstadt)
    digest, sent = send_digest(musterstadt)
    assert digest.is_empty and sent == 0 and mail.outbox == []


def test_the_task_sends_every_regions_digest(musterstadt, musterland, nothing_else_to_do):
    everything_reviewed(musterland)
    sent = send_review_digests.call()
    assert sent["musterstadt"] == 2 and sent["musterland"] == 0
    assert len(mail.outbox) == 2


def test_the_command_prints_a_dry_run_and_refuses_an_unknown_region(musterstadt, nothing_else_to_do, capsys):
    call_command("send_review_digest", "--region", "musterstadt", "--dry-run")
    out = capsys.readouterr().out
    assert "To: musterstadt-editor@wegweiser.example" in out
    assert "zur Prüfung überfällig" in out  # no admin language chosen: the installation's, German
    assert mail.outbox == []
    with pytest.raises(CommandError) as error:
        call_command("send_review_digest", "--region", "nirgendwo")
    assert str(error.value) == "There is no region with the slug 'nirgendwo'."
    call_command("send_review_digest", "--region", "musterstadt")
    assert len(mail.outbox) == 2


def test_a_region_may_ask_organisations_automatically(
    musterstadt, new_page, organisation, nothing_else_to_do, django_capture_on_commit_callbacks
):
    page = new_page(published=timezone.localdate() - timedelta(days=400), organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        digest, _sent = send_digest(musterstadt)
    assert not any(message.to == ["fundbuero@example.org"] for message in mail.outbox)
    mail.outbox.clear()
    musterstadt.ask_organisations_automatically = True
    musterstadt.save(update_fields=["ask_organisations_automatically"])
    with django_capture_on_commit_callbacks(execute=True):
        digest, _sent = send_digest(musterstadt)
    assert [entry.item_id for entry in digest.asked if entry.item_id == page.pk] == [page.pk]
    assert sum(message.to == ["fundbuero@example.org"] for message in mail.outbox) == 1
    assert "Fundbüro" in next(message.body for message in mail.outbox if message.to[0].startswith("musterstadt-"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_digest(musterstadt)  # the request is open: not asked again
    assert not any(message.to == ["fundbuero@example.org"] for message in mail.outbox)


def test_the_task_keeps_one_run_waiting_a_week_ahead(settings):
    from django_tasks_db.models import DBTaskResult

    from wegweiser.reviews.tasks import ensure_digest_scheduled

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ensure_digest_scheduled()
    ensure_digest_scheduled()
    waiting = DBTaskResult.objects.filter(task_path="wegweiser.reviews.tasks.send_review_digests")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now() + timedelta(days=6)
