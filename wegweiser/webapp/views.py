"""The newcomer web app: server-rendered pages from the published snapshots.

Every page works without JavaScript; small scripts add remembering the choice, the map, reading
aloud, sharing and the offline copy.
"""

import hashlib
from datetime import date, datetime, time, timedelta
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from wegweiser.events import occurrences
from wegweiser.events.calendar import calendar_file, categories_in, feed_file
from wegweiser.places import opening
from wegweiser.places.icons import lucide_icon
from wegweiser.publishing.serving import bytes_response
from wegweiser.regions.languages import DEFAULT_LANGUAGE, get_language
from wegweiser.regions.models import RegionPage

from . import region_finder, searching
from .push import push_context
from .reading import Guide, listed_regions, region_or_404
from .templatetags.webapp import icon

#: How far ahead the events list looks unless the reader picks dates.
EVENT_DAYS = 30
#: The longest span of days the events list shows at once.
MAX_EVENT_DAYS = 366
#: The archive of past events reaches this far back.
ARCHIVE_DAYS = 365
KIND_TEMPLATES = {
    "page": "webapp/page.html",
    "imprint": "webapp/page.html",
    "events": "webapp/event.html",
    "places": "webapp/place.html",
    "news": "webapp/news_item.html",
    "news-archive": "webapp/news_item.html",
}


def region_list(request):
    """Choosing a region: all of them, those matching a search, or the nearest to where one is."""
    regions = listed_regions()
    query = request.GET.get("q", "").strip()[:100]
    near = parse_point(request.GET.get("near", ""))
    if query:
        found = region_finder.search(regions, query)
    elif near:
        found = region_finder.nearest(regions, *near)
    else:
        found = [region_finder.Found(region) for region in regions]
    kinds = dict(RegionPage.Kind.choices)
    code = browser_language(request)
    with translation.override(code):
        context = {
            "language": get_language(code),
            "found": [(f, kinds.get(f.region["kind"], "")) for f in found],
            "query": query,
            "near": near,
            "bad_near": "near" in request.GET and not near,
        }
        return render(request, "webapp/region_list.html", context)


def favicon(request):
    """Browsers ask for ``/favicon.ico`` where a document names no icon (a PDF of the guide, say)."""
    return HttpResponsePermanentRedirect(static("webapp/icon.svg"))


def parse_point(text: str) -> tuple[float, float] | None:
    try:
        latitude, longitude = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None


def browser_language(request, offered: list[str] | None = None) -> str:
    """The language the reader's browser asks for (``Accept-Language``), if offered; else German."""
    code = translation.get_language_from_request(request)
    offered = offered if offered is not None else [code]
    return code if code in offered else DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in offered else offered[0]


def region_start(request, region):
    """Choosing a language in a region, shown in the browser's language; the choice is remembered (app.js)."""
    guide = Guide.of(region, browser_language(request, region_or_404(region)["enabled_languages"]))
    with translation.override(guide.code):
        return render(request, "webapp/language_choice.html", {**guide_context(guide, "")})


def guide_context(guide: Guide, route: str | None, item: dict | None = None) -> dict:
    """What every page of a guide shows: the region, the language, and the language switch.

    The switch leads to the same item (or list, ``route``) in every language of the region; where
    an item is not translated, to a page that says so.
    """
    switch = []
    for language in guide.languages():
        if language.code == guide.code:
            href = None
        elif item is not None:
            link = item.get("available_languages", {}).get(language.code)
            missing = f"/{guide.slug}/{language.code}/not-translated/?from={quote(item['path'], safe='/')}"
            href = link["path"] if link else missing
        else:
            href = f"/{guide.slug}/{language.code}/{route or ''}"
        switch.append((language, href))
    return {"guide": guide, "region": guide.region, "language": guide.language, "switch": switch}


def home(request, region, lang):
    guide = Guide.of(region, lang)
    with translation.override(guide.code):
        context = {
            **guide_context(guide, ""),
            "topics": guide.pages.children.get(0, []),
            "has_events": bool(guide.region["events"] and guide.document("events")),
            "has_places": bool(guide.region["pois"] and guide.document("places")),
            "has_news": bool(guide.region["news"] and guide.document("news")),
        }
        return render(request, "webapp/home.html", context)


