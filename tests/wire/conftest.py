"""A partner's server on 127.0.0.1, and wire sources pointed at it or at a folder.

`source_server` serves whatever a test puts at a path: bytes, or a function writing the
answer itself (a body that never ends, an answer that never comes). It records the requests
it got and how many bytes it managed to send.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation

from articles.models import WireSource


@pytest.fixture(autouse=True)
def english_messages():
    """The sources' status messages are read here as written in the code (English); the
    catalogues' Russian and Kazakh are checked by tests/desk/test_translations.py."""
    with translation.override("en"):
        yield


class SourceServer:
    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes] | Callable] = {}
        self.requests: list[dict] = []
        self.sent = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append({"path": self.path, "headers": dict(self.headers)})
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if callable(route):
                    # The reader may hang up mid-answer, as it should on an endless body.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route(self, server)
                    return
                status, content_type, body = route
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def serve(self, path: str, body: bytes | str, content_type="application/json", status=200):
        self.routes[path] = (status, content_type, body.encode() if isinstance(body, str) else body)


def endless(handler, server) -> None:
    """50 MB of JSON-looking bytes, with no Content-Length, sent as long as anyone reads."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    chunk = b"[" + b" " * (64 * 1024 - 1)
    for _ in range(50 * 16):
        handler.wfile.write(chunk)
        server.sent += len(chunk)


def never_answers(handler, server) -> None:
    time.sleep(3)


@pytest.fixture
def source_server():
    server = SourceServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(autouse=True)
def wire_settings(settings, tmp_path):
    """A partner on this machine is allowed; answers get a second; folders live in tmp."""
    settings.NEWSROOM_WIRE_ALLOW_PRIVATE = True
    settings.NEWSROOM_WIRE_TIMEOUT = 1
    settings.NEWSROOM_WIRE_MAX_BYTES = 1024 * 1024
    settings.NEWSROOM_WIRE_FOLDER_ROOT = tmp_path / "wire"
    (tmp_path / "wire").mkdir()
    return settings


@pytest.fixture
def api_source(db, source_server) -> WireSource:
    return WireSource.objects.create(
        name="Kazinform",
        kind=WireSource.Kind.NINJS_API,
        url=source_server.url("/api/ninjs/"),
        auth_value="Bearer nr_partnerkey",
        credit="Kazinform",
        language="ru",
    )


@pytest.fixture
def feed_source(db, source_server) -> WireSource:
    return WireSource.objects.create(
        name="Partner feed", kind=WireSource.Kind.FEED, url=source_server.url("/rss.xml")
    )
