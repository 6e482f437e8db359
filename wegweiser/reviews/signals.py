"""Reviews that happen by themselves: publishing a change counts as a review, a new contact starts its cycle;
and saving a region keeps the weekly digest scheduled."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.places.models import PlacePage
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page
from wegweiser.translation.versions import is_minor

from .models import Kind, ReviewState
from .service import Source, mark_reviewed, root_language


@receiver(page_published)
def published_change_is_a_review(sender, instance, revision=None, **kwargs):
    """Whoever publishes a change to the text in the region's own language has looked at it; a "minor change"
    (a typo) and publishing a translation do not count."""
    if not isinstance(instance, (TopicPage, PlacePage)) or is_minor(revision):
        return
    region = region_of_page(instance)
    if region is None or instance.locale.language_code != root_language(region):
        return
    mark_reviewed(instance, user=getattr(revision, "user", None), source=Source.PUBLISHED)


@receiver(post_save, sender=Contact)
def new_contact_starts_its_cycle(sender, instance: Contact, created: bool, raw: bool = False, **kwargs):
    """Contacts are never published: their cycle counts from when they were created."""
    if created and not raw and instance.region_id is not None:
        ReviewState.objects.get_or_create(
            region=instance.region.canonical,
            kind=Kind.CONTACT,
            translation_key=instance.translation_key,
            defaults={"tracked_since": timezone.localdate()},
        )


@receiver(post_save, sender=RegionPage)
def keep_the_digest_scheduled(sender, instance: RegionPage, raw: bool = False, **kwargs):
    """Saving a region (its review settings, or a new region) starts the weekly digest's chain if none is waiting."""
    if not raw:
        from .tasks import ensure_digest_scheduled

        transaction.on_commit(ensure_digest_scheduled)
