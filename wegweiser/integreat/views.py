"""The Integreat-compatible API v3, served from published snapshots.

Integreat's apps need CORS on every answer (errors included), JSON errors, and every path with and
without its trailing slash; they send no ETags, so the lists are sent precompressed as stored.
"""

import json
import zoneinfo
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from wegweiser.events import occurrences
from wegweiser.insights import counting
from wegweiser.insights.abuse import protect_feedback
from wegweiser.insights.feedback import FeedbackError, FeedbackInput, record_feedback
from wegweiser.notifications.models import NewsNotification
from wegweiser.printing.selection import pdf_address
from wegweiser.publishing.lookup import (
    NotFound,
    check_language,
    find_region,
    page_tree,
    region_document,
    regions_document,
)
from wegweiser.publishing.serving import derived_response, document_response

#: Integreat's feedback kinds, by the name in the URL, and what they are about in Wegweiser.
FEEDBACK_KINDS: dict[str, str] = {
    "page": "page",
    "categories": "region",
    "event": "event",
    "events": "events",
    "poi": "place",
    "map": "map",
    "imprint-page": "imprint",
    "search": "search",
    "offer": "offer",
    "offers": "offer",
    "extra": "offer",
    "extras": "offer",
}
MAX_NEWS_PAGE_SIZE = 500
#: The most recent push notifications ``fcm/`` lists.
FCM_MESSAGES = 100


class BadRequest(Exception):
    pass


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CORS on every answer, errors as JSON (in English: they are for the developers of clients)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override("en"):
            return with_cors(answer(view, request, *args, **kwargs))

    return wrapped


def answer(view: Callable[..., HttpResponse], request: HttpRequest, *args, **kwargs) -> HttpResponse:
    try:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type, If-None-Match"
            return response
        return view(request, *args, **kwargs)
    except NotFound as problem:
        return error(404, str(problem))
    except (BadRequest, FeedbackError) as problem:
        return error(400, str(problem))


def with_cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def stored_list(request: HttpRequest, region: str, language: str, name: str) -> HttpResponse:
    """A list document as stored; a region that has published nothing of the kind has an empty list."""
    document = region_document(region, language, name)
    if document is None:
        return derived_response(request, f"empty:{region}:{language}:{name}", list)
    return document_response(request, document)


@endpoint
def regions(request: HttpRequest) -> HttpResponse:
    return document_response(request, regions_document())


@endpoint
def region(request: HttpRequest, region: str) -> HttpResponse:
    found, document = find_region(region), regions_document()
    return derived_response(request, document.etag, lambda: found, document)


@endpoint
def languages(request: HttpRequest, region: str, language: str | None = None) -> HttpResponse:
    found, document = find_region(region), regions_document()
    return derived_response(request, document.etag, lambda: found["languages"], document)


@endpoint
def pages(request: HttpRequest, region: str, language: str) -> HttpResponse:
    return stored_list(request, region, language, "pages")


def depth_parameter(request: HttpRequest, default: int) -> int:
    try:
        depth = int(request.GET.get("depth", default))
    except ValueError:
        raise BadRequest(_("“depth” must be a whole number.")) from None
    if depth < 0:
        raise BadRequest(_("“depth” must not be negative."))
    return depth


@endpoint
def children(request: HttpRequest, region: str, language: str) -> HttpResponse:
    document = region_document(region, language, "pages")
    tree = page_tree(document)
    url = request.GET.get("url")
    depth = depth_parameter(request, 1)

    def answer() -> list[dict]:
        if url:
            page = tree.find(url=url)
            return [page, *tree.descendants(page["id"], depth)]
        # Without a page: the root pages and, with depth > 1, what lies below them.
        return tree.descendants(0, max(depth, 1))

    if url:
        tree.find(url=url)  # a missing page is a 404, not an empty answer
    return derived_response(request, document.etag if document else "none", answer, document)


@endpoint
def parents(request: HttpRequest, region: str, language: str) -> HttpResponse:
    document = region_document(region, language, "pages")
    tree = page_tree(document)
    page = tree.find(url=request.GET.get("url") or "", page_id=request.GET.get("id"))
    return derived_response(request, document.etag if document else "none", lambda: tree.ancestors(page), document)


@endpoint
def page(request: HttpRequest, region: str, language: str) -> HttpResponse:
    url, page_id = request.GET.get("url"), request.GET.get("id")
    if not url and not page_id:
        raise BadRequest(_("Name the page with “url” or “id”."))
    document = region_document(region, language, "pages")
    found = page_tree(document).find(url=url, page_id=page_id)
    counting.count_served(request, region, language, "page", found["id"])
    return derived_response(request, document.etag if document else "none", lambda: found, document)


@endpoint
def pdf(request: HttpRequest, region: str, language: str) -> HttpResponse:
    """302 to the PDF of the page at ``url`` with its subpages, or of the whole guide without ``url``."""
    return HttpResponseRedirect(pdf_address(region, language, request.GET.get("url", "").strip()))


