"""Downloading printouts: the PDF when it is ready, a page that reloads itself while the worker makes it."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag

from wegweiser.publishing.lookup import NotFound
from wegweiser.publishing.models import snapshot_storage
from wegweiser.publishing.serving import etag_matches
from wegweiser.webapp.reading import Guide
from wegweiser.webapp.views import guide_context

from .models import Printout
from .selection import Selection, select
from .service import printout_for

#: Seconds a reader (or an app) waits before asking again for a printout that is being made.
RETRY_AFTER = 5


def guide_pdf(request: HttpRequest, region: str, lang: str) -> HttpResponse:
    return download(request, region, lang, lambda: select(region, lang))


def page_pdf(request: HttpRequest, region: str, lang: str, path: str, subpages: bool = False) -> HttpResponse:
    return download(request, region, lang, lambda: select(region, lang, subpages=subpages, path=path))


def download(request: HttpRequest, region: str, lang: str, selecting) -> HttpResponse:
    try:
        selection = selecting()
    except NotFound as problem:
        raise Http404(str(problem)) from None
    printout = printout_for(selection)
    if printout.status == Printout.Status.READY:
        return pdf_response(request, printout, selection)
    guide = Guide.of(region, lang)
    with translation.override(guide.code):
        context = {**guide_context(guide, None), "selection": selection, "printout": printout}
        status = 202 if printout.status == Printout.Status.BUILDING else 503
        response = render(request, "printing/preparing.html", context, status=status)
    response["Retry-After"] = str(RETRY_AFTER)
    patch_cache_control(response, no_store=True)
    return response


def pdf_response(request: HttpRequest, printout: Printout, selection: Selection) -> HttpResponse:
    """The stored PDF, shown in the browser (and saved under a telling name), revalidated by its content hash."""
    etag = quote_etag(printout.content_hash)
    if etag_matches(request, printout.content_hash):
        response = HttpResponse(status=304)
    else:
        response = FileResponse(
            snapshot_storage().open(printout.file_name, "rb"),
            content_type="application/pdf",
            filename=f"{selection.file_stem}.pdf",
        )
        response["Content-Length"] = str(printout.size)
    response["ETag"] = etag
    # An earlier printout, given while the current one is made, is not to be kept: the next visit gets the new one.
    current = printout.content_hash == selection.content_hash
    patch_cache_control(response, public=True, max_age=300 if current else 0)
    return response
