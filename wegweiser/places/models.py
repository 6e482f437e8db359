"""Places newcomers go to: offices, counselling services, language schools, with address and opening hours."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from wegweiser.content.forms import RegionContentForm
from wegweiser.content.models import MINOR_CHANGE_PANEL, RICH_TEXT_FEATURES, RegionContent
from wegweiser.regions.models import latitude_field, longitude_field

WEEKDAYS = 7
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@register_snippet
class PlaceCategory(TranslatableMixin, models.Model):
    """What kind of place it is (office, counselling, school …), shown with an icon and colour on the map."""

    name = models.CharField(_("name"), max_length=100)
    icon = models.CharField(_("icon"), max_length=40, blank=True, help_text=_("e.g. office, counselling, school"))
    color = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f6f8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB."))],
    )

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("icon"), FieldPanel("color")])]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("place category")
        verbose_name_plural = _("place categories")

    def __str__(self) -> str:
        return self.name


class PlaceIndexPage(RegionContent, Page):
    """The list of a region's places; one per region and language."""

    parent_page_types = ["regions.RegionPage"]
    subpage_types = ["places.PlacePage"]
    max_count_per_parent = 1
    reader_route = "locations/"

    class Meta:
        verbose_name = _("list of places")


def validate_opening_hours(value) -> None:
    """Seven days, Monday first, each ``{allDay, closed, appointmentOnly, timeSlots: [{start, end}]}``."""
    if value in (None, ""):
        return
    if not isinstance(value, list) or len(value) != WEEKDAYS:
        raise ValidationError(_("Opening hours are a list of seven days, Monday first."))
    for day in value:
        if not isinstance(day, dict):
            raise ValidationError(_("Each day of the opening hours is an object."))
        for slot in day.get("timeSlots", []):
            start, end = slot.get("start", ""), slot.get("end", "")
            if not (_TIME.match(start) and _TIME.match(end)) or start >= end:
                raise ValidationError(_("Opening times are HH:MM, and a slot ends after it starts."))


class PlacePage(RegionContent, Page):
    """One place: where it is, when it is open, how to reach it."""

    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    category = models.ForeignKey(
        PlaceCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("category")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="places"
    )
    address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postal code"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    appointment_url = models.URLField(_("appointment booking"), blank=True)
    opening_hours = models.JSONField(
        _("opening hours"), null=True, blank=True, validators=[validate_opening_hours], help_text=_("Monday first.")
    )
    temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)
    barrier_free = models.BooleanField(_("barrier-free"), null=True, blank=True)

    parent_page_types = ["places.PlaceIndexPage"]
    subpage_types: list[str] = []
    reader_route = "locations/{slug}/"
    #: Data, not text: the same in every language, never sent to translators.
    override_translatable_fields = [SynchronizedField(name) for name in ("address", "postcode", "town", "phone")]
    base_form_class = RegionContentForm

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("organisation")]),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldRowPanel([FieldPanel("website"), FieldPanel("appointment_url")]),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("opening_hours"),
        FieldRowPanel([FieldPanel("temporarily_closed"), FieldPanel("barrier_free")]),
        MINOR_CHANGE_PANEL,
    ]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
