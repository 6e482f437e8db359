"""Local web sites for the link checker's tests: threaded ``http.server``s that answer by path and record every
request (method, host, path, User-Agent, when it started and ended)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Visit:
    method: str
    host: str
    path: str
    user_agent: str
    started: float
    ended: float = 0.0


class Site:
    """One site on its own loopback address (127.0.0.N is a host of its own for the checker's politeness).

    Paths: ``/good`` 200, ``/moved`` 301 → ``/good``, ``/temporary`` 302 → ``/good``, ``/missing`` 404,
    ``/error`` 500, ``/no-head`` 405 to HEAD but 200 to GET, ``/hang`` answers only after ``hang_seconds``,
    ``/slow`` answers after ``slow_seconds``; anything else 404.
    """

    hang_seconds = 5.0
    slow_seconds = 0.0

    def __init__(self, address: str = "127.0.0.1", log: list[Visit] | None = None):
        self.address = address
        self.visits: list[Visit] = log if log is not None else []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self, method: str):
                visit = Visit(
                    method,
                    self.headers.get("Host", ""),
                    self.path,
                    self.headers.get("User-Agent", ""),
                    time.monotonic(),
                )
                with site.lock:
                    site.visits.append(visit)
                try:
                    status, headers = site.route(method, self.path)
                    if self.path == "/hang":
                        site.stopping.wait(site.hang_seconds)
                    elif self.path.startswith("/slow"):
                        time.sleep(site.slow_seconds)
                    # Done before answering: once the client has the answer it may start its next request, and
                    # this thread may not have been scheduled again by then.
                    visit.ended = time.monotonic()
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    if method == "GET":
                        self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    visit.ended = visit.ended or time.monotonic()

            def do_HEAD(self):
                self.answer("HEAD")

            def do_GET(self):
                self.answer("GET")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((address, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def route(self, method: str, path: str) -> tuple[int, dict[str, str]]:
        if path in ("/good", "/hang") or path.startswith("/slow"):
            return 200, {}
        if path == "/moved":
            return 301, {"Location": "/good"}
        if path == "/temporary":
            return 302, {"Location": self.url("/good")}
        if path == "/error":
            return 500, {}
        if path == "/no-head":
            return (405, {"Allow": "GET"}) if method == "HEAD" else (200, {})
        return 404, {}

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.server.server_address[1]}{path}"

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