@endpoint
def imprint(request: HttpRequest, region: str, language: str) -> HttpResponse:
    document = region_document(region, language, "imprint")
    if document is None:
        raise NotFound(_("This region has not published an imprint in this language."))
    return document_response(request, document)


@endpoint
def events(request: HttpRequest, region: str, language: str) -> HttpResponse:
    """Upcoming events; recurring ones expanded into their next 31 days, or combined with ``combine_recurring``."""
    document = region_document(region, language, "events")
    if document is None:
        return derived_response(request, f"empty:{region}:{language}:events", list)
    combine = request.GET.get("combine_recurring", "").lower() in ("true", "1", "yes")
    now = timezone.now()
    # The answer changes as time passes: it is worked out once an hour per document version.
    hour = now.strftime("%Y-%m-%dT%H")
    items = document.derived(f"events:{hour}:{combine}", lambda: occurrences.listing(document.data, now, combine))
    return derived_response(request, f"{document.etag}:{hour}", lambda: items, document)


@endpoint
def locations(request: HttpRequest, region: str, language: str) -> HttpResponse:
    return stored_list(request, region, language, "places")


@endpoint
def location_categories(request: HttpRequest, region: str, language: str) -> HttpResponse:
    return stored_list(request, region, language, "place-categories")


def news_items(region: str, language: str) -> tuple[str, list[dict]]:
    document = region_document(region, language, "news")
    if document is None:
        return "none", []
    return document.etag, document.data


@endpoint
def news(request: HttpRequest, region: str, language: str) -> HttpResponse:
    etag, items = news_items(region, language)
    try:
        number = int(request.GET.get("page", 1))
        size = int(request.GET.get("size", 20))
    except ValueError:
        raise BadRequest(_("“page” and “size” must be whole numbers.")) from None
    if number < 1 or not 1 <= size <= MAX_NEWS_PAGE_SIZE:
        raise BadRequest(_("“page” starts at 1 and “size” is between 1 and %(max)d.") % {"max": MAX_NEWS_PAGE_SIZE})
    return derived_response(request, etag, lambda: items[(number - 1) * size : number * size])


@endpoint
def news_item(request: HttpRequest, region: str, language: str, news_id: str) -> HttpResponse:
    etag, items = news_items(region, language)
    found = next((item for item in items if str(item["id"]).lower() == news_id.lower()), None)
    if found is not None:
        counting.count_served(request, region, language, "news", found["id"])
        return derived_response(request, etag, lambda: found)
    raise NotFound(_("There is no news item “%(id)s”.") % {"id": news_id})


@endpoint
def fcm(request: HttpRequest, region: str, language: str) -> HttpResponse:
    """The push notifications sent to the region's subscribers of this language, newest first."""
    found = find_region(region)
    check_language(found, language)
    sent = NewsNotification.objects.filter(region_id=found["id"], language=language)[:FCM_MESSAGES]
    notifications = list(sent.values("id", "title", "message", "created_at"))
    basis = "fcm:" + ",".join(str(notification["id"]) for notification in notifications)

    def messages() -> list[dict]:
        zone = zoneinfo.ZoneInfo(found["timezone"])
        return [
            {
                "id": notification["id"],
                "title": notification["title"],
                "message": notification["message"],
                "timestamp": (stamp := notification["created_at"].astimezone(zone).isoformat(timespec="seconds")),
                "last_updated": stamp,
                "display_date": stamp,
                "channel": "news",
                "available_languages": {},
            }
            for notification in notifications
        ]

    return derived_response(request, basis, messages)


def feedback_data(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise BadRequest(_("The request body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise BadRequest(_("Send the feedback as a JSON object."))
        return data
    return request.POST.dict()


@endpoint
@protect_feedback  # rate and size limits, before the body is read
def feedback(request: HttpRequest, region: str, language: str, kind: str) -> HttpResponse:
    if request.method != "POST":
        return error(405, _("Send feedback with POST."))
    found = find_region(region)
    check_language(found, language)
    if kind not in FEEDBACK_KINDS:
        raise NotFound(_("Unknown kind of feedback “%(kind)s”.") % {"kind": kind})
    data = feedback_data(request)
    given = FeedbackInput(
        kind=FEEDBACK_KINDS[kind],
        rating=str(data.get("rating") or ""),
        comment=str(data.get("comment") or ""),
        category=str(data.get("category") or ""),
        query=str(data.get("query") or ""),
        slug=str(data.get("slug") or ""),
    )
    if kind == "page":
        tree = page_tree(region_document(region, language, "pages"))
        if not given.slug and not data.get("id"):
            raise BadRequest(_("Say which page the feedback is about (“slug”)."))
        given.page_id = tree.find(url=given.slug, page_id=data.get("id"))["id"]
    record_feedback(found["id"], language, given)
    return JsonResponse({"success": "Feedback successfully submitted"}, status=201)
