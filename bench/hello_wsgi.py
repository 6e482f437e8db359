"""The floor of the application server: a WSGI app without Django that answers with N fixed bytes.

``api_bench.py`` runs it under the same gunicorn settings as Wegweiser, so that the table shows how much of a
request's cost is gunicorn's own (accepting, parsing, closing the connection) and how much is Django's.
"""

import os
from collections.abc import Callable, Iterable

BODY = b"x" * int(os.environ.get("BENCH_BODY_BYTES", "1000"))
HEADERS = [("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("Content-Length", str(len(BODY)))]


def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
    start_response("200 OK", HEADERS)
    return [BODY]
