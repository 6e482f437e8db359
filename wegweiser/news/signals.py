from django.dispatch import receiver
from wagtail.signals import page_unpublished

from .models import NewsPage
from .schedule import expire_translations, is_original


@receiver(page_unpublished, sender=NewsPage)
def on_expiry(sender, instance: NewsPage, **kwargs):
    """When an original expires, its translations expire with it, at once."""
    if instance.expired and is_original(instance):
        expire_translations({instance.translation_key})
