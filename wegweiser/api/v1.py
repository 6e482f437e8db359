"""Wegweiser's own API, version 1: typed, described by OpenAPI at ``/api/v1/openapi.json``.

Every read is served from published snapshots with an ETag (``If-None-Match`` → 304). An offline
client asks for the manifest of its region and language and fetches only the documents whose ETag
changed.
"""

import hashlib
import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import partial

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from wegweiser.events import occurrences
from wegweiser.events.calendar import categories_in
from wegweiser.insights import counting
from wegweiser.insights.abuse import pretend_accepted, protect_feedback
from wegweiser.insights.feedback import FeedbackError, FeedbackInput, checked_feedback, record_feedback
from wegweiser.notifications import subscriptions
from wegweiser.notifications.models import NewsNotification
from wegweiser.notifications.vapid import application_server_key
from wegweiser.printing.models import Printout
from wegweiser.printing.selection import select
from wegweiser.printing.service import printout_for
from wegweiser.printing.views import RETRY_AFTER, pdf_response
from wegweiser.publishing.documents import absolute_url
from wegweiser.publishing.lookup import (
    NotFound,
    check_language,
    find_region,
    normalise_path,
    page_tree,
    region_document,
    regions_document,
)
from wegweiser.publishing.models import Snapshot
from wegweiser.publishing.serving import Document, derived_response, document_response
from wegweiser.search import service as search_service

from . import schemas

api = NinjaAPI(
    title="Wegweiser API",
    version="1",
    description=(
        "Regions, pages, events, places and news of the municipalities on this Wegweiser server, "
        "in every language they publish. Reads need no authentication, carry an ETag and answer "
        '`If-None-Match` with 304. Errors are JSON: `{"error": "…"}`.'
    ),
    urls_namespace="api-v1",
)

NOT_MODIFIED = {304: None}
ERRORS = {400: schemas.Error, 404: schemas.Error}
#: Documents of a region and language, by name, and the endpoint serving each.
DOCUMENT_ENDPOINTS = {
    "pages": "pages/",
    "imprint": "imprint/",
    "events": "events/",
    "places": "places/",
    "place-categories": "place-categories/",
    "news": "news/",
    "news-archive": "news/archive/",
    "contacts": "contacts/",
}


@api.exception_handler(NotFound)
def not_found(request: HttpRequest, problem: NotFound) -> HttpResponse:
    return api.create_response(request, {"error": str(problem)}, status=404)


@api.exception_handler(FeedbackError)
def bad_feedback(request: HttpRequest, problem: FeedbackError) -> HttpResponse:
    return api.create_response(request, {"error": str(problem)}, status=400)


@api.exception_handler(subscriptions.SubscriptionError)
def bad_subscription(request: HttpRequest, problem: subscriptions.SubscriptionError) -> HttpResponse:
    return api.create_response(request, {"error": str(problem)}, status=400)


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, problem: ValidationError) -> HttpResponse:
    """Bad parameters or body: say which field and why, in the same ``{"error": …}`` shape as other errors."""
    details = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', ())[1:]) or 'body'}: {error.get('msg', 'invalid')}"
        for error in problem.errors
    )
    return api.create_response(request, {"error": f"Invalid request – {details}"}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, problem: HttpError) -> HttpResponse:
    return api.create_response(request, {"error": str(problem)}, status=problem.status_code)


def cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def stored(request: HttpRequest, region: str, language: str, name: str, empty: object = None) -> HttpResponse:
    """A region's document as stored; ``empty`` answers for a kind the region has not published."""
    with translation.override("en"):
        document = region_document(region, language, name)
        if document is None:
            if empty is None:
                raise NotFound(_("This region has not published this in this language."))
            return cors(derived_response(request, f"empty:{region}:{language}:{name}", lambda: empty))
        return cors(document_response(request, document))


@api.get("/regions/", response={200: list[schemas.Region], **NOT_MODIFIED}, tags=["regions"])
def regions(request: HttpRequest):
    """Every region on this server that is not archived."""
    return cors(document_response(request, regions_document()))


@api.get("/regions/{region}/", response={200: schemas.Region, **NOT_MODIFIED, **ERRORS}, tags=["regions"])
def region(request: HttpRequest, region: str):
    found, document = find_region(region), regions_document()
    return cors(derived_response(request, document.etag, lambda: found, document))


