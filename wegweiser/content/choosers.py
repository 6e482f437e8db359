"""Choosing the page of another region that a topic page shows (``TopicPage.shared_page``).

A hundred regions publish tens of thousands of pages in a language, too many for a select: editors search the
other regions' published pages by title or by region, a page of results at a time, in Wagtail's chooser.
"""

from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.models import Page

from wegweiser.regions.explorer import below
from wegweiser.regions.models import RegionPage

from .models import TopicPage
from .sharing import choosable_pages, regions_of


class SharedPageFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title of the page or name of the region")}),
    )

    def filter(self, objects: QuerySet[TopicPage]) -> QuerySet[TopicPage]:
        query = self.cleaned_data.get("q", "").strip()
        if not query:
            return objects
        self.is_searching, self.search_query = True, query
        wanted = Q(title__icontains=query)
        named = RegionPage.objects.filter(Q(title__icontains=query) | Q(prefix__icontains=query))
        for region in named.only("path"):
            wanted |= below(region)
        return objects.filter(wanted)


class SharedPageChoice:
    """The pages offered: published pages of the other regions in the language of the page being edited
    (``?locale_id=…&region_id=…``: not ``locale``, which Wagtail sets to the language code of the page being
    edited), in tree order, each with its place and region."""

    request: HttpRequest
    chosen_url_name: str
    results: Iterable[TopicPage]
    filter_form_class = SharedPageFilterForm

    def get_object_list(self) -> QuerySet[TopicPage]:
        locale, region = (self.request.GET.get(name, "") for name in ("locale_id", "region_id"))
        if not locale.isdigit():
            return TopicPage.objects.none()
        own = RegionPage.objects.filter(pk=region).first() if region.isdigit() else None
        return choosable_pages(int(locale), own).order_by("path")

    @cached_property
    def regions(self) -> list[RegionPage]:
        """The regions of the pages shown."""
        return regions_of(list(self.results))

    def region_of(self, page: TopicPage) -> RegionPage | None:
        return next((region for region in self.regions if page.path.startswith(region.path)), None)

    def above(self, page: TopicPage) -> list[str]:
        """The paths of the pages above ``page`` in its region."""
        region = self.region_of(page)
        top = len(region.path) if region else len(page.path) - Page.steplen
        return [page.path[:end] for end in range(top + Page.steplen, len(page.path), Page.steplen)]

    @cached_property
    def titles_above(self) -> dict[str, str]:
        """The titles of the pages above the pages shown, by path: one query for the listing."""
        paths = {path for page in self.results for path in self.above(page)}
        return dict(Page.objects.filter(path__in=paths).values_list("path", "title"))

    def trail(self, page: TopicPage) -> str:
        """ "Arbeit › Jobcenter": the page with the pages above it in its region."""
        return " › ".join([*(self.titles_above[path] for path in self.above(page)), page.title])

    def region_name(self, page: TopicPage) -> str:
        region = self.region_of(page)
        return region.canonical.full_name if region else ""

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn(
                "title",
                label=_("Page"),
                accessor=self.trail,
                get_url=lambda page: self.append_preserved_url_parameters(  # type: ignore[attr-defined]
                    reverse(self.chosen_url_name, args=(page.pk,))
                ),
                link_attrs={"data-chooser-modal-choice": True},
            ),
            Column("region", label=_("Region"), accessor=self.region_name),
        ]


class ChooseView(SharedPageChoice, chooser_views.ChooseView):
    pass


class ChooseResultsView(SharedPageChoice, chooser_views.ChooseResultsView):
    pass


def with_region(page: TopicPage) -> str:
    """The page's title and its region's name, as the chosen page is shown."""
    regions = regions_of([page])
    return f"{page.title} ({regions[0].canonical.full_name})" if regions else page.title


class SharedPageChosenView(chooser_views.ChosenView):
    def get_display_title(self, instance: TopicPage) -> str:
        return with_region(instance)


class SharedPageChooserViewSet(ChooserViewSet):
    model = TopicPage
    icon = "doc-empty-inverse"
    choose_one_text = _("Choose a page of another region")
    choose_another_text = _("Choose another page")
    edit_item_text = _("Edit this page")
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = SharedPageChosenView
    preserve_url_parameters = ["multiple", "locale_id", "region_id"]
    register_widget = False  # only the shared page chooses this way, with the page's language and region
    per_page = 20


shared_page_chooser = SharedPageChooserViewSet("shared_page_chooser")


class SharedPageChooser(BaseChooser):
    """The widget: the chosen page with its region; the chooser lists pages in ``locale_id`` outside ``region``."""

    model = TopicPage
    icon = "doc-empty-inverse"
    choose_one_text = SharedPageChooserViewSet.choose_one_text
    choose_another_text = SharedPageChooserViewSet.choose_another_text
    link_to_chosen_text = SharedPageChooserViewSet.edit_item_text
    chooser_modal_url_name = "shared_page_chooser:choose"

    def __init__(self, locale_id: int | None = None, region: RegionPage | None = None, **kwargs):
        super().__init__(**kwargs)
        self.filters = {"locale_id": locale_id or "", "region_id": region.pk if region else ""}

    def get_chooser_modal_url(self) -> str:
        return f"{super().get_chooser_modal_url()}?{urlencode(self.filters)}"

    def get_display_title(self, instance: TopicPage) -> str:
        return with_region(instance)
