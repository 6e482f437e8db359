"""The link checker in the admin: a region's broken and moved links with the places they are used, "check again
now", and replacing a web address everywhere in one action.

Editors see their own regions' links only (superusers all); a link the region does not use answers 404 in every
view and action, as if it did not exist. Changes are POST only (with Django's CSRF protection). Replacing asks
for the new address first, then shows every place it will change, and changes them only once confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import require_admin_access

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import chosen_region

from .checking import check_links
from .models import Link, LinkUse
from .replacing import clean_new_url, places_of, replace_everywhere

PER_PAGE_LIMIT = 200


@dataclass(frozen=True)
class Filter:
    label: Promise
    condition: Q


#: What the list can show, in the order of its tabs; "problems" first.
FILTERS: dict[str, Filter] = {
    "problems": Filter(gettext_lazy("Broken"), Q(status__in=(Link.Status.BROKEN, Link.Status.INVALID))),
    "moved": Filter(gettext_lazy("Moved"), Q(status=Link.Status.REDIRECTED)),
    "failing": Filter(gettext_lazy("Failed once"), Q(consecutive_failures__gt=0) & ~Q(status=Link.Status.BROKEN)),
    "all": Filter(gettext_lazy("All"), Q()),
}
DEFAULT_FILTER = "problems"


def region_links(region: RegionPage) -> QuerySet[Link]:
    return Link.objects.filter(uses__region=region).distinct()


def one_link(request: HttpRequest, pk: int) -> tuple[RegionPage, Link]:
    """The region asked for and one of its links; a link the region does not use is a 404."""
    _regions, region = chosen_region(request)
    if region is None:
        raise Http404(_("Choose a region."))
    link = region_links(region).filter(pk=pk).first()
    if link is None:
        raise Http404(_("No such link."))
    return region, link


def field_label(use: LinkUse) -> str:
    item = use.item
    model = item.specific_class if use.page is not None else type(item)
    try:
        return str(model._meta.get_field(use.field).verbose_name)
    except Exception:
        return use.field


def place(use: LinkUse, finder: AdminURLFinder) -> dict[str, Any]:
    item = use.item
    if use.page is not None:
        kind = _("Page")
    elif use.contact is not None:
        kind = _("Contact")
    else:
        kind = _("Organisation")
    language = BY_CODE.get(use.language)
    return {
        "title": str(item.title if use.page is not None else item),
        "kind": kind,
        "language": language.native_name if language else use.language,
        "language_code": use.language,
        "field": field_label(use),
        "edit_url": finder.get_edit_url(item) or "",
    }


def row(link: Link, region: RegionPage, finder: AdminURLFinder) -> dict[str, Any]:
    return {"link": link, "places": [place(use, finder) for use in places_of(link, region)]}


def list_url(region: RegionPage, show: str = "") -> str:
    query = f"?region={region.pk}" + (f"&show={show}" if show and show != DEFAULT_FILTER else "")
    return reverse("links_list") + query


@require_admin_access
def link_list(request: HttpRequest) -> HttpResponse:
    regions, region = chosen_region(request)
    show = request.GET.get("show", DEFAULT_FILTER)
    if show not in FILTERS:
        show = DEFAULT_FILTER
    context: dict[str, Any] = {
        "page_title": _("Links"),
        "header_icon": "link",
        "regions": regions,
        "region": region,
        "keep": {"show": show} if show != DEFAULT_FILTER else {},
    }
    if region is not None:
        links = Link.objects.filter(pk__in=region_links(region).values("pk"))
        counts = links.aggregate(**{name: Count("pk", filter=each.condition) for name, each in FILTERS.items()})
        shown = list(links.filter(FILTERS[show].condition).order_by("kind", "address")[:PER_PAGE_LIMIT])
        finder = AdminURLFinder(request.user)
        context.update(
            {
                "filters": [
                    {
                        "name": name,
                        "label": each.label,
                        "count": counts[name],
                        "url": list_url(region, name),
                        "current": name == show,
                    }
                    for name, each in FILTERS.items()
                ],
                "show": show,
                "rows": [row(link, region, finder) for link in shown],
                "more": counts[show] > len(shown),
                "here": request.get_full_path(),
            }
        )
    return render(request, "links/list.html", context)


@require_admin_access
@require_POST
def check_now(request: HttpRequest, pk: int) -> HttpResponse:
    region, link = one_link(request, pk)
    check_links([link])
    link.refresh_from_db()
    if link.status in (Link.Status.OK, Link.Status.REDIRECTED):
        messages.success(request, _("“%(address)s” works.") % {"address": link.address})
    else:
        problem = link.error or link.get_status_display()
        text = _("“%(address)s” does not work: %(error)s") % {"address": link.address, "error": problem}
        messages.warning(request, text)
    wanted = request.POST.get("next", "")
    return redirect(wanted if wanted.startswith(reverse("links_list")) else list_url(region))


class ReplaceForm(forms.Form):
    new_url = forms.CharField(
        label=gettext_lazy("New address"),
        max_length=2000,
        help_text=gettext_lazy("The complete web address, starting with https:// or http://."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )

    def __init__(self, *args, link: Link, **kwargs):
        super().__init__(*args, **kwargs)
        self.link = link

    def clean_new_url(self) -> str:
        return clean_new_url(self.link, self.cleaned_data["new_url"])


@require_admin_access
def replace(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form; POST: check the new address and show every place (``confirm`` absent), or replace."""
    region, link = one_link(request, pk)
    if link.kind != Link.Kind.URL:
        raise Http404(_("Only web addresses can be replaced everywhere."))
    posted = request.method == "POST"
    form = ReplaceForm(request.POST if posted else None, link=link, initial={"new_url": link.final_url})
    confirming = False
    if posted and form.is_valid():
        if request.POST.get("confirm"):
            try:
                outcome = replace_everywhere(link, form.cleaned_data["new_url"], region, request.user)
            except PermissionDenied as refused:
                messages.error(request, str(refused))
                return redirect(list_url(region))
            messages.success(
                request,
                ngettext(
                    "“%(old)s” replaced by “%(new)s” in %(count)s place.",
                    "“%(old)s” replaced by “%(new)s” in %(count)s places.",
                    outcome.total,
                )
                % {"old": link.address, "new": form.cleaned_data["new_url"], "count": outcome.total},
            )
            if outcome.drafts:
                messages.warning(
                    request,
                    _("Saved as draft, to be published by you: %(pages)s") % {"pages": ", ".join(outcome.drafts)},
                )
            return redirect(list_url(region))
        confirming = True
    finder = AdminURLFinder(request.user)
    return render(
        request,
        "links/replace.html",
        {
            "page_title": _("Replace a link everywhere"),
            "header_icon": "link",
            "region": region,
            "link": link,
            "form": form,
            "confirming": confirming,
            "places": [place(use, finder) for use in places_of(link, region)],
            "list_url": list_url(region),
        },
    )


urlpatterns = [
    path("", link_list, name="links_list"),
    path("<int:pk>/check/", check_now, name="links_check"),
    path("<int:pk>/replace/", replace, name="links_replace"),
]
