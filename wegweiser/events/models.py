"""Events of a region: language cafés, information evenings, counselling hours, once or recurring.

Events can also come from external calendars (``CalendarFeed``): the import keeps each one's UID,
so that the next import updates it instead of adding it again.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from wegweiser.content.models import MINOR_CHANGE_PANEL, RICH_TEXT_FEATURES, RegionContent

from .forms import EventPageForm
from .recurrence import validate_recurrence_rule


@register_snippet
class EventCategory(TranslatableMixin, models.Model):
    """What kind of event it is (language café, counselling, leisure …); newcomers filter and subscribe by it.

    Shared by all regions and translated like pages; an event shows the name in the reader's language.
    """

    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventIndexPage(RegionContent, Page):
    """The list of a region's events; one per region and language."""

    parent_page_types = ["regions.RegionPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    reader_route = "events/"

    class Meta:
        verbose_name = _("list of events")


def validate_exception_dates(value) -> None:
    """A list of ISO dates (``["2026-12-24", …]``): the days a repeating event does not take place."""
    if value in (None, ""):
        return
    if not isinstance(value, list):
        raise ValidationError(_("Exceptions are a list of dates."))
    for item in value:
        try:
            date.fromisoformat(item)
        except (TypeError, ValueError):
            raise ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": item}) from None


class EventPage(RegionContent, Page):
    """One event; a recurrence rule (RFC 5545 RRULE) repeats it, in the region's timezone.

    ``start`` and ``end`` are stored in UTC and entered in the region's timezone (``EventPageForm``);
    an all-day event runs from the start of its first day to the end of its last there.
    """

    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Only the days count: from the first day to the end of the last.")
    )
    place = models.ForeignKey(
        "places.PlacePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("place")
    )
    meeting_url = models.URLField(_("online meeting"), blank=True)
    recurrence_rule = models.CharField(
        _("repeats"),
        max_length=500,
        blank=True,
        validators=[validate_recurrence_rule],
        help_text=_("In the region's timezone; the event's start is its first date."),
    )
    exception_dates = models.JSONField(
        _("exceptions"),
        default=list,
        blank=True,
        validators=[validate_exception_dates],
        help_text=_("Days on which the repeating event does not take place."),
    )
    category = models.ForeignKey(
        EventCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("category"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    #: Set by the import of an external calendar: the event's UID there (with its RECURRENCE-ID for a
    #: changed single date), the feed, and a fingerprint of what was imported last.
    calendar_feed = models.ForeignKey(
        "events.CalendarFeed",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("calendar feed"),
    )
    ical_uid = models.CharField(_("UID in the calendar feed"), max_length=500, blank=True, editable=False)
    import_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    reader_route = "events/{slug}/"
    #: Data, not text: the same in every language, never sent to translators. The category is the same
    #: category everywhere; readers see its name in their language (see ``events.documents``).
    override_translatable_fields = [
        SynchronizedField("recurrence_rule"),
        SynchronizedField("exception_dates"),
        SynchronizedField("category"),
    ]
    base_form_class = EventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("When"),
        ),
        MultiFieldPanel([FieldPanel("recurrence_rule"), FieldPanel("exception_dates")], heading=_("Repeats")),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("meeting_url")], heading=_("Where")),
        FieldRowPanel([FieldPanel("category"), FieldPanel("organisation")]),
        MINOR_CHANGE_PANEL,
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
        if self.exception_dates and not self.recurrence_rule:
            raise ValidationError({"exception_dates": _("Only a repeating event can have exceptions.")})

    @property
    def exceptions(self) -> list[date]:
        return sorted(date.fromisoformat(day) for day in self.exception_dates or [])

    @property
    def imported(self) -> bool:
        return bool(self.calendar_feed_id and self.ical_uid)


class CalendarFeed(models.Model):
    """An external calendar (iCalendar, RFC 5545) whose events a region takes over, by URL or as a file.

    The import runs on a schedule (every ``interval_hours``), or when an editor asks; it records how it
    went here, so that editors see a broken feed in the admin. A failed import changes no event.
    """

    region = models.ForeignKey(
        "regions.RegionPage", on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("address (URL)"),
        max_length=1000,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The calendar's .ics address (http or https); webcal:// addresses are taken as https://."),
    )
    file = models.FileField(
        _("or a calendar file"),
        upload_to="calendar-feeds/",
        blank=True,
        validators=[FileExtensionValidator(["ics"])],
        help_text=_("An .ics file; it is imported when saved and with “Import now”."),
    )
    category = models.ForeignKey(
        EventCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("category of its events"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Imported on the schedule."))
    interval_hours = models.PositiveIntegerField(
        _("import every (hours)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 31)]
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_succeeded_at = models.DateTimeField(_("last imported"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    #: Events the last import could not take over (by UID and title) and parts it had to drop.
    last_problems = models.JSONField(default=list, blank=True, editable=False)
    #: What the last successful import did: created, updated, unchanged, unpublished, kept, past.
    last_counts = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["region__title", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if not self.url and not self.file:
            raise ValidationError(_("Give the calendar's address or upload a calendar file."))
        if self.url and self.file:
            raise ValidationError(_("Give either an address or a file, not both."))
        if self.organisation_id and self.region_id and self.organisation.region_id != self.region_id:
            raise ValidationError({"organisation": _("Choose an organisation of this region.")})
