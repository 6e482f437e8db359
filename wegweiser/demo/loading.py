"""Loading the demo regions from the JSON files under ``content/`` (format: content/FORMAT.md).

German pages are written as pages; every other language is a wagtail-localize translation whose
strings are filled in segment by segment, exactly as a translator would, so the demo shows the
real translation workflow. Leichte Sprache is a rewrite, so it is an ordinary page in its locale.
"""

import copy
import json
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dateutil.rrule import rrulestr
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import String, StringTranslation, Translation, TranslationContext, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from wegweiser.contacts.models import Contact
from wegweiser.contacts.rich_text import embed_html
from wegweiser.contacts.translating import translate_contact
from wegweiser.content.demo import share_demo_content
from wegweiser.content.models import ImprintPage, TopicPage
from wegweiser.events.models import EventCategory, EventIndexPage, EventPage
from wegweiser.news.models import NewsIndexPage, NewsPage
from wegweiser.news.schedule import expire_translations
from wegweiser.organisations.demo import ensure_demo_partners
from wegweiser.organisations.models import Organisation
from wegweiser.places.models import PlaceCategory, PlaceIndexPage, PlacePage
from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionAlias, RegionLanguage, RegionPage, RegionRole
from wegweiser.regions.tenancy import setup_region
from wegweiser.reviews.demo import give_review_dates
from wegweiser.translation import segments

from .logos import give_logo

CONTENT_DIR = Path(__file__).parent / "content"
DEMO_REGIONS = ("musterstadt", "musterland")
DEMO_PASSWORD = "wegweiser-demo"
#: Places, events and news of a region, with their text in every language inline.
LOCAL_FILE = "local"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
#: Languages written as their own text rather than translated segment by segment.
REWRITTEN_LANGUAGES = {"de-si"}


class DemoContentError(ValueError):
    """The demo files are inconsistent; the message names the file and page."""


@dataclass
class LoadedRegion:
    region: RegionPage
    created: bool
    pages: int = 0
    translations: int = 0


def blocks_to_html(blocks: list[dict]) -> str:
    parts = []
    for block in blocks:
        if block["type"] == "ul":
            parts.append("<ul>" + "".join(f"<li>{item}</li>" for item in block["items"]) + "</ul>")
        elif block["type"] in {"p", "h2", "h3"}:
            parts.append(f"<{block['type']}>{block['text']}</{block['type']}>")
        else:
            raise DemoContentError(f"Unknown block type {block['type']!r}")
    return "".join(parts)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DemoContentError(f"{path}: {error}") from error


def _walk(pages: list[dict], parent_key: str | None = None):
    for page in pages:
        yield page, parent_key
        yield from _walk(page.get("children", []), page["key"])


