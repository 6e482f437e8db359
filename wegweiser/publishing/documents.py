"""The documents a region publishes, built from its live content.

Each document is plain JSON data. Field names follow the Integreat API v3, so that its apps read
them unchanged; Wegweiser's own additions (``external_id``, ``icon``, ``kind``, …) sit beside them.
Both APIs and the web app serve these documents; nothing on the read path queries the page tree.
"""

import hashlib
import html
import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from wegweiser.content.models import ImprintPage, TopicPage
from wegweiser.content.sharing import SharedText, shown_text
from wegweiser.integreat.models import external_ids
from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.languages import LANGUAGES, RTL, get_language
from wegweiser.regions.models import RegionPage

#: A stable number per language, as Integreat clients expect an ``id``.
LANGUAGE_IDS = {language.code: number for number, language in enumerate(LANGUAGES, start=1)}
NO_PARENT = {"id": 0, "url": None, "path": None}
_SPACES = re.compile(r"\s+")
_BLOCK_END = re.compile(r"(</(?:p|h\d|li|div|td|th|dd|dt|blockquote)>|<br\s*/?>)", re.IGNORECASE)


def language_data(code: str) -> dict:
    language = get_language(code)
    return {
        "id": LANGUAGE_IDS[code],
        "code": code,
        "bcp47_tag": language.bcp47_tag,
        "native_name": language.native_name,
        "english_name": language.english_name,
        "dir": "RIGHT_TO_LEFT" if language.direction == RTL else "LEFT_TO_RIGHT",
    }


def listed_regions():
    """Regions in the public list: every region that is not archived, hidden ones marked not live."""
    return (
        RegionPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .exclude(status=RegionPage.Status.ARCHIVED)
        .prefetch_related("towns", "languages")
        .order_by("title")
    )


def build_regions() -> list[dict]:
    return [region_data(region) for region in listed_regions()]


def region_data(region: RegionPage) -> dict:
    tree = LanguageTree.for_region(region)
    towns = list(region.towns.all())
    return {
        "id": region.id,
        "name": region.full_name,
        "path": region.slug,
        "live": region.status == RegionPage.Status.ACTIVE,
        "prefix": region.prefix,
        "name_without_prefix": region.title,
        "plz": region.postal_code_list[0] if region.postal_code_list else "",
        "postal_codes": region.postal_code_list,
        "kind": region.kind,
        "timezone": region.timezone,
        "extras": False,
        "events": region.events_enabled,
        "pois": region.places_enabled,
        "news": region.news_enabled,
        "contacts": False,
        "push_notifications": region.push_enabled,
        "tunews": False,
        "external_news": False,
        "is_chat_enabled": False,
        "zammad_privacy_policy": "",
        "latitude": region.latitude,
        "longitude": region.longitude,
        "bounding_box": bounding_box(region, towns),
        "aliases": {town.name: {"latitude": town.latitude, "longitude": town.longitude} for town in towns},
        "towns": [
            {"name": t.name, "postal_code": t.postal_code, "latitude": t.latitude, "longitude": t.longitude}
            for t in towns
        ],
        "languages": [language_data(code) for code in tree.visible_codes()],
        "enabled_languages": tree.enabled_codes(),
        "language_tree": {code: tree.source_of(code) for code in tree.enabled_codes()},
    }


def bounding_box(region: RegionPage, towns) -> list[list[float]]:
    """``[[lon_min, lat_min], [lon_max, lat_max]]``; Integreat's apps break without one, so one is always made."""
    if region.min_latitude is not None:
        return [[region.min_longitude, region.min_latitude], [region.max_longitude, region.max_latitude]]
    points = [(t.longitude, t.latitude) for t in towns]
    if region.latitude is not None:
        points.append((region.longitude, region.latitude))
    if not points:  # Germany, so that a map still opens somewhere sensible
        return [[5.87, 47.27], [15.04, 55.06]]
    margin = 0.05
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lons) - margin, min(lats) - margin], [max(lons) + margin, max(lats) + margin]]


