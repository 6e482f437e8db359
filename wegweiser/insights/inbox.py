"""The feedback inbox: what newcomers told a region, to read, sort out and pass on to whoever can act on it.

Editors see their own regions' feedback only (superusers all); feedback of another region answers 404 in every
view and action, as if it did not exist. Changes are POST only (with Django's CSRF protection); opening one
piece of feedback marks it read, as opening a message in a mail program does.

The list starts with the new feedback (unread, not archived), newest first; ``?item=<page id>`` shows the
feedback on one item in all its languages (its copies share ``Page.translation_key``), which is how the
dashboard links here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.paginator import Page as ListPage
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from wegweiser.publishing.documents import RegionInLanguage, absolute_url, reader_path
from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import chosen_region, region_copies, region_of_page, regions_of_user

from .models import Feedback

#: Feedback shown per page of the list.
PER_PAGE = 50
#: At most this many people get one forwarded e-mail.
MAX_RECIPIENTS = 10


# --------------------------------------------------------------------------------------------------
# What the list can show
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    label: Promise
    condition: Q


#: The states an editor sorts feedback into, in the order of the tabs; "new" is what the list shows first.
STATES: dict[str, State] = {
    "new": State(gettext_lazy("New"), Q(is_read=False, is_archived=False)),
    "read": State(gettext_lazy("Read"), Q(is_read=True, is_archived=False)),
    "technical": State(gettext_lazy("Technical"), Q(is_technical=True, is_archived=False)),
    "archived": State(gettext_lazy("Archived"), Q(is_archived=True)),
    "all": State(gettext_lazy("All"), Q()),
}
DEFAULT_STATE = "new"
#: ``?rating=`` values: the two ratings, and comments without a rating.
NO_RATING = "none"

#: What each action changes, in one piece of feedback or many.
CHANGES: dict[str, dict[str, bool]] = {
    "read": {"is_read": True},
    "unread": {"is_read": False},
    "archive": {"is_archived": True},
    "unarchive": {"is_archived": False},
    "technical": {"is_technical": True},
    "not-technical": {"is_technical": False},
}


def done_message(action: str, count: int) -> str:
    """What an editor is told after an action, in their language."""
    texts = {
        "read": ngettext("%(count)s feedback marked as read.", "%(count)s feedback marked as read.", count),
        "unread": ngettext("%(count)s feedback marked as unread.", "%(count)s feedback marked as unread.", count),
        "archive": ngettext("%(count)s feedback archived.", "%(count)s feedback archived.", count),
        "unarchive": ngettext(
            "%(count)s feedback taken out of the archive.", "%(count)s feedback taken out of the archive.", count
        ),
        "technical": ngettext(
            "%(count)s feedback marked as technical.", "%(count)s feedback marked as technical.", count
        ),
        "not-technical": ngettext(
            "%(count)s feedback marked as not technical.", "%(count)s feedback marked as not technical.", count
        ),
    }
    return texts[action] % {"count": count}


@dataclass
class Choices:
    """What the editor asked the list for: a state, and optionally a kind, a language and a rating."""

    state: str = DEFAULT_STATE
    kind: str = ""
    language: str = ""
    rating: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> Choices:
        given = request.GET
        state = given.get("status", DEFAULT_STATE)
        kind = given.get("kind", "")
        rating = given.get("rating", "")
        return cls(
            state=state if state in STATES else DEFAULT_STATE,
            kind=kind if kind in Feedback.Kind.values else "",
            language=given.get("language", "")[:12],
            rating=rating if rating in (*Feedback.Rating.values, NO_RATING) else "",
        )

    def condition(self, leave_out: str = "") -> Q:
        """The kind, language and rating chosen, but the one named ``leave_out`` (to count its options)."""
        condition = Q()
        if self.kind and leave_out != "kind":
            condition &= Q(kind=self.kind)
        if self.language and leave_out != "language":
            condition &= Q(language=self.language)
        if self.rating and leave_out != "rating":
            condition &= Q(rating="" if self.rating == NO_RATING else self.rating)
        return condition


# --------------------------------------------------------------------------------------------------
# One piece of feedback, as editors see it
# --------------------------------------------------------------------------------------------------


def language_name(code: str) -> str:
    language = BY_CODE.get(code)
    return language.native_name if language else code


def language_tag(code: str) -> str:
    language = BY_CODE.get(code)
    return language.bcp47_tag if language else code


class Links:
    """Where an item newcomers gave feedback on can be edited in the admin and read in the web app.

    Knows the region's root page in every language, so that a list of feedback costs no query per row.
    """

    def __init__(self, region: RegionPage):
        self.region = region
        self.roots = {root.locale_id: root for root in region_copies(region).select_related("locale")}

    def edit(self, page: Page | None) -> str:
        return reverse("wagtailadmin_pages:edit", args=[page.pk]) if page is not None else ""

    def read(self, page: Page | None) -> str:
        """The item's path in the web app (as ``publishing`` gives it to readers); empty when readers cannot see it."""
        if page is None or not page.live:
            return ""
        root = self.roots.get(page.locale_id)
        if root is None or not page.url_path.startswith(root.url_path):
            return ""
        language = root.locale.language_code
        # specific_deferred: the page's own class (for its reader_route) without a query.
        return reader_path(RegionInLanguage(self.region, language, {language: root}), page.specific_deferred)


