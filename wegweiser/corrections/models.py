"""Corrections: partner organisations confirming what the guide says about them, and suggested changes to it.

A verification request asks a partner organisation by e-mail to confirm one item (a topic page, a place or a
contact) through a signed link that needs no account. What partners and newcomers say is wrong ends up as a
suggestion in the region's review queue, where an editor accepts or rejects it.

Both point at the item through its content type and id (the language copy they were made on) and keep its
``translation_key``, so that every language copy of an item finds them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerificationRequest(models.Model):
    """One e-mail asking a partner organisation whether an item is still correct; its link works once."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Still correct")
        SUGGESTED = "suggested", _("Change suggested")

    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    translation_key = models.UUIDField(db_index=True)
    recipient = models.EmailField(_("recipient"))
    message = models.TextField(_("message"), blank=True)
    #: The random part of the link: the signed link names it, and only the stored request knows it.
    token = models.CharField(max_length=64, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.created_at:%Y-%m-%d})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Not answered yet and still valid: its link can still be used."""
        return self.answered_at is None and not self.is_expired


class Suggestion(models.Model):
    """A proposed change to an item (field → proposed value) and/or a free-text note, waiting for an editor."""

    class Source(models.TextChoices):
        PARTNER = "partner", _("Partner organisation")
        NEWCOMER = "newcomer", _("Newcomer")
        VERIFICATION = "verification", _("Verification request")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")

    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    translation_key = models.UUIDField(db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    changes = models.JSONField(_("proposed changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_request = models.ForeignKey(
        VerificationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "status"]), models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