@dataclass
class RegionInLanguage:
    """A region's copies in every language, to work out readers' paths of any page."""

    region: RegionPage
    language: str
    roots: dict[str, Page]  # language code → the region's live copy in that language
    #: Where a translation is missing, readers get the text in these languages instead (nearest source first);
    #: empty unless the region switched the fallback on.
    fallbacks: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, region: RegionPage, language: str) -> "RegionInLanguage | None":
        tree = LanguageTree.for_region(region)
        enabled = tree.enabled_codes()
        copies = (
            RegionPage.objects.live()
            .filter(translation_key=region.translation_key, locale__language_code__in=enabled)
            .select_related("locale")
        )
        roots = {copy.locale.language_code: copy for copy in copies}
        if language not in roots:
            return None
        fallbacks = []
        if region.fallback_to_source:
            fallbacks = [code for code in tree.path_to_root(language)[1:] if code in roots]
        return cls(region, language, roots, fallbacks)

    def in_language(self, language: str) -> "RegionInLanguage":
        """The same region in another of its languages (without fallbacks)."""
        return RegionInLanguage(self.region, language, self.roots)

    @property
    def root(self) -> Page:
        return self.roots[self.language]

    @cached_property
    def reachable_paths(self) -> set[str]:
        """Tree paths of the live pages readers can reach below the root; worked out once for all documents."""
        below = Page.objects.live().descendant_of(self.root).filter(locale__language_code=self.language)
        return {page.path for page in reachable(list(below.only("path")), self.root)}

    @property
    def timezone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.region.timezone)

    def path(self, url_path: str, language: str) -> str:
        below = url_path[len(self.roots[language].url_path) :]
        return f"/{self.region.slug}/{language}/{below}"

    def link(self, page_id: int, url_path: str, language: str) -> dict:
        path = self.path(url_path, language)
        return {"id": page_id, "url": absolute_url(path), "path": path}


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def reachable(pages: list[Page], root: Page) -> list[Page]:
    """Pages whose every ancestor below the root is in the list too (a page under an unpublished one is not)."""
    paths = {root.path}
    result = []
    for page in sorted(pages, key=lambda p: p.path):
        if page.path[: -Page.steplen] in paths:
            paths.add(page.path)
            result.append(page)
    return result


def other_languages(
    scope: RegionInLanguage, pages: list[Page], copies: QuerySet | None = None
) -> dict[object, dict[str, dict]]:
    """For each translation key: the page's live copies (or those of ``copies``, e.g. expired news for the
    archive) in the region's other languages, as links."""
    copies = (
        (Page.objects.live() if copies is None else copies)
        .filter(translation_key__in=[p.translation_key for p in pages], locale__language_code__in=list(scope.roots))
        .exclude(locale__language_code=scope.language)
        .values_list("id", "translation_key", "url_path", "locale__language_code")
        .order_by("locale__language_code")
    )
    result: dict[object, dict[str, dict]] = {}
    for page_id, key, url_path, code in copies:
        if url_path.startswith(scope.roots[code].url_path):
            result.setdefault(key, {})[code] = scope.link(page_id, url_path, code)
    return result


def page_data(
    page: Page,
    scope: RegionInLanguage,
    translations: dict,
    external: dict,
    parent: dict = NO_PARENT,
    order: int = 0,
) -> dict:
    """One page in Integreat's page shape, plus Wegweiser's fields.

    ``path`` is the page in the web app and the route Integreat's apps use: the tree path for topic
    pages, a fixed route for events, places, news and the imprint (``/<region>/<lang>/events/<slug>/``).
    """
    content = expand_db_html(page.body) if page.body else ""
    fallback = getattr(page, "fallback_language", None)
    if fallback:
        content = fallback_notice(scope.language, fallback) + shown_in(fallback, content)
    shared = shown_text(page, scope.language)
    if shared is not None:
        content += shared_content(shared, scope.language)
    published = page.last_published_at or page.latest_revision_created_at or datetime.now(UTC)
    own = reader_path(scope, page)
    organisation = getattr(page, "organisation", None)
    return {
        "id": page.id,
        "url": absolute_url(own),
        "path": own,
        "title": page.title,
        "modified_gmt": published.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "last_updated": published.astimezone(scope.timezone).isoformat(timespec="milliseconds"),
        "excerpt": excerpt(content),
        "content": content,
        "parent": parent,
        "order": order,
        "available_languages": translations.get(page.translation_key, {}),
        "thumbnail": None,
        "organization": organisation_data(organisation) if organisation else None,
        "hash": hashlib.md5(f"{page.title}\n{content}".encode(), usedforsecurity=False).hexdigest(),
        "embedded_offers": [],
        "slug_history": [],
        "external_id": external.get(page.id),
        "icon": getattr(page, "icon", "") or None,
        "language": scope.language,
        "fallback_language": fallback,
        "shared_from": shared_from(shared) if shared is not None else None,
    }