def item(request, region, lang, path):
    """A page, event, place, news item or the imprint at its path; in another language, a page saying so."""
    guide = Guide.of(region, lang)
    full_path = f"/{guide.slug}/{guide.code}/{path}"
    day = None
    if "$" in path:  # one date of a recurring event, as Integreat's apps link it: events/<slug>$2026-11-23/
        path, _dollar, day_text = path.rstrip("/").partition("$")
        day = parse_date(day_text)
        if day is None:
            raise Http404(_("This date does not exist."))
        full_path = f"/{guide.slug}/{guide.code}/{path}/"
    found = guide.find(full_path)
    with translation.override(guide.code):
        if found is None:
            elsewhere = guide.in_other_language(full_path)
            if elsewhere is None:
                raise Http404(_("This page does not exist."))
            other, other_item = elsewhere
            return not_translated_page(request, guide, other, other_item)
        kind, data = found
        return render_item(request, guide, kind, data, day)


def render_item(request, guide: Guide, kind: str, data: dict, day: date | None = None):
    """One item in its template; ``day`` picks one date of a recurring event."""
    context = {**guide_context(guide, None, data), "item": data, "kind": kind}
    if kind == "page":
        context["ancestors"] = guide.pages.ancestors(data)
        context["children"] = guide.pages.children.get(data["id"], [])
    elif kind == "events":
        context.update(event_context(guide, data, day))
    elif kind == "places":
        context.update(place_context(guide, data))
    return render(request, KIND_TEMPLATES[kind], context)


def place_context(guide: Guide, place: dict) -> dict:
    """Open now (and until when), the usual week, and days with other hours in the next two weeks."""
    now = timezone.now().astimezone(guide.zone)
    return {
        "status": opening.status(place, now),
        "week": opening.week(place, now),
        "upcoming": opening.upcoming(place, now.date()),
    }


def event_context(guide: Guide, event: dict, day: date | None) -> dict:
    zone = guide.zone
    shown = event
    if day is not None:
        if not event.get("recurrence_rule"):
            raise Http404(_("This event does not repeat."))
        begin = datetime.combine(day, time.min, zone)
        starts = [s for s in occurrences.starts_between(event, begin, begin + timedelta(days=1)) if s.date() == day]
        if not starts:
            raise Http404(_("The event does not take place on this day."))
        shown = occurrences.occurrence(event, starts[0])
    upcoming, skipped = [], []
    if event.get("recurrence_rule"):
        now = timezone.now().astimezone(zone)
        upcoming = occurrences.expand([event], now, now + timedelta(days=90))[:6]
        # Days it does not take place, so that nobody comes in vain (until the last date shown).
        until = datetime.fromisoformat(upcoming[-1]["event"]["start"]).date() if upcoming else now.date()
        skipped = [d for d in occurrences.exception_dates(event) if now.date() <= d <= until]
    return {
        "event": shown,
        "start": datetime.fromisoformat(shown["event"]["start"]),
        "end": datetime.fromisoformat(shown["event"]["end"]),
        "dates": [(o, datetime.fromisoformat(o["event"]["start"])) for o in upcoming],
        "skipped": skipped,
    }


def not_translated(request, region, lang):
    """Where the language switch leads when an item does not exist in the chosen language."""
    guide = Guide.of(region, lang)
    source = request.GET.get("from", "")
    parts = source.strip("/").split("/")
    if not url_has_allowed_host_and_scheme(source, allowed_hosts=None) or len(parts) < 2 or parts[0] != guide.slug:
        raise Http404(_("This page does not exist."))
    try:
        other = Guide.of(region, parts[1])
    except Http404:
        raise Http404(_("This page does not exist.")) from None
    found = other.find(source)
    if found is None:
        raise Http404(_("This page does not exist."))
    with translation.override(guide.code):
        return not_translated_page(request, guide, other, found[1])


