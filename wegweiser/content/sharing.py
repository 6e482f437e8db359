"""Pages shown live in another region's guide: a town's page shows the district's page on the immigration office.

A topic page names the page it shows (``TopicPage.shared_page``, the same in all its language copies). Readers get
the shown page's current text below the page's own, in their language where the other region has translated it and
otherwise in the nearest language it is translated from, always with the other region named. Only one step: a page
that shows another page cannot itself be shown, so there are no chains and no cycles.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from wagtail.models import Page

from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from .models import TopicPage


@dataclass(frozen=True)
class SharedText:
    """What readers of a sharing page see of the page it shows."""

    page: TopicPage  # the shown page's copy in ``language``
    region: RegionPage  # the shown page's region, its copy in ``language`` (for its name in that language)
    language: str  # the language of the text: the reader's, or the one it is translated from
    path: str  # the shown page in the web app: ``/<region>/<language>/<page path>/``


def shown_text(page: Page, language: str) -> SharedText | None:
    """The text of the page that ``page`` shows, for readers of ``language``; None when it shows none, or the shown
    page is not published (then readers see the page's own text only)."""
    shared_id = getattr(page, "shared_page_id", None)
    if shared_id is None:
        return None
    shared = TopicPage.objects.filter(pk=shared_id).only("translation_key", "path").first()
    region = region_of_page(shared) if shared else None
    if shared is None or region is None or not region.live or region.status == RegionPage.Status.ARCHIVED:
        return None
    tree = region.language_tree()
    enabled = set(tree.enabled_codes())
    chain = tree.path_to_root(language) if language in tree.nodes else [tree.root]
    for code in [code for code in chain if code in enabled]:
        root = RegionPage.objects.live().filter(translation_key=region.translation_key, locale__language_code=code)
        root = root.first()
        if root is None:
            continue
        copy = (
            TopicPage.objects.live()
            .filter(translation_key=shared.translation_key, locale__language_code=code)
            .descendant_of(root)
            .select_related("locale")
            .first()
        )
        if copy is not None and readers_can_reach(copy, root):
            path = f"/{region.slug}/{code}/{copy.url_path[len(root.url_path) :]}"
            return SharedText(copy, root, code, path)
    return None


def readers_can_reach(page: Page, root: Page) -> bool:
    """Whether every page between the region's root and the page is published."""
    return not Page.objects.ancestor_of(page).filter(depth__gt=root.depth, live=False).exists()


def sharing_pages(page: Page) -> QuerySet[TopicPage]:
    """The topic pages (of any region and language) that show the page, or a page below it, in any of its copies."""
    below = Page.objects.filter(path__startswith=page.path, locale_id=page.locale_id).values("translation_key")
    return TopicPage.objects.filter(shared_page__translation_key__in=below)


def sharing_region_ids(page: Page) -> set[int]:
    """The regions whose readers' documents show the page (or a page below it): to rebuild when it changes."""
    regions = {region_of_page(sharing) for sharing in sharing_pages(page).only("path")}
    return {region.id for region in regions if region is not None}


def sharing_problem(page: TopicPage, chosen: TopicPage | None, region: RegionPage | None) -> str | None:
    """Why ``page`` (of ``region``) cannot show ``chosen``, as a message for the editor; None when it can."""
    if chosen is None:
        return None
    if page.pk and chosen.translation_key == page.translation_key:
        return _("A page cannot show itself. Choose a page of another region.")
    chosen_region = region_of_page(chosen)
    if chosen_region is None:
        return _("Choose a topic page of another region.")
    if region is not None and chosen_region.pk == region.pk:
        return _(
            "“%(title)s” is a page of this region. Choose a page of another region, or link to it in the text."
        ) % {"title": chosen.title}
    if chosen.shared_page_id is not None:
        return _(
            "“%(title)s” shows a page of another region itself. Choose that page instead: pages are shown one step "
            "only."
        ) % {"title": chosen.title}
    if page.pk and TopicPage.objects.filter(shared_page__translation_key=page.translation_key).exists():
        return _(
            "Other regions show this page in their guides, so it cannot show a page of another region itself. "
            "Copy the text into this page instead."
        )
    return None


def shared_page_warning(page: TopicPage) -> str | None:
    """For the edit form: the chosen page is not published (or its region not online), so readers don't see it."""
    if page.shared_page_id is None or page.shared_page is None:
        return None
    if shown_text(page, page.locale.language_code) is not None:
        return None
    region = region_of_page(page.shared_page)
    return _(
        "“%(title)s” (%(region)s) is not published at the moment: readers see only this page's own text until it is "
        "published again."
    ) % {"title": page.shared_page.title, "region": region.full_name if region else "–"}


def choosable_pages(locale_id: int, region: RegionPage | None) -> QuerySet[TopicPage]:
    """Published topic pages of the other live regions in a language, for "show a page of another region"
    (``content.choosers``). Pages that show another page themselves are left out, as they cannot be shown."""
    regions = RegionPage.objects.live().filter(locale_id=locale_id).exclude(status=RegionPage.Status.ARCHIVED)
    if region is not None:
        regions = regions.exclude(translation_key=region.translation_key)
    pages = TopicPage.objects.live().filter(locale_id=locale_id, shared_page__isnull=True)
    below = Q(pk__in=[])
    # A page belongs to a region when its path begins with the region's (regions usually share one depth).
    for length, paths in groupby(sorted(regions.values_list("path", flat=True), key=len), key=len):
        pages = pages.alias(**{f"root_{length}": Substr("path", 1, length)})
        below |= Q(**{f"root_{length}__in": list(paths)})
    return pages.filter(below)


def regions_of(pages: list[Page]) -> list[RegionPage]:
    """The regions (their copies in the pages' languages) the pages are in."""
    above = {page.path[:end] for page in pages for end in range(Page.steplen, len(page.path), Page.steplen)}
    return list(RegionPage.objects.filter(path__in=above).select_related("locale"))
