"""Serving snapshots: one indexed lookup for the current ETag, the bytes from a per-process cache.

A process keeps the documents it has served in memory, keyed by ETag, so a hot document costs a
dictionary lookup; a new version is read from storage on first use. ``SNAPSHOT_ETAG_SECONDS``
(default 1) lets a process trust the ETag it last looked up for that long, which takes the database
off the read path entirely under load while keeping publish-to-visible within seconds.
The cache holds at most ``SNAPSHOT_CACHE_BYTES`` (default 64 MB) and forgets the documents used
least recently, so a server with a hundred regions keeps only what readers ask for.
"""

import contextlib
import gzip
import hashlib
import json
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .models import Snapshot, snapshot_name, snapshot_storage

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
GZIP_ONLY = (("gzip", ".gz"),)


@dataclass
class Document:
    key: str
    etag: str
    _bytes: dict[str, bytes] = field(default_factory=dict)
    _derived: dict[str, Any] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    weight: int = 0

    def content(self, suffix: str = "") -> bytes:
        """The document's bytes, uncompressed (``""``) or precompressed (``".gz"``, ``".br"``)."""
        data = self._bytes.get(suffix)
        if data is None:
            with snapshot_storage().open(snapshot_name(self.key, self.etag, suffix), "rb") as file:
                data = self._bytes[suffix] = file.read()
            self.weight += len(data)
            _forget_least_used()
        return data

    @property
    def data(self) -> Any:
        def parse() -> Any:
            parsed = json.loads(self.content())
            self.weight += parsed_size(parsed)
            _forget_least_used()
            return parsed

        return self.derived("data", parse)

    def derived(self, name: str, make: Callable[[], Any]) -> Any:
        """Something worked out from the document once per version, e.g. an index of pages by path."""
        if name not in self._derived:
            with self._lock:
                if name not in self._derived:
                    self._derived[name] = make()
        return self._derived[name]


def parsed_size(value: Any) -> int:
    """The memory parsed JSON takes, in bytes: a page list about 1.5 times its text, a list of many small items
    (events, places) about 2.5 times. Keys are left out: the parser shares them between objects."""
    total, waiting = 0, [value]
    while waiting:
        item = waiting.pop()
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            waiting.extend(item.values())
        elif isinstance(item, list):
            waiting.extend(item)
    return total


_documents: OrderedDict[str, Document] = OrderedDict()
_etags: dict[str, tuple[float, str | None]] = {}


def current_etag(key: str) -> str | None:
    trust = settings.SNAPSHOT_ETAG_SECONDS
    now = time.monotonic()
    known = _etags.get(key)
    if known is not None and now - known[0] < trust:
        return known[1]
    etag = Snapshot.objects.filter(key=key).values_list("etag", flat=True).first()
    _etags[key] = (now, etag)
    return etag


def get_document(key: str) -> Document | None:
    """The current version of a document, or None if it has not been published."""
    etag = current_etag(key)
    if etag is None:
        return None
    document = _documents.get(key)
    if document is None or document.etag != etag:
        document = _documents[key] = Document(key, etag)
    with contextlib.suppress(KeyError):  # another thread made room by dropping it; it is still ours to serve
        _documents.move_to_end(key)
    return document


def _forget_least_used() -> None:
    budget = settings.SNAPSHOT_CACHE_BYTES
    with contextlib.suppress(KeyError):  # another thread emptied it first
        while len(_documents) > 1 and sum(d.weight for d in _documents.values()) > budget:
            _documents.popitem(last=False)


def forget_cached_etags() -> None:
    """For tests and tools that rebuild and read in one process within a second."""
    _etags.clear()


def forget_cached_documents() -> None:
    """For tests that change what is worked out from a document besides its content (e.g. the push key, which
    the news page renders and the offline manifest lists): the documents and what was derived from them."""
    _documents.clear()
    _etags.clear()


def etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return header.strip() == "*" or f'"{etag}"' in [tag.strip().removeprefix("W/") for tag in header.split(",")]


def document_response(request: HttpRequest, document: Document) -> HttpResponse:
    """The stored bytes as they are, in the best encoding the client accepts; 304 if the client has them."""
    return bytes_response(request, document.etag, document.content, ENCODINGS)


def derived_response(
    request: HttpRequest, basis: str, make: Callable[[], object], document: Document | None = None
) -> HttpResponse:
    """JSON worked out from a document; its ETag follows from the document's and the question asked (the URL).

    ``make`` is only called when the client does not have the answer yet. With the ``document`` it is
    worked out from, the answer is kept with it, encoded and gzipped, for the next reader who asks the same.
    """
    etag = hashlib.sha256(f"{basis}:{request.path}?{request.GET.urlencode()}".encode()).hexdigest()[:32]
    if document is None:
        return bytes_response(request, etag, lambda suffix: encode(make()))

    def encoded() -> dict[str, bytes]:
        raw = encode(make())
        compressed = gzip.compress(raw, compresslevel=6, mtime=0)
        document.weight += len(raw) + len(compressed)
        return {"": raw, ".gz": compressed}

    answer = document.derived(f"answer:{etag}", encoded)
    return bytes_response(request, etag, answer.__getitem__, GZIP_ONLY)


def encode(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def bytes_response(
    request: HttpRequest, etag: str, content: Callable[[str], bytes], encodings: tuple[tuple[str, str], ...] = ()
) -> HttpResponse:
    """``content(suffix)`` gives the bytes in an encoding: ``""`` plain, or a suffix from ``encodings``."""
    if etag_matches(request, etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        accepted = request.headers.get("Accept-Encoding", "")
        suffix, encoding = "", None
        for name, candidate in encodings:
            if name in accepted:
                suffix, encoding = candidate, name
                break
        response = HttpResponse(content(suffix), content_type="application/json")
        if encoding:
            response["Content-Encoding"] = encoding
    response["ETag"] = f'"{etag}"'
    # Browsers and apps revalidate every time (a 304 is cheap); a shared cache (nginx, a CDN) may answer
    # for a second on its own, which carries most of the load without delaying a publication noticeably.
    response["Cache-Control"] = "public, max-age=0, s-maxage=1, must-revalidate"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
