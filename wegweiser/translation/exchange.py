"""Sending items out for translation as XLIFF files and taking the translations back.

A municipality selects items (topic pages, events, places, news) and languages and gets one XLIFF
file per language for its translation agency; the items are then "in translation". The agency's
file comes back, is checked against the items as they are now, and the person sees what will
change before confirming; the translations are then published or kept as drafts.

A file that is not XLIFF, is not from Wegweiser, belongs to another region, names an item or a
segment that does not exist, was made from a source text that has changed since, or breaks a
segment's links or markup is refused as a whole with messages saying why: nothing is stored.
"""

import io
import json
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.models import Translation
from wagtail_localize.strings import StringValue

from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from . import segments as seg
from . import xliff
from .models import TranslationImport
from .versions import item_kinds, mark_in_translation

#: The program that wrote a translation, as wagtail-localize records it.
TOOL = "xliff"
#: Most files in one uploaded zip.
MAX_ZIP_FILES = 100


class ExchangeError(ValueError):
    """An export or import cannot be done; ``messages`` say what is wrong, each on its own."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


# The region's items and languages


def region_copy(region: RegionPage, language: str) -> RegionPage | None:
    """The region's start page in ``language`` (the top of that language's tree)."""
    return RegionPage.objects.filter(translation_key=region.translation_key, locale__language_code=language).first()


def target_languages(region: RegionPage) -> list[str]:
    """The languages a region translates into: every language of its tree except the one it writes in."""
    tree = region.language_tree()
    return [code for code in tree.enabled_codes() if code != tree.root]


def region_items(region: RegionPage, kind: str | None = None) -> QuerySet[Page]:
    """The region's items in the language it writes in, in tree order; ``kind`` is one of ``item_kinds()``."""
    root = region_copy(region, region.language_tree().root)
    if root is None:
        return Page.objects.none()
    kinds = item_kinds()
    models = [kinds[kind]] if kind in kinds else list(kinds.values())
    return Page.objects.descendant_of(root).type(*models).order_by("path").specific()


def kind_of(item: Page) -> str:
    """The item's kind as ``item_kinds()`` names it (``page``, ``event``, …)."""
    for name, model in item_kinds().items():
        if isinstance(item.specific_deferred, model):
            return name
    return ""


def may_translate(user, region: RegionPage, language: str, publish: bool = False) -> bool:
    """Whether the person may change (and, with ``publish``, publish) the region's pages in ``language``."""
    copy = region_copy(region, language)
    if copy is None:
        return False
    permissions = copy.permissions_for_user(user)
    return permissions.can_publish() if publish else permissions.can_edit()


# Units: one per segment


def keyed_segments(translation: Translation) -> dict[str, seg.Segment]:
    """The translation's segments by unit id (the segment's key: ``title``, ``body.1``, ``body.2``), in order."""
    return {segment.key: segment for segment in seg.segments(translation)}


# Export


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    content: bytes


def export_file(region: RegionPage, items: list[Page], language: str, version: str) -> xliff.Document:
    """One language's file: a ``<file>`` per item with its segments and their current translations."""
    files = []
    for item in items:
        job = seg.translation_job(item, language)
        source_language = job.source.locale.language_code
        units = tuple(
            xliff.Unit(
                id=key,
                source=segment.source,
                target=segment.target,
                reviewed=segment.kind != seg.MACHINE,
                note=segment.context,
            )
            for key, segment in keyed_segments(job).items()
        )
        files.append(
            xliff.ItemFile(
                identifier=str(xliff.FileId(region.slug, str(item.translation_key), source_language, language)),
                source_language=xliff.language_tag(source_language),
                target_language=xliff.language_tag(language),
                units=units,
                title=f"{item.title} ({item.specific_deferred._meta.verbose_name})",
            )
        )
    return xliff.Document(version, tuple(files))


