"""Writing a checked dump into a region, in one transaction; a second run updates."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from wegweiser.content.models import TopicPage
from wegweiser.content.rich_text import sanitise_rich_text
from wegweiser.events.models import EventIndexPage, EventPage
from wegweiser.places.models import PlaceCategory, PlaceIndexPage, PlacePage
from wegweiser.regions.language_tree import LanguageNode, LanguageTree, LanguageTreeError
from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionLanguage, RegionPage
from wegweiser.regions.tenancy import setup_region

from ..models import ImportedPage
from .dump import Dump
from .items import ItemFile, SourceItem
from .pages import _EMPTY_LINK, IntegreatImportError, LanguageFile, SourcePage, _problem_of


@dataclass
class LanguageReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unpublished: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.unpublished} unpublished"
        )


@dataclass
class ImportReport:
    region: RegionPage
    region_created: bool
    languages: dict[str, LanguageReport] = field(default_factory=dict)  # pages
    local: dict[str, dict[str, LanguageReport]] = field(default_factory=dict)  # kind → language → report

    def language(self, code: str) -> LanguageReport:
        return self.languages.setdefault(code, LanguageReport())

    def local_language(self, kind: str, code: str) -> LanguageReport:
        return self.local.setdefault(kind, {}).setdefault(code, LanguageReport())

    def summary(self, seconds: float) -> str:
        action = "Created region" if self.region_created else "Updated region"
        parts = "; ".join(f"{code}: {report}" for code, report in self.languages.items())
        for kind, reports in self.local.items():
            parts += "; " + "; ".join(f"{kind} {code}: {report}" for code, report in reports.items())
        return f"{action} {self.region.slug}: {parts} ({seconds:.1f} s)"


def import_dump(dump: Dump, region_slug: str, name: str | None = None) -> ImportReport:
    """Write a checked dump into the region ``region_slug`` (created if needed), all or nothing."""
    with transaction.atomic():
        region, created = _region(region_slug, name, dump.languages)
        report = ImportReport(region, created)
        region = _enable_languages(region, dump.languages)
        roots, copies_created = _region_copies(region, dump.languages)
        writer = _TreeWriter(region, roots, report)
        # Wagtail would update its reference index on each of the three saves of every page: do it once instead.
        with disable_reference_index_auto_update():
            for language_file in dump.files.values():
                writer.write_language(language_file)
            writer.unpublish_missing()
            # Places imported earlier, for events when the dump has no locations files this time.
            places = _live(_imported_pages(region, PlacePage))
            local_writers = []
            for kind, item_files in dump.local.items():
                local_writer = _ItemWriter(kind, region, roots, report, places)
                for item_file in item_files.values():
                    local_writer.write_language(item_file)
                local_writer.unpublish_missing()
                if kind == "locations":
                    places = local_writer.live_pages()
                local_writers.append(local_writer)
        written = [(TopicPage, writer.written)] + [(w.model, w.written) for w in local_writers]
        for model, page_ids in written:
            for page_id in page_ids:
                update_reference_index_task.enqueue(model._meta.app_label, model._meta.model_name, str(page_id))
        if created or copies_created:
            setup_region(region)
    return report


def _region(slug: str, name: str | None, languages: list[str]) -> tuple[RegionPage, bool]:
    """The region's German copy; a new region is a district under the tree's root, offering the imported languages."""
    existing = RegionPage.objects.filter(slug=slug, locale__language_code=DEFAULT_LANGUAGE).first()
    if existing is not None:
        return existing, False
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        raise IntegreatImportError(f"--region {slug!r} is not a valid slug") from None
    region = RegionPage(
        title=name or slug.title(),
        slug=slug,
        kind=RegionPage.Kind.DISTRICT,
        locale=_locale(DEFAULT_LANGUAGE),
    )
    region.languages = [_language_row(code) for code in languages]
    try:
        Page.get_first_root_node().add_child(instance=region)
    except ValidationError as error:
        raise IntegreatImportError(f"cannot create region {slug!r}: {_problem_of(error)}") from None
    region.save_revision().publish()
    return region, True


def _locale(code: str) -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code=code)
    return locale


def _language_row(code: str) -> RegionLanguage:
    return RegionLanguage(language=code, source_language="" if code == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE)


def _enable_languages(region: RegionPage, languages: list[str]) -> RegionPage:
    """Offer every imported language (new ones translated from German), through a published revision of the region.

    Going through a revision keeps the editor's view of the region in step with what is served.
    """
    region = RegionPage.objects.get(pk=region.pk)  # fresh: publishing saves the tree fields held in memory
    rows = list(region.languages.all())
    by_code = {row.language: row for row in rows}
    changed = False
    for code in languages:
        row = by_code.get(code)
        if row is None:
            rows.append(_language_row(code))
            changed = True
        elif not row.enabled:
            row.enabled = True
            changed = True
    if not changed:
        return region
    try:
        LanguageTree.build(LanguageNode(r.language, r.source_language or None, r.enabled) for r in rows)
    except LanguageTreeError as error:
        raise IntegreatImportError(f"region {region.slug}: cannot add the imported languages: {error}") from None
    region.languages = rows
    region.save_revision().publish()
    return RegionPage.objects.get(pk=region.pk)


def _region_copies(region: RegionPage, languages: list[str]) -> tuple[dict[str, int], bool]:
    """The region's live copy in every imported language, by language (page ids); missing copies are made."""
    roots = {}
    created = False
    for code in languages:
        locale = _locale(code)
        copy = RegionPage.objects.filter(translation_key=region.translation_key, locale=locale).first()
        if copy is None:
            copy = RegionPage.objects.get(pk=region.pk).copy_for_translation(locale)
            created = True
        if not copy.live:
            copy = RegionPage.objects.get(pk=copy.pk)
            copy.save_revision().publish()
        roots[code] = copy.pk
    return roots, created


