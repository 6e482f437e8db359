"""What newcomers tell a region about its content: a thumbs up or down and a comment."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class Feedback(models.Model):
    """One newcomer's feedback on a page, the events, the map, a search or the region as a whole."""

    class Rating(models.TextChoices):
        UP = "up", _("Helpful")
        DOWN = "down", _("Not helpful")

    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        REGION = "region", _("Region")
        EVENT = "event", _("Event")
        EVENTS = "events", _("Events")
        PLACE = "place", _("Place")
        NEWS = "news", _("News")
        MAP = "map", _("Map")
        IMPRINT = "imprint", _("Imprint")
        SEARCH = "search", _("Search")
        OFFER = "offer", _("Offer")

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="feedback")
    language = models.CharField(_("language"), max_length=12)
    kind = models.CharField(_("about"), max_length=20, choices=Kind.choices)
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    object_slug = models.CharField(_("about (slug)"), max_length=500, blank=True)
    rating = models.CharField(_("rating"), max_length=4, choices=Rating.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    category = models.CharField(_("category"), max_length=100, blank=True)
    query = models.CharField(_("search query"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    is_read = models.BooleanField(_("read"), default=False)
    is_archived = models.BooleanField(_("archived"), default=False)
    is_technical = models.BooleanField(
        _("technical"), default=False, help_text=_("About the app or website, not about the content.")
    )
    forwarded_to = models.EmailField(_("forwarded to"), blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "is_archived", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_rating_display() or '–'} · {self.comment[:40]}"


class UnansweredSearch(models.Model):
    """How often, on one day, readers of a region searched for something it had no good answer to.

    Anonymous by design: the question (as typed, trimmed) and a count; nothing about who asked.
    """

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="unanswered_searches")
    language = models.CharField(_("language"), max_length=12)
    query = models.CharField(_("search query"), max_length=200)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("searches"), default=0)
    no_results = models.BooleanField(_("nothing found"), help_text=_("False: only weak results were found."))

    class Meta:
        verbose_name = _("search without a good answer")
        verbose_name_plural = _("searches without a good answer")
        constraints = [
            models.UniqueConstraint(fields=["region", "language", "query", "day"], name="one_count_per_search_and_day")
        ]
        indexes = [models.Index(fields=["region", "-day"])]

    def __str__(self) -> str:
        return f"{self.query} ({self.language}, {self.day}: {self.count})"


class ReadItem(models.TextChoices):
    """What readers are counted reading."""

    PAGE = "page", _("Page")
    EVENT = "event", _("Event")
    PLACE = "place", _("Place")
    NEWS = "news", _("News")


class View(models.Model):
    """One reading of an item as it arrived: no cookie, address or browser is kept, only what was read and when.

    Kept only until ``aggregate_views`` has added it to ``DailyViews``, and never longer than
    ``settings.INSIGHTS_RAW_VIEW_DAYS``.
    """

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=12)
    kind = models.CharField(_("kind"), max_length=10, choices=ReadItem.choices)
    item_id = models.PositiveIntegerField(_("item"), help_text=_("The page id of the item in this language."))
    day = models.DateField(_("day"))
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("view")
        verbose_name_plural = _("views")

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} ({self.language}, {self.day})"


class DailyViews(models.Model):
    """How often an item was read in a language on a day: what the dashboard reads."""

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="daily_views")
    language = models.CharField(_("language"), max_length=12)
    kind = models.CharField(_("kind"), max_length=10, choices=ReadItem.choices)
    item_id = models.PositiveIntegerField(_("item"))
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("views of a day")
        verbose_name_plural = _("views per day")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "language", "kind", "item_id", "day"], name="one_count_per_item_and_day"
            )
        ]
        indexes = [models.Index(fields=["region", "day"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} ({self.language}, {self.day}): {self.views}"
