"""Finding links in a region's content and keeping them current; checking stored links end to end."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Locale

from wegweiser.contacts.models import Contact
from wegweiser.links.checking import check_due, due_links
from wegweiser.links.models import Link, LinkUse
from wegweiser.links.service import broken_link_count
from wegweiser.links.tasks import check_due_links
from wegweiser.organisations.models import Organisation

from .conftest import topic_page, translated


def uses_of(address: str) -> set[tuple[str, str, str]]:
    return {
        (str(use.item.title if use.page_id else use.item), use.language, use.field)
        for use in LinkUse.objects.filter(link__address=address).select_related("page", "contact", "organisation")
    }


def only_due(*addresses: str) -> None:
    """Every other link was checked just now: tests ask local sites only, never the demo's addresses."""
    Link.objects.exclude(address__in=addresses).update(checked_at=timezone.now(), consecutive_failures=0)


def test_the_demo_content_is_found_as_it_is_loaded(musterstadt):
    helpline = Link.objects.get(kind="phone", address="+497100125670")  # written "07100 12-5670" in the pages

    languages = set(helpline.uses.filter(region=musterstadt).values_list("language", flat=True))
    assert {"de", "ar"} <= languages


def test_links_in_rich_text_of_every_language_are_found_with_where_they_are_used(restore_snapshots, musterstadt):
    page = topic_page(
        musterstadt,
        '<p><a href="HTTPS://Example.ORG/Beratung#oben">Beratung</a>, <a href="tel:0711 123456">Telefon</a>, '
        '<a href="mailto:info@Example.org?subject=Frage">E-Mail</a>, <a linktype="page" id="3">intern</a>, '
        '<a href="tel:116 117">Bereitschaftsdienst</a></p>',
        title="Beratung",
    )
    translated(page, "ar", '<p><a href="https://example.org/Beratung">استشارة</a></p>')

    assert uses_of("https://example.org/Beratung") == {("Beratung", "de", "body"), ("Beratung", "ar", "body")}
    assert uses_of("+49711123456") == {("Beratung", "de", "body")}
    assert uses_of("info@example.org") == {("Beratung", "de", "body")}
    assert Link.objects.get(address="+49711123456").status == Link.Status.OK
    assert Link.objects.get(kind="phone", address="116117").status == Link.Status.OK  # a short number is valid


def test_contact_and_organisation_details_are_found_once_for_all_languages(musterstadt):
    contact = Contact.objects.create(
        region=musterstadt,
        locale=Locale.objects.get(language_code="de"),
        name="Migrationsberatung",
        phone="0711 123456",
        mobile="12",
        email="beratung@example.org",
        website="https://beratung.example.org/",
        appointment_url="https://termine.example.org/beratung",
    )
    contact.copy_for_translation(Locale.objects.get(language_code="ar")).save()
    Organisation.objects.create(region=musterstadt, name="Jobcenter Test", website="https://jobcenter.example.org")

    assert uses_of("https://beratung.example.org/") == {("Migrationsberatung", "de", "website")}
    assert uses_of("https://termine.example.org/beratung") == {("Migrationsberatung", "de", "appointment_url")}
    assert uses_of("beratung@example.org") == {("Migrationsberatung", "de", "email")}
    assert uses_of("+49711123456") == {("Migrationsberatung", "de", "phone")}
    assert uses_of("https://jobcenter.example.org/") == {("Jobcenter Test", "", "website")}
    assert Link.objects.get(kind="phone", address="12").status == Link.Status.INVALID
    assert broken_link_count(musterstadt) >= 1

    contact.website = ""
    contact.save()
    assert uses_of("https://beratung.example.org/") == set()


def test_a_draft_does_not_count_until_it_is_published_and_unpublishing_forgets(restore_snapshots, musterstadt):
    page = topic_page(musterstadt, "<p>Noch ohne Link</p>")
    page.body = '<p><a href="https://neu.example.org/">neu</a></p>'
    revision = page.save_revision()
    assert uses_of("https://neu.example.org/") == set()

    revision.publish()
    assert uses_of("https://neu.example.org/") == {("Linkseite", "de", "body")}

    page.refresh_from_db()
    page.unpublish()
    assert uses_of("https://neu.example.org/") == set()


