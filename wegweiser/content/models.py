"""Topic pages: the tree of information newcomers browse, from "Arrival" down to "Registering your address"."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from wegweiser.regions.models import reader_url_parts

from .forms import RegionContentForm, TopicPageForm
from .panels import SharedPageStatusPanel
from .rich_text import sanitise_rich_text

TOPIC_ICONS = [
    ("arrival", _("Arrival")),
    ("housing", _("Housing")),
    ("work", _("Work")),
    ("language", _("Language")),
    ("family", _("Family")),
    ("school", _("School")),
    ("health", _("Health")),
    ("counselling", _("Counselling")),
    ("leisure", _("Leisure")),
    ("emergency", _("Emergency")),
    ("mobility", _("Mobility")),
    ("money", _("Money")),
    ("documents", _("Documents")),
    ("info", _("Information")),
]

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image", "contact"]
#: The "minor change" tick box of ``RegionContentForm``, at the end of every translatable item's content panels.
MINOR_CHANGE_PANEL = FieldPanel("minor_change")


class RegionContent:
    """What every page inside a region shares: rich text sanitised on every save, the newcomer URL,
    and a preview for editors in the newcomer web app's own templates.

    ``reader_route`` gives kinds with a fixed place in the web app their route below
    ``/<region>/<lang>/`` (formatted with ``slug`` and ``id``); topic pages follow the tree.
    """

    reader_route: str | None = None
    #: Set by the editor's form; kept in the revision so that publishing it does not outdate translations.
    minor_change = False

    def serializable_data(self):
        data = super().serializable_data()  # type: ignore[misc]
        if self.minor_change:
            data["minor_change"] = True
        return data

    def save(self, *args, **kwargs):
        if hasattr(self, "body"):
            self.body = sanitise_rich_text(self.body)  # type: ignore[has-type]
        return super().save(*args, **kwargs)  # type: ignore[misc]

    def get_url_parts(self, request=None):
        return reader_url_parts(self, request)

    def serve_preview(self, request, mode_name):
        from wegweiser.webapp.preview import preview

        return preview(request, self)

    def permissions_for_user(self, user):
        """Partner organisations' people may change only their organisation's pages (see ``organisations.partners``)."""
        from wegweiser.organisations.partners import page_permissions_for_user

        return page_permissions_for_user(user, self)


class TopicPage(RegionContent, Page):
    """A page of a region's guide; topic pages nest to any depth."""

    body = RichTextField(_("text"), blank=True, features=RICH_TEXT_FEATURES)
    icon = models.CharField(_("icon"), max_length=20, choices=TOPIC_ICONS, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pages",
        verbose_name=_("responsible organisation"),
    )
    review_date = models.DateField(
        _("review by"), null=True, blank=True, help_text=_("When someone should check that this page is still right.")
    )
    shared_page = models.ForeignKey(
        "content.TopicPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shown_in",
        verbose_name=_("show a page of another region"),
        help_text=_(
            "Its current text appears below this page's own text, in the reader's language where it is "
            "translated, with its region named."
        ),
    )
    offered_as_template = models.BooleanField(
        _("offer as template"),
        default=False,
        help_text=_("Other regions find this page in the template library and can copy it with its translations."),
    )

    parent_page_types = ["regions.RegionPage", "content.TopicPage"]
    subpage_types = ["content.TopicPage"]
    base_form_class = TopicPageForm

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("icon"), FieldPanel("organisation"), FieldPanel("review_date")]),
        MultiFieldPanel(
            [
                SharedPageStatusPanel(),
                # The other regions' pages (content.choosers): Wagtail's page chooser shows the editor's own regions.
                FieldPanel("shared_page"),
                FieldPanel("offered_as_template"),
            ],
            heading=_("Shared with other regions"),
        ),
        MINOR_CHANGE_PANEL,
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    #: The same in every language: each copy shows the chosen page in its own language, and is a template or not.
    override_translatable_fields = [
        SynchronizedField("shared_page", overridable=False),
        SynchronizedField("offered_as_template", overridable=False),
    ]

    class Meta:
        verbose_name = _("topic page")
        verbose_name_plural = _("topic pages")


class ImprintPage(RegionContent, Page):
    """The region's imprint (who publishes the guide, contact, legal notes); one per region and language."""

    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)

    parent_page_types = ["regions.RegionPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    reader_route = "imprint/"
    base_form_class = RegionContentForm

    content_panels = Page.content_panels + [FieldPanel("body"), MINOR_CHANGE_PANEL]

    class Meta:
        verbose_name = _("imprint")
        verbose_name_plural = _("imprints")
