"""Regions: each municipality (city, district, town) is a tenant with its own page tree.

A ``RegionPage`` is the root of a municipality's tree, one copy per locale as Wagtail localisation
works. The copy in the default language is the canonical one: it holds the region's settings and
the others take them over on every synchronisation.
"""

import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Locale, Orderable, Page
from wagtail_localize.fields import SynchronizedField

from .forms import RegionPageForm
from .language_tree import LanguageTree
from .languages import DEFAULT_LANGUAGE, get_language, language_choices

#: German federal states, by the code the ``holidays`` package uses for their public holidays.
GERMAN_STATES = [
    ("BW", "Baden-Württemberg"),
    ("BY", "Bayern"),
    ("BE", "Berlin"),
    ("BB", "Brandenburg"),
    ("HB", "Bremen"),
    ("HH", "Hamburg"),
    ("HE", "Hessen"),
    ("MV", "Mecklenburg-Vorpommern"),
    ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"),
    ("RP", "Rheinland-Pfalz"),
    ("SL", "Saarland"),
    ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"),
    ("SH", "Schleswig-Holstein"),
    ("TH", "Thüringen"),
]
TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]
postal_codes_validator = RegexValidator(
    r"^\s*\d{5}(\s*,\s*\d{5})*\s*$", _("Enter five-digit postal codes separated by commas, e.g. 71000, 71001.")
)


def latitude_field(**kwargs):
    return models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)], **kwargs)


def longitude_field(**kwargs):
    return models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)], **kwargs)


class RegionPage(Page):
    """The root of one municipality's guide, with the municipality's settings."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        MUNICIPALITY = "municipality", _("Municipality")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        HIDDEN = "hidden", _("Hidden (reachable by link, not listed)")
        ARCHIVED = "archived", _("Archived (not reachable)")

    prefix = models.CharField(_("prefix"), max_length=40, blank=True, help_text=_("e.g. Stadt, Landkreis, Gemeinde"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    postal_codes = models.CharField(_("postal codes"), max_length=2000, blank=True, validators=[postal_codes_validator])
    latitude = latitude_field(null=True, blank=True)
    longitude = longitude_field(null=True, blank=True)
    min_latitude = latitude_field(null=True, blank=True)
    min_longitude = longitude_field(null=True, blank=True)
    max_latitude = latitude_field(null=True, blank=True)
    max_longitude = longitude_field(null=True, blank=True)
    timezone = models.CharField(_("timezone"), max_length=64, choices=TIMEZONE_CHOICES, default="Europe/Berlin")
    holiday_region = models.CharField(
        _("federal state"),
        max_length=2,
        choices=GERMAN_STATES,
        default="BW",
        help_text=_("Its public holidays count for the opening hours of places."),
    )
    events_enabled = models.BooleanField(_("events"), default=True)
    places_enabled = models.BooleanField(_("places"), default=True)
    news_enabled = models.BooleanField(_("news"), default=True)
    push_enabled = models.BooleanField(_("push notifications"), default=False)
    push_in_source_language = models.BooleanField(
        _("notify in the source language where a news item is not translated yet"),
        default=False,
        help_text=_("Otherwise subscribers of a language are notified when the news item's translation is published."),
    )
    news_from = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="news_to",
        limit_choices_to={"locale__language_code": DEFAULT_LANGUAGE},
        verbose_name=_("also show news of"),
        help_text=_("e.g. a town shows its district's news; the district chooses which news it sends."),
    )
    fallback_to_source = models.BooleanField(
        _("show the source language where a translation is missing"),
        default=False,
        help_text=_("Readers then get the text in the language it is translated from, with a notice."),
    )
    welcome_text = RichTextField(_("welcome text"), blank=True, features=["bold", "italic", "link"])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("The municipality's logo or coat of arms, shown on the cover of printed guides."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How often pages, places and contacts are checked; a single item may have its own interval."),
    )
    ask_organisations_automatically = models.BooleanField(
        _("ask organisations automatically"),
        default=False,
        help_text=_(
            "Once a week, overdue items of an organisation with an e-mail address are sent to it for confirmation."
        ),
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.TopicPage",
        "content.ImprintPage",
        "events.EventIndexPage",
        "places.PlaceIndexPage",
        "news.NewsIndexPage",
    ]
    max_count_per_parent = None

    override_translatable_fields = [SynchronizedField("postal_codes"), SynchronizedField("logo")]
    base_form_class = RegionPageForm

    content_panels = [
        FieldPanel("title", heading=_("Name")),
        FieldRowPanel([FieldPanel("prefix"), FieldPanel("kind"), FieldPanel("status")]),
        FieldPanel("welcome_text"),
        FieldPanel("logo"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("postal_codes"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Centre")),
                FieldRowPanel(
                    [
                        FieldPanel("min_latitude"),
                        FieldPanel("min_longitude"),
                        FieldPanel("max_latitude"),
                        FieldPanel("max_longitude"),
                    ],
                    heading=_("Bounding box"),
                ),
                FieldRowPanel([FieldPanel("timezone"), FieldPanel("holiday_region")]),
            ],
            heading=_("Location"),
        ),
        InlinePanel("towns", heading=_("Towns inside the region (aliases)"), label=_("Town")),
        InlinePanel("languages", heading=_("Languages"), label=_("Language"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("events_enabled"),
                FieldPanel("places_enabled"),
                FieldPanel("news_enabled"),
                FieldPanel("push_enabled"),
                FieldPanel("push_in_source_language"),
                FieldPanel("fallback_to_source"),
                FieldPanel("news_from"),
            ],
            heading=_("Features"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_interval_months"), FieldPanel("ask_organisations_automatically")],
            heading=_("Reviews"),
        ),
    ] + Page.settings_panels

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.prefix} {self.title}".strip()

    @cached_property
    def canonical(self) -> "RegionPage":
        """The copy in the default language, which holds the region's settings and slug."""
        if self.locale.language_code == DEFAULT_LANGUAGE:
            return self
        return RegionPage.objects.get(translation_key=self.translation_key, locale__language_code=DEFAULT_LANGUAGE)

    @property
    def region_slug(self) -> str:
        return self.canonical.slug

    @property
    def postal_code_list(self) -> list[str]:
        return [code.strip() for code in self.postal_codes.split(",") if code.strip()]

    def language_tree(self) -> LanguageTree:
        return LanguageTree.for_region(self.canonical)

    def serve_preview(self, request, mode_name):
        from wegweiser.webapp.preview import preview

        return preview(request, self)

    def permissions_for_user(self, user):
        """Partner organisations' people may not change the region page itself (see ``organisations.partners``)."""
        from wegweiser.organisations.partners import page_permissions_for_user

        return page_permissions_for_user(user, self)

    def get_url_parts(self, request=None):
        """Newcomer URLs are ``/<region>/<language>/<page path>/`` (see wegweiser.webapp)."""
        return reader_url_parts(self, request)

    def clean(self):
        super().clean()
        box = [self.min_latitude, self.min_longitude, self.max_latitude, self.max_longitude]
        if any(value is not None for value in box):
            if any(value is None for value in box):
                raise ValidationError(_("Fill in all four corners of the bounding box, or none."))
            if self.min_latitude >= self.max_latitude or self.min_longitude >= self.max_longitude:
                raise ValidationError(_("The bounding box's minimum must be below its maximum."))
            if self.latitude is not None and self.longitude is not None:
                inside = (
                    self.min_latitude <= self.latitude <= self.max_latitude
                    and self.min_longitude <= self.longitude <= self.max_longitude
                )
                if not inside:
                    raise ValidationError(_("The centre must lie inside the bounding box."))
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude of the centre, or neither."))