@api.get(
    "/regions/{region}/languages/", response={200: list[schemas.Language], **NOT_MODIFIED, **ERRORS}, tags=["regions"]
)
def languages(request: HttpRequest, region: str):
    """The languages a region offers newcomers."""
    found, document = find_region(region), regions_document()
    return cors(derived_response(request, document.etag, lambda: found["languages"], document))


@api.get(
    "/regions/{region}/{language}/manifest/",
    response={200: schemas.Manifest, **NOT_MODIFIED, **ERRORS},
    tags=["offline"],
)
def manifest(request: HttpRequest, region: str, language: str):
    """Each published document of a region in a language with its ETag and size: one request tells an
    offline client what to refresh."""
    found = find_region(region)
    check_language(found, language)
    rows = list(
        Snapshot.objects.filter(region_id=found["id"], language=language)
        .order_by("document")
        .values("document", "etag", "size", "gzip_size", "brotli_size", "built_at")
    )
    basis = hashlib.sha256("".join(row["etag"] for row in rows).encode()).hexdigest()

    def answer() -> dict:
        base = f"/api/v1/regions/{found['path']}/{language}/"
        return {
            "region": found["path"],
            "language": language,
            "documents": [
                {**row, "url": base + DOCUMENT_ENDPOINTS[row["document"]], "built_at": row["built_at"].isoformat()}
                for row in rows
                if row["document"] in DOCUMENT_ENDPOINTS
            ],
        }

    return cors(derived_response(request, basis, answer))


@api.get(
    "/regions/{region}/{language}/pages/", response={200: list[schemas.Page], **NOT_MODIFIED, **ERRORS}, tags=["pages"]
)
def pages(request: HttpRequest, region: str, language: str):
    """Every public page of the region in the language, in tree order, each with its parent."""
    return stored(request, region, language, "pages", empty=[])


@api.get(
    "/regions/{region}/{language}/pages/tree/",
    response={200: list[schemas.PageInTree], **NOT_MODIFIED, **ERRORS},
    tags=["pages"],
)
def pages_as_tree(request: HttpRequest, region: str, language: str):
    """The page tree, nested: titles and paths only, for menus and tiles."""
    with translation.override("en"):
        document = region_document(region, language, "pages")
    tree = page_tree(document)

    def nest(parent_id: int) -> list[dict]:
        return [
            {"id": p["id"], "title": p["title"], "path": p["path"], "icon": p["icon"], "children": nest(p["id"])}
            for p in tree.children.get(parent_id, [])
        ]

    return cors(derived_response(request, document.etag if document else "none", lambda: nest(0), document))


class PagePath(Schema):
    path: str


def one_page(request: HttpRequest, region: str, language: str, **wanted) -> HttpResponse:
    with translation.override("en"):
        document = region_document(region, language, "pages")
        found = page_tree(document).find(**wanted)
    counting.count_served(request, region, language, "page", found["id"])
    basis = f"{document.etag if document else 'none'}:{found['id']}"
    return cors(derived_response(request, basis, lambda: found, document))


@api.get(
    "/regions/{region}/{language}/pages/{int:page_id}/",
    response={200: schemas.Page, **NOT_MODIFIED, **ERRORS},
    tags=["pages"],
)
def page_by_id(request: HttpRequest, region: str, language: str, page_id: int):
    """One page by its id in this language; ``available_languages`` leads to its translations."""
    return one_page(request, region, language, page_id=page_id)


@api.get("/regions/{region}/{language}/pages/{not_an_id}/", response={404: schemas.Error}, include_in_schema=False)
def page_by_bad_id(request: HttpRequest, region: str, language: str, not_an_id: str):
    """A page id that is not a number: the JSON 404 of the API, not the web app's HTML one."""
    with translation.override("en"):
        raise NotFound(_("No such item."))


@api.get("/regions/{region}/{language}/page/", response={200: schemas.Page, **NOT_MODIFIED, **ERRORS}, tags=["pages"])
def page_by_path(request: HttpRequest, region: str, language: str, query: Query[PagePath]):
    """One page by its path, e.g. ``/musterstadt/de/arbeit/``."""
    return one_page(request, region, language, url=query.path)


@api.get("/regions/{region}/{language}/imprint/", response={200: schemas.Page, **NOT_MODIFIED, **ERRORS})
def imprint(request: HttpRequest, region: str, language: str):
    return stored(request, region, language, "imprint")


class Window(Schema):
    start: date | None = Field(None, description="First day (default: today).")
    end: date | None = Field(None, description="Last day (default: 31 days after the first).")