def fallback_notice(language: str, source: str) -> str:
    """A notice, in the reader's language, that the text below is in the language it is translated from."""
    with translation.override(language):
        text = _("This text is not translated into %(language)s yet. Here it is in %(source)s.") % {
            "language": get_language(language).native_name,
            "source": get_language(source).native_name,
        }
    return f'<p class="fallback-notice">{escape(text)}</p>'


def shared_content(shared: SharedText, language: str) -> str:
    """The text of a page of another region that a page shows, below the page's own text, with the region named
    (linked to the page in its own guide) and, where it is not translated into the reader's language, the notice."""
    with translation.override(language):
        source = escape(_("From the guide of %(region)s")) % {
            "region": f'<a href="{escape(absolute_url(shared.path))}">{escape(shared.region.full_name)}</a>'
        }
    text = expand_db_html(shared.page.body) if shared.page.body else ""
    if shared.language != language:
        text = fallback_notice(language, shared.language) + shown_in(shared.language, text)
    return f'<section class="shared-page"><p class="shared-source">{source}</p>{text}</section>'


def shared_from(shared: SharedText) -> dict:
    """Where the text of a page of another region comes from: Wegweiser's addition to the page document."""
    return {
        "id": shared.page.id,
        "title": shared.page.title,
        "region": shared.region.full_name,
        "region_path": shared.region.region_slug,
        "language": shared.language,
        "url": absolute_url(shared.path),
        "path": shared.path,
    }


def shown_in(language: str, content: str) -> str:
    """Content in another language than the document's, marked so that browsers and screen readers know."""
    direction = get_language(language).direction
    return f'<div lang="{get_language(language).bcp47_tag}" dir="{direction}">{content}</div>'


def reader_path(scope: RegionInLanguage, page: Page) -> str:
    route = getattr(page, "reader_route", None)
    if route:
        return f"/{scope.region.slug}/{scope.language}/" + route.format(slug=page.slug, id=page.id)
    return scope.path(page.url_path, scope.language)


def routed(scope: RegionInLanguage, route: str, translations: dict[str, dict]) -> dict[str, dict]:
    """``available_languages`` for kinds with a fixed route: ``route`` is formatted with each copy's slug and id."""
    result = {}
    for code, link in translations.items():
        slug = link["path"].rstrip("/").rsplit("/", 1)[-1]
        path = f"/{scope.region.slug}/{code}/" + route.format(slug=slug, id=link["id"])
        result[code] = {**link, "path": path, "url": absolute_url(path)}
    return result


def excerpt(content: str) -> str:
    """The plain text, with a space where a block ends ("…kostenlos.</p><p>So geht…" keeps its two words)."""
    return _SPACES.sub(" ", html.unescape(strip_tags(_BLOCK_END.sub(r"\1 ", content)))).strip()


def organisation_data(organisation) -> dict:
    logo = organisation.logo.get_rendition("max-128x128").url if organisation.logo else None
    return {
        "id": organisation.id,
        "slug": slugify(organisation.name),
        "name": organisation.name,
        "logo": absolute_url(logo) if logo and logo.startswith("/") else logo,
        "website": organisation.website,
    }


def live_below(scope: RegionInLanguage, model, *related: str) -> list:
    """The live pages of a kind that readers can reach in the region in the scope's language, in tree order."""
    return listed_below(scope, model.objects.live(), *related)


def listed_below(scope: RegionInLanguage, pages: QuerySet, *related: str) -> list:
    """The pages of a queryset in the region in the scope's language whose parent readers can reach, in tree
    order: for live pages, those readers can reach; for expired news, those the archive shows."""
    below = pages.descendant_of(scope.root).filter(locale__language_code=scope.language).select_related(*related)
    listed = scope.reachable_paths | {scope.root.path}
    return [page for page in below if page.path[: -Page.steplen] in listed]


def live_with_fallbacks(scope: RegionInLanguage, model, *related: str) -> list:
    """``live_below``, plus, where the region falls back, the items missing in the language in its source
    language (each marked with ``fallback_language``)."""
    return with_fallbacks(scope, model.objects.live(), *related)


