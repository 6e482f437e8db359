"""Counting what newcomers read, without tracking them.

A view is only "this item, in this language, on this day": no cookie, no address, no browser, nothing
that tells two readers apart. Views arrive one by one (the APIs count the items they serve) or in batches
(the web app sends what was read, also offline, later), are kept as ``View`` rows for at most
``INSIGHTS_RAW_VIEW_DAYS`` days, and ``aggregate_views`` adds them up into ``DailyViews``, which is all the
dashboard reads.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max
from django.http import HttpRequest
from django.utils import timezone

from wegweiser.publishing.lookup import NotFound, check_language, find_region, region_document

from .models import DailyViews, View

#: The published documents holding each kind of item readers open.
DOCUMENTS_OF: dict[str, tuple[str, ...]] = {
    "page": ("pages",),
    "event": ("events",),
    "place": ("places",),
    "news": ("news", "news-archive"),
}
#: How late a view read offline may arrive.
DAYS_BACK = 7
#: Programs that fetch pages without a person reading them; only the user agent's words are looked at, never kept.
BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|scraper|headless|lighthouse|pingdom|uptime|monitor|preview|"
    r"facebookexternalhit|whatsapp|telegram|curl/|wget/|python-|requests/|httpclient|okhttp|java/|go-http|"
    r"libwww|node-fetch|axios/|scrapy|phantomjs|selenium|puppeteer|playwright",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReadView:
    """One item a reader opened, as a client reports it."""

    region: str
    language: str
    kind: str
    item: int | str
    day: date


def is_bot(request: HttpRequest) -> bool:
    """Obvious robots: a user agent naming a program, or none at all."""
    agent = request.headers.get("User-Agent", "")
    return not agent.strip() or BOT.search(agent) is not None


def item_id(value: int | str | None) -> int | None:
    """The page id behind an item's id in a document (news carry Integreat's "local-" prefix)."""
    text = str(value).removeprefix("local-") if value is not None else ""
    return int(text) if text.isdigit() else None


def published_items(region_slug: str, language: str, kind: str) -> frozenset[int]:
    """Ids of the items of a kind readers can open in a region and language (worked out once per document)."""
    found: frozenset[int] = frozenset()
    for name in DOCUMENTS_OF[kind]:
        if document := region_document(region_slug, language, name):
            found |= document.derived("item ids", partial(ids_in, document.data))
    return found


def ids_in(items: list[dict]) -> frozenset[int]:
    return frozenset(found for item in items if (found := item_id(item.get("page_id") or item.get("id"))))


def region_id(region_slug: str, language: str) -> int | None:
    """The region's id if it is published and offers the language."""
    try:
        region = find_region(region_slug)
        check_language(region, language)
    except NotFound:
        return None
    return region["id"]


def accepted(view: ReadView, today: date) -> View | None:
    """The row to store for a reported view, or None when it names nothing readers could have opened then."""
    if view.kind not in DOCUMENTS_OF or not today - timedelta(days=DAYS_BACK) <= view.day <= today + timedelta(days=1):
        return None
    region = region_id(view.region, view.language)
    found = item_id(view.item)
    if region is None or found is None or found not in published_items(view.region, view.language, view.kind):
        return None
    return View(region_id=region, language=view.language, kind=view.kind, item_id=found, day=view.day)


def count_views(views: list[ReadView]) -> int:
    """Store the views that name a published item; returns how many were counted."""
    today = timezone.localdate()
    rows = [row for view in views if (row := accepted(view, today))]
    View.objects.bulk_create(rows)
    return len(rows)


def count_served(request: HttpRequest, region_slug: str, language: str, kind: str, item: int | str | None) -> None:
    """Count an item an API served to a reader (not to robots, not revalidations of a copy already counted)."""
    if item is None or is_bot(request) or request.headers.get("If-None-Match"):
        return
    count_views([ReadView(region_slug, language, kind, item, timezone.localdate())])


def aggregate_views() -> int:
    """Add the stored views up into daily totals and drop them; returns how many were added.

    Views that waited longer than ``INSIGHTS_RAW_VIEW_DAYS`` (the task was not running) are dropped without
    being counted: single views never stay longer than the privacy note says. Safe to run at any time."""
    too_old = timezone.now() - timedelta(days=settings.INSIGHTS_RAW_VIEW_DAYS)
    with transaction.atomic():
        View.objects.filter(received_at__lt=too_old).delete()
        last = View.objects.aggregate(last=Max("id"))["last"]
        if last is None:
            return 0
        batch = View.objects.filter(id__lte=last)
        totals = batch.values("region_id", "language", "kind", "item_id", "day").annotate(views=Count("id"))
        added = 0
        for total in totals:
            added += total["views"]
            key = {name: total[name] for name in ("region_id", "language", "kind", "item_id", "day")}
            if not DailyViews.objects.filter(**key).update(views=F("views") + total["views"]):
                DailyViews.objects.create(**key, views=total["views"])
        batch.delete()
    return added
