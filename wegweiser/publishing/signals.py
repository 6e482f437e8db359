"""When readers' documents must change: content of a region is published, unpublished, moved or deleted,
a region's settings change, an organisation shown on its pages changes, or a page that other regions show changes.

Changes are collected per transaction and enqueued once when it commits, so that publishing fifty
pages in one go rebuilds each affected document once.
"""

import threading

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from wegweiser.contacts.models import Contact
from wegweiser.content.sharing import sharing_region_ids
from wegweiser.news.models import NewsPage
from wegweiser.news.sharing import receiving_regions
from wegweiser.organisations.models import Organisation
from wegweiser.places.models import PlaceCategory
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

_pending = threading.local()
#: Rebuilds of the language an editor just published in run before the other rebuilds waiting (default 0).
EDITED_LANGUAGE_PRIORITY = 10


def schedule_rebuild(
    region_id: int | None, languages: set[str] | None, region_list: bool = False, first: str | None = None
) -> None:
    """Ask for a rebuild once the current transaction commits; ``languages=None`` means all of the region's.
    ``first``: the language the editor changed, rebuilt before the others so that they see their change soonest."""
    state = getattr(_pending, "state", None)
    if state is None:
        state = _pending.state = {"regions": {}, "region_list": False, "first": set()}
    state["region_list"] |= region_list
    if first:
        state["first"].add(first)
    if region_id is not None:
        known = state["regions"].get(region_id, set())
        state["regions"][region_id] = None if languages is None or known is None else known | languages
    # Every change registers a callback (one of a rolled-back transaction is dropped); the first to run takes all.
    # Registered last: outside a transaction it runs at once, and must find this change.
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    from .tasks import ensure_watchdog_scheduled, rebuild_snapshots

    state = _pending.__dict__.pop("state", None)
    if not state:
        return
    region_list = state["region_list"]
    for region_id, languages in state["regions"].items():
        if not languages:  # None: every language of the region, in one task
            rebuild_snapshots.enqueue(region_id, languages, region_list)
        else:
            # The languages the editor changed first, ahead of other regions' rebuilds where the queue has
            # priorities; then one task per other language, so that the next editor's change waits for one
            # language's rebuild at most, not for a region in twelve languages.
            edited = sorted(languages & state["first"])
            if edited:
                first = rebuild_snapshots
                if first.get_backend().supports_priority:
                    first = first.using(priority=EDITED_LANGUAGE_PRIORITY)
                first.enqueue(region_id, edited, region_list)
                region_list = False
            for code in sorted(languages - state["first"]):
                rebuild_snapshots.enqueue(region_id, [code], region_list)
                region_list = False
        region_list = False
    if region_list:
        rebuild_snapshots.enqueue(None, None, True)
    ensure_watchdog_scheduled()


def family_languages(page: Page) -> set[str]:
    """A page's readers' documents in every language it exists in name it (``available_languages``)."""
    return set(
        Page.objects.filter(translation_key=page.translation_key).values_list("locale__language_code", flat=True)
    )


def page_changed(page: Page) -> None:
    if isinstance(page.specific_deferred, RegionPage):
        schedule_rebuild(page.specific_deferred.canonical.id, None, region_list=True)
        for showing in sharing_region_ids(page):  # a region going offline takes its shown pages with it
            schedule_rebuild(showing, None)
        return
    region = region_of_page(page)
    if region is not None:
        # Where the region falls back to source languages, a page can show in languages it has no copy in.
        languages = None if region.fallback_to_source else family_languages(page)
        schedule_rebuild(region.id, languages, first=page.locale.language_code)
        if isinstance(page.specific_deferred, NewsPage):
            # Every region showing the region's news may show the item (or did before), in any of its languages.
            for receiving in receiving_regions(region).values_list("id", flat=True):
                schedule_rebuild(receiving, None)
    # Regions whose pages show this page (or one below it) of another region show its text in all their languages.
    for showing in sharing_region_ids(page):
        schedule_rebuild(showing, None)


@receiver(page_published)
@receiver(page_unpublished)
def on_publish_or_unpublish(sender, instance: Page, **kwargs):
    page_changed(instance)


@receiver(post_page_move)
def on_move(sender, instance: Page, **kwargs):
    page_changed(instance)
    before = region_of_page(kwargs["parent_page_before"]) if kwargs.get("parent_page_before") else None
    if before is not None:
        schedule_rebuild(before.id, None)


@receiver(pre_delete)
def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and Page.objects.filter(pk=instance.pk).exists():
        page_changed(instance)


@receiver(post_save, sender=PlaceCategory)
@receiver(post_delete, sender=PlaceCategory)
def on_place_category_change(sender, instance: PlaceCategory, **kwargs):
    """Categories are shared by all regions; a new name shows in every region's places."""
    for region_id in RegionPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).values_list(
        "id", flat=True
    ):
        schedule_rebuild(region_id, None)


@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def on_organisation_change(sender, instance: Organisation, **kwargs):
    schedule_rebuild(instance.region_id, None)


@receiver(post_save, sender=Contact)
@receiver(post_delete, sender=Contact)
def on_contact_change(sender, instance: Contact, **kwargs):
    """A contact's card shows in pages of every language: changing, translating or deleting it rebuilds its region."""
    schedule_rebuild(instance.region_id, None)
