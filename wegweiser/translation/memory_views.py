"""The translation memory in the admin: words it saved each region, its size, filling a region from it.

Editors and managers see their own regions only (superusers all); filling a region publishes
translations, so only its managers and editors may start it. Mounted under ``/admin/translation/memory/``.
"""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.models import Page
from wagtail_localize.models import Translation

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage, RegionRole
from wegweiser.regions.tenancy import pages_of_user_regions, region_of_page, regions_of_user

from . import memory
from . import segments as seg
from .models import MemoryEntry, MemorySaving
from .views import user_region

#: The roles that may fill a region from the memory: it publishes translations.
FILLING_ROLES = [RegionRole.Role.MANAGER, RegionRole.Role.EDITOR]
RECENT_DAYS = 30


def language_name(code: str) -> str:
    language = BY_CODE.get(code)
    return f"{language.native_name} ({code})" if language else code


def may_fill(user, region: RegionPage) -> bool:
    """Whether the user may fill the region from the memory (and so publish translations in it)."""
    if user.is_superuser:
        return True
    return RegionRole.objects.filter(region=region, role__in=FILLING_ROLES, group__user=user).exists()


@require_admin_access
def index(request: HttpRequest) -> HttpResponse:
    """The regions the user works in, with the words the memory saved each of them."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    regions = list(regions_of_user(request.user).order_by("title"))
    saved = {
        row["region"]: row
        for row in MemorySaving.objects.filter(region__in=regions)
        .values("region")
        .annotate(saved=Sum("words"), recent=Sum("words", filter=Q(created_at__gte=since)))
        .order_by()
    }
    own = {
        row["region"]: row["entries"]
        for row in MemoryEntry.objects.filter(region__in=regions)
        .values("region")
        .annotate(entries=Count("id"))
        .order_by()
    }
    rows = [
        {
            "region": region,
            "words_saved": saved.get(region.pk, {}).get("saved") or 0,
            "words_recent": saved.get(region.pk, {}).get("recent") or 0,
            "entries": own.get(region.pk, 0),
        }
        for region in regions
    ]
    return render(
        request,
        "translation/memory_index.html",
        {"page_title": _("Translation memory"), "header_icon": "resubmit", "rows": rows, "days": RECENT_DAYS},
    )


@require_admin_access
def region_report(request: HttpRequest, region_id: int) -> HttpResponse:
    """One region: words saved per language (in all, and lately), and the memory for its languages."""
    region = user_region(request.user, region_id)
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    tree = region.language_tree()
    savings = [
        {**row, "name": language_name(row["language"])}
        for row in MemorySaving.objects.filter(region=region)
        .values("language")
        .annotate(
            saved=Sum("words"),
            filled=Sum("segments"),
            saved_recent=Sum("words", filter=Q(created_at__gte=since)),
        )
        .order_by("-saved")
    ]
    pairs = [
        {
            **row,
            "source_name": language_name(row["source_language"]),
            "target_name": language_name(row["target_language"]),
        }
        for row in MemoryEntry.objects.filter(target_language__in=list(tree.nodes))
        .values("source_language", "target_language")
        .annotate(entries=Count("id"), own=Count("id", filter=Q(region=region)))
        .order_by("source_language", "target_language")
    ]
    return render(
        request,
        "translation/memory_region.html",
        {
            "page_title": _("Translation memory"),
            "page_subtitle": region.full_name,
            "header_icon": "resubmit",
            "region": region,
            "savings": savings,
            "total_words": sum(row["saved"] or 0 for row in savings),
            "total_recent": sum(row["saved_recent"] or 0 for row in savings),
            "pairs": pairs,
            "may_fill": may_fill(request.user, region),
            "languages": [(code, language_name(code)) for code in memory.languages_in_order(tree)],
            "days": RECENT_DAYS,
        },
    )


@require_admin_access
@require_POST
def fill_region(request: HttpRequest, region_id: int) -> HttpResponse:
    """Fill the region's missing translations from the memory (in the background) and publish complete ones."""
    region = user_region(request.user, region_id)
    if not may_fill(request.user, region):
        return permission_denied(request)  # Wagtail's answer: back to the dashboard, saying why
    report_url = reverse("translation_memory_region", args=[region.pk])
    languages = request.POST.getlist("language") or None
    try:
        languages = memory.languages_in_order(region.language_tree(), languages)
    except seg.SegmentError as error:
        messages.error(request, str(error))
        return redirect(report_url)
    result = memory.fill_region_task.enqueue(region.pk, request.user.pk, languages)
    if result.status == TaskResultStatus.SUCCESSFUL:
        report = result.return_value or {}
        words = sum(counts["words"] for counts in report.values())
        published = sum(counts["published"] for counts in report.values())
        messages.success(
            request,
            _("The memory filled %(words)d words; %(published)d translations are complete and published.")
            % {"words": words, "published": published},
        )
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, _("Filling from the memory failed; nothing more was changed."))
    else:
        messages.success(
            request,
            _("Filling from the memory has started. This report shows the words saved when it is done."),
        )
    return redirect(report_url)


@require_admin_access
def item_suggestions(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    """The memory's close matches for the sentences of an item still untranslated in ``language``."""
    item = Page.objects.filter(pages_of_user_regions(request.user), pk=page_id).specific().first()
    region = region_of_page(item) if item is not None else None
    if item is None or region is None:
        raise Http404(_("No such item."))
    try:
        source_language = seg.source_language_of(item, language)
    except seg.SegmentError as error:
        raise Http404(str(error)) from None
    exists = Translation.objects.filter(
        source__object_id=item.translation_key,
        source__locale__language_code=source_language,
        target_locale__language_code=language,
    ).exists()
    found: dict = {}
    if exists:
        found = memory.suggestions(seg.translation_job(item, language))
    return render(
        request,
        "translation/memory_suggestions.html",
        {
            "page_title": _("Suggestions from the translation memory"),
            "page_subtitle": f"{item.title} – {language_name(language)}",
            "header_icon": "resubmit",
            "item": item,
            "region": region,
            "language": language,
            "in_translation": exists,
            "found": [(segment, options) for segment, options in found.items()],
        },
    )


urlpatterns = [
    path("", index, name="translation_memory"),
    path("<int:region_id>/", region_report, name="translation_memory_region"),
    path("<int:region_id>/fill/", fill_region, name="translation_memory_fill"),
    path("suggestions/<int:page_id>/<str:language>/", item_suggestions, name="translation_memory_suggestions"),
]
