"""A partner's server on 127.0.0.1 that receives deliveries, and the check a partner makes.

`verify` is the snippet partners are given (the report's documentation): it is what the
tests run against every delivery, so the documented check and the signature cannot drift.
"""

from __future__ import annotations

# ---- the partner's verification, as documented ---------------------------------------------
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """True if `body` was signed by the newsroom with `secret`, less than `tolerance` s ago."""
    fields = dict(
        part.split("=", 1) for part in headers["X-Newsroom-Signature"].split(",") if "=" in part
    )
    timestamp, delivery_id = fields.get("t", ""), headers["X-Newsroom-Delivery"]
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    signed = f"{timestamp}.{delivery_id}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


# ---- the partner's server --------------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def item(self) -> dict:
        return json.loads(self.body)

    @property
    def delivery_id(self) -> str:
        return self.headers["X-Newsroom-Delivery"]


@dataclass
class Partner:
    """`answers`: the status codes to give, in turn (then 200); `delay`: seconds to wait
    before answering the first request."""

    received: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    delay: float = 0
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/wire"

    def items(self) -> list[dict]:
        return [r.item for r in self.received]


def start_partner() -> Partner:
    partner = Partner()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                partner.received.append(Received(self.path, dict(self.headers), body))
                delay, partner.delay = partner.delay, 0
                status = partner.answers.pop(0) if partner.answers else 200
            time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    partner.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    partner.server.daemon_threads = True
    threading.Thread(target=partner.server.serve_forever, daemon=True).start()
    return partner