def load_region(slug: str, owner=None) -> LoadedRegion:
    """Create the demo region ``slug`` with its pages and translations, unless it exists already."""
    directory = CONTENT_DIR / slug
    structure = _read_json(directory / "structure.json")
    existing = RegionPage.objects.filter(slug=slug, locale__language_code=DEFAULT_LANGUAGE).first()
    if existing is not None:
        return LoadedRegion(existing, created=False)
    texts = {
        path.stem: _read_json(path)
        for path in sorted(directory.glob("*.json"))
        if path.stem not in ("structure", LOCAL_FILE)
    }
    if DEFAULT_LANGUAGE not in texts:
        raise DemoContentError(f"{directory}: no {DEFAULT_LANGUAGE}.json")
    with transaction.atomic():
        region = _create_region(structure["region"])
        organisations = {
            key: Organisation.objects.create(region=region, name=value["name"], website=value.get("website", ""))
            for key, value in structure["organisations"].items()
        }
        result = LoadedRegion(region, created=True)
        german = texts[DEFAULT_LANGUAGE]
        pages: dict[str, Page] = {}
        # The imprint is a page of its own kind beside the topics, translated like them.
        specs = list(_walk(structure["pages"]))
        if "imprint" in structure:
            specs.append((structure["imprint"], None))
        for spec, parent_key in specs:
            text = german.get(spec["key"])
            if text is None:
                raise DemoContentError(f"{directory}/{DEFAULT_LANGUAGE}.json: no text for page {spec['key']!r}")
            parent = pages[parent_key] if parent_key else region
            fields = {"title": text["title"], "slug": spec["slug_de"], "body": blocks_to_html(text["blocks"])}
            if spec is structure.get("imprint"):
                page = ImprintPage(**fields)
            else:
                organisation = organisations.get(spec.get("organisation") or "")
                page = TopicPage(**fields, icon=spec.get("icon", ""), organisation=organisation)
            pages[spec["key"]] = _add(parent, page, owner)
            result.pages += 1
        local_path = directory / f"{LOCAL_FILE}.json"
        local = _read_json(local_path) if local_path.exists() else None
        cards: dict[str, str] = {}
        if local is not None:
            items = create_local(region, local, organisations, owner)
            cards = add_contact_cards(pages, local.get("contact_cards", {}), items.contacts, owner)
        sources = {code: source or None for code, source in structure["region"]["languages"]}
        for language, by_key in sorted(texts.items(), key=lambda item: _depth(sources, item[0])):
            if language == DEFAULT_LANGUAGE:
                continue
            locale = Locale.objects.get(language_code=language)
            prefix = structure["region"].get("prefix_translations", {}).get(language, region.prefix)
            region_fields = {"title": region.title, "slug": f"{slug}-{language}", "prefix": prefix}
            if language in REWRITTEN_LANGUAGES:
                _rewrite(region, locale, region_fields, owner)
            else:
                _translate(region, locale, region_fields, owner)
            for spec, _parent in specs:
                text = by_key.get(spec["key"])
                if text is None:
                    continue
                body = blocks_to_html(text["blocks"]) + cards.get(spec["key"], "")
                fields = {"title": text["title"], "slug": spec["slug_en"], "body": body}
                if language in REWRITTEN_LANGUAGES:
                    _rewrite(pages[spec["key"]], locale, {**fields, "slug": spec["slug_de"]}, owner)
                else:
                    try:
                        _translate(_in_source_language(pages[spec["key"]], sources, language), locale, fields, owner)
                    except DemoContentError as error:
                        raise DemoContentError(f"{directory}/{language}.json, page {spec['key']!r}: {error}") from None
                result.translations += 1
        if local is not None:
            translate_local(region, local, items, owner)
            expire_news(items)
        setup_region(region)
        give_review_dates(region)
        give_logo(region)
    return result


@dataclass
class LocalItems:
    """A region's lists, places, events, news and contacts in German, by their key in ``local.json``."""

    lists: dict[str, Page]
    places: dict[str, PlacePage]
    events: list[tuple[dict, Page]]
    news: list[tuple[dict, Page]]
    contacts: dict[str, tuple[dict, Contact]]


