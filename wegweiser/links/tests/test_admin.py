"""The link checker in the admin: the list, "check again now", and replacing a web address everywhere."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.links.models import Link, LinkUse
from wegweiser.links.replacing import LOG_ACTION

from .conftest import topic_page, translated


def broken(address: str) -> Link:
    link = Link.objects.get(address=address)
    link.status, link.consecutive_failures, link.error, link.checked_at = "broken", 2, "HTTP 404", timezone.now()
    link.save()
    return link


@pytest.fixture
def old_link(restore_snapshots, musterstadt, site):
    """A broken address used in two pages (one with an unpublished newer draft), the Arabic copy, and a contact."""
    old = site.url("/missing")
    live = topic_page(musterstadt, f'<p>Siehe <a href="{old}">hier</a>.</p>', title="Sprachkurse")
    translated(live, "ar", f'<p><a href="{old}">هنا</a></p>')
    drafted = topic_page(musterstadt, f'<p><a href="{old}">Termine</a></p>', title="Termine")
    drafted.body = f'<p><a href="{old}">Termine</a> und mehr, noch nicht veröffentlicht</p>'
    drafted.save_revision()
    contact = Contact.objects.create(
        region=musterstadt, locale=Locale.objects.get(language_code="de"), name="Sprachschule", website=old
    )
    return broken(old), live, drafted, contact


def test_the_list_shows_broken_links_with_every_place_they_are_used(login, musterstadt, old_link):
    link, live, drafted, contact = old_link

    response = login("musterstadt-editor").get(reverse("links_list"), {"region": musterstadt.pk})

    assert response.status_code == 200
    text = response.content.decode()
    assert link.address in text
    for title in ("Sprachkurse", "Termine", "Sprachschule"):
        assert title in text
    assert reverse("wagtailadmin_pages:edit", args=[live.pk]) in text
    assert "العربية" in text  # the Arabic copy, named in its language
    assert "HTTP 404" in text


def test_the_list_is_in_german_for_german_editors(login, django_user_model, musterstadt, old_link):
    client = login("musterstadt-editor")
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="musterstadt-editor"))
    profile.preferred_language = "de"
    profile.save()

    html = client.get(reverse("links_list"), {"region": musterstadt.pk}).content.decode()

    assert '<html lang="de"' in html
    assert "Defekt" in html
    assert "Jetzt erneut prüfen" in html and "Überall ersetzen" in html


def test_another_regions_editor_cannot_see_or_touch_the_links(login, musterstadt, old_link):
    link = old_link[0]
    client = login("musterland-editor")

    assert client.get(reverse("links_list"), {"region": musterstadt.pk}).status_code == 404
    assert link.address not in client.get(reverse("links_list")).content.decode()
    assert client.post(reverse("links_check", args=[link.pk])).status_code == 404
    replace_url = reverse("links_replace", args=[link.pk])
    assert client.get(replace_url).status_code == 404
    assert client.post(replace_url, {"new_url": "https://example.org/", "confirm": "1"}).status_code == 404
    assert LinkUse.objects.filter(link=link).count() == 4


def test_check_again_now_asks_the_site_and_is_post_only(login, musterstadt, site):
    page_url = site.url("/good")
    topic_page(musterstadt, f'<p><a href="{page_url}">da</a></p>')
    link = broken(page_url)
    client = login("musterstadt-editor")

    assert client.get(reverse("links_check", args=[link.pk]), {"region": musterstadt.pk}).status_code == 405
    response = client.post(reverse("links_check", args=[link.pk]), {"region": musterstadt.pk})

    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.status, link.consecutive_failures) == (Link.Status.OK, 0)
    assert [visit.path for visit in site.visits] == ["/good"]


def test_a_bad_new_address_is_a_form_error_and_changes_nothing(login, musterstadt, old_link):
    link, live, _drafted, contact = old_link
    revisions = live.revisions.count()
    client = login("musterstadt-editor")
    url = reverse("links_replace", args=[link.pk])

    for bad, message in [
        ("ftp://example.org/file", "starting with http:// or https://"),
        ("keine adresse", "starting with http:// or https://"),
        (link.address, "the same as the old one"),
        ("https://example.org/" + "x" * 300, "longer than 200 characters"),
    ]:
        response = client.post(url, {"region": musterstadt.pk, "new_url": bad, "confirm": "1"})
        assert response.status_code == 200
        assert message in response.content.decode()

    assert live.revisions.count() == revisions
    contact.refresh_from_db()
    assert contact.website == link.address
    assert LinkUse.objects.filter(link=link).count() == 4


def test_replacing_asks_for_confirmation_listing_every_place_first(login, musterstadt, old_link):
    link, live, _drafted, _contact = old_link
    client = login("musterstadt-editor")

    response = client.post(
        reverse("links_replace", args=[link.pk]), {"region": musterstadt.pk, "new_url": "https://neu.example.org/kurse"}
    )

    text = response.content.decode()
    assert "in these 4 places?" in text
    assert 'name="confirm"' in text
    assert TopicPage.objects.get(pk=live.pk).body.count(link.address) == 1  # nothing changed yet


def test_replacing_everywhere_publishes_live_pages_keeps_drafts_and_saves_contacts(login, musterstadt, old_link):
    link, live, drafted, contact = old_link
    new = "https://neu.example.org/kurse"
    arabic = TopicPage.objects.get(translation_key=live.translation_key, locale__language_code="ar")
    drafted_live_body = TopicPage.objects.get(pk=drafted.pk).body
    revisions = live.revisions.count()
    client = login("musterstadt-editor")

    response = client.post(
        reverse("links_replace", args=[link.pk]), {"region": musterstadt.pk, "new_url": new, "confirm": "1"}
    )

    assert response.status_code == 302
    live_now = TopicPage.objects.get(pk=live.pk)
    assert live_now.body == f'<p>Siehe <a href="{new}">hier</a>.</p>'
    assert live_now.live and not live_now.has_unpublished_changes
    assert live_now.revisions.count() == revisions + 1
    assert new in TopicPage.objects.get(pk=arabic.pk).body
    # The page with a newer draft: the change is in a new draft; what readers see stays until someone publishes.
    drafted_now = TopicPage.objects.get(pk=drafted.pk)
    assert drafted_now.body == drafted_live_body
    assert drafted_now.has_unpublished_changes
    assert (
        drafted_now.get_latest_revision_as_object().body
        == f'<p><a href="{new}">Termine</a> und mehr, noch nicht veröffentlicht</p>'
    )
    contact.refresh_from_db()
    assert contact.website == new
    # Stored links follow: the new address is found where the change is live; the old one stays only in the
    # page whose live version still has it.
    assert {use.item.pk for use in LinkUse.objects.filter(link__address=new)} == {live.pk, arabic.pk, contact.pk}
    assert {(use.page_id, use.field) for use in LinkUse.objects.filter(link=link)} == {(drafted.pk, "body")}
    # Logged in Wagtail's audit log.
    assert PageLogEntry.objects.filter(page=live, action=LOG_ACTION).exists()
    assert PageLogEntry.objects.filter(page=live, action="wagtail.publish").exists()
    assert ModelLogEntry.objects.filter(object_id=str(contact.pk), action=LOG_ACTION).exists()
