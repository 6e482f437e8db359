"""Local news of a region: new rules, changed opening hours, offers with a deadline."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from wegweiser.content.forms import RegionContentForm
from wegweiser.content.models import MINOR_CHANGE_PANEL, RICH_TEXT_FEATURES, RegionContent


class NewsIndexPage(RegionContent, Page):
    """The list of a region's news; one per region and language."""

    parent_page_types = ["regions.RegionPage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1
    reader_route = "news/"

    class Meta:
        verbose_name = _("list of news")


class NewsPage(RegionContent, Page):
    """One news item; the date newcomers see is when it was first published."""

    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    channel = models.CharField(_("channel"), max_length=40, default="news", editable=False)

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []
    reader_route = "news/local/{id}/"
    base_form_class = RegionContentForm

    content_panels = Page.content_panels + [FieldPanel("body"), MINOR_CHANGE_PANEL]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
