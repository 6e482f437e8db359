"""The dashboard of a region: what newcomers read, in which languages, what they missed, and what to do next.

Everything here reads aggregates only (``DailyViews``, ``UnansweredSearch``, ``Feedback``, the translation
status and the stored readability scores), never the raw ``View`` rows: those are kept for a few days only
and may hold many rows per reader, so the dashboard stays fast and shows nothing about single readings.

Items are counted as a municipality thinks of them: one topic, event, place or news item in all its
languages (its translations share ``Page.translation_key``), named by its title in the region's own language.

Editors see their own regions only (superusers all); another region answers 404 (``chosen_region``).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import chosen_region

from . import priorities
from .models import DailyViews, Feedback, UnansweredSearch

#: The periods an editor can look at, in days back from today (today included).
PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 30
#: Periods at least this long are shown per week, not per day, in the chart of views per language.
WEEKLY_FROM = 365
#: How many items the table and chart of the most-read items show (the CSV has all).
TOP_ITEMS = 20
#: How many searches without a good answer are shown (the full list is one click away).
TOP_SEARCHES = 10
#: How many items with feedback are shown (the inbox has all).
TOP_FEEDBACK = 20
#: How many entries the "what to do next" list shows (the CSV has all).
TOP_TO_DO = 20


# --------------------------------------------------------------------------------------------------
# The period
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The last ``days`` days up to and including today."""

    days: int
    last: date

    @classmethod
    def from_request(cls, request: HttpRequest) -> Period:
        """``?days=30|90|365``; anything else (missing, not a number, another number) is the default."""
        try:
            days = int(request.GET.get("days", ""))
        except ValueError:
            days = DEFAULT_PERIOD
        return cls(days if days in PERIODS else DEFAULT_PERIOD, timezone.localdate())

    @property
    def first(self) -> date:
        return self.last - timedelta(days=self.days - 1)

    @property
    def weekly(self) -> bool:
        return self.days >= WEEKLY_FROM

    def start(self) -> datetime:
        """The first moment of the period in the installation's time zone (for timestamps like feedback's)."""
        return timezone.make_aware(datetime.combine(self.first, time.min))


# --------------------------------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------------------------------


def language_label(code: str) -> str:
    """A language as editors read it in a sentence or a column head: its own name and its code."""
    language = BY_CODE.get(code)
    return f"{language.native_name} ({code})" if language else code


def region_languages(region: RegionPage) -> list[str]:
    """The region's languages in the order of its language tree: the one it writes in first."""
    tree = region.language_tree()
    return [tree.root, *tree.descendants_of(tree.root)]


def languages_read(region: RegionPage, seen: Iterable[str]) -> list[str]:
    """The region's languages, then any other language views were counted in (e.g. one it no longer offers)."""
    ordered = region_languages(region)
    return ordered + sorted(set(seen) - set(ordered))


# --------------------------------------------------------------------------------------------------
# Items: a page in all its languages
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """One item in all its languages, named and linked as in the region's own language where it exists there."""

    translation_key: UUID
    page_id: int
    title: str


def families_of(region: RegionPage, page_ids: Iterable[int]) -> dict[int, Family]:
    """``{page id: Family}`` for the pages that still exist, in two queries whatever their number."""
    copies = {
        row["id"]: row for row in Page.objects.filter(pk__in=set(page_ids)).values("id", "translation_key", "title")
    }
    keys = {row["translation_key"] for row in copies.values()}
    originals = {
        row["translation_key"]: row
        for row in Page.objects.filter(
            translation_key__in=keys, locale__language_code=region.language_tree().root
        ).values("id", "translation_key", "title")
    }
    families = {}
    for page_id, copy in copies.items():
        named = originals.get(copy["translation_key"], copy)
        families[page_id] = Family(copy["translation_key"], named["id"], named["title"])
    return families


