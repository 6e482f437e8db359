"""The translation memory shared by all regions: every sentence a person has translated counts again.

When a translator confirms the translation of a segment (a title, a paragraph, a list item), the memory
keeps it with its source text, the two languages, the region and the date. When a region later needs the
same source text in the same language pair — on another page, after an edit, or in another region that
started from this region's content — the memory fills it in at once (an exact match), and the municipality
does not pay for those words again. A close match (90 % similar or more) is only suggested: a person
decides. Every exact fill is counted per region and language (``MemorySaving``), for the report of the
words saved.

Texts are wagtail-localize string values (inline HTML whose tags carry only ids, ``<a id="a1">``); an
exact match is the same text after collapsing whitespace, markup included, in the same language pair.
"""

import bisect
import hashlib
import html
import logging
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from rapidfuzz import fuzz, process
from wagtail.models import Page
from wagtail_localize.models import Translation

from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from . import segments as seg
from .models import MemoryEntry, MemorySaving

logger = logging.getLogger(__name__)

TOOL = "memory"
#: How similar (``rapidfuzz.fuzz.ratio`` of the plain texts, 0–100) a source must be to be suggested.
SUGGESTION_THRESHOLD = 90
#: Inline markup a close match may carry, in characters: this much plus twice the segment's own (see ``suggestions``).
_MARKUP_ALLOWANCE = 40
_TAG = re.compile(r"<[^>]*>")
_CHUNK = 500  # source hashes per ``IN`` query: SQLite limits the parameters of one statement


@dataclass(frozen=True)
class Filled:
    """What the memory filled into one translation: segments, and their source words not paid for again."""

    segments: int = 0
    words: int = 0


@dataclass(frozen=True)
class Suggestion:
    """A close match for a segment: another source text of the memory and its confirmed translation."""

    text: str  # the translation, a string value that keeps the memory source's markup
    score: float  # similarity of the two source texts, 90–100
    source_text: str  # the memory's source text, for the translator to see what differs
    region_name: str  # the region whose translator confirmed it ("" if unknown)


@dataclass
class LanguageFill:
    """What filling a region from the memory did in one language."""

    items: int = 0  # items that needed a translation (missing or incomplete)
    segments: int = 0  # segments filled from the memory
    words: int = 0  # their source words
    published: int = 0  # items complete afterwards and published
    incomplete: int = 0  # items still missing segments; a translator finds the filled ones in place
    written_freely: int = 0  # items written in the language without segments (Leichte Sprache): left alone
    no_source: int = 0  # items without a published text in the source language
    not_saved: int = 0  # complete, but the translated item could not be saved (see the log)


