"""Keeping the stored links current as content changes: a page's links are its live version's, found again when it
is published and forgotten when it is unpublished (deleting removes them with it); a contact's and an organisation's
whenever they are saved. A failure here never stops the editor's change: it is logged, and ``manage.py find_links``
repairs what was missed.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from wegweiser.contacts.models import Contact
from wegweiser.organisations.models import Organisation

from . import finding

logger = logging.getLogger(__name__)


def safely(find, item) -> None:
    try:
        with transaction.atomic():
            find(item)
    except Exception:
        logger.exception("Links of %r could not be found; run manage.py find_links to repair.", item)


@receiver(page_published)
def on_publish(sender, instance: Page, **kwargs):
    safely(finding.find_in_page, instance)


@receiver(post_page_move)
def on_move(sender, instance: Page, **kwargs):
    """A page moved to another region takes the pages beneath it along."""
    for page in Page.objects.descendant_of(instance, inclusive=True).live().specific():
        safely(finding.find_in_page, page)


@receiver(page_unpublished)
def on_unpublish(sender, instance: Page, **kwargs):
    safely(finding.forget_page, instance)


@receiver(post_save, sender=Contact)
def on_contact_saved(sender, instance: Contact, raw=False, **kwargs):
    """Only the original's details count: saving it saves (and synchronises) every translation too."""
    original = None if raw else instance.original()
    if original is not None and original.pk == instance.pk:
        safely(finding.find_in_contact, instance)


@receiver(post_delete, sender=Contact)
def on_contact_deleted(sender, instance: Contact, **kwargs):
    """Deleting the original makes the next copy the original; its details are found again."""
    remaining = instance.copies().exclude(pk=instance.pk).order_by("pk").first()
    if remaining is not None:
        safely(finding.find_in_contact, remaining)


@receiver(post_save, sender=Organisation)
def on_organisation_saved(sender, instance: Organisation, raw=False, **kwargs):
    if not raw:
        safely(finding.find_in_organisation, instance)
