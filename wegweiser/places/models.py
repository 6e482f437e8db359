"""Places newcomers go to: offices, counselling services, language schools, with address and opening hours."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from wegweiser.content.models import MINOR_CHANGE_PANEL, RICH_TEXT_FEATURES, RegionContent
from wegweiser.regions.models import latitude_field, longitude_field

from .forms import PlacePageForm
from .hours import validate_opening_exceptions, validate_opening_hours
from .icons import ICON_CHOICES
from .panels import MapPickerPanel
from .widgets import ColourInput, IconSelect, OpeningExceptionsWidget, OpeningHoursWidget

__all__ = ["PlaceCategory", "PlaceIndexPage", "PlacePage", "validate_opening_hours"]


@register_snippet
class PlaceCategory(TranslatableMixin, models.Model):
    """What kind of place it is (office, counselling, school …), shown with an icon and colour on the map."""

    name = models.CharField(_("name"), max_length=100)
    icon = models.CharField(_("icon"), max_length=40, blank=True, choices=ICON_CHOICES)
    color = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f6f8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB."))],
        help_text=_("Of the icon and the map marker; dark enough for white on it."),
    )

    panels = [FieldPanel("name"), FieldPanel("icon", widget=IconSelect), FieldPanel("color", widget=ColourInput)]
    #: The same in every language; only the name is translated.
    override_translatable_fields = [SynchronizedField("icon"), SynchronizedField("color")]

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
    opening_exceptions = models.JSONField(
        _("exceptions"),
        default=list,
        blank=True,
        validators=[validate_opening_exceptions],
        help_text=_("Closing days and days with other hours, e.g. between Christmas and New Year."),
    )
    closed_on_public_holidays = models.BooleanField(
        _("closed on public holidays"),
        default=True,
        help_text=_("The public holidays of the region's federal state; an exception on a holiday counts instead."),
    )
    temporarily_closed = models.BooleanField(_("temporarily closed"), default=False)
    barrier_free = models.BooleanField(_("barrier-free"), null=True, blank=True)
    import_key = models.CharField(
        _("import key"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Identifies the place in CSV imports: a row with this key updates this place."),
    )

    parent_page_types = ["places.PlaceIndexPage"]
    subpage_types: list[str] = []
    reader_route = "locations/{slug}/"
    #: Data, not text: the same in every language, never sent to translators.
    override_translatable_fields = [
        SynchronizedField(name) for name in ("address", "postcode", "town", "phone", "import_key")
    ]
    base_form_class = PlacePageForm

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("organisation")]),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")]),
                MapPickerPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
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
        MultiFieldPanel(
            [
                FieldPanel("opening_hours", widget=OpeningHoursWidget),
                FieldPanel("opening_exceptions", widget=OpeningExceptionsWidget),
                FieldRowPanel([FieldPanel("closed_on_public_holidays"), FieldPanel("temporarily_closed")]),
            ],
            heading=_("Opening hours"),
        ),
        FieldPanel("barrier_free"),
        MINOR_CHANGE_PANEL,
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("import_key")]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