def create_local(region: RegionPage, local: dict, organisations: dict, owner) -> LocalItems:
    """Places, events, news and contacts in German; ``translate_local`` translates them."""
    lists = {
        kind: _add(region, model(title=names[DEFAULT_LANGUAGE][0], slug=names[DEFAULT_LANGUAGE][1]), owner)
        for kind, model in [("places", PlaceIndexPage), ("events", EventIndexPage), ("news", NewsIndexPage)]
        if (names := local["lists"].get(kind))
    }
    categories = {
        key: _shared_category(PlaceCategory, spec["name"], icon=spec["icon"], color=spec["color"])
        for key, spec in local.get("categories", {}).items()
    }
    event_categories = {
        key: _shared_category(EventCategory, spec["name"]) for key, spec in local.get("event_categories", {}).items()
    }
    today = timezone.localdate()
    zone = zoneinfo.ZoneInfo(region.timezone)
    places = {}
    for spec in local.get("places", []):
        place = PlacePage(
            **_local_fields(spec, DEFAULT_LANGUAGE),
            category=categories[spec["category"]],
            organisation=organisations.get(spec["organisation"]),
            address=spec["address"],
            postcode=spec["postcode"],
            town=spec["town"],
            latitude=spec["latitude"],
            longitude=spec["longitude"],
            phone=spec["phone"],
            email=spec["email"],
            website=spec["website"],
            appointment_url=spec["appointment_url"],
            barrier_free=spec["barrier_free"],
            opening_hours=opening_hours(spec["hours"], region.timezone),
            opening_exceptions=[
                opening_exception(exception, today, region.timezone, DEFAULT_LANGUAGE)
                for exception in spec.get("exceptions", [])
            ],
            closed_on_public_holidays=spec.get("closed_on_public_holidays", True),
            temporarily_closed=spec.get("temporarily_closed", False),
            import_key=spec["key"],
        )
        places[spec["key"]] = _add(lists["places"], place, owner)
    events = []
    for spec in local.get("events", []):
        day = event_start_day(spec, today)
        if spec.get("all_day"):
            start = datetime.combine(day, time.min, zone)
            end = datetime.combine(day, time.max, zone)
        else:
            start = datetime.combine(day, time.fromisoformat(spec["time"]), zone)
            end = start + timedelta(hours=spec["hours"])
        event = EventPage(
            **_local_fields(spec, DEFAULT_LANGUAGE),
            start=start,
            end=end,
            all_day=spec.get("all_day", False),
            recurrence_rule=spec["rule"],
            exception_dates=[d.isoformat() for d in skipped_dates(spec["rule"], start, spec.get("skip", []))],
            category=event_categories.get(spec.get("category", "")),
            place=places.get(spec["place"]),
            meeting_url=spec.get("meeting_url", ""),
        )
        events.append((spec, _add(lists["events"], event, owner)))
    news = []
    for spec in local.get("news", []):
        item = NewsPage(**_local_fields(spec, DEFAULT_LANGUAGE))
        if "go_live_in_days" in spec:  # scheduled: Wagtail publishes it then (German only, so not translated)
            news.append((spec, _schedule(lists["news"], item, owner, timedelta(days=spec["go_live_in_days"]))))
        else:
            news.append((spec, _add(lists["news"], item, owner)))
    contacts = {}
    for spec in local.get("contacts", []):
        name = spec["name"] if isinstance(spec["name"], str) else spec["name"][DEFAULT_LANGUAGE]
        contact = Contact.objects.create(
            region=region,
            locale=_locale(DEFAULT_LANGUAGE),
            kind=spec["kind"],
            name=name,
            area=spec["area"][DEFAULT_LANGUAGE],
            phone=spec["phone"],
            mobile=spec["mobile"],
            email=spec["email"],
            website=spec["website"],
            appointment_url=spec["appointment_url"],
            opening_hours=opening_hours(spec["hours"], region.timezone) if spec["hours"] else None,
            place=places.get(spec["place"]),
            organisation=organisations.get(spec["organisation"]),
        )
        contacts[spec["key"]] = (spec, contact)
    return LocalItems(lists, places, events, news, contacts)


def add_contact_cards(pages: dict[str, Page], cards: dict[str, list[str]], contacts: dict, owner) -> dict[str, str]:
    """Contact cards at the end of German topic pages; returns each page's cards, for its translations."""
    html = {
        key: "".join(embed_html(contacts[contact_key][1].pk) for contact_key in contact_keys)
        for key, contact_keys in cards.items()
    }
    for key, embeds in html.items():
        page = pages[key]
        page.body += embeds
        page.save_revision(user=owner).publish()
    return html


