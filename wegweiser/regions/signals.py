from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wegweiser.events.models import EventIndexPage

from .models import RegionPage


@receiver(post_save, sender=RegionPage)
def give_region_its_groups(sender, instance: RegionPage, created: bool, raw: bool = False, **kwargs):
    """A new region, or a new language copy of one, gets its groups and their rights at once."""
    if created and not raw:
        transaction.on_commit(lambda: _setup(instance.pk))


@receiver(post_save, sender=EventIndexPage)
def give_event_managers_the_new_list(sender, instance: EventIndexPage, created: bool, raw: bool = False, **kwargs):
    """Event managers get their rights on a region's list of events (in any language) as soon as it exists."""
    if created and not raw:
        parent = instance.get_parent()
        if parent is not None:
            transaction.on_commit(lambda: _setup(parent.pk))


def _setup(pk: int) -> None:
    from .tenancy import setup_region

    region = RegionPage.objects.filter(pk=pk).first()
    if region is not None:
        setup_region(region)
