#!/usr/bin/env python3
"""Generates a large installation: N regions × P pages × L languages, each region with events and places.

    .venv/bin/python bench/scale/generate.py --var /tmp/wegweiser-scale                 # 100 × 300 × 12
    .venv/bin/python bench/scale/generate.py --var /tmp/wegweiser-scale --regions 10    # the first 10 only
    DATABASE_URL=postgres://… .venv/bin/python bench/scale/generate.py --var DIR        # into PostgreSQL

``--regions`` is the number the installation should have: regions already there are kept, so 1, then 10, then
100 grows one database (what ``measure.py`` does). Each new region is made as an editor's work ends up: its root
page and list pages through Wagtail (so that it gets its groups, permissions and review workflow), then its topic
pages, events and places in every language written to the database in bulk — Wagtail's ``add_child`` would take
about 20 ms a page, two hours for 360,000 — and published: the region's snapshots and search entries are built
as the task worker builds them after publishing. Prints how long each step took.

The text is pseudo-text in each language's script (``api_bench.Words``), 2–4 KB of HTML a page. A page's title
and first paragraph are the same in every region (as when regions copy the template library), the rest is the
region's own; so search embeds the beginnings once (its cache) and not 360,000 times (see docs/scaling.md).
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from api_bench import SYLLABLES, Words, content_html, make_tree, slugify  # noqa: E402

#: The languages of a generated region, in this order (``--languages L`` takes the first L; German is the source).
LANGUAGES = ["de", "en", "ar", "uk", "fa", "tr", "ru", "fr", "ps", "ti", "ro", "pl"]
#: Syllables of the languages ``api_bench`` has none for.
MORE_SYLLABLES = {
    "ps": "د ښار کار کور ښون ځی ژبه نوم لیک روغ تیا بیمه ماشو م مرس ته په له ته او دا",
    "ti": "ከተ ማ ስራ ገዛ ቤት ትም ህር ቋን ቋ ምዝ ገባ ጥዕ ና ውሕ ስና ቆል ዑ ሓገ ዝ ናይ ኣብ ምስ",
    "ro": "o raș mun că lo cu in ță școa lă lim bă în scri e re să nă ta te a ju tor co pii de la",
    "pl": "mia sto pra ca miesz ka nie szko ła ję zyk re je stra cja zdro wie ubez pie cze dzie ci po moc",
}
STEMS = ["Linden", "Eichen", "Birken", "Wald", "See", "Rosen", "Stein", "Mühl", "Kirch", "Buchen"]
SUFFIXES = ["au", "feld", "bach", "dorf", "stadt", "hausen", "heim", "berg", "tal", "burg"]
PREFIXES = ["", "Neu", "Alt", "Ober", "Nieder", "Groß", "Klein", "Hohen", "Mittel", "Unter"]
RULES = [
    "FREQ=WEEKLY;BYDAY=TU",
    "FREQ=WEEKLY;BYDAY=SA",
    "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
]
HOURS: list[dict] = [
    {"Mo-Fr": ["08:00-12:00"], "Th": ["14:00-18:00"]},
    {"Mo-Th": ["09:00-16:00"], "Fr": ["09:00-12:00"]},
    {"Tu-Sa": ["10:00-19:00"]},
    {"Mo-Fr": ["08:30-12:30", "13:30-16:00"], "We": "appointment"},
]


def region_name(number: int) -> str:
    """A German-looking town name, different for each number (up to 1,000)."""
    stem, suffix, prefix = STEMS[number % 10], SUFFIXES[number // 10 % 10], PREFIXES[number // 100 % 10]
    return f"{prefix}{stem.lower() if prefix else stem}{suffix}"


@dataclass
class Texts:
    """Pseudo-text of one region in one language: beginnings shared by all regions, the rest the region's own."""

    language: str
    seed: int
    region: int
    shared: Words = field(init=False)
    own: Words = field(init=False)

    def __post_init__(self):
        # The same vocabulary in every region (one language's words), drawn by two random sources.
        self.shared = Words(self.language, random.Random(f"{self.seed}:{self.language}"))
        self.own = copy.copy(self.shared)
        self.own.rng = random.Random(f"{self.seed}:{self.language}:{self.region}")

    def item(self, kind: str, index: int) -> tuple[str, str]:
        """Title and HTML of the ``index``-th item of a kind: the title and first paragraph shared, the rest own."""
        self.shared.rng.seed(f"{self.seed}:{self.language}:{kind}:{index}")
        title = self.shared.phrase(1, 4)
        first = f"<p>{' '.join(self.shared.sentence() for _ in range(8))}</p>"
        # Events and places have shorter descriptions than pages.
        rest = content_html(self.own, self.own.rng) if kind == "page" else f"<p>{self.own.paragraph()}</p>"
        return title[:200], first + "\n" + rest


