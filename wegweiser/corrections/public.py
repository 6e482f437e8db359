"""The pages corrections show outside the admin: the partner's verification page and newcomers' reports.

- ``/verification/<signed link>/`` needs no account: it shows the item as the guide has it now, with
  "Still correct" and "Suggest a change". Tampered links answer 400, expired and spent ones 410, each with a page
  saying what to do. It is in German, the language municipalities work with their partners in.
- ``/report/<region>/<language>/`` takes "this information is wrong or outdated" from newcomers. The form on every
  item posts here without JavaScript (web app pages carry no CSRF token, like the feedback API; the feedback
  endpoints' rate and size limits and honeypot guard it instead) and the answer is a page in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.fields import RichTextField
from wagtail.models import Page

from wegweiser.insights.abuse import refusal
from wegweiser.regions.tenancy import region_of_page
from wegweiser.webapp.reading import Guide
from wegweiser.webapp.views import guide_context

from . import service
from .items import current_value, details, editable_fields, field_label, item_title, kind_label, model_field

#: The longest report a newcomer can send.
MAX_REPORT = 2000


# --------------------------------------------------------------------------------------------------
# The partner's page
# --------------------------------------------------------------------------------------------------


def suggestion_form_class(item: Model) -> type[forms.Form]:
    """A form with the item's editable fields (rich text as a plain text area) and a free-text note."""
    fields: dict[str, forms.Field] = {}
    for name in editable_fields(item):
        field = model_field(item, name)
        if isinstance(field, RichTextField):
            fields[name] = forms.CharField(
                label=field_label(item, name), required=False, widget=forms.Textarea(attrs={"rows": 10})
            )
        else:
            form_field = field.formfield()
            form_field.label = field_label(item, name)
            form_field.help_text = ""
            fields[name] = form_field
    fields["note"] = forms.CharField(
        label=gettext_lazy("What else should we know?"),
        required=False,
        max_length=service.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    return type("SuggestionForm", (forms.Form,), fields)


def refused_page(request: HttpRequest, refused: service.LinkRefused) -> HttpResponse:
    with translation.override(service.PARTNER_LANGUAGE):
        return render(
            request,
            "corrections/verification_refused.html",
            {"reason": refused.reason, "verification": refused.verification},
            status=refused.status,
        )


@require_http_methods(["GET", "POST"])
def verification(request: HttpRequest, link: str) -> HttpResponse:
    try:
        verification = service.verification_from_link(link)
    except service.LinkRefused as refused:
        return refused_page(request, refused)
    item = verification.item
    if item is None:
        raise Http404("The item no longer exists.")
    with translation.override(service.PARTNER_LANGUAGE):
        form_class = suggestion_form_class(item)
        initial = {name: current_value(item, name) for name in editable_fields(item)}
        form = form_class(initial=initial)
        if request.method == "GET":
            service.mark_opened(verification)
        else:
            try:
                if request.POST.get("answer") == "confirm":
                    service.confirm(verification)
                    return render(request, "corrections/verification_thanks.html", {"confirmed": True})
                form = form_class(request.POST, initial=initial)
                if form.is_valid():
                    changes = {name: form.cleaned_data[name] or "" for name in editable_fields(item)}
                    try:
                        service.suggest(verification, changes, form.cleaned_data["note"])
                    except ValueError as problem:
                        form.add_error(None, str(problem))
                    else:
                        return render(request, "corrections/verification_thanks.html", {"confirmed": False})
            except service.LinkUsed as refused:
                return refused_page(request, refused)
        return render(
            request,
            "corrections/verification.html",
            {
                "verification": verification,
                "region": verification.region,
                "title": item_title(item),
                "kind": kind_label(item),
                "details": details(item),
                "form": form,
            },
            status=400 if form.errors else 200,
        )


# --------------------------------------------------------------------------------------------------
# Newcomers' reports
# --------------------------------------------------------------------------------------------------


class ReportForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    back = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("What is wrong or outdated?"),
        max_length=MAX_REPORT,
        error_messages={"required": gettext_lazy("Please write what is wrong or outdated.")},
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_REPORT}),
    )
    website = forms.CharField(required=False)  # the honeypot: people never see it

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Please write what is wrong or outdated."))
        return text


def reported_item(guide: Guide, item_id: int | None) -> Model | None:
    """The live page of the guide's region a report is about (a topic page, event, place, news item …)."""
    if item_id is None:
        return None
    page = Page.objects.live().filter(pk=item_id).first()
    if page is None:
        return None
    region = region_of_page(page)
    if region is None or region.pk != guide.region["id"]:
        return None
    return page.specific


def back_path(guide: Guide, wanted: str) -> str:
    """Where "back" leads: the item the report came from when it is a page of this guide, else its start."""
    return wanted if wanted.startswith(guide.home) and "//" not in wanted else guide.home


def report_page(request: HttpRequest, guide: Guide, template: str, context: dict[str, Any], status: int):
    response = render(request, template, {**guide_context(guide, None), **context}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, region: str, lang: str) -> HttpResponse:
    guide = Guide.of(region, lang)
    with translation.override(guide.code):
        if request.method == "GET":
            form = ReportForm(initial={"item": request.GET.get("item"), "back": request.GET.get("back", "")})
            return report_page(request, guide, "corrections/report.html", {"form": form}, 200)
        refused = refusal(request)
        if refused is not None:
            status = refused.status_code
            context = {"too_large": status == 413, "back": guide.home}
            response = report_page(request, guide, "corrections/report_refused.html", context, status)
            if refused.has_header("Retry-After"):
                response["Retry-After"] = refused["Retry-After"]
            return response
        form = ReportForm(request.POST)
        if not form.is_valid():
            return report_page(request, guide, "corrections/report.html", {"form": form}, 400)
        back = back_path(guide, form.cleaned_data["back"])
        item = reported_item(guide, form.cleaned_data["item"])
        if item is None:
            form.add_error(None, _("This page cannot be reported. It may have been removed."))
            return report_page(request, guide, "corrections/report.html", {"form": form}, 400)
        if not form.cleaned_data["website"]:
            service.record_suggestion(item, {}, note=form.cleaned_data["text"], source="newcomer", language=guide.code)
        return report_page(request, guide, "corrections/report_thanks.html", {"back": back}, 201)