class _Writer:
    """What writing pages and writing places or events share: which pages earlier imports made and which
    this run has seen, freeing a slug or translation key an imported page holds, unpublishing what left the
    files (not deleting it: editors may want it)."""

    def __init__(self, region: RegionPage, roots: dict[str, int], report: ImportReport, model: type[Page]):
        self.region = region
        self.roots = roots
        self.report = report
        self.locales = {code: _locale(code) for code in roots}
        self.known = _imported_pages(region, model)  # (language, Integreat id) → page id
        self.imported_page_ids = set(self.known.values())
        self.seen: set[int] = set()  # page ids in the files
        self.written: list[int] = []  # page ids created, changed or unpublished by this import
        self.german_keys: dict[int, uuid.UUID] = {}  # German Integreat id → translation key

    def _report(self, language: str) -> LanguageReport:
        raise NotImplementedError

    def _free_slug(
        self, file: LanguageFile | ItemFile, source: SourcePage | SourceItem, parent: Page, page_id: int | None
    ) -> None:
        """Make the slug free under its parent: an imported page holding it gets a temporary one.

        That page is either still to be written (and gets its own slug then) or no longer in the files
        (and is unpublished). A page that was not imported is an editor's: the import does not touch it.
        """
        holder = Page.objects.child_of(parent).filter(slug=source.slug).exclude(pk=page_id).first()
        if holder is None:
            return
        if holder.pk not in self.imported_page_ids or holder.pk in self.seen:
            raise file.problem(
                f"the slug {source.slug!r} is taken by page {holder.pk} ({holder.title!r}) under {parent.title!r}, "
                "which the import does not manage; rename or move that page",
                source.external_id,
            )
        _rename(holder.pk, _temporary_slug(f"{source.slug}-{holder.pk}", parent))

    def _free_translation_key(
        self,
        file: LanguageFile | ItemFile,
        source: SourcePage | SourceItem,
        locale: Locale,
        key: uuid.UUID,
        page_id: int | None,
    ) -> None:
        """A locale holds one page per translation key; an imported page holding the key gets a new one."""
        holder = Page.objects.filter(translation_key=key, locale=locale).exclude(pk=page_id).first()
        if holder is None:
            return
        if holder.pk not in self.imported_page_ids or holder.pk in self.seen:
            raise file.problem(
                f"the German {file.noun} already has a translation in {locale.language_code!r} that the import "
                f"does not manage: page {holder.pk} ({holder.title!r})",
                source.external_id,
            )
        Page.objects.filter(pk=holder.pk).update(translation_key=uuid.uuid4())

    def unpublish_missing(self) -> None:
        for (language, _external_id), page_id in self.known.items():
            if page_id in self.seen:
                continue
            page = Page.objects.get(pk=page_id)
            if page.live:
                page.unpublish()
                self.written.append(page_id)
                self._report(language).unpublished += 1