def check_export(region: RegionPage, items: list[Page], languages: list[str]) -> None:
    """Raise ``ExchangeError`` naming every item and language that cannot be sent out as selected."""
    problems = []
    if not items:
        problems.append(_("Choose at least one item."))
    if not languages:
        problems.append(_("Choose at least one language."))
    offered = target_languages(region)
    for language in languages:
        if language not in offered:
            problems.append(_("The region does not translate into “%(language)s”.") % {"language": language})
    root = region.language_tree().root
    for item in items:
        if region_of_page(item) != region or item.locale.language_code != root:
            problems.append(_("“%(item)s” is not an item of this region.") % {"item": item.title})
            continue
        for language in languages:
            if language not in offered:
                continue
            source_language = seg.source_language_of(item, language)
            source = seg.item_in(item, source_language)
            if source is None or not source.live:
                problems.append(
                    _("“%(item)s” has no published text in “%(source)s” to translate “%(language)s” from.")
                    % {"item": item.title, "source": source_language, "language": language}
                )
    if problems:
        raise ExchangeError(problems)


def export(region: RegionPage, items: list[Page], languages: list[str], version: str, as_zip: bool) -> Download:
    """XLIFF for the items in the languages: one file, or a zip with one file per language.

    The items count as "in translation" in these languages from now on, until a translation is published.
    """
    if version not in xliff.VERSIONS:
        raise ExchangeError([_("Unknown XLIFF version “%(version)s”.") % {"version": version}])
    if not as_zip and len(languages) > 1:
        raise ExchangeError([_("One file holds one language; choose a zip file for several languages.")])
    check_export(region, items, languages)
    documents = {
        language: xliff.build(version, export_file(region, items, language, version).files) for language in languages
    }
    for item in items:
        mark_in_translation(item, languages)
    if not as_zip:
        (language, content), *_rest = documents.items()
        return Download(f"{region.slug}-{language}.xlf", "application/xliff+xml", content)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for language, content in documents.items():
            archive.writestr(f"{region.slug}-{language}.xlf", content)
    return Download(f"{region.slug}-xliff-{version}.zip", "application/zip", buffer.getvalue())


# Import


@dataclass(frozen=True)
class Change:
    """One segment whose translation an import sets or confirms."""

    unit: str
    context: str
    source: str
    old: str | None
    new: str
    confirms_machine: bool = False  # same text as the machine translation, now reviewed by a person


@dataclass
class ItemPreview:
    """What an import does to one item in one language."""

    item: Page
    language: str
    source_language: str
    translation: Translation
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.item.title


@dataclass
class Preview:
    """What an import does, item by item; any error means it cannot be applied at all."""

    region: RegionPage
    version: str = ""
    items: list[ItemPreview] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (file name, XML) as read

    @property
    def all_errors(self) -> list[str]:
        found = list(self.errors)
        for entry in self.items:
            found += [f"{entry.title} [{entry.language}]: {error}" for error in entry.errors]
        return found

    @property
    def ok(self) -> bool:
        return not self.all_errors

    @property
    def change_count(self) -> int:
        return sum(len(entry.changes) for entry in self.items)

    @property
    def languages(self) -> list[str]:
        return sorted({entry.language for entry in self.items})


