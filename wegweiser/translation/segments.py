"""Translating an item segment by segment: the one place that talks to wagtail-localize.

An item (page, event, place, news) is translated into a language from its version in that
language's source language, as the region's language tree says (Persian from English, English from
German). Its text is cut into segments (a title, a paragraph, a list item); a segment's text is a
wagtail-localize string value: inline HTML whose tags carry only an ``id`` (``<a id="a1">``), the
attributes (link targets) being kept aside. A translation must keep those tags; that is how links
and inline markup survive translation. XLIFF files, machine translation and the translation memory
all read and write segments through these functions.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    String,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from wegweiser.regions.tenancy import region_of_page

MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL
MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_PLACEHOLDER = re.compile(r'<[a-z0-9]+ id="([^"]+)"')


class SegmentError(ValueError):
    """A translation cannot be used as it is; the message says which segment and why."""


@dataclass(frozen=True)
class Segment:
    """One translatable piece of an item, with its translation into the target language if there is one."""

    context: str  # the field it is in, e.g. "title" or "body"; a rich text's paragraphs share their field's
    source: str  # string value: inline HTML, tags carry only ids
    target: str | None
    kind: str | None  # MANUAL or MACHINE; None when not translated yet
    key: str = ""  # names the segment within its item: the context, numbered when a field has several ("body.2")

    @property
    def words(self) -> int:
        return count_words(self.source)


def count_words(html: str) -> int:
    """Words of a text as translators count them (markup ignored)."""
    return len(_WORD.findall(strip_tags(html)))


def source_language_of(item: Page, language: str) -> str:
    """The language ``item`` is translated from into ``language``, per its region's language tree."""
    region = region_of_page(item)
    if region is None:
        raise SegmentError(f"{item} does not belong to a region")
    tree = region.language_tree()
    if language not in tree.nodes:
        raise SegmentError(f"The region {region} does not offer the language {language!r}")
    source = tree.source_of(language)
    if source is None:
        raise SegmentError(f"{language!r} is the language the region writes in; it is not translated")
    return source


def item_in(item: Page, language: str) -> Page | None:
    """The item's copy in ``language``, or None if it has none."""
    return Page.objects.filter(translation_key=item.translation_key, locale__language_code=language).specific().first()


def translation_job(item: Page, language: str) -> Translation:
    """wagtail-localize's translation of ``item`` into ``language``, from the source language's live text.

    The source's segments are refreshed from the database first, so segments always reflect the
    source as it is published now.
    """
    source_language = source_language_of(item, language)
    source_item = item_in(item, source_language)
    if source_item is None or not source_item.live:
        raise SegmentError(f"“{item.title}” has no published text in {source_language!r} to translate from")
    source, _created = TranslationSource.update_or_create_from_instance(source_item)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=Locale.objects.get(language_code=language), defaults={"enabled": True}
    )
    return translation


def segments(translation: Translation) -> list[Segment]:
    """The translation's segments in order, each with its current translation if there is one.

    A text that occurs twice in the same field is one segment: it has one translation.
    """
    rows = StringSegment.objects.filter(source=translation.source).order_by("order").select_related("string", "context")
    translated = {
        (row.translation_of_id, row.context_id): row
        for row in StringTranslation.objects.filter(
            locale=translation.target_locale, context__object_id=translation.source.object_id, has_error=False
        )
    }
    distinct = []
    seen = set()
    for row in rows:
        if (row.string_id, row.context_id) not in seen:
            seen.add((row.string_id, row.context_id))
            distinct.append(row)
    per_field = Counter(row.context.path for row in distinct)
    numbers: Counter = Counter()
    result = []
    for row in distinct:
        path = row.context.path
        numbers[path] += 1
        found = translated.get((row.string_id, row.context_id))
        result.append(
            Segment(
                path,
                row.string.data,
                found.data if found else None,
                found.translation_type if found else None,
                key=path if per_field[path] == 1 else f"{path}.{numbers[path]}",
            )
        )
    return result


def placeholders(value: str) -> list[str]:
    """The ids of a string value's inline elements (``a1``, ``b1``), in order: links, bold, italics."""
    return _PLACEHOLDER.findall(value)


def check_target(source: str, target: str) -> str:
    """The translated string value, normalised; raises ``SegmentError`` if its markup or links don't fit.

    A translation must keep every inline element of its source (the order may change) and add none.
    """
    try:
        value = StringValue.from_translated_html(target)
    except ValueError as error:
        raise SegmentError(str(error)) from None
    expected, found = sorted(placeholders(source)), sorted(placeholders(value.data))
    if expected != found:
        raise SegmentError(
            f"The translation of “{strip_tags(source)[:60]}” must keep its links and markup "
            f"({', '.join(expected) or 'none'}); it has {', '.join(found) or 'none'}"
        )
    return value.data


@transaction.atomic
def fill(
    translation: Translation, texts: dict[str, str], kind: str = MANUAL, user=None, tool: str = ""
) -> list[Segment]:
    """Store translations of segments (segment key → text); returns the segments changed.

    Every text is checked first; one bad text raises ``SegmentError`` and nothing is stored.
    """
    by_key = {segment.key: segment for segment in segments(translation)}
    unknown = sorted(set(texts) - set(by_key))
    if unknown:
        raise SegmentError(f"Unknown segments: {', '.join(unknown)}")
    checked = {key: check_target(by_key[key].source, text) for key, text in texts.items()}
    changed = []
    now = timezone.now()
    for key, data in checked.items():
        segment = by_key[key]
        if segment.target == data and segment.kind == kind:
            continue
        string = String.from_value(translation.source.locale, StringValue(segment.source))
        context = TranslationContext.objects.get(object_id=translation.source.object_id, path=segment.context)
        StringTranslation.objects.update_or_create(
            translation_of=string,
            locale=translation.target_locale,
            context=context,
            defaults={
                "data": data,
                "translation_type": kind,
                "tool_name": tool,
                "last_translated_by": user,
                "updated_at": now,
                "has_error": False,
                "field_error": "",
            },
        )
        changed.append(Segment(segment.context, segment.source, data, kind, segment.key))
    return changed


def missing(translation: Translation) -> list[Segment]:
    return [segment for segment in segments(translation) if segment.target is None]


def save(translation: Translation, user=None, publish: bool = True) -> Page:
    """Write the translated item (a draft, or published); segments without translation keep the source text.

    wagtail-localize would publish once the transaction commits, from an object that is stale by then,
    and it writes a draft into the page itself, where readers' documents would pick it up. We publish
    the new revision at once, or put the published text back so that the draft stays a draft.
    """
    existing = item_in(translation.source.get_source_instance(), translation.target_locale.language_code)
    translation.save_target(user=user, publish=False)
    target = Page.objects.get(pk=translation.get_target_instance().pk).specific
    if publish:
        target.get_latest_revision().publish(user=user)
    elif existing is not None and existing.live and target.live_revision is not None:
        live = target.live_revision.as_object()
        live.live_revision_id, live.last_published_at = target.live_revision_id, target.last_published_at
        live.has_unpublished_changes = True
        live.save(clean=False)
    return Page.objects.get(pk=target.pk).specific
