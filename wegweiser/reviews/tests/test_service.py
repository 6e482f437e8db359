"""The review rules: intervals (region's and item's own), never reviewed items, "review by" dates, what counts."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventPage
from wegweiser.regions.tenancy import region_copies
from wegweiser.reviews.models import ReviewState
from wegweiser.reviews.service import (
    REVIEWED,
    add_months,
    due_for_review,
    due_on,
    last_reviewed,
    mark_reviewed,
    region_reviews,
    review_due,
    set_interval,
)

pytestmark = pytest.mark.django_db


def test_due_dates_follow_the_interval_and_an_earlier_review_by_date():
    start = date(2025, 1, 31)
    assert due_on(last_reviewed=None, started=start, interval_months=1) == date(2025, 2, 28)  # the month's last day
    assert due_on(last_reviewed=date(2025, 3, 1), started=start, interval_months=12) == date(2026, 3, 1)
    earlier = date(2025, 6, 1)
    assert due_on(last_reviewed=None, started=start, interval_months=12, review_by=earlier) == earlier
    later = date(2027, 1, 1)
    assert due_on(last_reviewed=None, started=start, interval_months=12, review_by=later) == date(2026, 1, 31)
    # A review on or after the "review by" date settles it.
    assert due_on(last_reviewed=earlier, started=start, interval_months=12, review_by=earlier) == date(2026, 6, 1)


def test_an_item_never_reviewed_counts_from_its_first_publication_with_the_regions_interval(musterstadt, new_page):
    published = timezone.localdate() - timedelta(days=100)
    page = new_page(published=published)
    assert last_reviewed(page) is None
    assert review_due(page) == add_months(published, 12)
    musterstadt.review_interval_months = 3
    musterstadt.save(update_fields=["review_interval_months"])
    assert review_due(page) == add_months(published, 3)
    entry = next(entry for entry in due_for_review(musterstadt) if entry.translation_key == page.translation_key)
    assert entry.is_overdue and entry.due == add_months(published, 3)


def test_an_items_own_interval_overrides_the_regions(musterstadt, new_page):
    page = new_page()
    set_interval(page, 3)
    assert review_due(page) == add_months(timezone.localdate(), 3)
    set_interval(page, None)
    assert review_due(page) == add_months(timezone.localdate(), 12)
    with pytest.raises(ValueError, match="between 1 and 60"):
        set_interval(page, 0)


def test_a_review_covers_every_language_and_is_logged(musterstadt):
    arabic_root = region_copies(musterstadt).get(locale__language_code="ar")
    arabic_page = TopicPage.objects.filter(path__startswith=arabic_root.path).exclude(pk=arabic_root.pk).first()
    german = Page.objects.get(translation_key=arabic_page.translation_key, locale__language_code="de")
    editor = get_user_model().objects.get(username="musterstadt-editor")

    mark_reviewed(arabic_page, user=editor, note="Telefonnummer geprüft")

    today = timezone.localdate()
    assert last_reviewed(german) == today
    assert review_due(german) == add_months(today, 12)
    state = ReviewState.objects.get(translation_key=german.translation_key)
    assert (state.last_reviewed_by, state.last_review_source, state.region) == (editor, "editor", musterstadt)
    entry = PageLogEntry.objects.filter(page=arabic_page, action=REVIEWED).get()
    assert entry.user == editor and entry.data == {"source": "editor", "note": "Telefonnummer geprüft"}


def test_a_review_by_date_counts_when_earlier_until_a_review_after_it(musterstadt, new_page):
    yesterday = timezone.localdate() - timedelta(days=1)
    page = new_page(review_date=yesterday)
    assert review_due(page) == yesterday
    assert any(
        entry.translation_key == page.translation_key and entry.is_overdue for entry in due_for_review(musterstadt)
    )
    mark_reviewed(page)
    assert review_due(page) == add_months(timezone.localdate(), 12)


def test_a_new_contact_counts_from_its_creation_and_its_review_is_logged(musterstadt):
    contact = Contact.objects.create(region=musterstadt, name="Fundbüro", phone="+49 7000 123")
    assert review_due(contact) == add_months(timezone.localdate(), 12)
    mark_reviewed(contact, source="partner", note="Bestätigt")
    assert last_reviewed(contact) == timezone.localdate()
    assert ModelLogEntry.objects.filter(object_id=str(contact.pk), action=REVIEWED).count() == 1
    entry = next(entry for entry in region_reviews(musterstadt) if entry.translation_key == contact.translation_key)
    assert (entry.kind, entry.source_label) == ("contact", "Confirmed by the organisation")


def test_publishing_a_change_counts_as_a_review_a_minor_change_does_not(musterstadt, new_page):
    page = new_page(published=timezone.localdate() - timedelta(days=500))
    page.minor_change = True
    page.save_revision().publish()
    assert last_reviewed(page) is None

    page = TopicPage.objects.get(pk=page.pk)
    page.body = "<p>Neue Öffnungszeiten.</p>"
    page.save_revision().publish()
    assert last_reviewed(page) == timezone.localdate()
    assert ReviewState.objects.get(translation_key=page.translation_key).last_review_source == "published"
    assert not PageLogEntry.objects.filter(page=page, action=REVIEWED).exists()  # "published" is logged already


def test_only_pages_places_and_contacts_have_review_cycles_and_sources_are_known(musterstadt, new_page):
    event = EventPage.objects.filter(path__startswith=musterstadt.path).first()
    assert event is not None
    with pytest.raises(ValueError, match="Only topic pages, places and contacts"):
        mark_reviewed(event)
    with pytest.raises(ValueError, match="Unknown review source 'someone'"):
        mark_reviewed(new_page(), source="someone")
    assert not ReviewState.objects.filter(region=musterstadt, last_review_source="someone").exists()


def test_the_demo_has_overdue_items_and_items_due_soon(musterstadt):
    entries = due_for_review(musterstadt)
    overdue = [entry for entry in entries if entry.is_overdue]
    assert len(overdue) >= 4  # three pages and a contact
    assert any(not entry.is_overdue for entry in entries)
    assert [entry.due for entry in entries] == sorted(entry.due for entry in entries)
