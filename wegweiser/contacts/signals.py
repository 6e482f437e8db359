"""A contact's translations go with it: deleting the original deletes the contact in every language."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Contact


@receiver(post_delete, sender=Contact)
def delete_translations_with_original(sender, instance: Contact, **kwargs):
    earlier = Contact.objects.filter(translation_key=instance.translation_key, pk__lt=instance.pk)
    if not earlier.exists():  # it was the original
        instance.copies().delete()
