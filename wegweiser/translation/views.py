"""Translation status in the admin: the region matrix (items × languages) and one item's status."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page

from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.languages import get_language
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page, regions_of_user

from . import segments as seg
from .models import TextVersion
from .status import TO_TRANSLATE, Status, statuses
from .versions import facts_for, item_kinds

ROWS_PER_PAGE = 50


def user_region(user, region_id: int) -> RegionPage:
    """The region, if the user works in it; another region's people get a 404."""
    region = regions_of_user(user).filter(pk=region_id).first()
    if region is None:
        raise Http404
    return region


def user_item(user, page_id: int) -> Page:
    """A translatable item of one of the user's regions, in the region's own language."""
    page = get_object_or_404(Page, pk=page_id).specific
    region = region_of_page(page)
    if region is None or not regions_of_user(user).filter(pk=region.pk).exists():
        raise Http404
    root = region.language_tree().root
    original = seg.item_in(page, root)
    if original is None:
        raise Http404
    return original


@dataclass
class Column:
    code: str
    name: str
    source: str | None
    words_left: int = 0
    words_to_review: int = 0
    counts: dict = field(default_factory=dict)


@require_admin_access
def choose_region(request):
    regions = list(regions_of_user(request.user).order_by("title"))
    if len(regions) == 1:
        return redirect("translation_status", region_id=regions[0].pk)
    return render(request, "translation/choose_region.html", {"regions": regions})


@require_admin_access
def region_status(request, region_id: int):
    """Every item × every language, with the words left to translate per language."""
    region = user_region(request.user, region_id)
    tree = LanguageTree.for_region(region)
    kinds = item_kinds()
    kind = request.GET.get("kind", "")
    wanted_status = request.GET.get("status", "")
    wanted_language = request.GET.get("language", "")
    query = request.GET.get("q", "").strip()
    items = Page.objects.descendant_of(region).filter(locale=region.locale).type(*kinds.values()).specific()
    if kind in kinds:
        items = items.type(kinds[kind])
    if query:
        items = items.filter(title__icontains=query)
    items = list(items.order_by("path"))
    order = [tree.root, *tree.descendants_of(tree.root)]
    columns = {code: Column(code, get_language(code).native_name, tree.source_of(code)) for code in order}
    facts = facts_for(region, [item.translation_key for item in items])
    words = _words_by_item_and_language(items)
    rows = []
    for item in items:
        found = statuses(tree, facts[item.translation_key])
        for code, status in found.items():
            column = columns[code]
            column.counts[status] = column.counts.get(status, 0) + 1
            # The words of the text it is translated from; where that has no copy either, the original's.
            source_words = words.get((item.translation_key, column.source or code)) or words.get(
                (item.translation_key, tree.root), 0
            )
            if status in TO_TRANSLATE:
                column.words_left += source_words
            elif status == Status.MACHINE:
                column.words_to_review += source_words
        if wanted_status and not any(
            status == wanted_status for code, status in found.items() if not wanted_language or code == wanted_language
        ):
            continue
        kind_name = next(name for name, model in kinds.items() if isinstance(item, model))
        rows.append({"item": item, "kind": kind_name, "cells": [(code, found[code]) for code in order]})
    page_of_rows = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
    return render(
        request,
        "translation/region_status.html",
        {
            "region": region,
            "columns": list(columns.values()),
            "rows": page_of_rows,
            "kinds": [(name, model._meta.verbose_name) for name, model in kinds.items()],
            "statuses": Status.choices,
            "filters": {"kind": kind, "status": wanted_status, "language": wanted_language, "q": query},
            "target_languages": [column for column in columns.values() if column.source],
        },
    )


def _words_by_item_and_language(items: list[Page]) -> dict:
    keys = [item.translation_key for item in items]
    return {
        (row["translation_key"], row["language"]): row["words"]
        for row in TextVersion.objects.filter(translation_key__in=keys).values("translation_key", "language", "words")
    }


@require_admin_access
def item_status(request, page_id: int):
    """One item in every language of its region: status, words, and what can be done next."""
    item = user_item(request.user, page_id)
    region = region_of_page(item)
    assert region is not None
    tree = LanguageTree.for_region(region)
    found = statuses(tree, facts_for(region, [item.translation_key])[item.translation_key])
    copies = {
        page.locale.language_code: page for page in Page.objects.filter(translation_key=item.translation_key).specific()
    }
    versions = {state.language: state for state in TextVersion.objects.filter(translation_key=item.translation_key)}
    languages = []
    for code in [tree.root, *tree.descendants_of(tree.root)]:
        copy = copies.get(code)
        source = tree.source_of(code)
        languages.append(
            {
                "code": code,
                "name": get_language(code).native_name,
                "source": get_language(source).native_name if source else "",
                "status": found[code],
                "page": copy,
                "version": versions.get(code),
                "can_review": found[code] == Status.MACHINE and copy is not None,
            }
        )
    return render(
        request,
        "translation/item_status.html",
        {
            "item": item,
            "region": region,
            "languages": languages,
            "translate_url": reverse("region_submit_page_translation", args=[item.pk]),
            "next_url": request.get_full_path(),
        },
    )


@require_admin_access
@require_POST
def mark_reviewed(request, page_id: int, language: str):
    """A person has read the machine translation and accepts it: it becomes a reviewed translation."""
    item = user_item(request.user, page_id)
    copy = seg.item_in(item, language)
    if copy is None:
        raise Http404
    permissions = copy.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    try:
        job = seg.translation_job(item, language)
    except seg.SegmentError as error:
        messages.error(request, str(error))
        return redirect("translation_item", page_id=item.pk)
    accepted = {s.key: s.target for s in seg.segments(job) if s.kind == seg.MACHINE and s.target is not None}
    seg.fill(job, accepted, kind=seg.MANUAL, user=request.user, tool="review")
    publish = permissions.can_publish()
    seg.save(job, user=request.user, publish=publish)
    if publish:
        messages.success(request, _("The translation is reviewed and published."))
    else:
        messages.success(request, _("The translation is reviewed and saved as a draft for an editor to publish."))
    return redirect("translation_item", page_id=item.pk)


urlpatterns = [
    path("", choose_region, name="translation_regions"),
    path("<int:region_id>/", region_status, name="translation_status"),
    path("item/<int:page_id>/", item_status, name="translation_item"),
    path("item/<int:page_id>/<str:language>/reviewed/", mark_reviewed, name="translation_mark_reviewed"),
]