def not_translated_page(request, guide: Guide, other: Guide, data: dict):
    """Says the item is not in the asked language and offers it in those it exists in; never a dead end."""
    versions = [(other.language, data["path"], data["title"])]
    for code, link in data.get("available_languages", {}).items():
        if code != guide.code and code in guide.region["enabled_languages"]:
            versions.append((get_language(code), link["path"], None))
    context = {
        **guide_context(guide, None, {**data, "path": data["path"]}),
        "title": data["title"],
        "versions": sorted(versions, key=lambda version: version[0].code != DEFAULT_LANGUAGE),
    }
    return render(request, "webapp/not_translated.html", context, status=404)


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def events(request, region, lang):
    """Upcoming events day by day, recurring ones on each of their dates; ``?from=`` and ``?to=`` pick the days,
    ``?category=`` one category. ``?past=1`` is the archive: the last year's events that are over, newest first."""
    guide = Guide.of(region, lang)
    if request.GET.get("past"):
        return events_archive(request, guide)
    zone = guide.zone
    today = timezone.now().astimezone(zone).date()
    problems = []
    first = parse_date(request.GET.get("from", "")) if request.GET.get("from") else today
    if first is None:
        problems.append(_("The first day is not a date; showing events from today."))
        first = today
    elif first < today:
        problems.append(_("Past events are in the archive; showing events from today."))
        first = today
    last = parse_date(request.GET.get("to", "")) if request.GET.get("to") else first + timedelta(days=EVENT_DAYS)
    if last is None or last < first or (last - first).days > MAX_EVENT_DAYS:
        problems.append(_("The last day must be a date after the first, at most a year later."))
        last = first + timedelta(days=EVENT_DAYS)
    begin = datetime.combine(first, time.min, zone)
    if first == today:  # from now on: what has ended today is over
        begin = max(begin, timezone.now())
    items = guide.items("events")
    categories = categories_in(items)
    chosen = request.GET.get("category", "")
    if chosen:
        items = [item for item in items if str((item.get("category") or {}).get("id")) == chosen]
    listed = occurrences.expand(items, begin, datetime.combine(last, time.max, zone))
    days: dict[date, list] = {}
    for event in listed:
        start = datetime.fromisoformat(event["event"]["start"]).astimezone(zone)
        days.setdefault(max(start.date(), first), []).append((event, start))
    with translation.override(guide.code):
        context = {
            **guide_context(guide, "events/"),
            "days": sorted(days.items()),
            "first": first,
            "last": last,
            "problems": problems,
            "categories": categories,
            "chosen": chosen,
            "subscriptions": calendar_subscriptions(request, guide, categories),
        }
        return render(request, "webapp/events.html", context)


def events_archive(request, guide: Guide):
    """Events of the last year that are over, newest first, each with the day it (last) took place."""
    now = timezone.now()
    past = occurrences.archive(guide.items("events"), now, now - timedelta(days=ARCHIVE_DAYS))
    with translation.override(guide.code):
        context = {
            **guide_context(guide, "events/?past=1"),
            "archive": [(item, start.astimezone(guide.zone)) for item, start in past],
        }
        return render(request, "webapp/events.html", context)


def calendar_subscriptions(request, guide: Guide, categories: list[dict]) -> list[dict]:
    """The region's calendar feed to subscribe to, all events and each category: ``webcal://`` and ``https://``."""
    feed = request.build_absolute_uri(f"/{guide.slug}/{guide.code}/events/calendar.ics")
    feeds = [(_("All events"), feed)] + [(c["name"], f"{feed}?category={c['id']}") for c in categories]
    return [{"name": name, "url": url, "webcal": "webcal://" + url.split("://", 1)[1]} for name, url in feeds]


