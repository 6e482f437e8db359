"""Log lines an operator can search: a request id on every line, one access line per request, task names.

``LOG_FORMAT=json`` (the default in production) writes one JSON object per line (python-json-logger) with
``time``, ``level``, ``logger``, ``message`` and, where known, ``request_id``, ``method``, ``path``, ``status``,
``duration_ms``, ``task`` and ``task_id``; ``LOG_FORMAT=text`` (the default elsewhere) writes the same as text.

What is never logged: query strings (searches and forms can carry what a newcomer typed), request bodies,
headers, cookies, and secret parts of paths (verification links, password reset tokens).
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

#: A request id from the proxy (nginx's ``$request_id``) is taken when it looks like one; anything else is replaced.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: URL parameters that are secrets (a partner's verification link, a password reset token): shown as "…".
SECRET_URL_PARAMETERS = frozenset({"link", "token", "uidb64", "key", "secret"})
#: Successful health checks come every few seconds from monitoring; their access lines would drown the rest.
QUIET_PATHS = frozenset({"/health/"})

access_logger = logging.getLogger("wegweiser.requests")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
current_task: ContextVar[tuple[str, str]] = ContextVar("current_task", default=("", ""))


def request_id_from(header: str | None) -> str:
    if header and REQUEST_ID_PATTERN.match(header):
        return header
    return uuid.uuid4().hex


def loggable_path(request) -> str:
    """The path without query string, with secret URL parameters replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_PARAMETERS and isinstance(value, str) and value:
                path = path.replace(value, "…")
    return path


class RequestLogMiddleware:
    """Gives each request an id (``X-Request-ID``, taken from the proxy when valid, sent back in the response) and
    writes one access line when it is answered. Put it first in ``MIDDLEWARE``, so that the line has the status
    the client really got and the duration of everything."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self.log(request, response.status_code, started)
            return response
        finally:
            current_request_id.reset(token)

    @staticmethod
    def log(request, status: int, started: float) -> None:
        path = loggable_path(request)
        if path in QUIET_PATHS and status < 400:
            return
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        access_logger.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            status,
            duration_ms,
            extra={"method": request.method, "path": path, "status": status, "duration_ms": duration_ms},
        )


class ContextFilter(logging.Filter):
    """Adds the current request id and task to every record (empty outside requests and tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id.get()
        task, task_id = current_task.get()
        if not getattr(record, "task", None):
            record.task = task
            record.task_id = task_id
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message and the fields the context and caller added."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S%z")
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_record: dict) -> dict:
        # Empty context fields say nothing; leave them out of the line.
        for name in ("request_id", "task", "task_id"):
            if not log_record.get(name):
                log_record.pop(name, None)
        return log_record


def task_started(sender, task_result, **kwargs) -> None:
    current_task.set((task_result.task.module_path, str(task_result.id)))


def task_finished(sender, task_result, **kwargs) -> None:
    current_task.set(("", ""))


def logging_config(log_format: str, level: str) -> dict:
    """The ``LOGGING`` setting for ``text`` or ``json`` lines on standard error (systemd and Docker collect it)."""
    if log_format not in {"text", "json"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {log_format!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "wegweiser.operations.logs.ContextFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "wegweiser.operations.logs.JsonFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # Page actions are kept in Wagtail's audit log; the console only needs problems.
            "wagtail": {"level": "WARNING"},
            # Django's own request warnings ("Not Found: /path") repeat what the access line says.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "ERROR"},
            # WeasyPrint reports every rendering step at INFO; what it could not load comes as a warning.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