def about(feedback: Feedback) -> str:
    """What the feedback is about, in words, when it is not about one page: the kind, and the search or slug."""
    kind = feedback.get_kind_display()
    detail = feedback.query or feedback.object_slug
    return f"{kind}: {detail}" if detail else str(kind)


def row(feedback: Feedback, links: Links) -> dict[str, Any]:
    return {
        "feedback": feedback,
        "title": feedback.page.title if feedback.page is not None else "",
        "about": about(feedback),
        "detail": feedback.query or feedback.object_slug,
        "edit_url": links.edit(feedback.page),
        "reader_url": links.read(feedback.page),
        "language_name": language_name(feedback.language),
        "language_tag": language_tag(feedback.language),
    }


# --------------------------------------------------------------------------------------------------
# Whose feedback it is
# --------------------------------------------------------------------------------------------------


def own_feedback(request: HttpRequest) -> QuerySet[Feedback]:
    """The feedback of the regions the user works in (all for superusers)."""
    return Feedback.objects.filter(region__in=regions_of_user(request.user))


def one_feedback(request: HttpRequest, pk: int) -> Feedback:
    return get_object_or_404(own_feedback(request).select_related("page", "region", "region__locale"), pk=pk)


def chosen_feedback(request: HttpRequest) -> list[Feedback]:
    """The feedback ticked in a list (``ids``); one that is not the user's, or does not exist, is a 404."""
    try:
        wanted = {int(pk) for pk in request.POST.getlist("ids") + request.GET.getlist("ids")}
    except ValueError:
        raise Http404(_("No such feedback.")) from None
    found = list(own_feedback(request).filter(pk__in=wanted).select_related("page", "region", "region__locale"))
    if len(found) != len(wanted):
        raise Http404(_("No such feedback."))
    return sorted(found, key=lambda feedback: feedback.created_at, reverse=True)