def translate_local(region: RegionPage, local: dict, items: LocalItems, owner) -> None:
    """Everything of ``create_local`` in the languages the file gives, each from its source language."""
    # The lists and places first, so that events can point at places in the same language.
    sources = {row.language: row.source_language or None for row in region.languages.all()}
    languages = {code for names in local["lists"].values() for code in names} - {DEFAULT_LANGUAGE}
    for language in sorted(languages, key=lambda code: (_depth(sources, code), code)):
        locale = _locale(language)
        for kind, page in items.lists.items():
            title, slug = local["lists"][kind][language]
            _translate(_in_source_language(page, sources, language), locale, {"title": title, "slug": slug}, owner)
        places = [(spec, items.places[spec["key"]]) for spec in local.get("places", [])]
        for spec, page in [*places, *items.events, *items.news]:
            if language in spec["title"]:
                source = _in_source_language(page, sources, language)
                _translate(source, locale, _local_fields(spec, language), owner)
        for spec, contact in items.contacts.values():
            texts = {"area": spec["area"][language]}
            if isinstance(spec["name"], dict):
                texts["name"] = spec["name"][language]
            translate_contact(contact, language, texts, owner)


def _shared_category(model, names: dict[str, str], **data):
    """A category all regions share (found by its German name), with its name in every language given."""
    category = model.objects.filter(name=names[DEFAULT_LANGUAGE], locale__language_code=DEFAULT_LANGUAGE).first()
    if category is None:
        category = model.objects.create(name=names[DEFAULT_LANGUAGE], locale=_locale(DEFAULT_LANGUAGE), **data)
    for language, name in names.items():
        if language != DEFAULT_LANGUAGE and category.get_translation_or_none(_locale(language)) is None:
            translated = category.copy_for_translation(_locale(language))
            translated.name = name
            translated.save()
    return category


def _depth(sources: dict[str, str | None], language: str) -> int:
    """How far a language is from the region's own language in the language tree (German 0, English 1, Persian 2)."""
    depth = 0
    while (language := sources.get(language) or "") and depth < len(sources):
        depth += 1
    return depth


def _in_source_language(page: Page, sources: dict[str, str | None], language: str) -> Page:
    """The page in the language ``language`` is translated from, as the region's language tree says."""
    source = sources.get(language) or DEFAULT_LANGUAGE
    return page if source == page.locale.language_code else page.get_translation(_locale(source)).specific


def _locale(language: str) -> Locale:
    return Locale.objects.get(language_code=language)


def _add(parent: Page, page: Page, owner) -> Page:
    page.owner = owner
    parent.add_child(instance=page)
    page.save_revision(user=owner).publish()
    return page


def _schedule(parent: Page, page: Page, owner, after: timedelta) -> Page:
    """Add the page unpublished, with a revision Wagtail publishes ``after`` from now (its "Set schedule")."""
    page.owner, page.live = owner, False
    parent.add_child(instance=page)
    page.go_live_at = timezone.now() + after
    page.save_revision(user=owner).publish()
    return page


def expire_news(items: "LocalItems") -> None:
    """News marked ``expired_days_ago`` expire as Wagtail's schedule expires them, into the region's archive."""
    for spec, item in items.news:
        if "expired_days_ago" not in spec:
            continue
        expired_at = timezone.now() - timedelta(days=spec["expired_days_ago"])
        NewsPage.objects.filter(translation_key=item.translation_key).update(
            first_published_at=expired_at - timedelta(days=14)
        )
        item.refresh_from_db()
        item.expire_at = expired_at
        item.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        expire_translations({item.translation_key})


