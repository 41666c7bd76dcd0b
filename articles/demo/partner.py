"""The demo's partner newsroom: a subscription, and a small receiver that checks what it gets.

`make run` starts `manage.py demo_partner` beside the server and the worker. It listens on
127.0.0.1:8001 and does what docs/distribution.md asks of a partner: it checks each
delivery's signature against the subscription's secret, drops a delivery id it has seen,
keeps the greatest version of each piece, and answers 204 (401 for a bad signature). So a
new user publishing a piece sees it arrive in the delivery log, and the receiver prints one
line per delivery. A real partner's receiver does the same; this one is its worked example.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings

from articles.models import PartnerSubscription
from articles.models.deliveries import subscription_create

NAME = "Demo partner (manage.py demo_partner)"
PORT = 8001
MAX_BODY = 5 * 1024 * 1024  # what the receiver reads at most, as a partner would limit it
TOLERANCE = 300  # seconds a signature's time may differ from the receiver's clock


def ensure_subscription(port: int = PORT) -> PartnerSubscription:
    """The demo partner's subscription to every language, made once."""
    found = PartnerSubscription.objects.filter(name=NAME).first()
    if found is not None:
        return found
    subscription = PartnerSubscription(
        name=NAME,
        endpoint=f"http://127.0.0.1:{port}/deliveries",
        languages=[code for code, _ in settings.NEWSROOM_CONTENT_LANGUAGES],
        receives_embargoed=True,
    )
    subscription_create(subscription=subscription)
    return subscription


def verify(secret: str, headers, body: bytes, *, header: str, now: float | None = None) -> bool:
    """Whether `body` was signed with `secret` for its delivery id, within TOLERANCE."""
    fields = dict(part.split("=", 1) for part in headers.get(header, "").split(",") if "=" in part)
    stamp = fields.get("t", "")
    if not stamp.isdigit() or abs((now or time.time()) - int(stamp)) > TOLERANCE:
        return False
    signed = f"{stamp}.{headers.get('X-Newsroom-Delivery', '')}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


class Receiver(BaseHTTPRequestHandler):
    """POST /deliveries: one piece as ninjs, signed. State is kept per server (`seen`)."""

    server_version = "NewsroomDemoPartner/1"

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            return self.answer(413)
        body = self.rfile.read(int(length))
        secret, header = self.server.key()
        if not secret or not verify(secret, self.headers, body, header=header):
            self.server.log("refused: the signature does not verify")
            return self.answer(401)
        delivery = self.headers.get("X-Newsroom-Delivery", "")
        if delivery in self.server.seen:
            self.server.log(f"delivery {delivery} again: already have it")
            return self.answer(204)
        self.server.seen.add(delivery)
        try:
            item = json.loads(body)
        except ValueError:
            return self.answer(400)
        uri, version = item.get("uri", "?"), item.get("version", "?")
        kept = self.server.pieces.get(uri)
        if kept is not None and _number(version) <= _number(kept):
            self.server.log(f"{uri} version {version}: not newer than {kept}, kept the newer")
            return self.answer(204)
        self.server.pieces[uri] = version
        embargo = (
            f", embargoed until {item['embargoedUntil']}" if item.get("embargoedUntil") else ""
        )
        headline = next(iter(item.get("headlines") or [{}]), {}).get("value", "")
        self.server.log(
            f"{item.get('pubStatus', '?')}: {headline[:60]!r} "
            f"({item.get('language', '?')}, version {version}{embargo})"
        )
        return self.answer(204)

    def answer(self, status: int):
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002 (http.server's name)
        pass  # one line per delivery is printed by `log`


def _number(version) -> int:
    return int(version) if str(version).isdigit() else 0


class PartnerServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, log, key=None):
        super().__init__(address, Receiver)
        self.seen: set[str] = set()
        self.pieces: dict[str, object] = {}
        self.log = log
        self.key = key or subscription_key


def subscription_key() -> tuple[str, str]:
    """The demo subscription's secret and signature header, read at each delivery: the
    desk may make a new secret at any time, and this partner "receives" it at once."""
    found = PartnerSubscription.objects.filter(name=NAME).first()
    return (found.secret, found.signature_header) if found else ("", "")