def event_calendar(request, region, lang, slug):
    """``events/<slug>/calendar.ics``: the event (with its rule) for the reader's calendar app."""
    guide = Guide.of(region, lang)
    found = guide.find(f"/{guide.slug}/{guide.code}/events/{slug}/")
    if found is None:
        raise Http404(_("This event does not exist."))
    response = HttpResponse(calendar_file([found[1]]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.ics"'
    return response


def events_feed(request, region, lang):
    """``events/calendar.ics``: the region's events in the language, to subscribe to in a calendar app;
    ``?category=<id>`` for one category. Upcoming events and those of the last weeks, from the published
    snapshot, with an ETag (a calendar app asking again gets a 304)."""
    guide = Guide.of(region, lang)
    category = request.GET.get("category", "")
    if category and not category.isdigit():
        raise Http404(_("There is no such category."))
    category_id = int(category) if category else None
    document = guide.document("events")
    items = document.data if document is not None else []
    now = timezone.now()
    day = now.astimezone(guide.zone).date()

    def make() -> bytes:
        with translation.override(guide.code):
            return feed_file(items, now, category_id, guide.region["name"], guide.region["timezone"])

    def content(suffix: str) -> bytes:
        return document.derived(f"ics:{day}:{category_id}", make) if document is not None else make()

    basis = f"{document.etag if document is not None else 'none'}:{day}:{request.get_full_path()}"
    response = bytes_response(request, hashlib.sha256(basis.encode()).hexdigest()[:32], content)
    response["Content-Type"] = "text/calendar; charset=utf-8"
    response["Content-Disposition"] = f'inline; filename="{guide.slug}-{guide.code}-events.ics"'
    return response


def places(request, region, lang):
    """Places as a list and on a map; filter by category and by "open now"."""
    guide = Guide.of(region, lang)
    now = timezone.now().astimezone(guide.zone)
    categories = guide.items("place-categories")
    chosen = request.GET.get("category", "")
    open_now = request.GET.get("open") == "now"
    with translation.override(guide.code):
        listed = []
        for place in guide.items("places"):
            category = place.get("category") or {}
            if chosen and str(category.get("id")) != chosen:
                continue
            if open_now and opening.state(place, now) != opening.OPEN:
                continue
            listed.append((place, opening.status(place, now)))
        context = {
            **guide_context(guide, "locations/"),
            "places": listed,
            "categories": categories,
            "chosen": chosen,
            "open_now": open_now,
            "map_places": [
                {
                    "title": place["title"],
                    "path": place["path"],
                    "lat": place["location"]["latitude"],
                    "lon": place["location"]["longitude"],
                    "colour": (place.get("category") or {}).get("color") or "",
                    "icon": lucide_icon((place.get("category") or {}).get("icon")),
                }
                for place, _status in listed
                if place["location"]["latitude"] is not None
            ],
            "map": {
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                "bounds": guide.region["bounding_box"],
                "leaflet_js": static("vendor/leaflet/leaflet.js"),
                "leaflet_css": static("vendor/leaflet/leaflet.css"),
                "leaflet_images": static("vendor/leaflet/images/"),
                # The markers' icons (SVG), by the Lucide name each place's ``icon`` gives.
                "icons": {
                    name: icon(name)
                    for name in {lucide_icon((place.get("category") or {}).get("icon")) for place, _status in listed}
                },
            },
        }
        return render(request, "webapp/places.html", context)


def news(request, region, lang):
    """The region's news, newest first; ``?archive=1`` those whose expiry date passed in the last twelve months."""
    guide = Guide.of(region, lang)
    archive = bool(request.GET.get("archive"))
    with translation.override(guide.code):
        push = push_context(guide.region, guide.code)
        context = {
            **guide_context(guide, "news/?archive=1" if archive else "news/"),
            "news": guide.items("news-archive" if archive else "news"),
            "archive": archive,
            "push": push,
        }
        return render(request, "webapp/news.html", context)


def privacy(request, region, lang):
    """The privacy note: what the guide counts and stores, and what it does not, in the reader's language."""
    guide = Guide.of(region, lang)
    with translation.override(guide.code):
        return render(request, "webapp/privacy.html", {**guide_context(guide, "privacy/"), "imprint": guide.imprint})


def search(request, region, lang):
    """Searching the region in the guide's language (online; offline, offline.js searches the saved copy)."""
    guide = Guide.of(region, lang)
    query = request.GET.get("q", "").strip()[:200]
    with translation.override(guide.code):
        context = {
            **guide_context(guide, "search/"),
            "query": query,
            "answer": searching.search(guide, query) if query else None,
        }
        return render(request, "webapp/search.html", context)
