"""Keeping translation status current: every publication of an item updates its text version."""

from django.dispatch import receiver
from wagtail.signals import page_published

from . import versions


@receiver(page_published)
def on_publish(sender, instance, revision=None, **kwargs):
    versions.record_publication(instance, revision)
