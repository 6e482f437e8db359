"""Review state: when someone last checked that a page, place or contact is still right, and how often they must.

An item is the same thing in every language (its copies share a ``translation_key``), so there is one state per
item and region: checking the German text is checking the Arabic one too. The history of reviews lives in
Wagtail's audit log (action ``wegweiser.reviewed``), next to the item's other history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind:
    """What kind of item a review state is of (plain strings: simple to store, compare and type)."""

    PAGE = "page"
    PLACE = "place"
    CONTACT = "contact"
    CHOICES = [(PAGE, _("Page")), (PLACE, _("Place")), (CONTACT, _("Contact"))]


class Source:
    """How an item was last reviewed."""

    EDITOR = "editor"
    PUBLISHED = "published"
    PARTNER = "partner"
    VERIFICATION = "verification"
    SUGGESTION = "suggestion"
    CHOICES = [
        (EDITOR, _("Checked by an editor")),
        (PUBLISHED, _("Changed and published")),
        (PARTNER, _("Confirmed by the organisation")),
        (VERIFICATION, _("Confirmed through a verification request")),
        (SUGGESTION, _("Suggested change accepted")),
    ]
    VALUES = [value for value, _label in CHOICES]


class ReviewState(models.Model):
    """When an item (all its languages) was last reviewed, by whom and how, and its own review interval if any."""

    Kind = Kind
    Source = Source

    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="review_states", verbose_name=_("region")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.CHOICES)
    translation_key = models.UUIDField(_("item"))
    tracked_since = models.DateField(
        _("tracked since"), default=timezone.localdate, help_text=_("Counts as the start for items never reviewed.")
    )
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )
    last_review_source = models.CharField(_("how"), max_length=20, choices=Source.CHOICES, blank=True)
    last_review_note = models.TextField(_("note"), blank=True)
    interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Empty: the region's interval."),
    )

    class Meta:
        verbose_name = _("review state")
        verbose_name_plural = _("review states")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "translation_key"], name="one_review_state_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.translation_key}: {self.last_reviewed_on or '–'}"
