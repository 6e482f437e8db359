"""Keeping each item's text versions as content is published, and reading its translation status.

On every publication of an item in a language we fingerprint its translatable text. In the region's
own language a changed text is a new version unless the editor marked the change as minor. A
published translation records which version of its source language it now reflects, provided it is
complete and was made from the source as it is now; if its own text changed, that is a new version
too, which outdates the languages translated from it.
"""

import hashlib

from django.db import transaction
from django.db.models import OuterRef, Subquery
from wagtail.models import Page, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from .models import TextVersion
from .segments import MACHINE, count_words
from .status import Facts, Status, statuses

#: Set in a revision's content by the page form when the editor ticks "minor change".
MINOR_CHANGE = "minor_change"


def item_kinds() -> dict[str, type[Page]]:
    """What a region translates, by kind: topic pages, events, places, news and the imprint."""
    from wegweiser.content.models import ImprintPage, TopicPage
    from wegweiser.events.models import EventPage
    from wegweiser.news.models import NewsPage
    from wegweiser.places.models import PlacePage

    return {"page": TopicPage, "event": EventPage, "place": PlacePage, "news": NewsPage, "imprint": ImprintPage}


def is_translatable_item(page: Page) -> bool:
    return isinstance(page.specific_deferred, tuple(item_kinds().values()))


def fingerprint(page: Page) -> tuple[str, int]:
    """A hash of the item's translatable text and its word count."""
    digest = hashlib.sha256()
    words = 0
    for value in extract_segments(page.specific):
        if isinstance(value, StringSegmentValue):
            digest.update(f"{value.path}\0{value.string.data}\0".encode())
            words += count_words(value.string.data)
    return digest.hexdigest(), words


def is_minor(revision: Revision | None) -> bool:
    return bool(revision is not None and revision.content.get(MINOR_CHANGE))


@transaction.atomic
def record_publication(page: Page, revision: Revision | None = None) -> TextVersion | None:
    """Update the item's text version in the page's language after it was published."""
    page = page.specific
    region = region_of_page(page)
    if region is None or not is_translatable_item(page):
        return None
    tree = region.language_tree()
    language = page.locale.language_code
    if language not in tree.nodes:
        return None
    digest, words = fingerprint(page)
    state, created = TextVersion.objects.select_for_update().get_or_create(
        translation_key=page.translation_key, language=language, defaults={"region": region}
    )
    changed = created or digest != state.content_hash
    major = created or not is_minor(revision)
    source = tree.source_of(language)
    if source is not None and major:
        source_state = TextVersion.objects.filter(translation_key=page.translation_key, language=source).first()
        if source_state is not None and _reflects_current_source(page, source, source_state):
            state.based_on = source_state.version
        elif source_state is None:
            state.based_on = 0
    if changed and major:
        state.version += 1
    state.region = region
    state.content_hash = digest
    state.words = words
    state.machine_translated = source is not None and _has_machine_text(page, source)
    state.in_translation = False
    state.save()
    return state


def record_existing(region: RegionPage) -> int:
    """Text versions for the region's live items that have none yet (content from before translation status
    was kept): each counts as up to date with its source. Returns how many were recorded."""
    tree = region.language_tree()
    copies = RegionPage.objects.filter(translation_key=region.translation_key)
    known = set(TextVersion.objects.filter(region=region).values_list("translation_key", "language"))
    recorded = 0
    for language in [tree.root, *tree.descendants_of(tree.root)]:
        root = copies.filter(locale__language_code=language).first()
        if root is None:
            continue
        source = tree.source_of(language)
        items = Page.objects.live().descendant_of(root).filter(locale=root.locale).type(*item_kinds().values())
        for page in items.specific():
            key = page.translation_key
            if (key, language) in known:
                continue
            digest, words = fingerprint(page)
            based_on = None
            if source is not None:
                source_state = TextVersion.objects.filter(translation_key=key, language=source).first()
                based_on = source_state.version if source_state else 0
            TextVersion.objects.create(
                region=region,
                translation_key=key,
                language=language,
                version=1,
                based_on=based_on,
                content_hash=digest,
                words=words,
                machine_translated=source is not None and _has_machine_text(page, source),
            )
            recorded += 1
    return recorded


def _localize_translation(page: Page, source_language: str) -> Translation | None:
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            source__locale__language_code=source_language,
            target_locale=page.locale,
        )
        .select_related("source")
        .first()
    )


def _reflects_current_source(page: Page, source_language: str, source_state: TextVersion) -> bool:
    """Whether a published translation is complete and made from the source text as it is now.

    A copy written as a page of its own (imported, or Leichte Sprache) counts as reflecting its
    source when published as a major change: the editor says it matches.
    """
    translation = _localize_translation(page, source_language)
    if translation is None:
        return True
    source_digest, _words = fingerprint(translation.source.as_instance())
    if source_digest != source_state.content_hash:
        return False
    return not (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(page.locale)
        .filter(translation__isnull=True)
        .exists()
    )


def _has_machine_text(page: Page, source_language: str) -> bool:
    """Whether the published text uses machine translations of its source's current segments. The slug (the last
    part of the address) is not text readers read: a person translating the text does not translate it again."""
    translation = _localize_translation(page, source_language)
    if translation is None:
        return False
    kinds = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"), locale=page.locale
    ).values("translation_type")[:1]
    return (
        StringSegment.objects.filter(source=translation.source)
        .exclude(context__path="slug")
        .annotate(kind=Subquery(kinds))
        .filter(kind=MACHINE)
        .exists()
    )


def mark_in_translation(item: Page, languages: list[str]) -> None:
    """The item was sent out for translation into these languages (e.g. exported as XLIFF)."""
    region = region_of_page(item)
    if region is None:
        return
    for language in languages:
        TextVersion.objects.update_or_create(
            translation_key=item.translation_key,
            language=language,
            defaults={"region": region, "in_translation": True},
        )


def facts_for(region: RegionPage, keys: list) -> dict:
    """``{translation_key: {language: Facts}}`` for the given items, in two queries."""
    found: dict = {key: {} for key in keys}
    states = {
        (state.translation_key, state.language): state for state in TextVersion.objects.filter(translation_key__in=keys)
    }
    for page in Page.objects.filter(translation_key__in=keys).values(
        "translation_key", "locale__language_code", "live", "has_unpublished_changes"
    ):
        key, language = page["translation_key"], page["locale__language_code"]
        state = states.pop((key, language), None)
        found[key][language] = Facts(
            exists=True,
            live=page["live"],
            draft=page["has_unpublished_changes"],
            version=state.version if state else 0,
            based_on=state.based_on if state else None,
            machine=state.machine_translated if state else False,
            in_translation=state.in_translation if state else False,
        )
    for (key, language), state in states.items():  # sent out for a language it does not exist in yet
        found[key][language] = Facts(in_translation=state.in_translation)
    return found


def item_statuses(item: Page) -> dict[str, Status]:
    """The item's status in every language of its region."""
    region = region_of_page(item)
    if region is None:
        return {}
    tree = LanguageTree.for_region(region)
    return statuses(tree, facts_for(region, [item.translation_key])[item.translation_key])
