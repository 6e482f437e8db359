"""Installing and offline use: the web manifest, the service worker, and what to save of a guide.

``offline.json`` lists everything a guide needs to be read and searched without a connection: its
pages as the web app renders them, the static files and images they use, each with its size in bytes
and a version, so that offline.js shows the size before saving and later fetches only what changed.
"""

import gzip
import hashlib
import html
import io
import json
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.core.handlers.wsgi import WSGIRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegweiser.publishing.lookup import regions_document
from wegweiser.publishing.serving import GZIP_ONLY, bytes_response, encode
from wegweiser.publishing.snapshots import REGION_DOCUMENTS

from .reading import Guide
from .searching import saved_search

#: Static files the pages load (some only from scripts); those that exist are saved and precached.
SHELL = (
    "webapp/reader.css",
    "webapp/app.js",
    "webapp/saved-search.js",
    "webapp/offline.js",
    "webapp/counting.js",
    "webapp/read-aloud.js",
    "webapp/tools.js",
    "webapp/feedback.js",
    "webapp/map.js",
    "webapp/push.js",
    "webapp/icon.svg",
)
_IMAGE = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]+)\"")
#: What a sub-request keeps of the reader's request, so that pages render as they are served to them.
_HOST_META = (
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "wsgi.url_scheme",
)


