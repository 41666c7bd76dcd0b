"""Content-Security-Policy: strict on the reader's site, looser only where CKEditor needs it.

Public pages run no inline script. The only inline <script> is the JSON-LD data block, allowed
by its SHA-256 hash; a page that loads one of our own script files (progressive enhancement:
live updates, embeds, galleries, the reading beacon) allows `'self'` too, and only then. Both
are computed from the response itself, so cached pages keep a matching policy; so is
`frame-src`, open only to the players of the embeds a page shows ('none' without). The
admin gets the policy CKEditor 4 requires (inline handlers and styles, `eval` in its
templates) — and only the admin, which only staff reach.
"""

import base64
import hashlib
import re

from django.conf import settings

from articles.text import embeds

ADMIN_PREFIXES = ("/admin/", "/ckeditor/")
# Only JSON-LD data blocks are allowed, never any other inline script, so that a <script>
# that somehow reached a page (the body is sanitized) would still not run.
JSON_LD = re.compile(rb'<script type="application/ld\+json">(.*?)</script>', re.S)
# Our own script files: `<script src="/static/…" defer></script>`, never inline code.
OWN_SCRIPT = re.compile(rb'<script\b[^>]*\ssrc="/[^/]')


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}".rstrip() for name, value in directives.items())


def script_hashes(html: bytes) -> list[str]:
    return [
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(body).digest()).decode()  # noqa: UP031
        for body in JSON_LD.findall(html)
    ]


def public_policy(html: bytes) -> str:
    media = settings.NEWSROOM_MEDIA_ORIGIN
    sources = (["'self'"] if OWN_SCRIPT.search(html) else []) + script_hashes(html)
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(sources) or "'none'",
        "style-src": "'self'",
        "img-src": f"'self' data: {media}".strip(),
        "font-src": "'self'",
        "connect-src": "'self'",
        # Frames only from the players of the embeds this page shows, loaded on a click.
        "frame-src": " ".join(embeds.frame_origins(html)) or "'none'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    if settings.HTTPS:
        directives["upgrade-insecure-requests"] = ""
    return _policy(directives)


def admin_policy(html: bytes = b"") -> str:
    media = settings.NEWSROOM_MEDIA_ORIGIN
    # A preview shows embeds as readers get them: their players may load there too.
    frames = " ".join(["'self'", *embeds.frame_origins(html)])
    return _policy(
        {
            "default-src": "'self'",
            # CKEditor 4: inline event handlers in its UI and compiled templates.
            "script-src": "'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src": "'self' 'unsafe-inline'",
            "img-src": f"'self' data: blob: {media}".strip(),
            "frame-src": frames,
            "object-src": "'none'",
            "base-uri": "'self'",
            "form-action": "'self'",
            "frame-ancestors": "'self'",  # CKEditor's dialogs and upload tab use frames
        }
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response or response.streaming:
            return response
        if response.status_code == 304:
            # No body to work the policy out from: the browser keeps the one it stored with
            # the page (a 304's headers replace the stored ones), which allows the page's own
            # scripts. One computed from the empty body would block them on every revalidation.
            return response
        if request.path_info.startswith(ADMIN_PREFIXES):
            response["Content-Security-Policy"] = admin_policy(response.content)
        else:
            response["Content-Security-Policy"] = public_policy(response.content)
        return response


SESSION_KEY = re.compile(r"[a-z0-9]{1,64}")


class DropMalformedSessionCookieMiddleware:
    """A session cookie that cannot be a session key is ignored, not looked up.

    Django's session keys are 32 lower-case letters and digits. A forged cookie with, say, a
    NUL character would reach the database (PostgreSQL refuses NUL in text: a server error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = settings.SESSION_COOKIE_NAME
        value = request.COOKIES.get(name)
        if value is not None and not SESSION_KEY.fullmatch(value):
            del request.COOKIES[name]
        return self.get_response(request)