@api.get("/regions/{region}/{language}/events/", response={200: list[dict], **NOT_MODIFIED, **ERRORS})
def events(request: HttpRequest, region: str, language: str, window: Query[Window]):
    """Every occurrence in a window of days, in the region's timezone; a recurring event gives one item per
    occurrence, with ``event.recurrence_id`` naming the series. Without ``start`` the window begins now, so
    events that are over are left out. Each item has ``category`` (``{id, name}`` or null) and
    ``exception_dates``: the days its series does not take place (ISO dates; empty for single events)."""
    with translation.override("en"):
        found = find_region(region)
        document = region_document(region, language, "events")
        zone = zoneinfo.ZoneInfo(found["timezone"])
        first = window.start or timezone.localdate(timezone=zone)
        last = window.end or first + timedelta(days=occurrences.EXPANSION_DAYS)
        if last < first:
            raise HttpError(400, _("The window ends before it starts."))
    begin = datetime.combine(first, time.min, zone)
    if window.start is None:  # from now on (to the hour, so that answers can be shared): what is over is left out
        begin = max(begin, timezone.now().replace(minute=0, second=0, microsecond=0))
    finish = datetime.combine(last, time.max, zone)
    items = document.data if document else []
    basis = f"{document.etag if document else 'none'}:{begin.isoformat()}:{last}"
    return cors(derived_response(request, basis, lambda: occurrences.expand(items, begin, finish), document))


@api.get(
    "/regions/{region}/{language}/event-categories/",
    response={200: list[schemas.EventCategory], **NOT_MODIFIED, **ERRORS},
)
def event_categories(request: HttpRequest, region: str, language: str):
    """The categories the region's published events use, named in the language; ``id`` filters the
    calendar feed ``/<region>/<language>/events/calendar.ics?category=<id>``."""
    with translation.override("en"):
        document = region_document(region, language, "events")
    items = document.data if document else []
    basis = document.etag if document else f"none:{region}:{language}"
    return cors(derived_response(request, basis, lambda: categories_in(items), document))


@api.get(
    "/regions/{region}/{language}/places/",
    response={200: list[schemas.Place], **NOT_MODIFIED, **ERRORS},
    tags=["places"],
)
def places(request: HttpRequest, region: str, language: str):
    """The region's places with address, opening hours, their exceptions and the public holidays, so that a
    client can tell offline whether a place is open (see the `Place` schema for how)."""
    return stored(request, region, language, "places", empty=[])


@api.get(
    "/regions/{region}/{language}/place-categories/",
    response={200: list[schemas.PlaceCategory], **NOT_MODIFIED, **ERRORS},
    tags=["places"],
)
def place_categories(request: HttpRequest, region: str, language: str):
    return stored(request, region, language, "place-categories", empty=[])


@api.get("/regions/{region}/{language}/news/", response={200: list[dict], **NOT_MODIFIED, **ERRORS})
def news(request: HttpRequest, region: str, language: str):
    """The region's current news, newest first: its own and those of regions it shows news of
    (``source_region`` names the sender; null for its own)."""
    return stored(request, region, language, "news", empty=[])


@api.get("/regions/{region}/{language}/news/archive/", response={200: list[dict], **NOT_MODIFIED, **ERRORS})
def news_archive(request: HttpRequest, region: str, language: str):
    """News whose expiry date passed in the last twelve months, newest first; each has ``"archived": true``
    and ``expired_at``."""
    return stored(request, region, language, "news-archive", empty=[])


@api.get("/regions/{region}/{language}/news/{news_id}/", response={200: dict, **NOT_MODIFIED, **ERRORS})
def news_item(request: HttpRequest, region: str, language: str, news_id: str):
    """One news item by its ``id`` (``local-<page id>``), current or archived."""
    with translation.override("en"):
        documents = [region_document(region, language, name) for name in ("news", "news-archive")]
        found = [(d, item) for d in documents if d is not None for item in d.data if item["id"] == news_id]
        if not found:
            raise NotFound(_("There is no news item “%(id)s”.") % {"id": news_id})
    document, item = found[0]
    counting.count_served(request, region, language, "news", news_id)
    return cors(derived_response(request, f"{document.etag}:{news_id}", lambda: item, document))


@api.get(
    "/regions/{region}/{language}/contacts/",
    response={200: list[schemas.Contact], **NOT_MODIFIED, **ERRORS},
    tags=["contacts"],
)
def contacts(request: HttpRequest, region: str, language: str):
    """The region's offices and people to contact, in the language where translated (else as written)."""
    return stored(request, region, language, "contacts", empty=[])