def link_news_between_regions(slugs) -> None:
    """Regions that show other regions' news (``news_from`` in structure.json), and the items those send them
    (``also_in`` in local.json). Run once every demo region exists; leaves what is set as it is."""
    regions = {region.slug: region for region in RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE)}
    for slug in slugs:
        directory = CONTENT_DIR / slug
        senders = _read_json(directory / "structure.json")["region"].get("news_from", [])
        wanted = [regions[other] for other in senders if other in regions]
        region = regions[slug]
        if wanted and set(region.news_from.all()) != set(wanted):
            region.news_from.set(wanted)
            region.save_revision().publish()
        local_path = directory / f"{LOCAL_FILE}.json"
        for spec in _read_json(local_path).get("news", []) if local_path.exists() else []:
            receivers = [regions[other] for other in spec.get("also_in", []) if other in regions]
            item = NewsPage.objects.filter(slug=spec["slug"]["de"], locale__language_code=DEFAULT_LANGUAGE).first()
            if receivers and item is not None and set(item.also_in_regions.all()) != set(receivers):
                item.also_in_regions.set(receivers)
                item.save_revision().publish()
    share_demo_content()  # wegweiser/content/demo.py: a page shown in another region, templates offered


def _local_fields(spec: dict, language: str) -> dict:
    slug = spec["slug"]["de"] if language == DEFAULT_LANGUAGE else spec["slug"]["en"]
    return {"title": spec["title"][language], "slug": slug, "body": f"<p>{spec['text'][language]}</p>"}


def next_weekday(today: date, weekday: str) -> date:
    """The next day (from tomorrow) matching ``TU``, or for ``-1FR`` the last Friday of this or next month."""
    if weekday.startswith("-1"):
        target = WEEKDAYS.index(weekday[2:])
        for month_offset in (0, 1, 2):
            first_next = (today.replace(day=1) + timedelta(days=32 * (month_offset + 1))).replace(day=1)
            last = first_next - timedelta(days=1)
            candidate = last - timedelta(days=(last.weekday() - target) % 7)
            if candidate > today:
                return candidate
    target = WEEKDAYS.index(weekday)
    return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)