def web_manifest(request):
    manifest = {
        "id": "/",
        "name": "Wegweiser",
        "short_name": "Wegweiser",
        "description": _("Local information for newcomers, in your language."),
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "icons": [{"src": static("webapp/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


def service_worker(request):
    """The service worker, at the root so that it controls every page.

    The app shell's URLs (hashed in production) are written in front of sw.js, and its cache name
    follows from them: a deployment with new static files installs a new worker, which drops the old caches.
    """
    path = finders.find("webapp/sw.js")
    if not path:
        raise Http404
    with open(path, "rb") as file:
        source = file.read()
    shell = [url for url, _path in shell_files()]
    version = hashlib.sha256(source + json.dumps(shell).encode()).hexdigest()[:12]
    prelude = f"const VERSION = {json.dumps(version)};\nconst SHELL = {json.dumps(shell)};\n"
    prelude += f"const STATIC_URL = {json.dumps(settings.STATIC_URL)};\n"
    response = HttpResponse(prelude.encode() + source, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


def shell_files() -> list[tuple[str, str]]:
    """``(url, name)`` of the files in ``SHELL`` that exist."""
    return [(static(name), name) for name in SHELL if finders.find(name)]


def offline_manifest(request, region, lang):
    """Everything to save of a guide, with sizes and versions; worked out once per version of its documents and day."""
    try:
        guide = Guide.of(region, lang)
    except Http404 as problem:
        return JsonResponse({"error": str(problem)}, status=404)
    regions = regions_document()
    documents = {name: guide.document(name) for name in REGION_DOCUMENTS}
    # Lists and events show "today" and "open now": a new day gives new pages to save.
    today = timezone.now().astimezone(guide.zone).date()
    basis = [str(today), regions.etag] + [d.etag if d else "-" for d in documents.values()]
    owner = documents["pages"] or regions
    key = f"offline:{guide.slug}:{guide.code}:{hashlib.sha256(':'.join(basis).encode()).hexdigest()[:24]}"

    def make() -> dict:
        data = build_manifest(request, guide)
        raw = encode(data)
        compressed = gzip.compress(raw, compresslevel=6, mtime=0)
        owner.weight += len(raw) + len(compressed)
        return {"version": data["version"], "": raw, ".gz": compressed}

    answer = owner.derived(key, make)
    # The ETag is the manifest's version, so that a new deployment (templates, static files) is noticed too.
    return bytes_response(request, answer["version"], answer.__getitem__, GZIP_ONLY)


def build_manifest(request: HttpRequest, guide: Guide) -> dict:
    base = f"/{guide.slug}/{guide.code}/"
    pages = [(guide.home, "home"), (f"/{guide.slug}/", "languages"), (base + "search/", "list")]
    pages.append((base + "privacy/", "privacy"))
    for name, route, enabled in (
        ("events", "events/", "events"),
        ("places", "locations/", "pois"),
        ("news", "news/", "news"),
    ):
        if guide.region[enabled] and guide.document(name):
            pages.append((base + route, "list"))
    pages += [(page["path"], "page") for page in guide.pages.pages]
    for name in ("events", "places", "news"):  # events once each, not every date of a recurring one
        pages += [(item["path"], name) for item in guide.items(name)]
    if guide.imprint:
        pages.append((guide.imprint["path"], "imprint"))

    entries: dict[str, dict] = {}
    images: set[str] = set()
    assets = {url for url, _name in shell_files()}
    for url, kind in pages:
        content = render_page(request, url)
        if content is None:
            continue
        entries[url] = entry(url, kind, content)
        text = content.decode()
        images.update(html.unescape(src) for src in _IMAGE.findall(text))
        assets.update(static_urls(text))
    for url in sorted(assets):
        data = static_bytes(url)
        if data is not None:
            entries[url] = entry(url, "static", data)
    for url in sorted(images):
        found = media_file(request, url)
        if found is not None:
            path, size = found
            entries[path] = {"url": path, "kind": "image", "size": size, "version": digest(f"{path}:{size}".encode())}

    with translation.override(guide.code):
        search, messages = saved_search(guide)
    manifest = {
        "region": guide.slug,
        "language": guide.code,
        "size": sum(e["size"] for e in entries.values()),
        "entries": list(entries.values()),
        # What offline.js searches (the text of every item) and the texts it shows with the results.
        "search": search,
        "messages": messages,
    }
    manifest["version"] = hashlib.sha256(encode(manifest)).hexdigest()[:32]
    return manifest


def static_urls(text: str) -> set[str]:
    """Static files a page names anywhere: its scripts and styles, and what its scripts load later (data-…, JSON)."""
    pattern = rf"(?<=[\"']){re.escape(settings.STATIC_URL)}[^\"'\s<>]+"
    return {html.unescape(found) for found in re.findall(pattern, text)}


def entry(url: str, kind: str, content: bytes) -> dict:
    return {"url": url, "kind": kind, "size": len(content), "version": digest(content)}


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]


def render_page(request: HttpRequest, url: str) -> bytes | None:
    """A page of the web app as the view serves it to this reader (same host, same scheme), or None if it fails."""
    environ = {key: request.META[key] for key in _HOST_META if key in request.META}
    # WSGI passes the path as bytes in a latin-1 string: Arabic, Cyrillic or German letters of a slug as UTF-8.
    path_info = url.encode().decode("iso-8859-1")
    environ.update({"REQUEST_METHOD": "GET", "PATH_INFO": path_info, "QUERY_STRING": "", "wsgi.input": io.BytesIO()})
    sub_request = WSGIRequest(environ)
    try:
        match = resolve(url)
        response = match.func(sub_request, *match.args, **match.kwargs)
    except Http404:
        return None
    return response.content if response.status_code == 200 else None


def static_bytes(url: str) -> bytes | None:
    """The bytes a static URL serves: the app's own file while developing, the collected (hashed) file in production."""
    prefix = urlsplit(settings.STATIC_URL).path
    path = urlsplit(url).path
    if not path.startswith(prefix):
        return None
    name = unquote(path[len(prefix) :])
    found = finders.find(name)
    try:
        if found:
            with open(found, "rb") as file:
                return file.read()
        with staticfiles_storage.open(name) as file:
            return file.read()
    except OSError:
        return None


def media_file(request: HttpRequest, url: str) -> tuple[str, int] | None:
    """An image on this server (a Wagtail rendition or logo) as ``(path, size)``; None for others: online only.

    Images elsewhere would be opaque responses, which browsers count as megabytes against the quota.
    """
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.get_host():
        return None
    prefix = urlsplit(settings.MEDIA_URL).path
    if not parts.path.startswith(prefix):
        return None
    try:
        size = default_storage.size(unquote(parts.path[len(prefix) :]))
    except (OSError, NotImplementedError):
        return None
    return (parts.path, size) if size else None
