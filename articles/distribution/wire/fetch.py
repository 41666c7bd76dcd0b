"""Bytes from a wire source, within limits: a time limit, a size cap read incrementally, an
http(s) address off our own networks, a folder inside the wire root.

Every refusal is a `WireError` whose message is written for the editor who reads it in the
source's status ("No answer within 10 s").
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.http.outbound import is_public_address
from articles.models.wire import confined_folder

CHUNK = 64 * 1024
FILE_SUFFIXES = (".json", ".xml")


class WireError(Exception):
    """A source that could not be read; the message says why, for the editor."""


@dataclass
class Answer:
    body: bytes
    content_type: str = ""
    name: str = ""  # a file's name, for a folder's files
    error: str = ""  # why a folder's file was not read


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def too_large(max_bytes: int) -> WireError:
    return WireError(
        _("The response was larger than %(size)s MB and was not read.")
        % {"size": _megabytes(max_bytes)}
    )


def no_answer(timeout: float) -> WireError:
    return WireError(_("No answer within %(seconds)g s.") % {"seconds": timeout})


def check_address(url: str) -> None:
    """Refuse what is not http(s), and hosts on loopback, private or link-local networks
    (unless NEWSROOM_WIRE_ALLOW_PRIVATE): a source's address must not reach our own
    services (the database, Redis, a cloud's metadata endpoint). The connection itself is
    made only to an address checked as it is made (`_PinnedConnection`)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise WireError(_("The address is not an http:// or https:// one."))
    public_address(parts.hostname, parts.port or 443)


def public_address(host: str, port: int) -> str | None:
    """The address to connect to for `host`, resolved once: refused if any of its addresses
    is not a public one. None when private networks are allowed (any address will do)."""
    if settings.NEWSROOM_WIRE_ALLOW_PRIVATE:
        return None
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WireError(_("The host %(host)s was not found.") % {"host": host}) from error
    addresses = [info[4][0] for info in found]
    for address in addresses:
        if not is_public_address(address):
            raise WireError(
                _("The address %(host)s is on a private network and was refused.") % {"host": host}
            )
    return addresses[0]


class _PinnedConnection:
    """Connects to the address checked at connection time, not to a second lookup of the
    name (which a hostile name server could point at 127.0.0.1: DNS rebinding)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = self._connect_checked  # http.client sets it per instance

    def _connect_checked(self, address, timeout, source_address=None):
        host, port = address
        checked = public_address(host, port)
        return socket.create_connection((checked or host, port), timeout, source_address)


class _PinnedHTTPConnection(_PinnedConnection, http.client.HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedConnection, http.client.HTTPSConnection):
    pass


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to an address `check_address` accepts."""

    max_redirections = 3

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects, _PinnedHTTPHandler, _PinnedHTTPSHandler)


def fetch_url(url: str, headers: dict[str, str] | None = None) -> Answer:
    """GET `url`: the body, at most NEWSROOM_WIRE_MAX_BYTES, within NEWSROOM_WIRE_TIMEOUT
    seconds in all (not per read: a source that trickles bytes is cut off too)."""
    timeout, max_bytes = settings.NEWSROOM_WIRE_TIMEOUT, settings.NEWSROOM_WIRE_MAX_BYTES
    check_address(url)
    request = urllib.request.Request(url, headers={"User-Agent": "Newsroom wire intake"})
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise too_large(max_bytes)
            chunks, size = [], 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(max_bytes)
                if time.monotonic() > deadline:
                    raise no_answer(timeout)
                chunks.append(chunk)
            return Answer(b"".join(chunks), response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as error:
        raise WireError(
            _("The source answered HTTP %(code)s (%(reason)s).")
            % {"code": error.code, "reason": error.reason}
        ) from error
    except TimeoutError as error:
        raise no_answer(timeout) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise no_answer(timeout) from error
        if isinstance(error.reason, WireError):
            raise error.reason from error
        raise WireError(
            _("The source could not be reached: %(reason)s.") % {"reason": error.reason}
        ) from error
    except (ConnectionError, OSError) as error:  # reset, refused, closed mid-answer
        raise WireError(
            _("The source could not be reached: %(reason)s.") % {"reason": error}
        ) from error


def folder_files(folder: str) -> list[Answer]:
    """The .json and .xml files of a folder source, oldest first: each a real file inside
    the wire root (links out of it are skipped) and no larger than the cap."""
    try:
        path = confined_folder(folder)
    except ValidationError as error:
        raise WireError(" ".join(error.messages)) from error
    if not path.is_dir():
        raise WireError(_("The folder %(folder)s does not exist.") % {"folder": folder})
    root, max_bytes = path.resolve(), settings.NEWSROOM_WIRE_MAX_BYTES
    files: list[tuple[float, Path]] = []
    for entry in path.iterdir():
        real = entry.resolve()
        if entry.suffix.lower() not in FILE_SUFFIXES or real.parent != root:
            continue
        if real.is_file():
            files.append((real.stat().st_mtime, real))
    answers = []
    for _mtime, real in sorted(files):
        if real.stat().st_size > max_bytes:
            answers.append(Answer(b"", name=real.name, error=str(too_large(max_bytes))))
            continue
        answers.append(Answer(real.read_bytes(), name=real.name))
    return answers
