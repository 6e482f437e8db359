"""Finding what a newcomer asked for: a region, a language, a page of the region in that language."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.languages import DEFAULT_LANGUAGE, Language, get_language
from wegweiser.regions.models import RegionPage


def public_regions():
    """Regions listed for newcomers: live, active, in the default language's copy."""
    return (
        RegionPage.objects.live()
        .filter(locale__language_code=DEFAULT_LANGUAGE, status=RegionPage.Status.ACTIVE)
        .order_by("title")
    )


def find_region(slug: str) -> RegionPage:
    """The canonical region for a URL slug; hidden regions are reachable, archived ones are not."""
    region = (
        RegionPage.objects.live()
        .filter(locale__language_code=DEFAULT_LANGUAGE, slug=slug)
        .exclude(status=RegionPage.Status.ARCHIVED)
        .first()
    )
    if region is None:
        raise Http404(_("There is no region “%(slug)s”.") % {"slug": slug})
    return region


def region_language(region: RegionPage, code: str) -> Language:
    if code not in LanguageTree.for_region(region).enabled_codes():
        raise Http404(_("This region does not offer the language “%(code)s”.") % {"code": code})
    return get_language(code)


@dataclass
class Missing:
    """A page that exists in the region, but not in the asked language."""

    page: Page
    language: Language
    translations: list[Page]


def find_page(region: RegionPage, language: Language, path: str) -> Page | Missing:
    """The live page at ``path`` below the region in the language, or a ``Missing`` saying where it exists."""
    components = [part for part in path.split("/") if part]
    locale = Locale.objects.get(language_code=language.code)
    root = region.get_translation_or_none(locale)
    if root is not None and root.live:
        page = _walk(root, components)
        if page is not None:
            return page.specific
    # Not in this language: look the path up in every other language of the region.
    for other in RegionPage.objects.live().filter(translation_key=region.translation_key).exclude(locale=locale):
        page = _walk(other, components)
        if page is not None:
            translations = list(page.get_translations(inclusive=True).live().select_related("locale").specific())
            return Missing(page.specific, language, translations)
    raise Http404(_("This page does not exist."))


def _walk(root: Page, components: list[str]) -> Page | None:
    page = root
    for slug in components:
        page = page.get_children().live().filter(slug=slug).first()
        if page is None:
            return None
    return page


def reader_context(page: Page) -> dict:
    """What every newcomer page template needs: language, region, breadcrumbs, the language switch."""
    language = get_language(page.locale.language_code)
    region_root = page if isinstance(page, RegionPage) else page.get_ancestors().type(RegionPage).first().specific
    breadcrumbs = (
        list(page.get_ancestors().filter(depth__gt=region_root.depth).live().specific()) if page != region_root else []
    )
    translations = sorted(
        page.get_translations().live().select_related("locale").specific(),
        key=lambda p: get_language(p.locale.language_code).english_name,
    )
    return {
        "language": language,
        "region": region_root.canonical,
        "region_home": region_root,
        "breadcrumbs": breadcrumbs,
        "translations": [(get_language(p.locale.language_code), p) for p in translations],
    }
