"""Events of a region: language cafés, information evenings, counselling hours, once or recurring."""

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from wegweiser.content.forms import RegionContentForm
from wegweiser.content.models import MINOR_CHANGE_PANEL, RICH_TEXT_FEATURES, RegionContent


class EventIndexPage(RegionContent, Page):
    """The list of a region's events; one per region and language."""

    parent_page_types = ["regions.RegionPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    reader_route = "events/"

    class Meta:
        verbose_name = _("list of events")


def validate_recurrence_rule(value: str) -> None:
    if not value:
        return
    if value.upper().startswith(("DTSTART", "RRULE:")):
        raise ValidationError(_("Give only the rule, e.g. FREQ=WEEKLY;BYDAY=TU (the start is the event's start)."))
    try:
        rrulestr(value)
    except (ValueError, TypeError) as problem:
        raise ValidationError(_("This is not a valid RFC 5545 rule: %(problem)s") % {"problem": problem}) from None


class EventPage(RegionContent, Page):
    """One event; a recurrence rule (RFC 5545 RRULE) repeats it, in the region's timezone."""

    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    place = models.ForeignKey(
        "places.PlacePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("place")
    )
    meeting_url = models.URLField(_("online meeting"), blank=True)
    recurrence_rule = models.CharField(
        _("repeats"),
        max_length=500,
        blank=True,
        validators=[validate_recurrence_rule],
        help_text=_("RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    reader_route = "events/{slug}/"
    #: Data, not text: the same in every language, never sent to translators.
    override_translatable_fields = [SynchronizedField("recurrence_rule")]
    base_form_class = RegionContentForm

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("all_day")]),
                FieldPanel("recurrence_rule"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("meeting_url")], heading=_("Where")),
        FieldPanel("organisation"),
        MINOR_CHANGE_PANEL,
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