def read_upload(filename: str, data: bytes) -> list[tuple[str, bytes]]:
    """The XLIFF documents of an upload: the file itself, or each ``.xlf`` file of a zip."""
    if len(data) > xliff.max_bytes():
        raise too_large(len(data))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [(filename, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and info.filename.lower().endswith((".xlf", ".xliff", ".xml"))
        ]
        if not members:
            raise ExchangeError([_("The zip file contains no XLIFF files (.xlf).")])
        if len(members) > MAX_ZIP_FILES:
            raise ExchangeError([_("The zip file contains too many files (at most %(n)d).") % {"n": MAX_ZIP_FILES}])
        if sum(info.file_size for info in members) > xliff.max_bytes():
            raise too_large(sum(info.file_size for info in members))
        documents = []
        for info in members:
            with archive.open(info) as member:
                content = member.read(xliff.max_bytes() + 1)  # the declared size may lie
            if len(content) > xliff.max_bytes():
                raise too_large(len(content))
            documents.append((info.filename, content))
        return documents
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as error:
        raise ExchangeError([_("The zip file cannot be read: %(error)s") % {"error": error}]) from None


def too_large(size: int) -> ExchangeError:
    return ExchangeError(
        [
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": f"{size / 1_000_000:.1f}", "limit": f"{xliff.max_bytes() / 1_000_000:.1f}"}
        ]
    )


def check(region: RegionPage, documents: list[tuple[str, bytes]]) -> Preview:
    """Read and check XLIFF documents against the region's items as they are now; nothing is stored."""
    preview = Preview(region)
    seen: set[tuple[str, str]] = set()
    versions = set()
    for name, data in documents:
        label = f"{name}: " if len(documents) > 1 else ""
        try:
            document = xliff.parse(data)
        except xliff.XliffError as error:
            preview.errors.append(f"{label}{error}")
            continue
        versions.add(document.version)
        preview.documents.append((name, document.text))
        if not document.files:
            preview.errors.append(label + _("The file contains no items (no <file> element)."))
        if document.files and all(file.file_id is None for file in document.files):
            preview.errors.append(
                label + _("This XLIFF file was not exported by Wegweiser; only files exported here can be imported.")
            )
            continue
        for file in document.files:
            problem = _check_file(region, file, preview, seen)
            if problem:
                preview.errors.append(label + problem)
    preview.version = ", ".join(sorted(versions))
    return preview


def _check_file(region: RegionPage, file: xliff.ItemFile, preview: Preview, seen: set) -> str | None:
    """Add the file's item preview; or return why the file does not fit the region at all."""
    file_id = file.file_id
    if file_id is None:
        return _("The part “%(id)s” was not exported by Wegweiser.") % {"id": file.identifier}
    if file_id.region != region.slug:
        return _("The file is for the region “%(other)s”, not for “%(region)s”.") % {
            "other": file_id.region,
            "region": region.slug,
        }
    tree = region.language_tree()
    language, source_language = file_id.target_language, file_id.source_language
    if language not in target_languages(region):
        return _("The region does not translate into “%(language)s”.") % {"language": language}
    for written, expected in ((file.target_language, language), (file.source_language, source_language)):
        if written and xliff.language_code(written) != expected:
            return _("The file's language “%(written)s” does not match its item (“%(expected)s”).") % {
                "written": written,
                "expected": expected,
            }
    item = (
        Page.objects.filter(translation_key=file_id.translation_key, locale__language_code=tree.root).specific().first()
        if _is_uuid(file_id.translation_key)
        else None
    )
    if item is None or region_of_page(item) != region:
        return _("The item “%(key)s” does not exist in this region (any more).") % {"key": file_id.translation_key}
    if (file_id.translation_key, language) in seen:
        return _("“%(item)s” in “%(language)s” appears twice in the upload.") % {
            "item": item.title,
            "language": language,
        }
    seen.add((file_id.translation_key, language))
    current_source = tree.source_of(language)
    if current_source != source_language:
        return _("“%(item)s”: “%(language)s” is now translated from “%(now)s”, the file from “%(then)s”.") % {
            "item": item.title,
            "language": language,
            "now": current_source,
            "then": source_language,
        }
    try:
        job = seg.translation_job(item, language)
    except seg.SegmentError as error:
        return str(error)
    entry = ItemPreview(item=item, language=language, source_language=source_language, translation=job)
    preview.items.append(entry)
    _compare_units(entry, file.units, keyed_segments(job))
    return None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _compare_units(entry: ItemPreview, units: tuple[xliff.Unit, ...], current: dict[str, seg.Segment]) -> None:
    """Fill the preview with the units' changes, or with errors saying what does not fit."""
    seen = set()
    for unit in units:
        if unit.id in seen:
            entry.errors.append(_("The unit “%(unit)s” appears twice.") % {"unit": unit.id})
            continue
        seen.add(unit.id)
        if unit.error:
            entry.errors.append(f"“{unit.id}”: {unit.error}")
            continue
        segment = current.get(unit.id)
        if segment is None:
            entry.errors.append(_("The unit “%(unit)s” is not part of the item (any more).") % {"unit": unit.id})
            continue
        made_from = unit.source_hash or xliff.source_hash(_normalised(unit.source))
        if made_from != xliff.source_hash(segment.source):
            entry.errors.append(
                _("The source text of “%(unit)s” has changed since the file was exported; export it again.")
                % {"unit": unit.id}
            )
            continue
        if unit.target is None:
            if segment.target is None:
                entry.untranslated += 1
            else:
                entry.unchanged += 1
            continue
        problem = _target_problem(segment.source, unit.target)
        if problem:
            entry.errors.append(f"“{unit.id}”: {problem}")
            continue
        new = seg.check_target(segment.source, unit.target)
        if new != segment.target:
            entry.changes.append(Change(unit.id, segment.context, segment.source, segment.target, new))
        elif segment.kind == seg.MACHINE and unit.reviewed:
            entry.changes.append(Change(unit.id, segment.context, segment.source, segment.target, new, True))
        else:
            entry.unchanged += 1
    entry.untranslated += sum(1 for key, segment in current.items() if key not in seen and segment.target is None)


def _normalised(value: str) -> str:
    try:
        return StringValue.from_translated_html(value).data
    except ValueError:
        return value


def _target_problem(source: str, target: str) -> str | None:
    """Why a translation does not fit its source's markup: every placeholder exactly once, no others."""
    expected, found = Counter(xliff.inline_ids(source)), Counter(xliff.inline_ids(target))
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    if missing:
        return _("The translation lacks the placeholders %(ids)s (links and markup must be kept).") % {
            "ids": ", ".join(missing)
        }
    if extra:
        return _("The translation has placeholders its source does not have: %(ids)s.") % {"ids": ", ".join(extra)}
    try:
        seg.check_target(source, target)
    except seg.SegmentError as error:
        return str(error)
    return None


def store(region: RegionPage, user, filename: str, documents: list[tuple[str, bytes]]) -> TranslationImport:
    """Keep a checked upload until its preview is confirmed; raises ``ExchangeError`` if it does not fit."""
    preview = check(region, documents)
    if not preview.ok:
        raise ExchangeError(preview.all_errors)
    refused = [language for language in preview.languages if not may_translate(user, region, language)]
    if refused:
        raise ExchangeError([_("You may not edit %(languages)s.") % {"languages": ", ".join(refused)}])
    if not preview.change_count:
        raise ExchangeError([_("The file changes nothing: it has no new or changed translations.")])
    if len(preview.documents) == 1:
        content = preview.documents[0][1]
    else:
        content = json.dumps([{"name": name, "xml": text} for name, text in preview.documents])
    return TranslationImport.objects.create(region=region, user=user, filename=filename[:255], content=content)


def stored_documents(upload: TranslationImport) -> list[tuple[str, bytes]]:
    """The documents of a stored upload: one XLIFF text, or several from a zip kept as a JSON list."""
    if upload.content.lstrip().startswith("["):
        return [(entry["name"], entry["xml"].encode()) for entry in json.loads(upload.content)]
    return [(upload.filename, upload.content.encode())]


def preview_of(upload: TranslationImport) -> Preview:
    """The stored upload checked again against the items as they are now."""
    return check(upload.region.specific, stored_documents(upload))


def apply(upload: TranslationImport, user, publish: bool) -> Preview:
    """Store the upload's translations and publish them (or save drafts); once only.

    Raises ``ExchangeError`` if it was applied already, no longer fits the items, or the person may
    not change (or publish) the languages concerned; then nothing changes.
    """
    with transaction.atomic():
        upload = TranslationImport.objects.select_for_update().get(pk=upload.pk)
        if upload.applied_at is not None:
            raise ExchangeError([_("This file was applied already.")])
        preview = preview_of(upload)
        if not preview.ok:
            raise ExchangeError(preview.all_errors)
        region = upload.region.specific
        refused = [
            language for language in preview.languages if not may_translate(user, region, language, publish=publish)
        ]
        if refused:
            message = _("You may not publish in %(languages)s.") if publish else _("You may not edit %(languages)s.")
            raise ExchangeError([message % {"languages": ", ".join(refused)}])
        try:
            for entry in preview.items:
                if entry.changes:
                    _fill(entry.translation, {change.unit: change.new for change in entry.changes}, user)
                    seg.save(entry.translation, user=user, publish=publish)
        except (seg.SegmentError, ValidationError) as error:
            raise ExchangeError(error.messages if isinstance(error, ValidationError) else [str(error)]) from None
        upload.applied_at = timezone.now()
        upload.save(update_fields=["applied_at"])
    return preview


def _fill(translation: Translation, texts: dict[str, str], user) -> None:
    """Store reviewed translations of segments (unit id → text)."""
    seg.fill(translation, texts, kind=seg.MANUAL, user=user, tool=TOOL)