def edit_url(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


#: What the items read (``ReadItem``) are called on the dashboard, with a context: "Place" is a place to go, not a
#: location.
KIND_LABELS = {
    "page": pgettext_lazy("kind of item", "Page"),
    "event": pgettext_lazy("kind of item", "Event"),
    "place": pgettext_lazy("kind of item", "Place"),
    "news": pgettext_lazy("kind of item", "News"),
}


def kind_label(kind: str) -> str:
    """What an item is, for a read item's or feedback's kind."""
    if kind in KIND_LABELS:
        return str(KIND_LABELS[kind])
    return str(Feedback.Kind(kind).label) if kind in Feedback.Kind.values else kind


# --------------------------------------------------------------------------------------------------
# Most-read items
# --------------------------------------------------------------------------------------------------


@dataclass
class ItemViews:
    """How often one item was read in the period, in all its languages together and in each."""

    translation_key: UUID
    kind: str
    page_id: int  # the copy in the region's own language (or the copy read, if it has none)
    title: str
    views: int = 0
    by_language: dict[str, int] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def edit_url(self) -> str:
        return edit_url(self.page_id)


def most_read(region: RegionPage, period: Period) -> list[ItemViews]:
    """Every item read in the period, most read first; items deleted since are left out (nothing can be done)."""
    rows = list(
        DailyViews.objects.filter(region=region, day__range=(period.first, period.last))
        .values("kind", "item_id", "language")
        .annotate(views=Sum("views"))
    )
    families = families_of(region, (row["item_id"] for row in rows))
    items: dict[UUID, ItemViews] = {}
    for row in rows:
        family = families.get(row["item_id"])
        if family is None:
            continue
        item = items.get(family.translation_key)
        if item is None:
            item = items[family.translation_key] = ItemViews(
                family.translation_key, row["kind"], family.page_id, family.title
            )
        item.views += row["views"]
        item.by_language[row["language"]] = item.by_language.get(row["language"], 0) + row["views"]
    return sorted(items.values(), key=lambda item: (-item.views, item.title.casefold()))


def most_read_chart(items: list[ItemViews], languages: list[str]) -> dict[str, Any]:
    """What the horizontal bar chart draws: one bar per item, stacked by language."""
    return {
        "labels": [item.title for item in items],
        "datasets": [
            {"label": language_label(code), "data": [item.by_language.get(code, 0) for item in items]}
            for code in languages
            if any(item.by_language.get(code) for item in items)
        ],
    }


# --------------------------------------------------------------------------------------------------
# Views per language over time
# --------------------------------------------------------------------------------------------------


@dataclass
class LanguageSeries:
    """Views per language per day (or per week, for long periods), every day or week present, zeros included."""

    weekly: bool
    starts: list[date]  # the first day of each day or week
    languages: list[str]
    counts: dict[str, list[int]]

    def rows(self) -> list[dict[str, Any]]:
        """One table row per day or week: its start, the views in each language and in all."""
        return [
            {
                "start": start,
                "views": [self.counts[code][index] for code in self.languages],
                "total": sum(self.counts[code][index] for code in self.languages),
            }
            for index, start in enumerate(self.starts)
        ]

    def totals(self) -> list[int]:
        return [sum(self.counts[code]) for code in self.languages]

    def chart(self) -> dict[str, Any]:
        return {
            "labels": [date_format(start, "SHORT_DATE_FORMAT") for start in self.starts],
            "datasets": [{"label": language_label(code), "data": self.counts[code]} for code in self.languages],
        }


def buckets(period: Period) -> list[date]:
    """The first day of each day, or of each week, of the period, oldest first.

    Weeks are counted back from today, so the latest week is a whole one (a week cut short by today would look like
    a drop in readers); the day or days left over at the start of the period join the oldest week.
    """
    if not period.weekly:
        return [period.first + timedelta(days=offset) for offset in range(period.days)]
    weeks = period.days // 7
    return [period.first] + [period.last - timedelta(days=7 * week + 6) for week in range(weeks - 2, -1, -1)]


def bucket_of(day: date, period: Period) -> int:
    """The position of a day's bucket in ``buckets(period)``."""
    if not period.weekly:
        return (day - period.first).days
    return max(0, period.days // 7 - 1 - (period.last - day).days // 7)


def views_per_language(region: RegionPage, period: Period) -> LanguageSeries:
    """How many views each language had on each day (or week) of the period; languages without views left out."""
    rows = (
        DailyViews.objects.filter(region=region, day__range=(period.first, period.last))
        .values("day", "language")
        .annotate(views=Sum("views"))
    )
    starts = buckets(period)
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(starts))
    for row in rows:
        counts[row["language"]][bucket_of(row["day"], period)] += row["views"]
    languages = [code for code in languages_read(region, counts) if code in counts]
    return LanguageSeries(period.weekly, starts, languages, {code: counts[code] for code in languages})


# --------------------------------------------------------------------------------------------------
# Searches without a good answer
# --------------------------------------------------------------------------------------------------


def unanswered_searches(region: RegionPage, period: Period, limit: int = TOP_SEARCHES) -> list[dict[str, Any]]:
    """The questions asked most often in the period that found nothing or nothing close enough."""
    rows = list(
        UnansweredSearch.objects.filter(region=region, day__range=(period.first, period.last))
        .values("query", "language")
        .annotate(searches=Sum("count"), last=Max("day"), nothing=Count("id", filter=Q(no_results=True)))
        .order_by("-searches", "-last", "query")[:limit]
    )
    for row in rows:
        row["language_label"] = language_label(row["language"])
    return rows


# --------------------------------------------------------------------------------------------------
# Feedback per item
# --------------------------------------------------------------------------------------------------


@dataclass
class ItemFeedback:
    """What readers said about one item (all its languages) in the period."""

    family: Family
    kind: str
    helpful: int = 0
    not_helpful: int = 0
    comments: int = 0
    unread: int = 0
    inbox_url: str = ""

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


def inbox_url(region: RegionPage, page_id: int | None = None) -> str:
    """The feedback inbox, filtered to the region (and to one item: its page id in the region's own language)."""
    url = f"{reverse('insights_feedback')}?region={region.pk}"
    return f"{url}&item={page_id}" if page_id is not None else url


def feedback_per_item(region: RegionPage, period: Period) -> list[ItemFeedback]:
    """Feedback about items received in the period, per item; unread and unhelpful first.

    Ratings and comments count whether archived or not (they say how the item serves readers); "unread" counts
    what still waits in the inbox.
    """
    rows = (
        Feedback.objects.filter(region=region, page__isnull=False, created_at__gte=period.start())
        .values("page_id", "kind")
        .annotate(
            helpful=Count("id", filter=Q(rating=Feedback.Rating.UP)),
            not_helpful=Count("id", filter=Q(rating=Feedback.Rating.DOWN)),
            comments=Count("id", filter=~Q(comment="")),
            unread=Count("id", filter=Q(is_read=False, is_archived=False)),
        )
    )
    rows = list(rows)
    families = families_of(region, (row["page_id"] for row in rows))
    items: dict[UUID, ItemFeedback] = {}
    for row in rows:
        family = families.get(row["page_id"])
        if family is None:
            continue
        item = items.setdefault(
            family.translation_key, ItemFeedback(family, row["kind"], inbox_url=inbox_url(region, family.page_id))
        )
        item.helpful += row["helpful"]
        item.not_helpful += row["not_helpful"]
        item.comments += row["comments"]
        item.unread += row["unread"]
    return sorted(
        items.values(),
        key=lambda item: (-item.unread, -item.not_helpful, -item.comments, -item.helpful, item.family.title.casefold()),
    )


# --------------------------------------------------------------------------------------------------
# The dashboard
# --------------------------------------------------------------------------------------------------


def export_url(region: RegionPage, period: Period, what: str) -> str:
    return f"{reverse('insights_dashboard_export')}?region={region.pk}&days={period.days}&list={what}"


def _languages_context(codes: list[str]) -> list[dict[str, str]]:
    """Column heads: each language's own name (shown in its language) and code."""
    return [{"code": code, "name": BY_CODE[code].native_name if code in BY_CODE else code} for code in codes]


def _region_context(region: RegionPage, period: Period) -> dict[str, Any]:
    items = most_read(region, period)
    languages = languages_read(region, (code for item in items for code in item.by_language))
    top = items[:TOP_ITEMS]
    to_do = priorities.what_to_do_next(region, items)
    series = views_per_language(region, period)
    feedback = feedback_per_item(region, period)
    return {
        "items": [
            {
                "item": item,
                "views": [item.by_language.get(code, 0) for code in languages],
                "inbox_url": inbox_url(region, item.page_id),
            }
            for item in top
        ],
        "item_count": len(items),
        "item_languages": _languages_context(languages),
        "most_read_chart": most_read_chart(top, languages),
        "total_views": sum(item.views for item in items),
        "series": series,
        "series_rows": series.rows(),
        "series_languages": _languages_context(series.languages),
        "series_totals": series.totals(),
        "series_total": sum(series.totals()),
        "series_chart": series.chart(),
        "searches": unanswered_searches(region, period),
        "searches_url": f"{reverse('insights_unanswered_searches')}?region={region.pk}",
        "feedback": feedback[:TOP_FEEDBACK],
        "feedback_count": len(feedback),
        "inbox_url": inbox_url(region),
        "to_do": to_do[:TOP_TO_DO],
        "to_do_count": len(to_do),
        "items_csv_url": export_url(region, period, "items"),
        "to_do_csv_url": export_url(region, period, "to-do"),
    }


@require_admin_access
def dashboard(request: HttpRequest) -> HttpResponse:
    regions, region = chosen_region(request)
    period = Period.from_request(request)
    context: dict[str, Any] = {
        "page_title": _("Insights"),
        "page_subtitle": region.full_name if region else "",
        "header_icon": "view",
        "regions": regions,
        "region": region,
        "period": period,
        "periods": PERIODS,
        "keep": {"days": period.days},
    }
    if region is not None:
        context.update(_region_context(region, period))
    return render(request, "insights/dashboard.html", context)


# --------------------------------------------------------------------------------------------------
# CSV export
# --------------------------------------------------------------------------------------------------

#: Excel (as used in German offices) splits columns at semicolons, and needs the byte order mark to read UTF-8.
CSV_DELIMITER = ";"
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    """A UTF-8 CSV file with a byte order mark, so that spreadsheets show umlauts and Arabic script right."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_safe(value) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def most_read_rows(region: RegionPage, period: Period) -> list[list[Any]]:
    """Every item read in the period: views in all and per language, and its problems in plain words."""
    items = most_read(region, period)
    languages = languages_read(region, (code for item in items for code in item.by_language))
    problems = priorities.problems_by_item(priorities.what_to_do_next(region, items))
    header = [_("Rank"), _("Item"), _("Kind"), _("Page ID"), _("Views")]
    header += [_("Views in %(language)s") % {"language": language_label(code)} for code in languages]
    header.append(_("Problems"))
    rows: list[list[Any]] = [header]
    for rank, item in enumerate(items, start=1):
        row: list[Any] = [rank, item.title, item.kind_label, item.page_id, item.views]
        row += [item.by_language.get(code, 0) for code in languages]
        row.append(" | ".join(to_do.reason for to_do in problems.get(item.translation_key, [])))
        rows.append(row)
    return rows


def to_do_rows(request: HttpRequest, region: RegionPage, period: Period) -> list[list[Any]]:
    """The whole "what to do next" list, with the address of the place to act."""
    rows: list[list[Any]] = [
        [_("Rank"), _("Item"), _("Kind"), _("Views"), _("Views concerned"), _("Problem"), _("Why"), _("Link")]
    ]
    for rank, to_do in enumerate(priorities.what_to_do_next(region, most_read(region, period)), start=1):
        rows.append(
            [
                rank,
                to_do.item.title,
                to_do.item.kind_label,
                to_do.item.views,
                to_do.views,
                to_do.problem_label,
                to_do.reason,
                request.build_absolute_uri(to_do.url),
            ]
        )
    return rows


@require_admin_access
def export(request: HttpRequest) -> HttpResponse:
    """``?region=<pk>&days=<n>&list=items|to-do``: the most-read items (default) or the to-do list as CSV."""
    _regions, region = chosen_region(request)
    period = Period.from_request(request)
    if region is None:
        return redirect(f"{reverse('insights_dashboard')}?days={period.days}")
    slug = region.slug
    if request.GET.get("list") == "to-do":
        filename = f"wegweiser-{slug}-to-do-{period.days}-days-{period.last.isoformat()}.csv"
        return csv_response(to_do_rows(request, region, period), filename)
    filename = f"wegweiser-{slug}-most-read-{period.days}-days-{period.last.isoformat()}.csv"
    return csv_response(most_read_rows(region, period), filename)