def setup_django(var: Path) -> None:
    """Django with the development settings on ``var`` (the database there unless ``DATABASE_URL`` is set)."""
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings.dev")
    os.environ["WEGWEISER_VAR_DIR"] = str(var)
    os.environ.setdefault("SNAPSHOT_ROOT", str(var / "published"))
    os.environ.setdefault("MEDIA_ROOT", str(var / "media"))
    import django

    django.setup()


def generate(regions: int, pages: int, languages: int, events: int, places: int, seed: int = 1, out=print) -> dict:
    """Add regions until there are ``regions`` generated ones; returns counts and seconds per step."""
    from django.conf import settings
    from django.test.utils import override_settings

    from wegweiser.regions.models import RegionPage

    codes = LANGUAGES[:languages]
    for code in codes:
        SYLLABLES.setdefault(code, MORE_SYLLABLES.get(code, ""))
    existing = RegionPage.objects.filter(slug__startswith="scale-", locale__language_code=settings.LANGUAGE_CODE)
    have = existing.count()
    figures = {"regions_before": have, "regions_added": 0, "page_rows": 0, "create_s": 0.0, "publish_s": 0.0}
    # Publishing is done here, region by region, as the worker would; nothing is queued for a worker.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        shared = shared_categories(codes, seed)
        for number in range(have, regions):
            started = time.perf_counter()
            region, rows = create_region(number, codes, pages, events, places, shared, seed)
            created = time.perf_counter()
            publish(region)
            done = time.perf_counter()
            figures["regions_added"] += 1
            figures["page_rows"] += rows
            figures["create_s"] += created - started
            figures["publish_s"] += done - created
            out(
                f"  region {number + 1}/{regions} {region.slug}: {rows} pages written in {created - started:.1f} s, "
                f"published (snapshots, search) in {done - created:.1f} s"
            )
    return figures


def shared_categories(codes: list[str], seed: int) -> dict[str, dict[str, list]]:
    """Place and event categories, shared by all regions, named in every language (made once)."""
    from wagtail.models import Locale

    from wegweiser.events.models import EventCategory
    from wegweiser.places.models import PlaceCategory

    found = {}
    for name, model, count in (("places", PlaceCategory, 6), ("events", EventCategory, 4)):
        german = list(model.objects.filter(locale__language_code="de").order_by("pk")[:count])
        for index in range(len(german), count):
            words = Words("de", random.Random(f"{seed}:category:{name}:{index}"))
            extra = {"icon": "", "color": ""} if model is PlaceCategory else {}
            german.append(model.objects.create(name=words.phrase(1, 2), locale=Locale.get_default(), **extra))
        by_language = {}
        for code in codes:
            locale = Locale.objects.get(language_code=code)
            copies = []
            for index, category in enumerate(german):
                copy = category.get_translation_or_none(locale)
                if copy is None:
                    copy = category.copy_for_translation(locale)
                    copy.name = Words(code, random.Random(f"{seed}:category:{name}:{index}")).phrase(1, 2)
                    copy.save()
                copies.append(copy)
            by_language[code] = copies
        found[name] = by_language
    return found


