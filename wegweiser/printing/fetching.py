"""What the PDF renderer may load: our own static files and media files, read from disk or storage, and
``data:`` addresses (the QR codes). Anything else (other hosts, ``file:``, our own pages) is refused without a
request: content is written by many people, and a printout must not reach into the network or the server's files.
"""

import mimetypes
import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .rendering import site_root


class Refused(ValueError):
    """An address the renderer may not load; WeasyPrint leaves the image or stylesheet out."""


class OwnFilesFetcher(URLFetcher):
    """Loads only our own static and media files; records what it refused (for the logs and the tests)."""

    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        try:
            return self.own_file(url)
        except Refused:
            self.refused.append(url)
            raise

    def own_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        root = urlsplit(site_root())
        if (parts.scheme, parts.netloc) != (root.scheme, root.netloc):
            raise Refused(f"Not one of our own files: {url}")
        path = unquote(parts.path)
        if ".." in path.split("/") or "\\" in path:
            raise Refused(f"Not one of our own files: {url}")
        for prefix, opener in ((settings.STATIC_URL, static_file), (settings.MEDIA_URL, media_file)):
            if prefix and path.startswith(prefix):
                name = posixpath.normpath(path[len(prefix) :])
                body = opener(name)
                if body is None:
                    raise Refused(f"No such file: {url}")
                content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        raise Refused(f"Not one of our own files: {url}")


def static_file(name: str) -> bytes | None:
    """A static file as collected (``collectstatic``), else as found in the apps' static folders."""
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    found = finders.find(name)
    if isinstance(found, str):
        with open(found, "rb") as file:
            return file.read()
    return None


def media_file(name: str) -> bytes | None:
    """An uploaded image or document from the media storage (local files or S3-compatible)."""
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as file:
        return file.read()
