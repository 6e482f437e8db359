"""Reviews in the admin: the list of what is overdue or due soon in a region, and one item's review page.

Everyone with a role in the region sees the list; marking an item reviewed, changing its interval and asking its
organisation need the right to edit the item. Another region's items answer 404, as if they did not exist.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.models import BaseLogEntry, ModelLogEntry, Page, PageLogEntry
from wagtail.permissions import policy_registry

from wegweiser.contacts.models import Contact
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import chosen_region, regions_of_user

from . import asking
from .models import ReviewState, Source
from .service import (
    REVIEWED,
    ItemReview,
    Kind,
    due_for_review,
    item_by_kind,
    mark_reviewed,
    region_of,
    region_reviews,
    set_interval,
)

# --------------------------------------------------------------------------------------------------
# Who may do what
# --------------------------------------------------------------------------------------------------


def own_item(request: HttpRequest, kind: str, pk: int):
    """The page, place or contact, if it is in one of the user's regions; else 404."""
    item = item_by_kind(kind, pk)
    if item is None:
        raise Http404(_("No such page, place or contact."))
    region = region_of(item)
    if not regions_of_user(request.user).filter(pk=region.pk).exists():
        raise Http404(_("No such page, place or contact."))
    return item


def may_change(user, item) -> bool:
    """Whoever may edit the item (Wagtail's page permissions, the contacts' permission policy) may review it."""
    if isinstance(item, Contact):
        return policy_registry.get_by_type(Contact).user_has_permission_for_instance(user, "change", item)
    return item.permissions_for_user(user).can_edit()


def changeable_item(request: HttpRequest, kind: str, pk: int):
    item = own_item(request, kind, pk)
    if not may_change(request.user, item):
        raise PermissionDenied(_("You may not change this item."))
    return item