def opening_hours(spec: dict, timezone_name: str = "Europe/Berlin") -> list[dict]:
    """``{"Mo-Fr": ["08:00-12:00"], "We": "appointment", "Sa": "all-day"}`` → seven days in Integreat's shape."""
    names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    days: list[dict] = [{"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []} for _ in names]
    for span, slots in spec.items():
        first, _, last = span.partition("-")
        for index in range(names.index(first), names.index(last or first) + 1):
            day = days[index]
            day["closed"] = False
            if slots == "appointment":
                day["appointmentOnly"] = True
            elif slots == "all-day":
                day["allDay"] = True
            else:
                day["timeSlots"].extend(time_slots(slots, timezone_name))
    return days


def time_slots(slots: list[str], timezone_name: str) -> list[dict]:
    return [dict(zip(("start", "end"), slot.split("-"), strict=True), timezone=timezone_name) for slot in slots]


def opening_exception(spec: dict, today: date, timezone_name: str, language: str) -> dict:
    """``{"in_days": 10, "days": 3, "closed": true, "note": {…}}`` → one of ``PlacePage.opening_exceptions``."""
    first = today + timedelta(days=spec["in_days"])
    exception = {
        "start": first.isoformat(),
        "end": (first + timedelta(days=spec["days"] - 1)).isoformat(),
        "closed": bool(spec.get("closed")),
        "allDay": False,
        "appointmentOnly": False,
        "timeSlots": time_slots(spec.get("hours", []), timezone_name),
        "note": spec.get("note", {}).get(language, ""),
    }
    return exception


def event_start_day(spec: dict, today: date) -> date:
    """The first day of a demo event: in ``in_days``, on the next ``month_day``, or on the next ``weekday``."""
    if "month_day" in spec:
        day = today + timedelta(days=1)
        while day.day != spec["month_day"]:
            day += timedelta(days=1)
        return day
    if "in_days" in spec:
        return today + timedelta(days=spec["in_days"])
    return next_weekday(today, spec["weekday"])


def skipped_dates(rule: str, start: datetime, numbers: list[int]) -> list[date]:
    """The dates of the ``numbers``-th occurrences (1 = the first) of a rule starting at ``start``."""
    if not numbers:
        return []
    occurrences = rrulestr(rule, dtstart=start)
    return [occurrences[number - 1].date() for number in numbers]


def _create_region(settings: dict) -> RegionPage:
    south, west, north, east = settings["bounding_box"]
    region = RegionPage(
        title=settings["name"],
        slug=settings["slug"],
        prefix=settings["prefix"],
        kind=settings["kind"],
        postal_codes=settings["postal_codes"],
        latitude=settings["latitude"],
        longitude=settings["longitude"],
        min_latitude=south,
        min_longitude=west,
        max_latitude=north,
        max_longitude=east,
        timezone=settings["timezone"],
        push_enabled=settings.get("push", False),
        push_in_source_language=settings.get("push_in_source_language", False),
        locale=Locale.objects.get(language_code=DEFAULT_LANGUAGE),
    )
    region.towns = [
        RegionAlias(name=name, postal_code=postal_code, latitude=lat, longitude=lon)
        for name, postal_code, lat, lon in settings["towns"]
    ]
    region.languages = [RegionLanguage(language=code, source_language=source) for code, source in settings["languages"]]
    Page.get_first_root_node().add_child(instance=region)
    region.save_revision().publish()
    return region


def _translate(page: Page, locale: Locale, fields: dict, user) -> Page:
    """Translate ``page`` with wagtail-localize, giving each source segment its translated text."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translated = copy.copy(page)
    for name, value in fields.items():
        setattr(translated, name, value)
    source_values = extract_segments(page)
    target_values = extract_segments(translated)
    if [(type(v), v.path) for v in source_values] != [(type(v), v.path) for v in target_values]:
        raise DemoContentError("the translation's blocks differ from the German text")
    for source_value, target_value in zip(source_values, target_values, strict=True):
        if not isinstance(source_value, StringSegmentValue):
            continue
        string = String.from_value(source.locale, source_value.string)
        context, _created = TranslationContext.objects.get_or_create(object_id=source.object_id, path=source_value.path)
        StringTranslation.objects.update_or_create(
            translation_of=string,
            locale=locale,
            context=context,
            defaults={
                "data": target_value.string.data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    return segments.save(translation, user=user)


def _rewrite(page: Page, locale: Locale, fields: dict, user) -> Page:
    """Create a page in ``locale`` that is written freely (Leichte Sprache), not translated by segments."""
    target = page.copy_for_translation(locale, copy_parents=False)
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()
    target.save_revision(user=user).publish()
    return target


#: Musterland's demo people (Musterstadt has one of every role).
MUSTERLAND_ROLES = [RegionRole.Role.EDITOR, RegionRole.Role.EVENT_MANAGER]


def ensure_demo_users() -> list[tuple[str, str]]:
    """The operator (superuser) and one person per role in each demo region; returns (username, role)."""
    User = get_user_model()
    accounts = []
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True, "email": "admin@wegweiser.example"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    accounts.append(("admin", "operator (all regions)"))
    for role_group in RegionRole.objects.select_related("region", "group").order_by("region__slug", "role"):
        if role_group.region.slug == "musterland" and role_group.role not in MUSTERLAND_ROLES:
            continue
        username = f"{role_group.region.slug}-{role_group.role.replace('_', '-')}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@wegweiser.example",
                "first_name": str(role_group.get_role_display()),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(role_group.group)
        accounts.append((username, f"{role_group.get_role_display()} – {role_group.region.full_name}"))
    accounts += ensure_demo_partners(DEMO_PASSWORD)
    return accounts


def point_site_at_root() -> None:
    """Regions live directly under the tree's root; the default site starts there too."""
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True, site_name="Wegweiser")
        return
    if site.root_page_id != root.id:
        welcome = site.root_page
        site.root_page = root
        site.site_name = "Wegweiser"
        site.save()
        if type(welcome.specific) is Page and welcome.depth == 2 and not welcome.get_children().exists():
            welcome.delete()
