"""Local news of a region: new rules, changed opening hours, offers with a deadline."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from wegweiser.content.models import MINOR_CHANGE_PANEL, RICH_TEXT_FEATURES, RegionContent
from wegweiser.notifications.panels import DeliveriesPanel

from .forms import NewsPageForm


class NewsIndexPage(RegionContent, Page):
    """The list of a region's news; one per region and language."""

    parent_page_types = ["regions.RegionPage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1
    reader_route = "news/"

    class Meta:
        verbose_name = _("list of news")


class NewsPage(RegionContent, Page):
    """One news item; the date newcomers see is when it was first published.

    Wagtail's schedule (go-live and expiry date) applies; an item whose expiry date passed goes to the
    region's news archive (``run_news_schedule``), one an editor unpublishes is gone.
    """

    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    channel = models.CharField(_("channel"), max_length=40, default="news", editable=False)
    notify_subscribers = models.BooleanField(
        _("send as a push notification"),
        default=True,
        help_text=_("Subscribers of the web app and the apps are notified when the item is first published."),
    )
    also_in_regions = ParentalManyToManyField(
        "regions.RegionPage",
        blank=True,
        related_name="+",
        verbose_name=_("also send to"),
        help_text=_("Regions that show this region's news, e.g. the towns of a district."),
    )

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    reader_route = "news/local/{id}/"
    base_form_class = NewsPageForm
    override_translatable_fields = [SynchronizedField("notify_subscribers"), SynchronizedField("also_in_regions")]

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldPanel("notify_subscribers"),
        FieldPanel("also_in_regions", widget=forms.CheckboxSelectMultiple),
        DeliveriesPanel(heading=_("Push notifications sent")),
        MINOR_CHANGE_PANEL,
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