def reader_url_parts(page: Page, request=None):
    """URL parts of a region's page as newcomers see it: ``/<region>/<lang>/<path below region>/``.

    The admin's page listings ask for the URL of every page shown several times (its title, "View live", the
    more-menu), mostly without a request: a page remembers its URL; with a request, what pages share (their
    region, its slug, their language) is looked up once per request."""
    asked = (page.url_path, page.slug, page.locale_id)
    remembered = page.__dict__.get("_reader_url_parts")
    if remembered is not None and remembered[0] == asked:
        return remembered[1]
    known = _known_in_request(request)
    if isinstance(page, RegionPage):
        region = page
    else:
        parent_path = page.path[: -page.steplen]
        if ("region", parent_path) not in known:
            known["region", parent_path] = RegionPage.objects.ancestor_of(page).first()
        region = known["region", parent_path]
    if region is None:
        return None
    if ("slug", region.translation_key) not in known:
        known["slug", region.translation_key] = region.region_slug
    if ("language", page.locale_id) not in known:
        known["language", page.locale_id] = page.locale.language_code
    # Events, places, news and the imprint have fixed routes (``events/<slug>/``); topic pages follow the tree.
    route = getattr(page, "reader_route", None)
    below = route.format(slug=page.slug, id=page.id) if route else page.url_path[len(region.url_path) :]
    path = f"/{known['slug', region.translation_key]}/{known['language', page.locale_id]}/{below}"
    parts = (None, settings.WAGTAILADMIN_BASE_URL.rstrip("/"), path)
    page.__dict__["_reader_url_parts"] = (asked, parts)
    return parts


def _known_in_request(request) -> dict:
    if request is None:
        return {}
    if not hasattr(request, "_wegweiser_reader_urls"):
        request._wegweiser_reader_urls = {}
    return request._wegweiser_reader_urls


class RegionAlias(Orderable):
    """A town or village inside a region, so newcomers find the district by their town's name."""

    region = ParentalKey(RegionPage, on_delete=models.CASCADE, related_name="towns")
    name = models.CharField(_("name"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("postal_code")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("town")


class RegionLanguage(Orderable):
    """A language a region offers, and the language it is translated from (the language tree)."""

    region = ParentalKey(RegionPage, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=12, choices=language_choices)
    source_language = models.CharField(
        _("translated from"),
        max_length=12,
        choices=language_choices,
        blank=True,
        help_text=_("Empty for the language the region writes in."),
    )
    enabled = models.BooleanField(_("enabled"), default=True, help_text=_("Content exists and is served."))
    visible = models.BooleanField(_("visible"), default=True, help_text=_("Offered to newcomers in the picker."))
    editable = models.BooleanField(_("editable"), default=True, help_text=_("Editors and translators may change it."))

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("source_language")]),
        FieldRowPanel([FieldPanel("enabled"), FieldPanel("visible"), FieldPanel("editable")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("region language")
        # Rows made in code (the demo, imports) have no sort_order: they keep the order they were made in, on every
        # database (PostgreSQL would return rows of equal sort_order in any order).
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return get_language(self.language).native_name

    @property
    def locale(self) -> Locale:
        return Locale.objects.get(language_code=self.language)


class RegionRole(models.Model):
    """A group of people with one role in one region (manager, editor, author, event manager, translator, observer)."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        EDITOR = "editor", _("Editor")
        AUTHOR = "author", _("Author")
        EVENT_MANAGER = "event_manager", _("Event manager")
        TRANSLATOR = "translator", _("Translator")
        OBSERVER = "observer", _("Observer")

    region = models.ForeignKey(RegionPage, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="region_role")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "role"], name="one_group_per_region_role")]

    def __str__(self) -> str:
        return f"{self.region} – {self.get_role_display()}"
