"""Publishing a news item sends it to its subscribers, in the background once the publication is committed."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from wegweiser.news.models import NewsPage


@receiver(page_published, sender=NewsPage)
def on_news_published(sender, instance: NewsPage, **kwargs):
    if instance.notify_subscribers:
        page_id = instance.pk
        transaction.on_commit(lambda: _enqueue(page_id))


def _enqueue(page_id: int) -> None:
    from .tasks import send_news_notifications

    send_news_notifications.enqueue(page_id)