class _TreeWriter(_Writer):
    """Creates, updates, moves and unpublishes the imported pages of one region.

    Page objects are always loaded fresh before a tree operation or a publication: Wagtail saves the
    tree fields (path, child count) held in memory, and moves elsewhere in the tree make them stale.
    """

    def __init__(self, region: RegionPage, roots: dict[str, int], report: ImportReport):
        super().__init__(region, roots, report, TopicPage)
        self.created: set[int] = set()  # page ids created by this import
        self.created_keys: set[uuid.UUID] = set()  # translation keys of German pages created by this import

    # One language

    def write_language(self, language_file: LanguageFile) -> None:
        language = language_file.language
        report = self.report.language(language)
        placed: dict[int, int] = {}  # Integreat id → page id
        outcomes: dict[int, str] = {}  # page id → created, updated or unchanged
        children: dict[int, list[int]] = {}  # parent page id → child page ids in the dump's order
        for source in language_file.pages:
            parent_external = language_file.parent_of[source.external_id]
            parent_id = self.roots[language] if parent_external is None else placed[parent_external]
            key = None
            if language != DEFAULT_LANGUAGE:
                key = self.german_keys[language_file.german_of[source.external_id]]
            try:
                page, outcome = self._write_page(language_file, source, parent_id, key)
            except ValidationError as error:
                raise language_file.problem(_problem_of(error), source.external_id) from None
            outcomes[page.pk] = outcome
            if language == DEFAULT_LANGUAGE:
                self.german_keys[source.external_id] = page.translation_key
            placed[source.external_id] = page.pk
            children.setdefault(parent_id, []).append(page.pk)
            self.seen.add(page.pk)
        for parent_id, child_ids in children.items():
            for page_id in self._order_children(parent_id, child_ids):
                if outcomes[page_id] == "unchanged":
                    outcomes[page_id] = "updated"
        for page_id, outcome in outcomes.items():
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                self.written.append(page_id)

    def _write_page(
        self, language_file: LanguageFile, source: SourcePage, parent_id: int, key: uuid.UUID | None
    ) -> tuple[TopicPage, str]:
        page_id = self.known.get((language_file.language, source.external_id))
        if page_id is None:
            return self._create(language_file, source, parent_id, key), "created"
        changed = self._update(language_file, source, page_id, parent_id, key)
        page = TopicPage.objects.get(pk=page_id)
        return page, "updated" if changed else "unchanged"

    def _create(
        self, language_file: LanguageFile, source: SourcePage, parent_id: int, key: uuid.UUID | None
    ) -> TopicPage:
        locale = self.locales[language_file.language]
        model = RegionPage if parent_id in self.roots.values() else TopicPage
        parent = model.objects.get(pk=parent_id)
        # Under a page created by this run only this run's pages lie, and their slugs differ (checked when read).
        if parent_id not in self.created:
            self._free_slug(language_file, source, parent, None)
        page = TopicPage(title=source.title, slug=source.slug, body=_body(source.content), locale=locale)
        if key is not None:
            if key not in self.created_keys:  # a German page created by this run has no translations yet
                self._free_translation_key(language_file, source, locale, key, None)
            page.translation_key = key
        parent.add_child(instance=page)
        page.save_revision(clean=False).publish()  # validated by add_child a moment ago
        ImportedPage.objects.create(page=page, external_id=source.external_id)
        self.created.add(page.pk)
        if key is None:
            self.created_keys.add(page.translation_key)
        self._keep_dates(page, source, first=True)
        return page

    def _update(
        self, language_file: LanguageFile, source: SourcePage, page_id: int, parent_id: int, key: uuid.UUID | None
    ) -> bool:
        """Bring an earlier imported page in line with the dump; publish only when something changed."""
        changed = self._place(language_file, source, page_id, parent_id)
        page = TopicPage.objects.get(pk=page_id)
        if key is not None and page.translation_key != key:
            self._free_translation_key(language_file, source, page.locale, key, page.pk)
            Page.objects.filter(pk=page.pk).update(translation_key=key)
            changed = True
        page = TopicPage.objects.get(pk=page_id)  # fresh after moves, freed slugs and keys
        body = _body(source.content)
        if (page.title, page.slug, page.body, page.live) != (source.title, source.slug, body, True):
            page.title, page.slug, page.body = source.title, source.slug, body
            page.save_revision().publish()
            changed = True
        if changed or page.last_published_at != source.last_updated:
            self._keep_dates(page, source, first=False)
        return changed

    def _place(self, language_file: LanguageFile, source: SourcePage, page_id: int, parent_id: int) -> bool:
        """Move the page under its parent if it is elsewhere, and free its slug there; True if it moved."""
        parent = Page.objects.get(pk=parent_id)
        page = Page.objects.get(pk=page_id)
        moving = page.path[: -Page.steplen] != parent.path
        if page.slug != source.slug or moving:
            self._free_slug(language_file, source, parent, page.pk)
        if not moving:
            return False
        if page.slug != source.slug and Page.objects.child_of(parent).filter(slug=page.slug).exists():
            # Its present slug is taken where it goes: it travels with a temporary one.
            _rename(page.pk, _temporary_slug(f"{source.slug}-{page.pk}", parent, page.get_parent()))
        Page.objects.get(pk=page_id).move(Page.objects.get(pk=parent_id), pos="last-child")
        return True

    def _keep_dates(self, page: TopicPage, source: SourcePage, first: bool) -> None:
        """Show Integreat's date of the last change, not the date of the import."""
        if source.last_updated is None:
            return
        dates = {"last_published_at": source.last_updated}
        if first:
            dates["first_published_at"] = source.last_updated
        Page.objects.filter(pk=page.pk).update(**dates)

    def _order_children(self, parent_id: int, child_ids: list[int]) -> list[int]:
        """Put imported siblings in the dump's order with as few moves as it takes; return the pages moved.

        Other pages under the parent (an editor's) keep their places relative to the imported ones they follow.
        """
        wanted = set(child_ids)
        children = Page.objects.get(pk=parent_id).get_children().values_list("pk", flat=True)
        current = [page_id for page_id in children if page_id in wanted]
        moved = []
        for index, page_id in enumerate(child_ids):
            if current[index] == page_id:
                continue
            Page.objects.get(pk=page_id).move(Page.objects.get(pk=current[index]), pos="left")
            current.remove(page_id)
            current.insert(index, page_id)
            moved.append(page_id)
        return moved

    def _report(self, language: str) -> LanguageReport:
        return self.report.language(language)


