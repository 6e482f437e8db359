"""Keeping translations current when content is published.

At once, in the publishing transaction: the item's text version in its language (translation status
must be right the moment the editor looks). Once the transaction commits, in the background, for all
items published in it together: the readability score of German and Leichte Sprache pages, the
translation memory learning a person's translations, and the memory filling known sentences into the
translations of a changed source. Publishing an item in the region's own language also carries its data
(phone numbers, dates, hours) into every translation at once (``synchronising``).
"""

import threading

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from wegweiser.regions.tenancy import region_of_page

from . import synchronising, versions
from .models import ReadabilityScore

_pending = threading.local()


@receiver(page_published)
def on_publish(sender, instance, revision=None, **kwargs):
    if versions.record_publication(instance, revision) is None:
        return
    page = instance.specific
    region = region_of_page(page)
    if region is not None and region.language_tree().source_of(page.locale.language_code) is None:
        synchronising.copy_data_to_translations(page)
    # Every publication registers a callback (those of a rolled-back transaction are dropped); the first to
    # run takes all pages published so far.
    _pending.__dict__.setdefault("page_ids", []).append(instance.pk)
    transaction.on_commit(_enqueue)


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    """The readability list is of published pages: an unpublished (or expired) one leaves it."""
    ReadabilityScore.objects.filter(page_id=instance.pk).delete()


def _enqueue() -> None:
    from .tasks import after_publication

    page_ids = _pending.__dict__.pop("page_ids", None)
    if page_ids:
        after_publication.enqueue(sorted(set(page_ids)))
