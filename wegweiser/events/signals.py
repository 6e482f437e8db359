"""Readers' documents name event categories: a renamed or translated category changes every region's events."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wegweiser.publishing.signals import schedule_rebuild
from wegweiser.regions.models import RegionPage

from .models import CalendarFeed, EventCategory


@receiver(post_save, sender=EventCategory)
@receiver(post_delete, sender=EventCategory)
def on_event_category_change(sender, instance: EventCategory, **kwargs):
    """Categories are shared by all regions; a new name shows in every region's events."""
    regions = RegionPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).values_list("id", flat=True)
    for region_id in regions:
        schedule_rebuild(region_id, None)


@receiver(post_save, sender=CalendarFeed)
def on_feed_saved(sender, instance: CalendarFeed, update_fields=None, **kwargs):
    """A new or changed feed is picked up by the scheduled import, which starts itself if it is not waiting."""
    from .tasks import ensure_import_scheduled

    if update_fields is None or "url" in update_fields or "active" in update_fields:
        transaction.on_commit(ensure_import_scheduled)
