"""One POST to a partner's endpoint, made safe to point at any address a superuser typed.

The endpoint is an outgoing request from our server, so it could be aimed at what only the
server reaches (a cloud's metadata address, a database's admin port). So: https only (http
where NEWSROOM_DELIVERY_ALLOW_HTTP says), the host resolved once and refused if any of its
addresses is private, loopback, link-local or reserved (unless NEWSROOM_DELIVERY_ALLOW_PRIVATE),
the connection made to that very address (no second lookup to rebind), redirects never
followed, a timeout on every step, and only the first bytes of the answer read.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from articles.http.outbound import is_public_address
from articles.models.deliveries import (
    HTTPS_ONLY,
    NO_HOST,
    NOT_PUBLIC,
    NOT_RESOLVED,
    REDIRECT,
    sender_note,
)

ANSWER_BYTES = 300  # of the partner's answer, kept in the log
USER_AGENT = "Newsroom-Delivery/1"


class Refused(Exception):
    """An endpoint we do not send to; the message says why."""


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str
    milliseconds: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Answer:
    started = time.monotonic()
    try:
        status, text = _post(url, body, headers, timeout)
    except Refused as refusal:
        return Answer(None, str(refusal), _since(started))
    except (OSError, http.client.HTTPException) as failure:  # refused, reset, timed out, TLS
        return Answer(None, f"{type(failure).__name__}: {failure}"[:300], _since(started))
    error = "" if 200 <= status < 300 else text
    if 300 <= status < 400:
        error = sender_note(REDIRECT, location=text)
    return Answer(status, error[:300], _since(started))


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or (
        scheme == "http" and not settings.NEWSROOM_DELIVERY_ALLOW_HTTP
    ):
        raise Refused(sender_note(HTTPS_ONLY))
    if not parts.hostname:
        raise Refused(sender_note(NO_HOST))
    port = parts.port or (443 if scheme == "https" else 80)
    address = _public_address(parts.hostname, port)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if scheme == "https":
        connection = _PinnedHTTPS(parts.hostname, port, address=address, timeout=timeout)
    else:
        connection = _PinnedHTTP(parts.hostname, port, address=address, timeout=timeout)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                **headers,
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
            },
        )
        response = connection.getresponse()
        text = response.read(ANSWER_BYTES).decode("utf-8", "replace")
        if response.status in (301, 302, 303, 307, 308):
            text = response.getheader("Location", "")
        return response.status, text
    finally:
        connection.close()


def _public_address(host: str, port: int) -> str:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as failure:
        raise Refused(sender_note(NOT_RESOLVED, reason=failure)) from failure
    addresses = [info[4][0] for info in found]
    if not settings.NEWSROOM_DELIVERY_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public_address(address):
                raise Refused(sender_note(NOT_PUBLIC, host=host, address=address))
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
