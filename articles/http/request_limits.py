"""Request bodies over the limit are refused (413) before a byte of them is read.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts: a 60 MB file in a form posted
to any page was read and spooled to disk. Here the declared Content-Length decides, before
sessions, CSRF or any form read the body:

- every request: at most NEWSROOM_MAX_BODY_BYTES (5 MB);
- logged-in, active staff posting to a view that takes files (the CKEditor upload, the admin
  add and change forms of models with an image or file field): NEWSROOM_MAX_UPLOAD_BYTES
  plus NEWSROOM_UPLOAD_FORM_BYTES for the rest of the form.

A body without a Content-Length (chunked) is refused with 411: Django would read none of it.
`BoundedInput` keeps anything that reads `wsgi.input` itself within the same bounds.
"""

from __future__ import annotations

import io
from functools import lru_cache

from django.conf import settings
from django.db.models import FileField
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

UPLOAD_VIEW_NAMES = ("ckeditor_upload",)


def body_limit() -> int:
    return settings.NEWSROOM_MAX_BODY_BYTES


def staff_upload_limit() -> int:
    return settings.NEWSROOM_MAX_UPLOAD_BYTES + settings.NEWSROOM_UPLOAD_FORM_BYTES


def declared_length(meta) -> int | None:
    """The Content-Length, None if absent; -1 if it is not a number."""
    value = meta.get("CONTENT_LENGTH") or ""
    if not value.strip():
        return None
    try:
        length = int(value)
    except ValueError:
        return -1
    return length if length >= 0 else -1


def has_body_without_length(meta) -> bool:
    encoding = meta.get("HTTP_TRANSFER_ENCODING", "").strip().lower()
    return bool(encoding) and encoding != "identity" and declared_length(meta) is None


@lru_cache(maxsize=1024)
def takes_files(path: str) -> bool:
    """True for the views where staff upload images: CKEditor's upload, and the admin's add
    and change forms of a model (or its inlines) with a file or image field."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.url_name in UPLOAD_VIEW_NAMES:
        return True
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None or not (match.url_name or "").endswith(("_add", "_change")):
        return False
    models = [model_admin.model, *(inline.model for inline in model_admin.inlines)]
    return any(
        isinstance(field, FileField) for model in models for field in model._meta.get_fields()
    )


# How Python's wsgiref server (Django's runserver and live test server) names itself.
WSGIREF = "WSGIServer/"


def refusal(request, status: int = 413):
    """The page a refused request gets: what the limit is and what to do instead, in the
    language of the address (this runs before LocaleMiddleware)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = _refusal(status)
    if not request.META.get("SERVER_SOFTWARE", "").startswith(WSGIREF):
        # The unread body must not be taken for the next request. wsgiref (runserver, the
        # test live server) refuses hop-by-hop headers from the application, and closes
        # the connection itself after draining the bounded body.
        response["Connection"] = "close"
    return response


def _refusal(status: int):
    megabytes = {
        "limit": _megabytes(body_limit()),
        "upload": _megabytes(settings.NEWSROOM_MAX_UPLOAD_BYTES),
    }
    if status == 411:
        title = _("The request must say how long it is")
        advice = _("Send the body with a Content-Length header, not in chunks.")
    else:
        title = _("This request is too large")
        advice = (
            _(
                "Requests to this site may carry at most %(limit)s MB. Staff may upload "
                "images of up to %(upload)s MB through the photo form or the editor's image "
                "button, once logged in; make larger images smaller before uploading them."
            )
            % megabytes
        )
    html = render_to_string("413.html", {"title": title, "advice": advice})
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


class RequestBodyLimitMiddleware:
    """First in MIDDLEWARE: refuses what no one may send, before anything reads the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_body_without_length(request.META):
            return refusal(request, 411)
        length = declared_length(request.META) or 0
        if length < 0 or length > staff_upload_limit():
            return refusal(request)
        if length > body_limit() and not takes_files(request.path_info):
            return refusal(request)
        return self.get_response(request)


class StaffUploadLimitMiddleware:
    """Right after AuthenticationMiddleware (and before CSRF reads the form): the larger
    upload limit is for logged-in staff only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (declared_length(request.META) or 0) > body_limit():
            user = request.user
            if not (user.is_authenticated and user.is_active and user.is_staff):
                return refusal(request)
        return self.get_response(request)


class BoundedInput(io.RawIOBase):
    """`wsgi.input` that yields at most `limit` bytes, then nothing: a server that passes a
    body on without a length (wsgi.input_terminated) can't make anyone read more than that."""

    def __init__(self, stream, limit: int):
        self.stream, self.remaining = stream, limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._take(self.stream.read, size)

    def readline(self, size: int = -1) -> bytes:
        return self._take(self.stream.readline, size)

    def _take(self, reader, size: int | None) -> bytes:
        """What `reader` gives for `size` bytes, never past what remains of the bound."""
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = reader(size)
        self.remaining -= len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def bounded_wsgi(application):
    """The WSGI application with `wsgi.input` bounded by the declared length and, in any
    case, by the largest body anyone may send."""

    def bounded(environ, start_response):
        length = declared_length(environ)
        ceiling = staff_upload_limit()
        limit = min(length, ceiling) if length is not None and length >= 0 else ceiling
        environ["wsgi.input"] = BoundedInput(environ["wsgi.input"], limit)
        return application(environ, start_response)

    return bounded


def bounded_asgi(application):
    """The ASGI application, refusing by Content-Length what no one may send, and ending a
    body that outgrows its limit: Django's ASGI handler reads (and spools) the whole body
    before any middleware runs."""

    async def bounded(scope, receive, send):
        if scope["type"] != "http":
            return await application(scope, receive, send)
        meta = {"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": ""}
        for name, value in scope.get("headers", []):
            key = name.decode("latin-1").lower()
            if key == "content-length":
                meta["CONTENT_LENGTH"] = value.decode("latin-1")
            elif key == "transfer-encoding":
                meta["HTTP_TRANSFER_ENCODING"] = value.decode("latin-1")
        length = declared_length(meta)
        ceiling = staff_upload_limit() if takes_files(scope.get("path", "")) else body_limit()
        if length is not None and (length < 0 or length > ceiling):
            return await _send_refusal(send)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > ceiling:
                    return {"type": "http.disconnect"}  # Django stops reading: no response
            return message

        return await application(scope, limited_receive, send)

    return bounded


async def _send_refusal(send) -> None:
    body = render_to_string(
        "413.html", {"title": _("This request is too large"), "advice": ""}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})
