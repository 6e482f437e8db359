"""Which subscribers a published news item goes to, in which language, and keeping count of its delivery.

Each news item reaches each region and language at most once:

- When the item is published in the region's own language, every language of the region that already has
  a published translation gets it in that language. Where the region wants it (``push_in_source_language``)
  the other languages get it at once in their nearest source language; otherwise each of them gets it
  when its translation is published.
- The same goes for the regions the item is also sent to (a district's towns that show its news).
- Items first published more than ``SEND_WITHIN`` ago are not sent (an old item published again is not news).

Transient failures (timeouts, 429, 5xx) are retried with growing waits, up to ``MAX_ATTEMPTS``; subscriptions
the push service no longer knows (404/410) are removed.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.rich_text import expand_db_html

from wegweiser.news.models import NewsPage
from wegweiser.news.sharing import receiving_regions
from wegweiser.publishing.documents import excerpt
from wegweiser.regions.languages import get_language
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from .models import Delivery, NewsNotification, PushSubscription
from .senders import Outcome, Sender, active_senders, sender_named

SEND_WITHIN = timedelta(days=3)
MAX_ATTEMPTS = 5
#: Waits before the 2nd, 3rd, … attempt; a push service's Retry-After counts when it is longer (up to a day).
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
MESSAGE_LENGTH = 240


def notifications_for(page: NewsPage, now: datetime | None = None) -> list[NewsNotification]:
    """Record the notifications that publishing ``page`` (any language of a news item) calls for."""
    now = now or timezone.now()
    source = region_of_page(page)
    if source is None or not page.live or page.expired or not active_senders():
        return []
    versions = {
        version.locale.language_code: version
        for version in NewsPage.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    }
    original = versions.get(source.language_tree().root)
    if original is None or not original.notify_subscribers:
        return []
    is_original = page.pk == original.pk
    if (page.first_published_at or now) < now - SEND_WITHIN:
        return []
    created = []
    for region in [source, *chosen_receivers(original, source)]:
        if not region.push_enabled:
            continue
        tree = region.language_tree()
        sent = set(
            NewsNotification.objects.filter(news_key=page.translation_key, region=region).values_list(
                "language", flat=True
            )
        )
        first_time = not sent
        for language in tree.visible_codes():
            if language in sent:
                continue
            if language in versions and (is_original or language == page.locale.language_code):
                version = versions[language]
            elif is_original and first_time and region.push_in_source_language:
                nearest = [code for code in tree.path_to_root(language)[1:] if code in versions]
                version = versions[nearest[0]] if nearest else original
            else:
                continue
            notification, made = NewsNotification.objects.get_or_create(
                news_key=page.translation_key,
                region=region,
                language=language,
                defaults=notification_fields(version, region, language, source),
            )
            if made:
                created.append(notification)
    return created


def chosen_receivers(original: NewsPage, source: RegionPage) -> list[RegionPage]:
    """The regions the item is also sent to that do show the source region's news."""
    return list(receiving_regions(source).filter(pk__in=original.also_in_regions.values("pk")))


def notification_fields(version: NewsPage, region: RegionPage, language: str, source: RegionPage) -> dict:
    text_language = version.locale.language_code
    return {
        "news": version,
        "text_language": text_language,
        "title": version.title,
        "message": Truncator(excerpt(expand_db_html(version.body))).chars(MESSAGE_LENGTH),
        "path": item_path(version, region, language, source),
    }


def item_path(version: NewsPage, region: RegionPage, language: str, source: RegionPage) -> str:
    """Where the item is read: in the subscriber's language where the region shows it there (its own translation,
    or the region's reading fallback), else in the text's language, in that region or else in the source region."""
    text_language = version.locale.language_code
    route = version.reader_route.format(id=version.id, slug=version.slug)
    if text_language == language or region.fallback_to_source:
        return f"/{region.slug}/{language}/{route}"
    if text_language in region.language_tree().visible_codes():
        return f"/{region.slug}/{text_language}/{route}"
    return f"/{source.slug}/{text_language}/{route}"


def payload(notification: NewsNotification) -> dict:
    """What the service worker shows (see webapp/static/webapp/sw.js)."""
    return {
        "title": notification.title,
        "body": notification.message,
        "url": notification.path,
        "lang": notification.text_language,
        "dir": get_language(notification.text_language).direction,
        "tag": f"news-{notification.news_key}",
        "icon": "/static/webapp/icon.svg",
    }


def deliver(notification: NewsNotification) -> list[Delivery]:
    """Send a new notification on every configured channel."""
    deliveries = []
    for sender in active_senders():
        delivery, _ = Delivery.objects.get_or_create(notification=notification, sender=sender.name)
        recipients = sender.recipients(notification)
        delivery.recipients = len(recipients)
        if recipients:
            attempt(sender, delivery, recipients)  # saves the delivery with its counts
        else:
            delivery.save(update_fields=["recipients", "updated_at"])
        deliveries.append(delivery)
    return deliveries


def attempt(sender: Sender, delivery: Delivery, recipients: list[int]) -> Outcome:
    """Send to ``recipients`` once, and record the result: counts, removed subscriptions, the next retry."""
    outcome = sender.send(delivery.notification, payload(delivery.notification), recipients)
    if outcome.gone:
        PushSubscription.objects.filter(endpoint__in=outcome.gone).delete()
    delivery.attempts += 1
    delivery.delivered += outcome.delivered
    delivery.removed += len(outcome.gone)
    delivery.failed += outcome.failed
    delivery.reference = outcome.reference or delivery.reference
    delivery.error = outcome.error or delivery.error
    if outcome.retry and delivery.attempts < MAX_ATTEMPTS:
        wait = max(BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1].total_seconds(), outcome.retry_after)
        delivery.retry_at = timezone.now() + timedelta(seconds=min(wait, 24 * 3600))
        delivery.retry_subscriptions = outcome.retry
        delivery.waiting = len(outcome.retry)
    else:
        delivery.failed += len(outcome.retry)
        delivery.retry_at, delivery.retry_subscriptions, delivery.waiting = None, [], 0
    delivery.save()
    return outcome


def retry_due_deliveries(now: datetime | None = None) -> int:
    """Retry the deliveries whose wait is over; returns how many were retried."""
    now = now or timezone.now()
    retried = 0
    for delivery_id in Delivery.objects.filter(retry_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            # Whoever takes the retry first (another worker, cron) clears retry_at; the other skips it.
            taken = Delivery.objects.filter(pk=delivery_id, retry_at__lte=now).update(retry_at=None)
        if not taken:
            continue
        delivery = Delivery.objects.select_related("notification__region").get(pk=delivery_id)
        sender = sender_named(delivery.sender)
        if sender is None or not sender.is_active():
            Delivery.objects.filter(pk=delivery.pk).update(
                failed=F("failed") + F("waiting"), waiting=0, retry_subscriptions=[]
            )
            continue
        attempt(sender, delivery, list(delivery.retry_subscriptions))
        retried += 1
    return retried