def _imported_pages(region: RegionPage, model: type[Page]) -> dict[tuple[str, int], int]:
    """Pages of one kind imported earlier into this region, in every language (matched by locale and place in the
    tree): pages, places and events have ids of their own in Integreat, which may coincide."""
    known = {}
    content_type = ContentType.objects.get_for_model(model)
    copies = RegionPage.objects.filter(translation_key=region.translation_key).select_related("locale")
    for copy in copies:
        rows = ImportedPage.objects.filter(
            page__path__startswith=copy.path,
            page__depth__gt=copy.depth,
            page__locale=copy.locale,
            page__content_type=content_type,
        ).values_list("external_id", "page_id")
        for external_id, page_id in rows:
            known[(copy.locale.language_code, external_id)] = page_id
    return known


#: The list page of each kind: (title, slug) in German and in every other language.
INDEX_PAGES: dict[str, tuple[type[Page], tuple[str, str], tuple[str, str]]] = {
    "locations": (PlaceIndexPage, ("Orte", "orte"), ("Places", "places")),
    "events": (EventIndexPage, ("Veranstaltungen", "veranstaltungen"), ("Events", "events")),
}


class _ItemWriter(_Writer):
    """Creates, updates and unpublishes the imported places or events of one region, below its list page."""

    def __init__(
        self,
        kind: str,
        region: RegionPage,
        roots: dict[str, int],
        report: ImportReport,
        places: dict[tuple[str, int], int],
    ):
        self.kind = kind
        self.index_model, self.german_names, self.other_names = INDEX_PAGES[kind]
        self.model: type[PlacePage] | type[EventPage] = PlacePage if kind == "locations" else EventPage
        super().__init__(region, roots, report, self.model)
        self.places = places  # (language, Integreat location id) → live place page id, for events
        self.placed: dict[tuple[str, int], int] = {}  # (language, Integreat id) → page id
        self.german_categories: dict[int, PlaceCategory] = {}  # German Integreat id → its category
        self.german_places: dict[int, int | None] = {}  # German Integreat event id → its place page id
        self.index_key: uuid.UUID | None = None

    def write_language(self, item_file: ItemFile) -> None:
        language = item_file.language
        report = self.report.local_language(self.kind, language)
        index = self._index(language)
        for source in item_file.items:
            key = None
            if language != DEFAULT_LANGUAGE:
                key = self.german_keys[item_file.german_of[source.external_id]]
            fields = dict(source.fields)
            if self.kind == "locations":
                fields["category_id"] = self._category(item_file, source)
            else:
                fields["place_id"] = self._place(item_file, source)
            try:
                page, outcome = self._write(item_file, source, index, key, fields)
            except ValidationError as error:
                raise item_file.problem(_problem_of(error), source.external_id) from None
            if language == DEFAULT_LANGUAGE:
                self.german_keys[source.external_id] = page.translation_key
            self.placed[(language, source.external_id)] = page.pk
            self.seen.add(page.pk)
            setattr(report, outcome, getattr(report, outcome) + 1)
            if outcome != "unchanged":
                self.written.append(page.pk)

    def _index(self, language: str) -> Page:
        """The region's list page in this language: the one there is, or a new one (a translation of the German)."""
        root = RegionPage.objects.get(pk=self.roots[language])
        existing = self.index_model.objects.child_of(root).first()
        if existing is None:
            title, slug = self.german_names if language == DEFAULT_LANGUAGE else self.other_names
            holder = Page.objects.child_of(root).filter(slug=slug).first()
            if holder is not None:
                raise IntegreatImportError(
                    f"region {root.slug} ({language}): cannot create the list of {self.kind}: the slug {slug!r} is "
                    f"taken by page {holder.pk} ({holder.title!r}); rename or move that page"
                )
            existing = self.index_model(title=title, slug=slug, locale=self.locales[language])
            key = self.index_key
            if key is not None and not Page.objects.filter(translation_key=key, locale=existing.locale).exists():
                existing.translation_key = key
            root.add_child(instance=existing)
            existing.save_revision().publish()
        if language == DEFAULT_LANGUAGE:
            self.index_key = existing.translation_key
        return existing

    def _category(self, item_file: ItemFile, source: SourceItem) -> int | None:
        """German items name the category (found by name, or created); other languages name its translations."""
        if item_file.language == DEFAULT_LANGUAGE:
            if source.category is None:
                return None
            locale = self.locales[DEFAULT_LANGUAGE]
            category = PlaceCategory.objects.filter(locale=locale, name__iexact=source.category.name).first()
            if category is None:
                category = PlaceCategory.objects.create(
                    name=source.category.name, icon=source.category.icon, color=source.category.color, locale=locale
                )
            self.german_categories[source.external_id] = category
            return category.pk
        german = self.german_categories.get(item_file.german_of[source.external_id])
        if german is None:
            return None
        locale = self.locales[item_file.language]
        if source.category is not None and german.get_translation_or_none(locale) is None:
            translated = german.copy_for_translation(locale)
            translated.name = source.category.name
            translated.save()
        return german.pk

    def _place(self, item_file: ItemFile, source: SourceItem) -> int | None:
        """The imported place in the event's language; a translated event without one takes its German event's."""
        place = None
        if source.location_id is not None:
            place = self.places.get((item_file.language, source.location_id))
        if item_file.language == DEFAULT_LANGUAGE:
            self.german_places[source.external_id] = place
        elif place is None:
            place = self.german_places.get(item_file.german_of[source.external_id])
        return place

    def _write(
        self, item_file: ItemFile, source: SourceItem, index: Page, key: uuid.UUID | None, fields: dict
    ) -> tuple[Page, str]:
        locale = self.locales[item_file.language]
        body = _body(source.content)
        page_id = self.known.get((item_file.language, source.external_id))
        if page_id is None:
            self._free_slug(item_file, source, index, None)
            page = self.model(title=source.title, slug=source.slug, body=body, locale=locale, **fields)
            if key is not None:
                self._free_translation_key(item_file, source, locale, key, None)
                page.translation_key = key
            index.add_child(instance=page)
            page.save_revision(clean=False).publish()  # validated by add_child a moment ago
            ImportedPage.objects.create(page=page, external_id=source.external_id)
            _keep_dates(page, source.last_updated, first=True)
            return page, "created"
        changed = False
        page = Page.objects.get(pk=page_id)
        if page.path[: -Page.steplen] != index.path:  # moved away by an editor: back to the list
            self._free_slug(item_file, source, index, page.pk)
            if Page.objects.child_of(index).filter(slug=page.slug).exists():
                _rename(page.pk, _temporary_slug(f"{source.slug}-{page.pk}", index, page.get_parent()))
            Page.objects.get(pk=page_id).move(Page.objects.get(pk=index.pk), pos="last-child")
            changed = True
        elif page.slug != source.slug:
            self._free_slug(item_file, source, index, page.pk)
        if key is not None and page.translation_key != key:
            self._free_translation_key(item_file, source, locale, key, page.pk)
            Page.objects.filter(pk=page.pk).update(translation_key=key)
            changed = True
        specific = self.model.objects.get(pk=page_id)
        wanted = {"title": source.title, "slug": source.slug, "body": body, "live": True, **fields}
        if any(getattr(specific, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(specific, name, value)
            specific.save_revision().publish()
            changed = True
        if changed or specific.last_published_at != source.last_updated:
            _keep_dates(specific, source.last_updated, first=False)
        return specific, "updated" if changed else "unchanged"

    def _report(self, language: str) -> LanguageReport:
        return self.report.local_language(self.kind, language)

    def live_pages(self) -> dict[tuple[str, int], int]:
        """Every imported item that is live after this run, by (language, Integreat id)."""
        return _live({**self.known, **self.placed})


def _live(pages: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    live = set(Page.objects.filter(pk__in=pages.values(), live=True).values_list("pk", flat=True))
    return {key: page_id for key, page_id in pages.items() if page_id in live}


def _keep_dates(page: Page, last_updated: datetime | None, first: bool) -> None:
    """Show Integreat's date of the last change, not the date of the import."""
    if last_updated is None:
        return
    dates = {"last_published_at": last_updated}
    if first:
        dates["first_published_at"] = last_updated
    Page.objects.filter(pk=page.pk).update(**dates)


def _temporary_slug(base: str, *parents: Page) -> str:
    """A slug free under every given parent, for a page that has to give up its own for a while."""
    slug, number = base, 1
    while any(Page.objects.child_of(parent).filter(slug=slug).exists() for parent in parents):
        number += 1
        slug = f"{base}-{number}"
    return slug


def _rename(page_id: int, slug: str) -> None:
    """Change a page's slug in place (not through a revision): the import publishes its final slug later, or it is
    a page that left the dump and is unpublished."""
    page = Page.objects.get(pk=page_id)
    page.slug = slug
    page.save()


def _body(content: str) -> str:
    """Integreat's HTML as Wegweiser stores rich text: sanitised, without links left empty by dropped images."""
    return _EMPTY_LINK.sub(r"\1", sanitise_rich_text(content.replace("\r\n", "\n")))