@dataclass
class RegionFill:
    """What ``fill_region_from_memory`` did, per language in the order of the language tree."""

    languages: dict[str, LanguageFill] = field(default_factory=dict)

    @property
    def segments(self) -> int:
        return sum(language.segments for language in self.languages.values())

    @property
    def words(self) -> int:
        return sum(language.words for language in self.languages.values())

    @property
    def published(self) -> int:
        return sum(language.published for language in self.languages.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {code: asdict(counts) for code, counts in self.languages.items()}


# --- Source texts --------------------------------------------------------------------------------------------------


def normalise(value: str) -> str:
    """A source text as the memory compares it: whitespace collapsed, markup kept."""
    return " ".join(value.split())


def source_hash(value: str) -> str:
    """The key of a source text in the memory: two texts with the same key are an exact match."""
    return hashlib.sha256(normalise(value).encode()).hexdigest()


def plain_text(value: str) -> str:
    """The words of a string value without markup, as a reader sees them; close matches compare these.

    String values hold only simple inline tags with an id (``<a id="a1">``), so removing ``<…>`` is enough.
    """
    return normalise(html.unescape(_TAG.sub("", value)))


def _languages(translation: Translation) -> tuple[str, str]:
    return translation.source.locale.language_code, translation.target_locale.language_code


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# --- Remembering ---------------------------------------------------------------------------------------------------


def remember(translation: Translation, region: RegionPage | None) -> int:
    """Keep every confirmed segment translation of ``translation`` (typed by a person, not by a machine).

    Called when a person publishes a translation. An entry the region already has for the same source is
    updated when its text changed. Returns how many entries were added or changed.
    """
    source_language, target_language = _languages(translation)
    confirmed = [
        (segment.source, segment.target)
        for segment in seg.segments(translation)
        if segment.kind == seg.MANUAL and segment.target
    ]
    return remember_texts(source_language, target_language, confirmed, region)


@transaction.atomic
def remember_texts(
    source_language: str, target_language: str, pairs: Iterable[tuple[str, str]], region: RegionPage | None
) -> int:
    """Keep confirmed (source text, translation) pairs of one language pair for ``region``."""
    by_hash = {source_hash(source): (source, target) for source, target in pairs if normalise(source)}
    if not by_hash:
        return 0
    existing: dict[str, MemoryEntry] = {}
    region_filter = Q(region=region) if region is not None else Q(region__isnull=True)
    for chunk in _chunks(list(by_hash)):
        for entry in MemoryEntry.objects.filter(
            region_filter, source_language=source_language, target_language=target_language, source_hash__in=chunk
        ):
            existing[entry.source_hash] = entry
    now = timezone.now()
    new, changed = [], []
    for key, (source, target) in by_hash.items():
        entry = existing.get(key)
        if entry is None:
            new.append(
                MemoryEntry(
                    source_language=source_language,
                    target_language=target_language,
                    source_hash=key,
                    source_text=source,
                    target_text=target,
                    words=seg.count_words(source),
                    region=region,
                )
            )
        elif entry.target_text != target:
            entry.target_text, entry.source_text, entry.updated_at = target, source, now
            changed.append(entry)
    # Another process may have remembered the same text meanwhile; its entry is as good as ours.
    MemoryEntry.objects.bulk_create(new, ignore_conflicts=True)
    MemoryEntry.objects.bulk_update(changed, ["target_text", "source_text", "updated_at"])
    return len(new) + len(changed)


def _region_of_source(translation: Translation) -> RegionPage | None:
    """The region of the item a translation translates (None for snippets and deleted items)."""
    try:
        instance = translation.source.get_source_instance()
    except ObjectDoesNotExist:
        return None
    return region_of_page(instance) if isinstance(instance, Page) else None


def remember_all(region: RegionPage | None = None) -> int:
    """Build the memory from the confirmed translations that exist already (of one region, or of all).

    For installing the memory on existing content, and for the command ``fill_from_memory --remember``.
    Returns how many entries were added or changed.
    """
    regions: dict[int, RegionPage | None] = {}  # translation source → region of its item
    count = 0
    translations = Translation.objects.select_related("source__locale", "target_locale").order_by("pk")
    for translation in list(translations):
        if translation.source_id not in regions:
            regions[translation.source_id] = _region_of_source(translation)
        item_region = regions[translation.source_id]
        if item_region is None or (region is not None and item_region.pk != region.canonical.pk):
            continue
        count += remember(translation, item_region)
    return count


# --- Filling exact matches -----------------------------------------------------------------------------------------


def _exact_matches(
    source_language: str, target_language: str, todo: list[seg.Segment], region: RegionPage | None
) -> list[tuple[seg.Segment, str]]:
    """The memory's translation for each segment that has an exact match whose markup fits.

    The same region's newest entry comes first, then the newest of any region; an entry whose links or
    markup no longer fit the segment is passed over (the next candidate may fit).
    """
    keys = {segment.source: source_hash(segment.source) for segment in todo}
    candidates: dict[str, list[MemoryEntry]] = {}
    for chunk in _chunks(sorted(set(keys.values()))):
        for entry in MemoryEntry.objects.filter(
            source_language=source_language, target_language=target_language, source_hash__in=chunk
        ).order_by("-updated_at", "-pk"):
            candidates.setdefault(entry.source_hash, []).append(entry)
    region_id = region.pk if region is not None else None
    picks = []
    for segment in todo:
        entries = candidates.get(keys[segment.source], [])
        ordered = [e for e in entries if e.region_id == region_id] + [e for e in entries if e.region_id != region_id]
        for entry in ordered:
            if normalise(entry.source_text) != normalise(segment.source):
                continue  # not the same text after all
            try:
                picks.append((segment, seg.check_target(segment.source, entry.target_text)))
            except seg.SegmentError:
                continue
            break
    return picks


@transaction.atomic
def fill_exact(translation: Translation, region: RegionPage | None = None, user=None) -> Filled:
    """Fill the segments that have no translation yet from exact matches in the memory.

    ``region`` is the region the translation belongs to (its item's region if not given): its own entries
    are preferred, and the words filled are counted as its saving. Nothing is published here.
    """
    if region is None:
        region = _region_of_source(translation)
    source_language, target_language = _languages(translation)
    todo = [segment for segment in seg.segments(translation) if segment.target is None]
    if not todo:
        return Filled()
    picks = _exact_matches(source_language, target_language, todo, region)
    if not picks:
        return Filled()
    seg.fill(translation, {segment.key: text for segment, text in picks}, kind=seg.MANUAL, user=user, tool=TOOL)
    filled = Filled(segments=len(picks), words=sum(segment.words for segment, _text in picks))
    if region is not None:
        MemorySaving.objects.create(
            region=region, language=target_language, words=filled.words, segments=filled.segments
        )
    return filled


# --- Suggesting close matches --------------------------------------------------------------------------------------


def _length_bounds(length: int, threshold: float) -> tuple[int, int]:
    """Plain-text lengths a text of ``length`` characters can have and still reach ``threshold``.

    ``fuzz.ratio`` is at most 200 × shorter ÷ (shorter + longer), so the shorter must be at least
    threshold ÷ (200 − threshold) of the longer (0.82 for 90 %).
    """
    factor = threshold / (200 - threshold)
    return int(length * factor), int(length / factor) + 1


def suggestions(
    translation: Translation, threshold: float = SUGGESTION_THRESHOLD, limit: int = 3
) -> dict[seg.Segment, list[Suggestion]]:
    """Close matches for the segments that have no translation yet (best first, at most ``limit`` each).

    A close match is a memory entry of the same language pair whose plain source text is at least
    ``threshold`` % similar (``rapidfuzz.fuzz.ratio``). An exact match is not suggested: it is filled.
    The same source text with other markup counts 100 % and is suggested. Only entries of a length that
    can reach the threshold are read from the database, so this stays quick with a large memory.
    """
    if not 0 < threshold <= 100:
        raise ValueError("threshold must be between 0 and 100")
    source_language, target_language = _languages(translation)
    todo = [s for s in seg.segments(translation) if s.target is None and plain_text(s.source)]
    if not todo:
        return {}
    # Stored texts carry markup, so they are at least as long as their plain text: the lower bound holds. Above,
    # a close match may carry some more markup than the segment itself.
    windows = []
    for segment in todo:
        text = plain_text(segment.source)
        low, high = _length_bounds(len(text), threshold)
        windows.append((low, high + _MARKUP_ALLOWANCE + 2 * (len(segment.source) - len(text))))
    merged: list[list[int]] = []
    for low, high in sorted(windows):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    in_a_window = Q()
    for low, high in merged:
        in_a_window |= Q(stored_length__gte=low, stored_length__lte=high)
    # Only ids and source texts for the comparison; the rest only for the entries that come close.
    rows = (
        MemoryEntry.objects.filter(source_language=source_language, target_language=target_language)
        .annotate(stored_length=Length("source_text"))
        .filter(in_a_window)
        .values_list("pk", "source_text")
    )
    entries = sorted(((plain_text(text), pk) for pk, text in rows), key=lambda pair: len(pair[0]))
    lengths = [len(text) for text, _pk in entries]
    scored: dict[seg.Segment, list[tuple[float, int]]] = {}
    for segment in todo:
        text = plain_text(segment.source)
        low, high = _length_bounds(len(text), threshold)
        start, end = bisect.bisect_left(lengths, low), bisect.bisect_right(lengths, high)
        choices = [candidate for candidate, _pk in entries[start:end]]
        matches = process.extract(text, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        scored[segment] = [(score, entries[start + index][1]) for _choice, score, index in matches]
    close = {pk for pairs in scored.values() for _score, pk in pairs}
    if not close:
        return {}
    details = {entry.pk: entry for entry in MemoryEntry.objects.filter(pk__in=close).select_related("region")}
    own_region = _region_of_source(translation)
    own_id = own_region.pk if own_region else None
    found: dict[seg.Segment, list[Suggestion]] = {}
    for segment, close_ones in scored.items():
        key = source_hash(segment.source)
        candidates = [(score, details[pk]) for score, pk in close_ones if details[pk].source_hash != key]
        # Best score first; among equals the region's own entry, then the newest.
        candidates.sort(key=lambda item: (item[0], item[1].region_id == own_id, item[1].updated_at), reverse=True)
        result: list[Suggestion] = []
        for score, entry in candidates:
            if any(suggestion.text == entry.target_text for suggestion in result):
                continue
            name = entry.region.full_name if entry.region else ""
            result.append(Suggestion(entry.target_text, round(score, 1), entry.source_text, name))
            if len(result) == limit:
                break
        if result:
            found[segment] = result
    return found


# --- Regions and items ---------------------------------------------------------------------------------------------


def languages_in_order(tree: LanguageTree, languages: Iterable[str] | None = None) -> list[str]:
    """The region's translated languages, each after the language it is translated from (en before fa).

    ``languages`` narrows the list; a language the region does not offer, or the one it writes in, raises
    ``SegmentError`` saying so.
    """
    order: list[str] = []
    queue = [tree.root]
    enabled = set(tree.enabled_codes())
    while queue:
        code = queue.pop(0)
        for child in tree.children_of(code):
            if child in enabled:
                order.append(child)
                queue.append(child)
    if languages is None:
        return order
    wanted = list(dict.fromkeys(languages))
    for code in wanted:
        if code == tree.root:
            raise seg.SegmentError(
                _("“%(code)s” is the language the region writes in; it is not translated.") % {"code": code}
            )
        if code not in order:
            raise seg.SegmentError(_("The region does not offer the language “%(code)s”.") % {"code": code})
    return [code for code in order if code in wanted]


def _translated_by_segments(item: Page, language: str) -> bool:
    """Whether the item's copy in ``language`` was made by translating segments (not written freely)."""
    return Translation.objects.filter(
        source__object_id=item.translation_key, target_locale__language_code=language
    ).exists()


def fill_item(item: Page, language: str, region: RegionPage, user=None, counts: LanguageFill | None = None) -> Filled:
    """Fill ``item``'s translation into ``language`` from the memory; publish it if it is then complete.

    An item already translated in full is left as it is, and so is a copy written freely in the language
    (Leichte Sprache is written, not translated segment by segment).
    """
    counts = counts if counts is not None else LanguageFill()
    target = seg.item_in(item, language)
    if target is not None and not _translated_by_segments(item, language):
        counts.written_freely += 1
        return Filled()
    try:
        source_language = seg.source_language_of(item, language)
    except seg.SegmentError:
        counts.no_source += 1
        return Filled()
    existed = Translation.objects.filter(
        source__object_id=item.translation_key,
        source__locale__language_code=source_language,
        target_locale__language_code=language,
    ).exists()
    try:
        job = seg.translation_job(item, language)
    except seg.SegmentError:
        counts.no_source += 1
        return Filled()
    if target is not None and not seg.missing(job):
        return Filled()  # translated in full already
    counts.items += 1
    filled = fill_exact(job, region, user)
    counts.segments += filled.segments
    counts.words += filled.words
    if not seg.missing(job):
        try:
            with transaction.atomic():
                seg.save(job, user=user, publish=True)
        except ValidationError as error:  # e.g. the translated slug is taken next to it
            logger.warning("Could not publish %s in %s from the memory: %s", item, language, error)
            counts.not_saved += 1
        else:
            counts.published += 1
    else:
        counts.incomplete += 1
        if not existed and not filled.segments:
            job.delete()  # nothing to keep: the item stays "missing" in this language, as before
    return filled


def region_items(region: RegionPage) -> list[Page]:
    """The region's items in the language it writes in, parents before their children."""
    tree = region.language_tree()
    root = RegionPage.objects.filter(translation_key=region.translation_key, locale__language_code=tree.root).first()
    if root is None:
        return []
    return list(
        Page.objects.descendant_of(root, inclusive=True).filter(alias_of__isnull=True).order_by("path").specific()
    )


def fill_region_from_memory(region: RegionPage, user=None, languages: Iterable[str] | None = None) -> RegionFill:
    """Give the region every translation the memory holds: fill exact matches, publish what is complete.

    For each language of the region (top-down in the language tree, so that English is complete before
    Persian is filled from it) and each item whose translation is missing or incomplete. This is how a new
    region that starts from another region's content gets the existing translations at once.
    """
    region = region.canonical
    order = languages_in_order(region.language_tree(), languages)
    items = region_items(region)
    report = RegionFill()
    for language in order:
        counts = report.languages.setdefault(language, LanguageFill())
        for item in items:
            fill_item(item, language, region, user, counts)
    return report


# --- Background tasks ----------------------------------------------------------------------------------------------


@task()
def fill_translations_from_memory(page_id: int) -> dict[str, dict[str, int]]:
    """After an item was published: fill its changed sentences into each of its translations, unpublished.

    Translators then find the sentences the memory knows already filled in. Returns, per language, the
    segments and words filled.
    """
    item = Page.objects.filter(pk=page_id).specific().first()
    region = region_of_page(item) if item is not None else None
    if item is None or region is None:
        return {}
    tree = region.language_tree()
    language = item.locale.language_code
    if language not in tree.nodes:
        return {}
    result = {}
    for child in tree.children_of(language):
        if seg.item_in(item, child) is None or not _translated_by_segments(item, child):
            continue
        try:
            job = seg.translation_job(item, child)
        except seg.SegmentError:
            continue
        filled = fill_exact(job, region)
        result[child] = {"segments": filled.segments, "words": filled.words}
    return result


@task()
def fill_region_task(region_id: int, user_id: int | None = None, languages: list[str] | None = None) -> dict:
    """``fill_region_from_memory`` in the background, for the button in the memory report."""
    region = RegionPage.objects.get(pk=region_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return fill_region_from_memory(region, user=user, languages=languages).as_dict()
