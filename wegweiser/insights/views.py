"""What editors learn from searches: the questions their region had no good answer to, most asked first.

Editors see their own regions only (superusers all); another region answers 404.
"""

from datetime import timedelta

from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access

from wegweiser.regions.languages import get_language
from wegweiser.regions.tenancy import chosen_region

from .models import UnansweredSearch

#: How far back the list looks.
DAYS = 90
SHOWN = 200


@require_admin_access
def unanswered_searches(request: HttpRequest) -> HttpResponse:
    regions, region = chosen_region(request)
    rows = []
    if region is not None:
        rows = list(
            UnansweredSearch.objects.filter(region=region, day__gte=timezone.localdate() - timedelta(days=DAYS))
            .values("query", "language")
            .annotate(searches=Sum("count"), last=Max("day"), nothing=Count("id", filter=Q(no_results=True)))
            .order_by("-searches", "-last")[:SHOWN]
        )
        for row in rows:
            row["language_name"] = get_language(row["language"]).native_name
    return render(
        request,
        "insights/unanswered_searches.html",
        {
            "page_title": _("Searches without a good answer"),
            "header_icon": "search",
            "regions": regions,
            "region": region,
            "rows": rows,
            "days": DAYS,
        },
    )