def back(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return default


def url_kind(item) -> str:
    return "contact" if isinstance(item, Contact) else "page"


def entry_of(item) -> ItemReview:
    """The item's row as the region's list has it (pages and places are listed once published)."""
    is_contact = isinstance(item, Contact)
    for entry in region_reviews(region_of(item)):
        if entry.translation_key == item.translation_key and (entry.kind == Kind.CONTACT) == is_contact:
            return entry
    raise Http404(_("This item is not published, so it has no review cycle yet."))


# --------------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------------

KIND_CHOICES = [
    (Kind.PAGE, gettext_lazy("Pages")),
    (Kind.PLACE, gettext_lazy("Places")),
    (Kind.CONTACT, gettext_lazy("Contacts")),
]
#: ``?show=`` of the list: only overdue, or also due soon (the default), or every item.
SHOWS = {
    "due": gettext_lazy("Overdue and due within 30 days"),
    "overdue": gettext_lazy("Overdue only"),
    "all": gettext_lazy("All items"),
}


def filtered(request: HttpRequest, region: RegionPage) -> dict[str, Any]:
    show = request.GET.get("show", "due")
    if show not in SHOWS:
        show = "due"
    entries = region_reviews(region) if show == "all" else due_for_review(region)
    if show == "overdue":
        entries = [entry for entry in entries if entry.is_overdue]
    organisations = sorted(
        {entry.organisation for entry in entries if entry.organisation is not None}, key=lambda o: o.name.casefold()
    )
    kind = request.GET.get("kind", "")
    if kind in dict(KIND_CHOICES):
        entries = [entry for entry in entries if entry.kind == kind]
    organisation = request.GET.get("organisation", "")
    if organisation:
        entries = [
            entry for entry in entries if str(entry.organisation.pk if entry.organisation else "") == organisation
        ]
    return {
        "show": show,
        "shows": list(SHOWS.items()),
        "kind": kind,
        "kinds": KIND_CHOICES,
        "organisation": organisation,
        "organisations": organisations,
        "rows": [{"entry": entry, "asking": asking.state(entry)} for entry in entries],
        "filtered": bool(kind or organisation or show != "due"),
    }


@require_admin_access
def overdue_list(request: HttpRequest) -> HttpResponse:
    regions, region = chosen_region(request)
    context: dict[str, Any] = {
        "page_title": _("Reviews"),
        "header_icon": "date",
        "regions": regions,
        "region": region,
        "keep": {},
        "here": request.get_full_path(),
    }
    if region is not None:
        context.update(filtered(request, region))
    return render(request, "reviews/list.html", context)


# --------------------------------------------------------------------------------------------------
# One item
# --------------------------------------------------------------------------------------------------


class IntervalForm(forms.Form):
    interval_months = forms.IntegerField(
        label=gettext_lazy("Review every (months)"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=gettext_lazy("Empty: the region's interval. E.g. 3 for a page with phone numbers that change often."),
    )


def source_label(source: str) -> str:
    return str(dict(Source.CHOICES).get(source, ""))


def history(item) -> list[tuple[BaseLogEntry, str]]:
    """The item's last ten reviews in the audit log (any language), newest first, each with how it was reviewed."""
    entries: QuerySet[BaseLogEntry]
    if isinstance(item, Page):
        entries = PageLogEntry.objects.filter(page__translation_key=item.translation_key)
    else:
        copies = Contact.objects.filter(translation_key=item.translation_key).values_list("pk", flat=True)
        entries = ModelLogEntry.objects.filter(
            content_type__app_label="contacts",
            content_type__model="contact",
            object_id__in=[str(pk) for pk in copies],
        )
    found = entries.filter(action=REVIEWED).select_related("user").order_by("-timestamp")[:10]
    return [(entry, source_label(entry.data.get("source", ""))) for entry in found]


@require_admin_access
def item_view(request: HttpRequest, kind: str, pk: int, interval_form: IntervalForm | None = None) -> HttpResponse:
    item = own_item(request, kind, pk)
    entry = entry_of(item)
    region = region_of(item)
    state = ReviewState.objects.filter(region=region, kind=entry.kind, translation_key=item.translation_key).first()
    form = interval_form or IntervalForm(initial={"interval_months": state.interval_months if state else None})
    return render(
        request,
        "reviews/item.html",
        {
            "page_title": _("Review"),
            "header_icon": "date",
            "item": item,
            "entry": entry,
            "state": state,
            "region": region,
            "kind": url_kind(item),
            "may_change": may_change(request.user, item),
            "interval_form": form,
            "history": history(item),
            "asking": asking.state(entry),
            "list_url": f"{reverse('reviews_list')}?region={region.pk}",
            "next": back(request, ""),
        },
    )


@require_admin_access
@require_POST
def mark(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = changeable_item(request, kind, pk)
    note = request.POST.get("note", "")[:2000]
    mark_reviewed(item, user=request.user, source=Source.EDITOR, note=note)
    messages.success(request, _("“%(title)s” is marked as reviewed, in all its languages.") % {"title": str(item)})
    return redirect(back(request, reverse("reviews_item", args=[kind, pk])))


@require_admin_access
@require_POST
def interval(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = changeable_item(request, kind, pk)
    form = IntervalForm(request.POST)
    if not form.is_valid():
        return item_view(request, kind, pk, interval_form=form)
    set_interval(item, form.cleaned_data["interval_months"])
    messages.success(request, _("The review interval of “%(title)s” is saved.") % {"title": str(item)})
    return redirect(reverse("reviews_item", args=[kind, pk]))


@require_admin_access
@require_POST
def ask(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Ask the item's organisation to confirm it (a verification request by e-mail)."""
    item = changeable_item(request, kind, pk)
    entry = entry_of(item)
    try:
        asking.ask(item, entry, requested_by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(organisation)s is asked by e-mail to confirm “%(title)s”.")
            % {"organisation": entry.organisation, "title": entry.title},
        )
    return redirect(back(request, reverse("reviews_item", args=[kind, pk])))


urlpatterns = [
    path("", overdue_list, name="reviews_list"),
    path("<slug:kind>/<int:pk>/", item_view, name="reviews_item"),
    path("<slug:kind>/<int:pk>/reviewed/", mark, name="reviews_mark"),
    path("<slug:kind>/<int:pk>/interval/", interval, name="reviews_interval"),
    path("<slug:kind>/<int:pk>/ask/", ask, name="reviews_ask"),
]