def create_region(number, codes, pages, events, places, shared, seed):
    """One region with its copies, lists, topic pages, events and places in every language; returns (region, rows)."""
    from django.db import transaction
    from wagtail.models import Locale, Page

    from wegweiser.events.models import EventIndexPage
    from wegweiser.organisations.models import Organisation
    from wegweiser.places.models import PlaceIndexPage
    from wegweiser.regions.models import RegionAlias, RegionLanguage, RegionPage
    from wegweiser.regions.tenancy import setup_region

    rng = random.Random(f"{seed}:region:{number}")
    name = region_name(number)
    latitude, longitude = 47.6 + (number % 25) * 0.2, 7.6 + (number // 25 % 25) * 0.25
    with transaction.atomic(), groups_set_up_once():
        region = RegionPage(
            title=name,
            slug=f"scale-{number + 1:03d}-{slugify(name)}",
            prefix="Stadt" if number % 3 else "Landkreis",
            kind=RegionPage.Kind.CITY if number % 3 else RegionPage.Kind.DISTRICT,
            postal_codes=f"{70000 + number * 10}",
            latitude=latitude,
            longitude=longitude,
            locale=Locale.objects.get(language_code="de"),
        )
        region.towns = [
            RegionAlias(
                name=f"{name}-{part}", postal_code=f"{70001 + at}", latitude=latitude + at / 100, longitude=longitude
            )
            for at, part in enumerate(("Nord", "Süd"))
        ]
        region.languages = [
            RegionLanguage(language=code, source_language="" if code == "de" else "de") for code in codes
        ]
        Page.get_first_root_node().add_child(instance=region)
        region.save_revision().publish()
        lists = {}
        for model, title in ((EventIndexPage, "Veranstaltungen"), (PlaceIndexPage, "Orte")):
            index = model(title=title, slug=slugify(title))
            region.add_child(instance=index)
            index.save_revision().publish()
            lists[model] = index
        copies, list_copies = {"de": region}, {"de": lists}
        for code in codes[1:]:
            locale = Locale.objects.get(language_code=code)
            copy = region.copy_for_translation(locale, copy_parents=False)
            copy.slug = f"{region.slug}-{code}"
            copy.save()
            copy.save_revision().publish()
            copies[code] = copy
            list_copies[code] = {}
            for model, index in lists.items():
                translated = index.copy_for_translation(locale, copy_parents=False)
                translated.save_revision().publish()
                list_copies[code][model] = translated
        organisations = [
            Organisation.objects.create(region=region, name=f"{kind} {name}")
            for kind in ("Stadtverwaltung", "Caritas", "Diakonie", "Jobcenter", "Volkshochschule")
        ]
        setup_region(region)
        tree = make_tree(pages, random.Random(f"{seed}:tree:{pages}"))
        keys = [uuid.uuid4() for _ in range(pages)]
        event_keys, place_keys = [uuid.uuid4() for _ in range(events)], [uuid.uuid4() for _ in range(places)]
        zone = ZoneInfo(region.timezone)
        today = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        rows = 0
        for code in codes:
            texts = Texts(code, seed, number)
            rows += add_topics(copies[code], tree, keys, texts, organisations, rng)
            place_pages = add_places(list_copies[code][PlaceIndexPage], place_keys, texts, shared, region, rng)
            rows += len(place_pages)
            rows += add_events(list_copies[code][EventIndexPage], event_keys, texts, shared, place_pages, today, rng)
    return region, rows


@contextmanager
def groups_set_up_once():
    """Without the receivers that set up a region's groups after each new copy and list (2 s each, 24 times for a
    region in 12 languages): ``create_region`` sets them up once, with all copies and lists there."""
    from django.db.models.signals import post_save

    from wegweiser.events.models import EventIndexPage
    from wegweiser.regions.models import RegionPage
    from wegweiser.regions.signals import give_event_managers_the_new_list, give_region_its_groups

    receivers = [(give_region_its_groups, RegionPage), (give_event_managers_the_new_list, EventIndexPage)]
    for receiver, sender in receivers:
        post_save.disconnect(receiver, sender=sender)
    try:
        yield
    finally:
        for receiver, sender in receivers:
            post_save.connect(receiver, sender=sender)


def add_topics(root, tree, keys, texts, organisations, rng) -> int:
    from wegweiser.content.models import TopicPage

    nodes: list[Node] = []
    for index, parent in enumerate(tree):
        title, body = texts.item("page", index)
        page = TopicPage(
            title=title,
            slug=slugify(title)[:60] or f"seite-{index}",
            body=body,
            organisation=rng.choice(organisations) if rng.random() < 0.4 else None,
            translation_key=keys[index],
        )
        nodes.append(Node(page, None if parent is None else nodes[parent]))
    insert_pages(root, nodes)
    return len(nodes)


def add_places(index_page, keys, texts, shared, region, rng) -> list:
    from wegweiser.demo.loading import opening_hours
    from wegweiser.places.models import PlacePage

    categories = shared["places"][index_page.locale.language_code]
    nodes = []
    for number, key in enumerate(keys):
        title, body = texts.item("place", number)
        place = PlacePage(
            title=title,
            slug=slugify(title)[:60] or f"ort-{number}",
            body=body,
            category=categories[number % len(categories)],
            address=f"{texts.shared.phrase(1, 2)}straße {number + 1}",
            postcode=region.postal_codes,
            town=region.title,
            latitude=region.latitude + (number % 7 - 3) * 0.004,
            longitude=region.longitude + (number % 5 - 2) * 0.006,
            phone=f"+49 7151 {200 + number} {10 + number % 90}",
            website=f"https://www.{region.slug}.example/ort-{number}",
            opening_hours=opening_hours(HOURS[number % len(HOURS)], region.timezone),
            barrier_free=number % 3 == 0,
            translation_key=key,
        )
        nodes.append(Node(place, None))
    insert_pages(index_page, nodes)
    return [node.page for node in nodes]


def add_events(index_page, keys, texts, shared, places, today, rng) -> int:
    from wegweiser.events.models import EventPage

    categories = shared["events"][index_page.locale.language_code]
    nodes = []
    for number, key in enumerate(keys):
        title, body = texts.item("event", number)
        start = today + timedelta(days=number * 2 % 60, hours=9 + number % 10)
        nodes.append(
            Node(
                EventPage(
                    title=title,
                    slug=slugify(title)[:60] or f"termin-{number}",
                    body=body,
                    start=start,
                    end=start + timedelta(hours=2),
                    recurrence_rule=RULES[number // 4 % len(RULES)] if number % 4 == 0 else "",
                    category=categories[number % len(categories)],
                    place=places[number % len(places)] if places else None,
                    translation_key=key,
                ),
                None,
            )
        )
    insert_pages(index_page, nodes)
    return len(nodes)


@dataclass
class Node:
    page: Any  # a page of a Wagtail page model, not saved yet
    parent: Node | None
    children: int = 0


def insert_pages(root, nodes: list[Node]) -> None:
    """Write pages below ``root`` (each node's parent before it) as live pages, in bulk.

    What ``add_child`` and publishing set: the tree path, depth and child count, the URL path, the locale and the
    publishing dates. Django cannot bulk-create a model with a parent table, so the page rows are bulk-created
    and then the rows of the page type's own table inserted beside them (``QuerySet._insert``, as bulk_create
    does for a model without one)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page

    now = timezone.now()
    root.refresh_from_db(fields=["path", "depth", "numchild", "url_path", "locale"])  # add_child elsewhere changed it
    used: dict[int, set[str]] = {}
    for node in nodes:
        parent_path, parent_depth, parent_url = (
            (root.path, root.depth, root.url_path)
            if node.parent is None
            else (node.parent.page.path, node.parent.page.depth, node.parent.page.url_path)
        )
        siblings = used.setdefault(id(node.parent), set())
        page = node.page
        while page.slug in siblings:
            page.slug += "-2"
        siblings.add(page.slug)
        if node.parent is not None:
            node.parent.children += 1
            step = node.parent.children
        else:
            root.numchild += 1
            step = root.numchild
        page.depth = parent_depth + 1
        page.path = Page._get_path(parent_path, page.depth, step)
        page.url_path = f"{parent_url}{page.slug}/"
        page.locale_id = root.locale_id
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = now
        page.content_type = ContentType.objects.get_for_model(page)
    for node in nodes:
        node.page.numchild = node.children
    if not nodes:
        return
    model = type(nodes[0].page)
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    rows = [Page(**{f.attname: getattr(node.page, f.attname) for f in base_fields}) for node in nodes]
    Page.objects.bulk_create(rows, batch_size=500)
    for node, row in zip(nodes, rows, strict=True):
        node.page.pk = node.page.page_ptr_id = row.pk
    own_fields = model._meta.local_concrete_fields
    batch = connection.ops.bulk_batch_size(own_fields, nodes) or len(nodes)
    for start in range(0, len(nodes), batch):
        chunk = [node.page for node in nodes[start : start + batch]]
        model._base_manager._insert(chunk, fields=own_fields, using="default")
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild)


def publish(region) -> None:
    """What the task worker does after publishing: the region list, and the region's documents in every language."""
    from wegweiser.publishing import snapshots

    snapshots.rebuild_region_list()
    snapshots.rebuild_region(region)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var", type=Path, required=True, help="directory for the SQLite database and snapshots")
    parser.add_argument("--regions", type=int, default=100, help="regions the installation should have (100)")
    parser.add_argument("--pages", type=int, default=300, help="topic pages per region and language (300)")
    parser.add_argument("--languages", type=int, default=12, help=f"languages per region, 1–{len(LANGUAGES)} (12)")
    parser.add_argument("--events", type=int, default=40, help="events per region and language (40)")
    parser.add_argument("--places", type=int, default=30, help="places per region and language (30)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.languages <= len(LANGUAGES):
        parser.error(f"--languages must be between 1 and {len(LANGUAGES)}")
    if args.regions < 1 or args.regions > 1000:
        parser.error("--regions must be between 1 and 1000")
    for name in ("pages", "events", "places"):
        if getattr(args, name) < 0:
            parser.error(f"--{name} must not be negative")
    return args


def main(argv=None) -> int:
    args = parse_arguments(argv)
    setup_django(args.var)
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    print(f"database ready in {migrated - started:.1f} s")
    figures = generate(args.regions, args.pages, args.languages, args.events, args.places, args.seed)
    total = time.perf_counter() - migrated
    translations = figures["page_rows"]
    print(
        f"{figures['regions_added']} regions added to {figures['regions_before']} "
        f"({translations} page translations: topics, events, places) in {total:.0f} s: "
        f"writing {figures['create_s']:.0f} s, publishing {figures['publish_s']:.0f} s"
        + (f"; {translations / total:.0f} page translations/s" if total and translations else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
