"""The template library: pages that one region offers for others to copy, together with their translations.

Any region can offer a topic page as a template (``TopicPage.offered_as_template``); usually a district offers its
pages on registering, Kita places or language courses to its towns, or the operator keeps a region of templates
for new regions. Copying one (optionally with its subpages) puts drafts into a place of the editor's own region:
the page in the language that place is written in, and each language copy the template has where the region has a
copy of that place too. The copies are translations of each other (a new ``translation_key`` of their own) and
wagtail-localize keeps working on them: the template's translation jobs and translated segments come along, so a
translator sees the copy translated and a later change to the copy outdates its translations as usual.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    SegmentOverride,
    String,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from .forms import RESERVED_SLUGS
from .models import TopicPage


class TemplateCopyError(ValueError):
    """The template cannot be copied there; the message says why, and nothing was copied."""


@dataclass
class Template:
    """An offered page as the library lists it."""

    page: TopicPage  # the copy in the language its region writes in
    region: RegionPage
    languages: list[str]  # codes of its published copies
    subpages: int  # published pages below it


def offered_templates() -> list[Template]:
    """Every published template page of every region that is not archived, by region and title."""
    pages = (
        TopicPage.objects.live()
        .filter(offered_as_template=True, locale__language_code=DEFAULT_LANGUAGE)
        .select_related("locale")
        .order_by("path")
    )
    templates = []
    for page in pages:
        region = region_of_page(page)
        if region is None or region.status == RegionPage.Status.ARCHIVED:
            continue
        subpages = TopicPage.objects.live().descendant_of(page).count()
        templates.append(Template(page, region, template_languages(page), subpages))
    return sorted(templates, key=lambda t: (t.region.title, t.page.title))


def template_languages(page: TopicPage) -> list[str]:
    """The languages a template is published in."""
    copies = TopicPage.objects.live().filter(translation_key=page.translation_key)
    return sorted(copies.values_list("locale__language_code", flat=True))


def offered_template(page_id: int) -> TopicPage | None:
    """The template with this id, if it is offered and published (else None: the library answers 404)."""
    page = TopicPage.objects.live().filter(pk=page_id, offered_as_template=True).first()
    if page is None:
        return None
    region = region_of_page(page)
    return page if region is not None and region.status != RegionPage.Status.ARCHIVED else None


def places_in_region(region: RegionPage) -> QuerySet[Page]:
    """Where a template can go in a region: its start (top level) or any of its topic pages, in the language the
    region writes in."""
    language = region.language_tree().root
    root = RegionPage.objects.filter(translation_key=region.translation_key, locale__language_code=language).first()
    if root is None:
        return Page.objects.none()
    topics = TopicPage.objects.descendant_of(root).values("pk")
    return Page.objects.filter(pk=root.pk) | Page.objects.filter(pk__in=topics)


@dataclass
class CopyResult:
    page: TopicPage  # the copy of the template itself, in the language of the place it was put
    pages: int = 0  # pages copied in the place's language
    translations: dict[str, int] = field(default_factory=dict)  # language → copies made in it


def copy_template(template: TopicPage, parent: Page, *, user, with_subpages: bool = False) -> CopyResult:
    """Copy ``template`` (and, if asked, its published subpages) below ``parent`` as drafts, with every published
    language copy that has a place in the target region: below ``parent``'s copy in that language.

    Raises ``TemplateCopyError`` (nothing copied) when ``parent`` is not a place in a region, not the language the
    region writes in, or when the template has no published copy in that language.
    """
    region = region_of_page(parent)
    if region is None or not (isinstance(parent.specific, RegionPage | TopicPage)):
        raise TemplateCopyError(_("Choose a page of your region, or its start, as the place for the copy."))
    language = parent.locale.language_code
    if language != region.language_tree().root:
        raise TemplateCopyError(
            _("Choose the place in the language your region writes in; the translations are copied with it.")
        )
    source = copy_in(template, language)
    if source is None:
        raise TemplateCopyError(
            _("“%(title)s” is not published in the language your region writes in.") % {"title": template.title}
        )
    originals = [source]
    if with_subpages:
        below = TopicPage.objects.live().descendant_of(source).filter(locale_id=source.locale_id).order_by("path")
        originals += reachable_below(source, list(below))
    with transaction.atomic():
        return _copy_pages(originals, parent, region, user)


def copy_in(page: Page, language: str) -> TopicPage | None:
    """The page's published copy in a language, in the page's own region."""
    return (
        TopicPage.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .select_related("locale")
        .first()
    )


def reachable_below(top: Page, pages: list[TopicPage]) -> list[TopicPage]:
    """Pages whose every ancestor up to ``top`` is in the list too, in tree order."""
    paths = {top.path}
    result = []
    for page in pages:
        if page.path[: -Page.steplen] in paths:
            paths.add(page.path)
            result.append(page)
    return result


def _copy_pages(originals: list[TopicPage], parent: Page, region: RegionPage, user) -> CopyResult:
    parents_in = {
        copy.locale.language_code: copy
        for copy in Page.objects.filter(translation_key=parent.translation_key).select_related("locale")
        if region_of_page(copy) == region
    }
    languages = [code for code in region.language_tree().enabled_codes() if code in parents_in]
    copied: dict[tuple[str, str], Page] = {}  # (old translation key, language) → the new copy
    new_keys: dict = {}
    result = None
    for original in originals:
        for code in [original.locale.language_code, *[c for c in languages if c != original.locale.language_code]]:
            page = original if code == original.locale.language_code else copy_in(original, code)
            if page is None or (code != original.locale.language_code and not page.live):
                continue
            if original is originals[0]:
                target_parent = parents_in[code]
            else:
                target_parent = copied.get((original.get_parent().translation_key, code))
            if target_parent is None:
                continue  # its parent has no copy in this language: neither has it
            copy = _copy_one(page, target_parent, region, user, new_keys)
            copied[(original.translation_key, code)] = copy
            if result is None:
                result = CopyResult(copy)
            if code == original.locale.language_code:
                result.pages += 1
            else:
                result.translations[code] = result.translations.get(code, 0) + 1
    assert result is not None
    for original in originals:
        _link_translations(original, new_keys[original.translation_key], copied)
    return result


def _copy_one(page: TopicPage, parent: Page, region: RegionPage, user, new_keys: dict) -> TopicPage:
    """A draft copy of one page below ``parent``, with the new translation key its family shares."""
    key = new_keys.setdefault(page.translation_key, None)
    shared = page.shared_page
    keeps_shared = shared is not None and region_of_page(shared) != region
    attributes = {
        "slug": free_slug(page.slug, parent),
        "offered_as_template": False,
        "organisation": None,  # organisations belong to the template's region
        "review_date": None,
        "shared_page": shared if keeps_shared else None,
    }
    if key is not None:
        attributes["translation_key"] = key
    copy = page.copy(
        to=parent,
        update_attrs=attributes,
        keep_live=False,
        copy_revisions=False,
        user=user,
        reset_translation_key=key is None,
    ).specific
    new_keys[page.translation_key] = copy.translation_key
    return copy


def free_slug(slug: str, parent: Page) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … where a sibling (or a list of the web app) has it already."""
    reserved = RESERVED_SLUGS if isinstance(parent.specific_deferred, RegionPage) else frozenset()
    candidate, number = slug, 1
    while candidate in reserved or not Page._slug_is_available(candidate, parent):
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _link_translations(original: TopicPage, new_key, copied: dict[tuple[str, str], Page]) -> None:
    """Give the copies the template's translation jobs and translated segments (wagtail-localize's records)."""
    for old_source in TranslationSource.objects.filter(object_id=original.translation_key):
        source_language = old_source.locale.language_code
        new_source_page = copied.get((original.translation_key, source_language))
        if new_source_page is None:
            continue
        new_source, _created = TranslationSource.get_or_create_from_instance(new_source_page)
        for job in Translation.objects.filter(source=old_source).select_related("target_locale"):
            target = copied.get((original.translation_key, job.target_locale.language_code))
            if target is None:
                continue
            Translation.objects.get_or_create(
                source=new_source, target_locale=job.target_locale, defaults={"enabled": job.enabled}
            )
            _copy_segments(original.translation_key, new_key, job.target_locale)
            _translate_slug(new_source_page, target)