#: Documents besides the page tree with items readers give feedback on, and the field holding each item's page id.
FEEDBACK_DOCUMENTS = {"events": "id", "places": "id", "news": "page_id", "news-archive": "page_id", "imprint": "id"}


@api.get("/regions/{region}/{language}/search/", response={200: schemas.SearchResults, **ERRORS}, tags=["search"])
def search(request: HttpRequest, region: str, language: str, query: Query[schemas.SearchQuery]):
    """Pages, events, places and news matching a question in any language, best first. Each result is in the
    requested language where it is translated, otherwise in the nearest language it is written in
    (``fallback: true``). Misspellings are forgiven; ``did_you_mean`` suggests the region's own spelling;
    ``weak`` says the results may not answer the question."""
    found = search_service.search(region, language, query.q, query.limit)
    results = [
        {
            "kind": r.kind,
            "id": r.id,
            "title": r.title,
            "path": r.path,
            "url": absolute_url(r.path),
            "language": r.language,
            "fallback": r.fallback,
            "snippet": str(r.snippet),
            "score": r.score,
        }
        for r in found.results
    ]
    return cors(
        api.create_response(
            request,
            {
                "query": found.query,
                "language": language,
                "did_you_mean": found.did_you_mean,
                "weak": found.weak,
                "results": results,
            },
            status=200,
        )
    )


def page_ids_by_path(document: Document, id_field: str) -> dict[str, int]:
    """The page id of each item of a document (a list, or one item as the imprint), by the item's path."""
    items = document.data if isinstance(document.data, list) else [document.data]
    return {normalise_path(item["path"]): item[id_field] for item in items if item.get(id_field)}


def page_for_feedback(region: str, language: str, path: str, page_id: int | None) -> int:
    """The id of the page feedback is about, by its path or id: a topic page, event, place, news item or the imprint.

    A path of one date of a recurring event (``events/<slug>$2026-11-23/``) names the event.
    """
    try:
        return page_tree(region_document(region, language, "pages")).find(url=path or None, page_id=page_id)["id"]
    except NotFound as problem:
        not_a_page = problem
    wanted = normalise_path(path).partition("$")[0] if path else None
    for name, id_field in FEEDBACK_DOCUMENTS.items():
        document = region_document(region, language, name)
        if document is None:
            continue
        by_path = document.derived("page_ids_by_path", partial(page_ids_by_path, document, id_field))
        if wanted is not None:
            if wanted in by_path:
                return by_path[wanted]
        elif page_id is not None and page_id in by_path.values():
            return page_id
    raise not_a_page


@decorate_view(protect_feedback)
@api.post(
    "/regions/{region}/{language}/feedback/",
    response={201: schemas.FeedbackOut, 413: schemas.Error, 429: schemas.Error, **ERRORS},
    tags=["feedback"],
)
def feedback(request: HttpRequest, region: str, language: str, given: schemas.FeedbackIn):
    """Feedback from a newcomer: a rating (``up``/``down``), a comment, or both; on a page, event, place, news
    item or the imprint when ``page_path`` or ``page_id`` names one.

    Too much feedback from one connection is refused with 429 and ``Retry-After`` (seconds); a body larger than
    the server's limit (16 KB by default) with 413."""
    with translation.override("en"):
        found = find_region(region)
        check_language(found, language)
        page_id = None
        if given.page_id is not None or given.page_path:
            page_id = page_for_feedback(region, language, given.page_path, given.page_id)
        taken = FeedbackInput(
            kind=given.kind,
            rating=given.rating,
            comment=given.comment,
            category=given.category,
            query=given.query,
            slug=given.page_path,
            page_id=page_id,
        )
        if given.website:  # the honeypot: only robots fill it; they get the usual answer, nothing is stored
            checked_feedback(taken)
            return 201, pretend_accepted()
        item = record_feedback(found["id"], language, taken)
    return 201, {"id": item.id, "received": item.created_at.isoformat()}


