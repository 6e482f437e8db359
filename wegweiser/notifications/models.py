"""Push notifications: who asked for a region's news, and what was sent to them.

A newcomer's browser subscribes to the news of one region in one language (Web Push); the native apps
subscribe to a Firebase Cloud Messaging topic instead, which needs nothing stored here. Publishing a news
item creates one ``NewsNotification`` per region and language it goes to, and every configured sender
records its ``Delivery`` of it, with the counts editors see next to the item.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.news.models import NewsPage
from wegweiser.regions.models import RegionPage


class PushSubscription(models.Model):
    """A browser that wants the news of a region in one language (the push service's endpoint and the browser's
    keys, RFC 8030/8291). Nothing else about the person is stored."""

    region = models.ForeignKey(RegionPage, on_delete=models.CASCADE, related_name="push_subscriptions")
    language = models.CharField(_("language"), max_length=16)
    endpoint = models.URLField(_("push service endpoint"), max_length=1000)
    p256dh = models.CharField(max_length=100, help_text="The browser's public key (P-256, base64url).")
    auth = models.CharField(max_length=40, help_text="The browser's authentication secret (base64url).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("push subscription")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "region", "language"], name="one_subscription_per_topic")
        ]
        indexes = [models.Index(fields=["region", "language"])]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.language}: {self.endpoint[:60]}"

    @property
    def subscription_info(self) -> dict:
        """The subscription as the browser's ``PushSubscription.toJSON()`` gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class NewsNotification(models.Model):
    """A news item sent to the subscribers of one region in one language: at most once per item, region and
    language, in that language, or in the nearest source language where the region allows it."""

    news_key = models.UUIDField(help_text="The news item's translation key: the same in all its languages.")
    region = models.ForeignKey(RegionPage, on_delete=models.CASCADE, related_name="news_notifications")
    language = models.CharField(_("subscribers' language"), max_length=16)
    news = models.ForeignKey(
        NewsPage, null=True, on_delete=models.SET_NULL, related_name="notifications", help_text="The version sent."
    )
    text_language = models.CharField(_("language of the text"), max_length=16)
    title = models.CharField(_("title"), max_length=255)
    message = models.TextField(_("message"))
    path = models.CharField(_("link"), max_length=500, help_text="Where tapping the notification leads.")
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("news notification")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["news_key", "region", "language"], name="one_notification_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Delivery(models.Model):
    """How one sender (Web Push, Firebase Cloud Messaging) delivered a notification."""

    notification = models.ForeignKey(NewsNotification, on_delete=models.CASCADE, related_name="deliveries")
    sender = models.CharField(_("channel"), max_length=20)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    removed = models.PositiveIntegerField(
        _("expired subscriptions removed"), default=0, help_text="Subscriptions the push service no longer knows."
    )
    failed = models.PositiveIntegerField(_("failed"), default=0)
    waiting = models.PositiveIntegerField(_("waiting for a retry"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    reference = models.CharField(_("reference"), max_length=255, blank=True, help_text="e.g. FCM's message name.")
    retry_at = models.DateTimeField(null=True, blank=True, db_index=True)
    retry_subscriptions = models.JSONField(default=list, blank=True, help_text="Web Push subscriptions to retry.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["notification", "sender"], name="one_delivery_per_sender")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.delivered}/{self.recipients}"