def with_fallbacks(scope: RegionInLanguage, pages: QuerySet, *related: str) -> list:
    """``listed_below`` for the pages of a queryset, with the region's fallback as ``live_with_fallbacks``."""
    found = listed_below(scope, pages, *related)
    seen = {page.translation_key for page in found}
    for code in scope.fallbacks:
        for page in listed_below(scope.in_language(code), pages, *related):
            if page.translation_key not in seen:
                page.fallback_language = code
                seen.add(page.translation_key)
                found.append(page)
    return found


def build_pages(scope: RegionInLanguage) -> list[dict]:
    """Every live topic page of the region in one language, in tree order, with parent links."""
    if scope.fallbacks:
        return build_pages_with_fallbacks(scope)
    pages = reachable(live_below(scope, TopicPage, "organisation__logo"), scope.root)
    translations = other_languages(scope, pages)
    external = external_ids([p.id for p in pages])
    by_path = {page.path: page for page in pages}
    position: dict[str, int] = {}
    result = []
    for page in pages:
        parent_path = page.path[: -Page.steplen]
        parent_page = by_path.get(parent_path)
        parent = scope.link(parent_page.id, parent_page.url_path, scope.language) if parent_page else NO_PARENT
        position[parent_path] = position.get(parent_path, -1) + 1
        result.append(page_data(page, scope, translations, external, parent, position[parent_path]))
    return result


def build_pages_with_fallbacks(scope: RegionInLanguage) -> list[dict]:
    """The region's tree as it is in its own language, each page in the reader's language where it is
    translated and otherwise in the nearest source language; paths follow the pages shown."""
    chain = [scope.language, *scope.fallbacks]
    copies: dict[str, dict] = {}
    for code in chain:
        in_language = scope.in_language(code)
        below = TopicPage.objects.live().descendant_of(in_language.root).filter(locale__language_code=code)
        copies[code] = {page.translation_key: page for page in below.select_related("organisation__logo")}
    structure_root = scope.roots[chain[-1]]
    structure = TopicPage.objects.live().descendant_of(structure_root).filter(locale=structure_root.locale)
    shown: dict[str, tuple[Page, str]] = {}  # structure path → (page shown, its reader path)
    rows = []
    for page in structure.order_by("path").only("path", "translation_key"):
        parent_path = page.path[: -Page.steplen]
        if parent_path == structure_root.path:
            parent, base = None, f"/{scope.region.slug}/{scope.language}/"
        elif parent_path in shown:
            parent, base = shown[parent_path][0], shown[parent_path][1]
        else:
            continue  # its parent is not shown, so neither is it
        key = page.translation_key
        chosen = next((copies[code][key] for code in chain if key in copies[code]), None)
        if chosen is None:
            continue
        if chosen.locale_id != scope.root.locale_id:
            chosen.fallback_language = chosen.locale.language_code
        path = f"{base}{chosen.slug}/"
        shown[page.path] = (chosen, path)
        rows.append((chosen, path, parent, shown.get(parent_path, (None, None))[1]))
    translations = other_languages(scope, [row[0] for row in rows])
    external = external_ids([row[0].id for row in rows])
    position: dict[int | None, int] = {}
    result = []
    for chosen, path, parent, parent_reader_path in rows:
        link: dict = NO_PARENT
        if parent is not None and parent_reader_path is not None:
            link = {"id": parent.id, "url": absolute_url(parent_reader_path), "path": parent_reader_path}
        siblings = parent.id if parent else None
        position[siblings] = position.get(siblings, -1) + 1
        item = page_data(chosen, scope, translations, external, link, position[siblings])
        item.update(path=path, url=absolute_url(path))
        result.append(item)
    return result


def build_imprint(scope: RegionInLanguage) -> dict | None:
    imprint = ImprintPage.objects.live().child_of(scope.root).first()
    if imprint is None and scope.fallbacks:
        imprint = next(iter(live_with_fallbacks(scope, ImprintPage)), None)
    if imprint is None:
        return None
    item = page_data(imprint, scope, other_languages(scope, [imprint]), external_ids([imprint.id]))
    item["available_languages"] = routed(scope, ImprintPage.reader_route, item["available_languages"])
    return item