def _copy_segments(old_key, new_key, locale: Locale) -> None:
    for context in TranslationContext.objects.filter(object_id=old_key):
        new_context, _created = TranslationContext.objects.get_or_create(object_id=new_key, path=context.path)
        for row in StringTranslation.objects.filter(context=context, locale=locale):
            StringTranslation.objects.update_or_create(
                translation_of_id=row.translation_of_id,
                locale=locale,
                context=new_context,
                defaults={
                    "data": row.data,
                    "translation_type": row.translation_type,
                    "tool_name": row.tool_name,
                    "last_translated_by": row.last_translated_by,
                    "has_error": row.has_error,
                    "field_error": row.field_error,
                },
            )
        for override in SegmentOverride.objects.filter(context=context, locale=locale):
            SegmentOverride.objects.update_or_create(
                context=new_context, locale=locale, defaults={"data_json": override.data_json}
            )


def _translate_slug(source: Page, target: Page) -> None:
    """The copies' slugs may have got a number: the translated slug is the target copy's."""
    context, _created = TranslationContext.objects.get_or_create(object_id=source.translation_key, path="slug")
    string = String.from_value(source.locale, StringValue.from_plaintext(source.slug))
    StringTranslation.objects.update_or_create(
        translation_of=string,
        locale=target.locale,
        context=context,
        defaults={"data": target.slug, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
    )