def test_deleting_a_page_forgets_its_links(restore_snapshots, musterstadt):
    page = topic_page(musterstadt, '<p><a href="https://weg.example.org/">weg</a></p>')
    assert uses_of("https://weg.example.org/")

    page.delete()

    assert uses_of("https://weg.example.org/") == set()


def test_find_links_makes_a_full_pass_and_rejects_an_unknown_region(musterstadt, capsys):
    LinkUse.objects.filter(region=musterstadt).delete()

    call_command("find_links", region="musterstadt")

    assert "musterstadt:" in capsys.readouterr().out
    assert Link.objects.get(kind="phone", address="+497100125670").uses.filter(region=musterstadt).exists()
    with pytest.raises(CommandError, match="no region with the slug “nowhere”"):
        call_command("find_links", region="nowhere")


def test_a_link_is_broken_only_after_two_failed_checks_and_then_counted(restore_snapshots, musterstadt, site):
    missing, good = site.url("/missing"), site.url("/good")
    topic_page(musterstadt, f'<p><a href="{missing}">weg</a> <a href="{good}">da</a></p>')
    before = broken_link_count(musterstadt)
    only_due(missing, good)

    call_command("check_links", region="musterstadt")
    link = Link.objects.get(address=missing)
    assert (link.status, link.consecutive_failures, link.status_code) == (Link.Status.UNCHECKED, 1, 404)
    assert Link.objects.get(address=good).status == Link.Status.OK
    assert broken_link_count(musterstadt) == before

    Link.objects.filter(address=missing).update(checked_at=timezone.now() - timedelta(hours=2))
    call_command("check_links", region="musterstadt")
    link.refresh_from_db()
    assert (link.status, link.consecutive_failures) == (Link.Status.BROKEN, 2)
    assert "HTTP 404" in link.error
    assert broken_link_count(musterstadt) == before + 1


def test_links_are_due_again_after_days_and_failing_ones_sooner(restore_snapshots, musterstadt, site):
    good, missing = site.url("/good"), site.url("/missing")
    topic_page(musterstadt, f'<p><a href="{good}">da</a> <a href="{missing}">weg</a></p>')
    only_due(good, missing)
    check_due(musterstadt)
    assert not due_links(musterstadt).exists()

    Link.objects.filter(address__in=[good, missing]).update(checked_at=timezone.now() - timedelta(hours=2))
    due = set(due_links(musterstadt).values_list("address", flat=True))
    assert missing in due  # a first failure is asked again soon
    assert good not in due

    Link.objects.filter(address=good).update(checked_at=timezone.now() - timedelta(days=8))
    assert good in set(due_links(musterstadt).values_list("address", flat=True))


def test_a_moved_link_is_recorded_with_its_new_address(restore_snapshots, musterstadt, site):
    moved = site.url("/moved")
    topic_page(musterstadt, f'<p><a href="{moved}">umgezogen</a></p>')
    only_due(moved)

    check_due(musterstadt)

    link = Link.objects.get(address=moved)
    assert (link.status, link.final_url, link.status_code) == (Link.Status.REDIRECTED, site.url("/good"), 200)


def test_the_periodic_task_checks_the_links_that_are_due(restore_snapshots, musterstadt, site):
    good = site.url("/good")
    topic_page(musterstadt, f'<p><a href="{good}">da</a></p>')
    only_due(good)

    result = check_due_links.enqueue()

    assert result.return_value == {"checked": 1, "ok": 1}
    assert Link.objects.get(address=good).status == Link.Status.OK


def test_check_links_rejects_an_unknown_region(db):
    with pytest.raises(CommandError, match="no region with the slug “nowhere”"):
        call_command("check_links", region="nowhere")
