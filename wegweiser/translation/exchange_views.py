"""XLIFF exchange in the admin: send items out to a translation agency, and take their files back.

Export: choose the region's items (filter by kind) and target languages, XLIFF 1.2 or 2.0, one file
or a zip with one file per language. ``?region=…&items=1,2,3&languages=ar,fa`` preselects (the
status matrix links here). Import: upload a file (or a zip), see what it will change, then publish
the translations or save them as drafts. People see and change only their own regions' items;
another region answers 404.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import require_admin_access

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import regions_of_user

from . import exchange, xliff
from .models import TranslationImport
from .versions import item_kinds


def _region_of_user(request: HttpRequest, wanted: str | None) -> tuple[RegionPage, list[RegionPage]]:
    """The region asked for (by id or slug), or the person's first; 404 for a region not theirs."""
    regions = list(regions_of_user(request.user).order_by("title"))
    if not regions:
        raise Http404(_("You have no region."))
    if not wanted:
        return regions[0], regions
    for region in regions:
        if wanted in (str(region.pk), region.slug):
            return region, regions
    raise Http404(_("No such region."))


def _language_label(code: str) -> str:
    language = BY_CODE.get(code)
    return f"{language.native_name} ({language.english_name})" if language else code


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class ExportForm(forms.Form):
    items = forms.MultipleChoiceField(label=gettext_lazy("Items"), widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=gettext_lazy("Languages"), widget=forms.CheckboxSelectMultiple)
    version = forms.ChoiceField(
        label=gettext_lazy("XLIFF version"),
        choices=[(xliff.XLIFF_12, "XLIFF 1.2"), (xliff.XLIFF_20, "XLIFF 2.0")],
        initial=xliff.XLIFF_12,
        widget=forms.RadioSelect,
    )
    packaging = forms.ChoiceField(
        label=gettext_lazy("Download"),
        choices=[
            ("zip", gettext_lazy("A zip file with one XLIFF file per language")),
            ("file", gettext_lazy("One XLIFF file (one language)")),
        ],
        initial="zip",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, region: RegionPage, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.item_pages = {str(item.pk): item for item in exchange.region_items(region, kind or None)}
        kinds = {name: model._meta.verbose_name for name, model in item_kinds().items()}
        self.fields["items"].choices = [
            (pk, f"{item.title} ({kinds.get(exchange.kind_of(item), '')})") for pk, item in self.item_pages.items()
        ]
        self.fields["languages"].choices = [(code, _language_label(code)) for code in exchange.target_languages(region)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["packaging"] == "file" and len(data["languages"]) > 1:
            raise forms.ValidationError(_("One file holds one language; choose a zip file for several languages."))
        return data

    def selected_items(self) -> list:
        return [self.item_pages[pk] for pk in self.cleaned_data["items"]]


@require_admin_access
@require_http_methods(["GET", "POST"])
def export_view(request: HttpRequest) -> HttpResponse:
    """Choose items and languages and download their XLIFF files."""
    region, regions = _region_of_user(request, request.POST.get("region") or request.GET.get("region"))
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in item_kinds() else ""
    if request.method == "POST":
        form = ExportForm(request.POST, region=region, kind=request.POST.get("kind", ""))
        if form.is_valid():
            languages = form.cleaned_data["languages"]
            refused = [code for code in languages if not exchange.may_translate(request.user, region, code)]
            if refused:
                form.add_error(
                    None, _("You may not edit %(languages)s.") % {"languages": ", ".join(map(_language_label, refused))}
                )
            else:
                try:
                    download = exchange.export(
                        region,
                        form.selected_items(),
                        languages,
                        form.cleaned_data["version"],
                        as_zip=form.cleaned_data["packaging"] == "zip",
                    )
                except exchange.ExchangeError as error:
                    for message in error.messages:
                        form.add_error(None, message)
                else:
                    response = HttpResponse(download.content, content_type=download.content_type)
                    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
                    return response
    else:
        wanted_items = set(_split(request.GET.get("items")))
        wanted_languages = set(_split(request.GET.get("languages")))
        form = ExportForm(region=region, kind=kind)
        form.initial["items"] = [pk for pk, _label in form.fields["items"].choices if pk in wanted_items]
        form.initial["languages"] = [
            code for code, _label in form.fields["languages"].choices if code in wanted_languages
        ]
    return render(
        request,
        "translation/exchange_export.html",
        {
            "page_title": _("Export for translation"),
            "page_subtitle": region.full_name,
            "header_icon": "download",
            "form": form,
            "region": region,
            "regions": regions,
            "kind": kind,
            "kinds": [(name, model._meta.verbose_name) for name, model in item_kinds().items()],
            "import_url": f"{reverse('translation_exchange_import')}?region={region.pk}",
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLIFF file"),
        help_text=gettext_lazy("An .xlf file exported here and translated, or a zip file of such files."),
    )


@require_admin_access
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload a translated XLIFF file; if it fits the region's items, its preview follows."""
    region, regions = _region_of_user(request, request.POST.get("region") or request.GET.get("region"))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > xliff.max_bytes():
                raise exchange.too_large(upload.size)
            documents = exchange.read_upload(upload.name, upload.read())
            stored = exchange.store(region, request.user, upload.name, documents)
        except exchange.ExchangeError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            return redirect("translation_exchange_preview", pk=stored.pk)
    recent = TranslationImport.objects.filter(region=region).order_by("-created_at")[:10]
    return render(
        request,
        "translation/exchange_import.html",
        {
            "page_title": _("Import translations"),
            "page_subtitle": region.full_name,
            "header_icon": "upload",
            "form": form,
            "region": region,
            "regions": regions,
            "recent": recent,
            "export_url": f"{reverse('translation_exchange_export')}?region={region.pk}",
        },
    )


@require_admin_access
@require_http_methods(["GET", "POST"])
def preview_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What an uploaded file will change; confirming publishes the translations or saves drafts."""
    regions = regions_of_user(request.user)
    upload = get_object_or_404(TranslationImport, pk=pk, region__in=regions)
    region = upload.region.specific
    if request.method == "POST" and upload.applied_at is None:
        publish = request.POST.get("action") == "publish"
        try:
            exchange.apply(upload, request.user, publish=publish)
        except exchange.ExchangeError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if publish:
                messages.success(request, _("The translations are published."))
            else:
                messages.success(request, _("The translations are saved as drafts."))
        return redirect("translation_exchange_preview", pk=upload.pk)
    if request.method == "POST":
        messages.error(request, _("This file was applied already."))
        return redirect("translation_exchange_preview", pk=upload.pk)
    preview = exchange.preview_of(upload) if upload.applied_at is None else exchange.Preview(region)
    context: dict[str, Any] = {
        "page_title": _("Import translations"),
        "page_subtitle": upload.filename,
        "header_icon": "upload",
        "upload": upload,
        "region": region,
        "preview": preview,
        "entries": [
            {"entry": entry, "language": _language_label(entry.language)}
            for entry in preview.items
            if entry.changes or entry.errors
        ],
        "may_publish": all(
            exchange.may_translate(request.user, region, code, publish=True) for code in preview.languages
        ),
        "import_url": f"{reverse('translation_exchange_import')}?region={region.pk}",
    }
    return render(request, "translation/exchange_preview.html", context)


urlpatterns = [
    path("", export_view, name="translation_exchange_export"),
    path("import/", import_view, name="translation_exchange_import"),
    path("import/<int:pk>/", preview_view, name="translation_exchange_preview"),
]