def back(request: HttpRequest, fallback: str) -> str:
    """Where to go after an action: the page it was started from (``next``), if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return fallback


def list_url(region: RegionPage | None, **params: Any) -> str:
    query = QueryDict(mutable=True)
    if region is not None:
        query["region"] = str(region.pk)
    query.update({name: value for name, value in params.items() if value})
    return reverse("insights_feedback") + (f"?{query.urlencode()}" if query else "")


# --------------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------------


def item_of(request: HttpRequest) -> Page | None:
    """The page ``?item=`` asks for feedback on (in any language), or None."""
    wanted = request.GET.get("item", "")
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404(_("No such item."))
    return get_object_or_404(Page, pk=int(wanted))


def region_for(request: HttpRequest, item: Page | None) -> tuple[list[RegionPage], RegionPage | None]:
    """The region the list is about: chosen as in every insights view, or else the one of the item asked for.

    An item of another region is a 404, as if it did not exist: not even its title is shown."""
    regions, region = chosen_region(request)
    if item is not None:
        own = region_of_page(item)
        if own is None or own not in regions or (region is not None and own != region):
            raise Http404(_("No such item."))
        region = own
    return regions, region


def option_counts(feedback: QuerySet[Feedback], choices: Choices, field: str) -> dict[str, int]:
    """How many pieces of feedback each value of ``field`` has, with the other choices applied."""
    rows = feedback.filter(choices.condition(leave_out=field)).values(field).annotate(count=Count("pk"))
    return {row[field]: row["count"] for row in rows}


def url_with(request: HttpRequest, **changes: str) -> str:
    """This list with some parameters changed (an empty value removes one), back on its first page."""
    query = request.GET.copy()
    query.pop("p", None)
    for name, value in changes.items():
        if value:
            query[name] = value
        else:
            query.pop(name, None)
    return f"?{query.urlencode()}"


def page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["p"] = str(number)
    return f"?{query.urlencode()}"


def listing(request: HttpRequest, region: RegionPage, item: Page | None) -> dict[str, Any]:
    choices = Choices.of(request)
    feedback = Feedback.objects.filter(region=region)
    if item is not None:
        feedback = feedback.filter(page__translation_key=item.translation_key)
    in_state = feedback.filter(STATES[choices.state].condition)

    state_counts = feedback.filter(choices.condition()).aggregate(
        **{name: Count("pk", filter=state.condition) for name, state in STATES.items()}
    )
    states = [
        {
            "name": name,
            "label": state.label,
            "count": state_counts[name],
            "url": url_with(request, status="" if name == DEFAULT_STATE else name),
            "current": name == choices.state,
        }
        for name, state in STATES.items()
    ]
    kinds = option_counts(in_state, choices, "kind")
    languages = option_counts(in_state, choices, "language")
    ratings = option_counts(in_state, choices, "rating")
    paginator = Paginator(in_state.filter(choices.condition()).select_related("page").order_by("-created_at"), PER_PAGE)
    shown: ListPage = paginator.get_page(request.GET.get("p"))
    links = Links(region)
    return {
        "choices": choices,
        "states": states,
        "kinds": [(value, label, kinds.get(value, 0)) for value, label in Feedback.Kind.choices if value in kinds],
        "languages": sorted(
            ((code, language_name(code), count) for code, count in languages.items()), key=lambda option: option[1]
        ),
        "ratings": [
            *((value, label, ratings.get(value, 0)) for value, label in Feedback.Rating.choices),
            (NO_RATING, _("No rating"), ratings.get("", 0)),
        ],
        "filtered": bool(choices.kind or choices.language or choices.rating),
        "listed": shown,
        "rows": [row(feedback, links) for feedback in shown],
        "previous_url": page_url(request, shown.number - 1) if shown.has_previous() else "",
        "next_url": page_url(request, shown.number + 1) if shown.has_next() else "",
        "unfiltered_url": list_url(region, status=request.GET.get("status", ""), item=request.GET.get("item", "")),
        "all_items_url": list_url(region),
    }


@require_admin_access
def inbox(request: HttpRequest) -> HttpResponse:
    item = item_of(request)
    regions, region = region_for(request, item)
    context: dict[str, Any] = {
        "page_title": _("Feedback"),
        "header_icon": "comment",
        "regions": regions,
        "region": region,
        "item": item,
        "keep": {name: request.GET[name] for name in ("status", "item") if request.GET.get(name)},
    }
    if region is not None:
        context.update(listing(request, region, item))
    return render(request, "insights/inbox.html", context)


# --------------------------------------------------------------------------------------------------
# One piece of feedback, and what can be done with it
# --------------------------------------------------------------------------------------------------


@require_admin_access
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = one_feedback(request, pk)
    if not feedback.is_read:
        feedback.is_read = True
        feedback.save(update_fields=["is_read"])
    region = feedback.region
    return render(
        request,
        "insights/inbox_detail.html",
        {
            "page_title": _("Feedback"),
            "header_icon": "comment",
            "region": region,
            "row": row(feedback, Links(region)),
            "list_url": back(request, list_url(region)),
            "here": request.get_full_path(),
        },
    )


@require_admin_access
@require_POST
def change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in CHANGES:
        raise Http404(_("No such action."))
    feedback = one_feedback(request, pk)
    Feedback.objects.filter(pk=feedback.pk).update(**CHANGES[action])
    messages.success(request, done_message(action, 1))
    return redirect(back(request, reverse("insights_feedback_detail", args=[feedback.pk])))


@require_admin_access
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action not in CHANGES:
        raise Http404(_("No such action."))
    chosen = chosen_feedback(request)
    if not chosen:
        messages.error(request, _("Choose at least one feedback."))
    else:
        Feedback.objects.filter(pk__in=[feedback.pk for feedback in chosen]).update(**CHANGES[action])
        messages.success(request, done_message(action, len(chosen)))
    return redirect(back(request, reverse("insights_feedback")))


# --------------------------------------------------------------------------------------------------
# Forwarding by e-mail
# --------------------------------------------------------------------------------------------------


class ForwardForm(forms.Form):
    addresses = forms.CharField(
        label=gettext_lazy("Send to"),
        max_length=2000,
        help_text=gettext_lazy("One or more e-mail addresses, separated by commas or spaces."),
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Optional: a few words for the recipients, e.g. what you ask them to do."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_addresses(self) -> list[str]:
        addresses = list(dict.fromkeys(part for part in re.split(r"[\s,;]+", self.cleaned_data["addresses"]) if part))
        if not addresses:
            raise ValidationError(_("Enter at least one e-mail address."))
        wrong = [address for address in addresses if not is_email(address)]
        if wrong:
            raise ValidationError(
                ngettext(
                    "This is not an e-mail address: %(addresses)s",
                    "These are not e-mail addresses: %(addresses)s",
                    len(wrong),
                )
                % {"addresses": ", ".join(wrong)}
            )
        if len(addresses) > MAX_RECIPIENTS:
            raise ValidationError(_("At most %(max)s addresses, please.") % {"max": MAX_RECIPIENTS})
        return addresses


def is_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def stored_addresses(addresses: list[str]) -> str:
    """The recipients as ``forwarded_to`` keeps them: as many whole addresses as the field holds."""
    limit = Feedback._meta.get_field("forwarded_to").max_length or 254
    kept: list[str] = []
    for address in addresses:
        if len(", ".join([*kept, address])) > limit:
            break
        kept.append(address)
    return ", ".join(kept)


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def mail_subject(region: RegionPage, chosen: list[Feedback]) -> str:
    if len(chosen) == 1 and chosen[0].page is not None:
        subject = _("Feedback on “%(title)s” – %(region)s") % {
            "title": chosen[0].page.title,
            "region": region.full_name,
        }
    else:
        subject = ngettext(
            "%(count)s feedback from newcomers – %(region)s",
            "%(count)s feedback from newcomers – %(region)s",
            len(chosen),
        ) % {"count": len(chosen), "region": region.full_name}
    return one_line(subject)


def mail_entry(number: int, item: dict[str, Any]) -> str:
    feedback: Feedback = item["feedback"]
    lines = [
        f"{number}. {_('Received')}: {date_format(timezone.localtime(feedback.created_at), 'SHORT_DATETIME_FORMAT')}",
        f"   {_('About')}: {item['title'] or item['about']}",
        f"   {_('Language')}: {item['language_name']} ({feedback.language})",
        f"   {_('Rating')}: {feedback.get_rating_display() or '–'}",
    ]
    if feedback.category:
        lines.append(f"   {_('Category')}: {feedback.category}")
    if feedback.comment:
        lines.append(f"   {_('Comment')}:")
        lines.extend(f"   | {line}" for line in feedback.comment.splitlines())
    if item["reader_url"]:
        lines.append(f"   {_('In the web app')}: {absolute_url(item['reader_url'])}")
    if item["edit_url"]:
        lines.append(f"   {_('Edit in the admin')}: {absolute_url(item['edit_url'])}")
    lines.append(
        f"   {_('In the feedback inbox')}: {absolute_url(reverse('insights_feedback_detail', args=[feedback.pk]))}"
    )
    return "\n".join(lines)


def mail_body(request: HttpRequest, region: RegionPage, chosen: list[Feedback], note: str) -> str:
    user = request.user
    sender = one_line(user.get_full_name() or user.get_username())
    if user.email:
        sender = f"{sender} <{user.email}>"
    links = Links(region)
    parts = [note.strip()] if note.strip() else []
    parts.append(
        _(
            "%(sender)s forwards you feedback that newcomers gave on Wegweiser, the guide of %(region)s. "
            "The feedback is anonymous: it cannot be answered."
        )
        % {"sender": sender, "region": region.full_name}
    )
    parts.extend(mail_entry(number, row(feedback, links)) for number, feedback in enumerate(chosen, start=1))
    return "\n\n".join(parts) + "\n"


@require_admin_access
def forward(request: HttpRequest) -> HttpResponse:
    """Forward feedback by e-mail: shows the form (GET, or POST from the list's selection), sends it (POST)."""
    chosen = chosen_feedback(request)
    if not chosen:
        messages.error(request, _("Choose at least one feedback."))
        return redirect(back(request, reverse("insights_feedback")))
    regions = {feedback.region_id for feedback in chosen}
    if len(regions) > 1:
        messages.error(request, _("Forward feedback of one region at a time."))
        return redirect(back(request, reverse("insights_feedback")))
    region = chosen[0].region
    sending = request.method == "POST" and "addresses" in request.POST
    form = ForwardForm(request.POST if sending else None)
    if sending and form.is_valid():
        addresses = form.cleaned_data["addresses"]
        send_mail(
            mail_subject(region, chosen),
            mail_body(request, region, chosen, form.cleaned_data["note"]),
            None,
            addresses,
        )
        Feedback.objects.filter(pk__in=[feedback.pk for feedback in chosen]).update(
            forwarded_to=stored_addresses(addresses), forwarded_at=timezone.now()
        )
        messages.success(
            request,
            ngettext(
                "%(count)s feedback forwarded to %(addresses)s.",
                "%(count)s feedback forwarded to %(addresses)s.",
                len(chosen),
            )
            % {"count": len(chosen), "addresses": ", ".join(addresses)},
        )
        return redirect(back(request, list_url(region)))
    links = Links(region)
    return render(
        request,
        "insights/inbox_forward.html",
        {
            "page_title": _("Forward feedback by e-mail"),
            "header_icon": "mail",
            "region": region,
            "form": form,
            "rows": [row(feedback, links) for feedback in chosen],
            "next": back(request, list_url(region)),
        },
    )


# --------------------------------------------------------------------------------------------------
# The menu
# --------------------------------------------------------------------------------------------------


def unread_count(user) -> int:
    """New feedback (unread, not archived) in the user's regions."""
    return Feedback.objects.filter(region__in=regions_of_user(user), is_read=False, is_archived=False).count()


class FeedbackMenuItem(MenuItem):
    """ "Feedback" in the admin's menu, with the number of new pieces of feedback in the editor's regions."""

    def render_component(self, request: HttpRequest):
        unread = unread_count(request.user)
        label = _("Feedback (%(count)s new)") % {"count": unread} if unread else _("Feedback")
        component = super().render_component(request)
        component.label = label
        return component


urlpatterns = [
    path("", inbox, name="insights_feedback"),
    path("<int:pk>/", detail, name="insights_feedback_detail"),
    path("<int:pk>/<slug:action>/", change, name="insights_feedback_change"),
    path("selected/", bulk, name="insights_feedback_bulk"),
    path("forward/", forward, name="insights_feedback_forward"),
]
