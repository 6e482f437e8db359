"""The readability check in the admin: one page's text with the passages to improve highlighted,
and a region's German and Leichte Sprache pages listed hardest first.

Editors see only their own regions' pages (superusers see all); another region's page answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.widgets import Button
from wagtail.models import Page

from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page, regions_of_user

from . import readability
from .models import ReadabilityScore
from .readability import HINT, LANGUAGES, LEICHTE_SPRACHE, RULES, TARGETS, Analysis, Finding

# --------------------------------------------------------------------------------------------------
# Highlighting
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedBlock:
    kind: str  # "title", "heading", "paragraph" or "item"
    html: SafeString


def _mark_open(finding: Finding, number: int, first: bool) -> str:
    classes = f"w-readability-mark w-readability-mark--{finding.rule}"
    if finding.severity == HINT:
        classes += " is-hint"
    anchor = f' id="finding-{number}"' if first else ""
    return format_html(
        '<mark class="{}"{} data-rule="{}" title="{}">',
        classes,
        mark_safe(anchor),  # noqa: S308 - built from an integer above
        finding.rule,
        f"{finding.label}: {finding.message}",
    )


def highlight(text: str, findings: list[tuple[int, Finding]], start: int, end: int) -> SafeString:
    """``text[start:end]`` as HTML with each finding's passage in a ``<mark>``, everything else escaped.

    Passages nest (a foreign word inside a long sentence); a passage that crosses the end of another
    is cut in two, so the markup stays well formed.
    """
    spans = sorted(
        (
            (max(f.start, start), min(f.end, end), number, f)
            for number, f in findings
            if f.start < end and f.end > start
        ),
        key=lambda span: (span[0], -span[1]),
    )
    out: list[str] = []
    stack: list[tuple[int, int, int, Finding]] = []
    position = start
    opened: set[int] = set()
    queue = list(spans)
    index = 0
    while index < len(queue):
        span = queue[index]
        while stack and stack[-1][1] <= span[0]:
            out.append(escape(text[position : stack[-1][1]]) + "</mark>")
            position = stack.pop()[1]
        out.append(escape(text[position : span[0]]))
        position = span[0]
        if stack and span[1] > stack[-1][1]:  # crosses the end of the enclosing passage: cut it
            rest = (stack[-1][1], span[1], span[2], span[3])
            span = (span[0], stack[-1][1], span[2], span[3])
            insert_at = index + 1
            while insert_at < len(queue) and (queue[insert_at][0], -queue[insert_at][1]) <= (rest[0], -rest[1]):
                insert_at += 1
            queue.insert(insert_at, rest)
        if span[1] > span[0]:
            out.append(_mark_open(span[3], span[2], span[2] not in opened))
            opened.add(span[2])
            stack.append(span)
        index += 1
    while stack:
        out.append(escape(text[position : stack[-1][1]]) + "</mark>")
        position = stack.pop()[1]
    out.append(escape(text[position:end]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece of text is escaped


def rendered_blocks(analysis: Analysis) -> list[RenderedBlock]:
    """The page's text block by block (title, headings, paragraphs, list items), findings highlighted."""
    numbered = list(enumerate(analysis.findings, start=1))
    text = analysis.text.text
    return [
        RenderedBlock(block.kind, highlight(text, numbered, block.start, block.end)) for block in analysis.text.blocks
    ]


# --------------------------------------------------------------------------------------------------
# Access
# --------------------------------------------------------------------------------------------------


def _user_regions(request: HttpRequest):
    return regions_of_user(request.user).order_by("title")


def _region_of_user(request: HttpRequest, region_id: str | None) -> RegionPage | None:
    regions = _user_regions(request)
    if region_id:
        try:
            return regions.get(pk=int(region_id))
        except (ValueError, RegionPage.DoesNotExist):
            raise Http404(_("This region does not exist or is not yours.")) from None
    return regions.first()


def _page_of_user(request: HttpRequest, page_id: int) -> tuple[Page, RegionPage]:
    page = get_object_or_404(Page.objects.select_related("locale"), pk=page_id)
    region = region_of_page(page)
    if region is None or not regions_of_user(request.user).filter(pk=region.pk).exists():
        raise Http404(_("This page does not exist or is not in your regions."))
    return page, region


# --------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------


def interpretation(analysis: Analysis | ReadabilityScore) -> dict[str, Any]:
    """Both scores with what they mean and whether the language's target is reached."""
    amstad_target, wiener_target = TARGETS[analysis.language]
    return {
        "amstad": analysis.flesch_amstad,
        "amstad_level": readability.amstad_level(analysis.flesch_amstad),
        "amstad_target": amstad_target,
        "amstad_ok": analysis.flesch_amstad >= amstad_target,
        "wiener": analysis.wiener_sachtextformel,
        "wiener_level": readability.wiener_level(analysis.wiener_sachtextformel),
        "wiener_target": wiener_target,
        "wiener_ok": analysis.wiener_sachtextformel <= wiener_target,
        "leichte_sprache": analysis.language == LEICHTE_SPRACHE,
    }


