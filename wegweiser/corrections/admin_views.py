"""The corrections part of the admin: asking a partner to verify an item, and the review queue of suggestions.

Region-scoped like the feedback inbox: editors see their own regions' items and suggestions only (superusers
all); another region's answer 404, as if they did not exist. Changes are POST only, with Django's CSRF protection.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page

from wegweiser.contacts.models import Contact
from wegweiser.insights.inbox import back, language_name
from wegweiser.regions.tenancy import chosen_region, regions_of_user

from . import service
from .items import (
    current_value,
    default_recipient,
    details,
    field_label,
    is_rich_text,
    item_title,
    kind_label,
    region_of,
)
from .models import Suggestion

PER_PAGE = 50


# --------------------------------------------------------------------------------------------------
# Whose items and suggestions these are
# --------------------------------------------------------------------------------------------------


def in_users_regions(user, item: Model | None) -> bool:
    if item is None:
        return False
    region = region_of(item)
    return region is not None and regions_of_user(user).filter(pk=region.pk).exists()


def may_change(user, item: Model) -> bool:
    if isinstance(item, Page):
        return item.permissions_for_user(user).can_edit()
    if isinstance(item, Contact):
        return user.has_perm("contacts.change_contact")
    return False


def verifiable_item(request: HttpRequest, kind: str, pk: int) -> Model:
    """The page or contact to verify; another region's (or no such item) is a 404."""
    if kind == "page":
        item: Model = get_object_or_404(Page, pk=pk).specific
    elif kind == "contact":
        item = get_object_or_404(Contact, pk=pk)
    else:
        raise Http404(_("No such item."))
    if not isinstance(item, service.VERIFIABLE) or not in_users_regions(request.user, item):
        raise Http404(_("No such item."))
    if not may_change(request.user, item):
        raise PermissionDenied
    return item


def edit_url(user, item: Model | None) -> str:
    return (AdminURLFinder(user).get_edit_url(item) or "") if item is not None else ""


# --------------------------------------------------------------------------------------------------
# Asking for verification
# --------------------------------------------------------------------------------------------------


