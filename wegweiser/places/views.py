"""Admin views of places: the geocoder behind "Find from address", and the CSV import of a region's places.

The import shows every row's outcome before anything changes; confirming imports the rows without
errors. The file waits in the session between the two steps and is checked again on confirming, against
the places as they are then. People import only into their own regions; another region answers 404.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.auth import require_admin_access

from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import regions_of_user

from . import csv_import
from .geocoding import GeocodingError, NothingFound, geocode
from .hours import HOURS_TEXT_EXAMPLE

SESSION_KEY = "places_csv_import"


@require_admin_access
@require_GET
def geocode_view(request: HttpRequest) -> JsonResponse:
    """``?q=<address>[&viewbox=west,north,east,south]`` → ``{latitude, longitude, label}`` or ``{error}``."""
    if not settings.GEOCODER_URL:
        raise Http404(_("No geocoder is configured."))
    query = " ".join(request.GET.get("q", "").split())[:300]
    if not query:
        return JsonResponse({"error": _("Fill in the street, postal code or town first.")}, status=400)
    viewbox = None
    try:
        parts = tuple(float(part) for part in request.GET.get("viewbox", "").split(","))
        if len(parts) == 4:
            viewbox = parts
    except ValueError:
        pass
    try:
        found = geocode(query, viewbox)
    except NothingFound as problem:
        return JsonResponse({"error": str(problem)}, status=404)
    except GeocodingError as problem:
        return JsonResponse({"error": str(problem)}, status=502)
    return JsonResponse({"latitude": found.latitude, "longitude": found.longitude, "label": found.label})


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


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, cells separated by ; or , – as spreadsheets save “CSV UTF-8”."),
        error_messages={"empty": gettext_lazy("The file is empty: its first row must name the columns.")},
    )


def _page(request: HttpRequest, template: str, region: RegionPage, **context) -> HttpResponse:
    columns = [(name, help_text) for name, (_aliases, help_text) in csv_import.COLUMNS.items()]
    return render(
        request,
        template,
        {
            "page_title": _("Import places"),
            "page_subtitle": region.full_name,
            "header_icon": "upload",
            "region": region,
            "columns": columns,
            "example": HOURS_TEXT_EXAMPLE,
            "upload_url": f"{reverse('places_import')}?region={region.pk}",
            **context,
        },
    )


@require_admin_access
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload a CSV file and see, row by row, what importing it would do."""
    region, regions = _region_of_user(request, request.POST.get("region") or request.GET.get("region"))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > csv_import.MAX_BYTES:
                raise csv_import.ImportFileError(csv_import.TOO_LARGE)
            data = upload.read()
            report = csv_import.check(csv_import.read_table(data), region, request.user)
        except csv_import.ImportFileError as problem:
            form.add_error("file", str(problem))
        else:
            request.session[SESSION_KEY] = {
                "region": region.pk,
                "filename": upload.name,
                "text": data.decode("utf-8-sig"),
            }
            return _page(request, "places/import_report.html", region, report=report, filename=upload.name)
    return _page(request, "places/import.html", region, form=form, regions=regions)


@require_admin_access
@require_POST
def import_confirm_view(request: HttpRequest) -> HttpResponse:
    """Import the rows without errors of the file checked before, as the places are now."""
    waiting = request.session.pop(SESSION_KEY, None)
    region, _regions = _region_of_user(request, str(waiting["region"]) if waiting else request.POST.get("region"))
    if waiting is None:
        messages.error(request, _("There is no checked file to import; please upload it again."))
        return redirect(f"{reverse('places_import')}?region={region.pk}")
    try:
        report = csv_import.check(csv_import.read_table(waiting["text"].encode()), region, request.user)
    except csv_import.ImportFileError as problem:
        messages.error(request, str(problem))
        return redirect(f"{reverse('places_import')}?region={region.pk}")
    csv_import.apply(report, request.user)
    return _page(request, "places/import_report.html", region, report=report, filename=waiting["filename"], done=True)


urlpatterns = [
    path("geocode/", geocode_view, name="places_geocode"),
    path("import/", import_view, name="places_import"),
    path("import/confirm/", import_confirm_view, name="places_import_confirm"),
]