@require_admin_access
def check_page(request: HttpRequest, page_id: int) -> HttpResponse:
    """The readability of a page's latest version (the draft, if there is one), passages highlighted."""
    page, region = _page_of_user(request, page_id)
    context: dict[str, Any] = {
        "page": page,
        "region": region,
        "page_title": _("Readability"),
        "page_subtitle": page.get_admin_display_title(),
        "header_icon": "doc-full",
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "list_url": f"{reverse('translation_readability')}?region={region.pk}",
    }
    if not readability.is_checked(page):
        context["not_checked"] = True
        return render(request, "translation/readability_check.html", context)
    latest = page.specific.get_latest_revision_as_object()
    analysis = readability.analyse_page(latest)
    findings = list(enumerate(analysis.findings, start=1))
    context.update(
        {
            "analysis": analysis,
            "scores": interpretation(analysis),
            "blocks": rendered_blocks(analysis),
            "findings": [
                {
                    "number": number,
                    "finding": finding,
                    "passage": analysis.text.text[finding.start : finding.end],
                }
                for number, finding in findings
            ],
            "legend": [
                (rule, label, sum(1 for f in analysis.findings if f.rule == rule)) for rule, label in RULES.items()
            ],
            "is_draft": page.has_unpublished_changes or not page.live,
            "stored": ReadabilityScore.objects.filter(page=page).first(),
            "short_text": analysis.words < readability.SHORT_TEXT,
        }
    )
    return render(request, "translation/readability_check.html", context)


def _kind_of(page: Page) -> str:
    """What the page is for a municipality: topic page, event, place, news item or imprint."""
    model = page.specific_class
    return str(model._meta.verbose_name) if model is not None else ""


@require_admin_access
@require_http_methods(["GET", "POST"])
def region_scores(request: HttpRequest) -> HttpResponse:
    """A region's German and Leichte Sprache pages with their stored scores, hardest first."""
    region = _region_of_user(request, request.GET.get("region") or request.POST.get("region"))
    if region is None:
        raise Http404(_("You have no region."))
    if request.method == "POST":
        count = readability.record_region(region)
        message = ngettext("%(count)d page checked.", "%(count)d pages checked.", count)
        messages.success(request, message % {"count": count})
        return redirect(f"{reverse('translation_readability')}?region={region.pk}")
    language = request.GET.get("language", "")
    errors = []
    if language and language not in LANGUAGES:
        errors.append(_("Choose German or Leichte Sprache."))
        language = ""
    scores = ReadabilityScore.objects.filter(region=region, page__live=True).select_related("page")
    if language:
        scores = scores.filter(language=language)
    scores = scores.order_by("flesch_amstad", "-wiener_sachtextformel", "page__title")
    rows = [
        {
            "score": score,
            "scores": interpretation(score),
            "kind": _kind_of(score.page),
            "words": (score.details or {}).get("words"),
            "check_url": reverse("translation_readability_page", args=[score.page_id]),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[score.page_id]),
        }
        for score in scores
    ]
    return render(
        request,
        "translation/readability_list.html",
        {
            "page_title": _("Readability"),
            "page_subtitle": region.full_name,
            "header_icon": "doc-full",
            "region": region,
            "regions": _user_regions(request),
            "language": language,
            "languages": [("", _("German and Leichte Sprache")), ("de", _("German")), ("de-si", _("Leichte Sprache"))],
            "rows": rows,
            "errors": errors,
        },
    )


urlpatterns = [
    path("", region_scores, name="translation_readability"),
    path("page/<int:page_id>/", check_page, name="translation_readability_page"),
]


# --------------------------------------------------------------------------------------------------
# Buttons in the page editor and explorer
# --------------------------------------------------------------------------------------------------


def readability_button(page: Page, priority: int) -> Button | None:
    """A "Readability" button for German and Leichte Sprache pages that have a text body."""
    if not readability.is_checked(page):
        return None
    return Button(
        _("Readability"),
        reverse("translation_readability_page", args=[page.pk]),
        icon_name="doc-full",
        attrs={"title": _("Check how easy this page is to read")},
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def page_header_readability_button(page: Page, user, view_name: str, next_url: str | None = None):
    """Shown in the "…" menu of the page editor's header and of the explorer's header."""
    button = readability_button(page, priority=75)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def page_listing_readability_button(page: Page, user, next_url: str | None = None):
    """Shown in the "More" menu of each page in the explorer."""
    button = readability_button(page, priority=55)
    if button is not None:
        yield button