class VerificationForm(forms.Form):
    recipient = forms.CharField(
        label=gettext_lazy("Send to"),
        max_length=254,
        help_text=gettext_lazy("The e-mail address of the partner organisation's contact who can check this."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        max_length=service.MAX_NOTE,
        help_text=gettext_lazy("Optional: a few words for the recipient, shown in the e-mail."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_recipient(self) -> str:
        try:
            return service.checked_recipient(self.cleaned_data["recipient"])
        except ValueError as problem:
            raise ValidationError(str(problem)) from None


@require_admin_access
def request_verification(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = verifiable_item(request, kind, pk)
    fallback = edit_url(request.user, item)
    form = VerificationForm(request.POST or None, initial={"recipient": default_recipient(item)})
    if request.method == "POST" and form.is_valid():
        try:
            service.request_verification(
                item, form.cleaned_data["recipient"], requested_by=request.user, message=form.cleaned_data["message"]
            )
        except ValueError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                _("Asked %(recipient)s to check “%(title)s”.")
                % {"recipient": form.cleaned_data["recipient"], "title": item_title(item)},
            )
            return redirect(back(request, fallback))
    pending = service.open_verification_request(item)
    return render(
        request,
        "corrections/request_verification.html",
        {
            "page_title": _("Ask for verification"),
            "header_icon": "mail",
            "item": item,
            "title": item_title(item),
            "kind": kind_label(item),
            "details": details(item),
            "form": form,
            "pending": pending,
            "next": back(request, fallback),
        },
    )


# --------------------------------------------------------------------------------------------------
# The review queue
# --------------------------------------------------------------------------------------------------

STATUSES = {
    "open": gettext_lazy("Open"),
    "closed": gettext_lazy("Dealt with"),
}


def diff_segments(current: str, proposed: str) -> list[tuple[str, str]]:
    """The two texts word by word: ("same" | "del" | "ins", text) segments, whitespace kept."""
    before = re.split(r"(\s+)", current)
    after = re.split(r"(\s+)", proposed)
    segments: list[tuple[str, str]] = []
    for op, b1, b2, a1, a2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(before[b1:b2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("del", "".join(before[b1:b2])))
        if op in ("insert", "replace"):
            segments.append(("ins", "".join(after[a1:a2])))
    return [segment for segment in segments if segment[1]]


def field_changes(suggestion: Suggestion) -> list[dict[str, Any]]:
    item = suggestion.item
    if item is None:
        return []
    return [
        {
            "name": name,
            "label": field_label(item, name),
            "current": current_value(item, name),
            "proposed": proposed,
            "diff": diff_segments(current_value(item, name), proposed),
            "by_hand": is_rich_text(item, name),
        }
        for name, proposed in suggestion.changes.items()
    ]


def own_suggestions(request: HttpRequest) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(region__in=regions_of_user(request.user))


def one_suggestion(request: HttpRequest, pk: int) -> Suggestion:
    return get_object_or_404(own_suggestions(request).select_related("region", "verification_request"), pk=pk)


def queue_url(region=None, **params: str) -> str:
    query = "&".join(
        f"{name}={value}" for name, value in {"region": getattr(region, "pk", ""), **params}.items() if value
    )
    return reverse("corrections_queue") + (f"?{query}" if query else "")


def row(request: HttpRequest, suggestion: Suggestion) -> dict[str, Any]:
    item = suggestion.item
    return {
        "suggestion": suggestion,
        "item": item,
        "title": item_title(item) if item is not None else _("(deleted)"),
        "kind": kind_label(item) if item is not None else "",
        "language_name": language_name(suggestion.language) if suggestion.language else "",
        "fields": [field_label(item, name) for name in suggestion.changes] if item is not None else [],
    }


@require_admin_access
def queue(request: HttpRequest) -> HttpResponse:
    regions, region = chosen_region(request)
    source = request.GET.get("source", "")
    source = source if source in Suggestion.Source.values else ""
    status = request.GET.get("status", "open")
    status = status if status in STATUSES else "open"
    context: dict[str, Any] = {
        "page_title": _("Suggestions"),
        "header_icon": "edit",
        "regions": regions,
        "region": region,
        "source": source,
        "status": status,
        "sources": Suggestion.Source.choices,
        "statuses": list(STATUSES.items()),
    }
    if region is not None:
        suggestions = Suggestion.objects.filter(region=region)
        if status == "open":
            suggestions = suggestions.filter(status=Suggestion.Status.OPEN)
        else:
            suggestions = suggestions.exclude(status=Suggestion.Status.OPEN)
        if source:
            suggestions = suggestions.filter(source=source)
        shown = Paginator(suggestions.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("p"))
        context.update({"listed": shown, "rows": [row(request, suggestion) for suggestion in shown]})
    return render(request, "corrections/queue.html", context)


@require_admin_access
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = one_suggestion(request, pk)
    item = suggestion.item
    return render(
        request,
        "corrections/suggestion.html",
        {
            "page_title": _("Suggestion"),
            "header_icon": "edit",
            "row": row(request, suggestion),
            "suggestion": suggestion,
            "changes": field_changes(suggestion),
            "edit_url": edit_url(request.user, item),
            "may_change": item is not None and may_change(request.user, item),
            "list_url": queue_url(suggestion.region),
        },
    )


def decidable(request: HttpRequest, pk: int) -> Suggestion:
    suggestion = one_suggestion(request, pk)
    if suggestion.item is None or not may_change(request.user, suggestion.item):
        raise PermissionDenied
    return suggestion


OUTCOMES = {
    "published": gettext_lazy("Suggestion accepted: “%(title)s” is changed and published."),
    "submitted": gettext_lazy("Suggestion accepted: the change to “%(title)s” is saved and submitted for approval."),
    "saved": gettext_lazy("Suggestion accepted: the change to “%(title)s” is saved."),
    "": gettext_lazy("Suggestion accepted: “%(title)s” counts as checked today."),
}


@require_admin_access
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = decidable(request, pk)
    item = suggestion.item
    try:
        outcome = service.accept_suggestion(suggestion, request.user)
    except service.SuggestionClosed:
        messages.error(request, _("This suggestion has been dealt with already."))
    except ValidationError as problem:
        messages.error(
            request, _("The change cannot be applied: %(problem)s") % {"problem": " ".join(problem.messages)}
        )
    except ValueError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, str(OUTCOMES[outcome]) % {"title": item_title(item)})
        if any(is_rich_text(item, name) for name in suggestion.changes):
            messages.warning(request, _("Carry the change of the text over by hand in the editor."))
            return redirect(edit_url(request.user, item) or queue_url(suggestion.region))
    return redirect(back(request, queue_url(suggestion.region)))


class RejectForm(forms.Form):
    reason = forms.CharField(required=False, max_length=service.MAX_NOTE)


@require_admin_access
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = decidable(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long (at most %(max)d characters).") % {"max": service.MAX_NOTE})
        return redirect(reverse("corrections_suggestion", args=[suggestion.pk]))
    try:
        service.reject_suggestion(suggestion, request.user, form.cleaned_data["reason"])
    except service.SuggestionClosed:
        messages.error(request, _("This suggestion has been dealt with already."))
    else:
        messages.success(request, _("Suggestion rejected."))
    return redirect(back(request, queue_url(suggestion.region)))


@require_admin_access
@require_POST
def done(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = decidable(request, pk)
    try:
        service.mark_suggestion_done(suggestion, request.user)
    except service.SuggestionClosed:
        messages.error(request, _("This suggestion has been dealt with already."))
    else:
        messages.success(request, _("Suggestion marked as done."))
    return redirect(back(request, queue_url(suggestion.region)))


def open_count_of_user(user) -> int:
    return Suggestion.objects.filter(region__in=regions_of_user(user), status=Suggestion.Status.OPEN).count()


urlpatterns = [
    path("verify/<slug:kind>/<int:pk>/", request_verification, name="corrections_request_verification"),
    path("suggestions/", queue, name="corrections_queue"),
    path("suggestions/<int:pk>/", detail, name="corrections_suggestion"),
    path("suggestions/<int:pk>/accept/", accept, name="corrections_accept"),
    path("suggestions/<int:pk>/reject/", reject, name="corrections_reject"),
    path("suggestions/<int:pk>/done/", done, name="corrections_done"),
]