@api.get(
    "/regions/{region}/{language}/notifications/",
    response={200: list[schemas.SentNotification], **NOT_MODIFIED, **ERRORS},
    tags=["push"],
)
def notifications(request: HttpRequest, region: str, language: str):
    """The push notifications sent to the region's subscribers of this language, newest first (the last 100)."""
    with translation.override("en"):
        found = find_region(region)
        check_language(found, language)
    sent = list(NewsNotification.objects.filter(region_id=found["id"], language=language)[:100])
    basis = "notifications:" + ",".join(str(notification.pk) for notification in sent)
    return cors(
        derived_response(
            request,
            basis,
            lambda: [
                {
                    "id": notification.pk,
                    "title": notification.title,
                    "message": notification.message,
                    "path": notification.path,
                    "text_language": notification.text_language,
                    "sent": notification.created_at.isoformat(timespec="seconds"),
                }
                for notification in sent
            ],
        )
    )


def push_region(region: str, language: str) -> dict:
    """The region, if it sends news as Web Push notifications in this language."""
    found = find_region(region)
    check_language(found, language)
    if not found["push_notifications"] or application_server_key() is None:
        raise NotFound(_("The region “%(region)s” sends no push notifications.") % {"region": found["path"]})
    return found


@api.post(
    "/regions/{region}/{language}/push-subscriptions/",
    response={200: schemas.PushSubscriptionOut, 201: schemas.PushSubscriptionOut, **ERRORS},
    tags=["push"],
)
def subscribe(request: HttpRequest, region: str, language: str, subscription: schemas.PushSubscriptionIn):
    """Subscribe a browser to the region's news in this language (Web Push). Send the browser's
    ``PushSubscription.toJSON()``, made with the application server key the web app's news page carries.
    201 when new, 200 when it was subscribed already."""
    with translation.override("en"):
        found = push_region(region, language)
        created = subscriptions.subscribe(
            found["id"], language, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth
        )
    return (201 if created else 200), {"region": found["path"], "language": language}


@api.delete("/regions/{region}/{language}/push-subscriptions/", response={204: None, **ERRORS}, tags=["push"])
def unsubscribe(request: HttpRequest, region: str, language: str, subscription: schemas.PushUnsubscribeIn):
    """Stop sending the region's news in this language to the browser; 204 also when it was not subscribed."""
    with translation.override("en"):
        found = find_region(region)
        check_language(found, language)
        subscriptions.unsubscribe(found["id"], language, subscription.endpoint)
    return 204, None


@api.post("/push-subscriptions/renewal/", response={200: schemas.PushRenewalOut, **ERRORS}, tags=["push"])
def renew_subscription(request: HttpRequest, renewal: schemas.PushRenewalIn):
    """The push service replaced the browser's subscription (``pushsubscriptionchange``): the new endpoint
    follows every region and language the old one did."""
    with translation.override("en"):
        moved = subscriptions.renew(renewal.old_endpoint, renewal.endpoint, renewal.keys.p256dh, renewal.keys.auth)
    return 200, {"moved": moved}


@api.post("/views/", response={202: schemas.ViewsCounted, **ERRORS}, tags=["statistics"])
def views(request: HttpRequest, given: schemas.ReadViews):
    """What readers opened: counted per item, language and day, and nothing about the reader (no cookie, address or
    browser is stored). Apps send views in batches, also later for what was read offline; views by robots (judged
    by the User-Agent, which is not kept) and of items that are not published are ignored."""
    if counting.is_bot(request):
        return 202, {"counted": 0, "ignored": len(given.views)}
    counted = counting.count_views(
        [counting.ReadView(view.region, view.language, view.kind, view.id, view.day) for view in given.views]
    )
    return 202, {"counted": counted, "ignored": len(given.views) - counted}


@api.get(
    "/regions/{region}/{language}/pdf/",
    response={200: None, 202: schemas.PrintoutPending, 503: schemas.PrintoutPending, **NOT_MODIFIED, **ERRORS},
    tags=["printing"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "The PDF (cached by content: the ETag changes when the printed content does).",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def pdf(request: HttpRequest, region: str, language: str, query: Query[schemas.PrintoutQuery]):
    """A printable PDF of a page, a page with its subpages, or the region's whole guide: cover, contents, contact
    cards and a QR code per page, right-to-left where the language is. The whole guide (and any printout of many
    pages) is made in the background: the answer is 202 until it is ready."""
    with translation.override("en"):
        selection = select(region, language, query.page, query.subpages)
    printout = printout_for(selection)
    if printout.status == Printout.Status.READY:
        return cors(pdf_response(request, printout, selection))
    status = 202 if printout.status == Printout.Status.BUILDING else 503
    response = JsonResponse({"status": printout.status, "retry_after": RETRY_AFTER}, status=status)
    response["Retry-After"] = str(RETRY_AFTER)
    return cors(response)
