"""The partner feed: published articles as ninjs 3.1, read-only, one API key per partner.

    GET /api/ninjs/              newest first; ?language= ?section= ?since= ?limit= ?cursor=
    GET /api/ninjs/<id>/         one article; ?language=kk-latn: a Kazakh one in Latin letters

`language=kk-latn` gives the Kazakh pieces as the Latin edition shows them: their text in
Latin letters, `"language": "kk-Latn"` and its addresses.

With `since`, the list is of the changes since then: new and corrected pieces, and the
pieces withdrawn since then, as kill notices (pubStatus "canceled" or "withheld", no text).
An item withdrawn is a kill notice at its own address too.

Every request carries `Authorization: Bearer <key>` (see `create_partner_key`). Errors are
JSON too: `{"error": {"code": ..., "message": ...}}`. Nothing here is cached, by us or by
anyone on the way: each response belongs to one partner and reflects the desk's last edit.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.db.models import Q, Value
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from articles import selectors
from articles.distribution.api.ninjs import article_item, kill_notice, latin_edition
from articles.http.site_address import absolute
from articles.i18n import LATIN_EDITIONS
from articles.models import Section
from articles.models.partners import partner_key_check

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
_LARGEST_ID = 2**63 - 1
# "+05:00" sent unencoded in a query string arrives as " 05:00".
_OFFSET_AS_SPACE = re.compile(r" (\d{2}(?::?\d{2})?)$")


class BadParameter(ValueError):
    """A query parameter the feed cannot use; its message tells the partner what to send."""


def error(status: int, code: str, message: str, **headers) -> JsonResponse:
    response = json_response({"error": {"code": code, "message": message}}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def partner_api(view):
    """GET only, a valid partner key required, and never stored by any cache."""

    @csrf_exempt  # no cookies are involved: a POST should hear 405, not a CSRF failure
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            response = error(
                405, "method_not_allowed", "This feed is read-only: use GET.", Allow="GET"
            )
        else:
            response = _authenticate(request) or view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapper


def _authenticate(request) -> JsonResponse | None:
    """None when the request carries an active partner key, else the 401 to send."""
    header = request.headers.get("Authorization", "")
    if not header:
        return _unauthorized("Send your partner key as the header “Authorization: Bearer <key>”.")
    scheme, _space, raw = header.partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw or " " in raw:
        return _unauthorized("The Authorization header must read “Bearer <key>”.")
    request.partner_key = partner_key_check(raw)
    if request.partner_key is None:
        return _unauthorized("This key is not valid or has been revoked.")
    return None


def _unauthorized(message: str) -> JsonResponse:
    return error(401, "unauthorized", message, WWW_Authenticate='Bearer realm="newsroom"')


@partner_api
def item_list(request):
    try:
        articles, killed, limit, after = _filtered(request)
    except BadParameter as problem:
        return error(400, "invalid_parameter", str(problem))
    lists = [articles] if killed is None else [articles, killed]  # with `since` only
    if after is not None:
        published_at, pk = after
        before = Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
        lists = [found.filter(before) for found in lists]
    # One ordered page of each (the pieces and the withdrawals), merged in the same order.
    pages = (found.order_by("-published_at", "-pk")[: limit + 1] for found in lists)
    page = sorted(
        (article for found in pages for article in found),
        key=lambda article: (article.published_at, article.pk),
        reverse=True,
    )[: limit + 1]
    following = None
    if len(page) > limit:
        page = page[:limit]
        query = request.GET.copy()
        query["cursor"] = encode_cursor(page[-1])
        following = absolute(f"{request.path}?{query.urlencode()}")
    edition = latin_edition(request.GET.get("language", ""))
    return json_response({"items": [_item(a, edition) for a in page], "next": following})


def _item(article, edition: str = "") -> dict:
    if getattr(article, "is_kill_notice", False):
        return kill_notice(article, absolute=absolute, edition=edition)
    return article_item(article, absolute=absolute, edition=edition)


@partner_api
def item_detail(request, pk: int):
    edition = request.GET.get("language", "")
    if edition and edition not in LATIN_EDITIONS:
        codes = ", ".join(LATIN_EDITIONS)
        return error(400, "invalid_parameter", f"language must be one of: {codes} (or none).")
    # A published piece, else a withdrawn one's notice: both as the edition asked for
    # (kk-latn: Kazakh pieces only, said to be kk-Latn, as the list says them).
    article = selectors.partner_pieces().filter(pk=pk).first()
    killed = None if article else selectors.withdrawn_pieces().filter(pk=pk).first()
    found = article or killed
    if found is None:
        return error(404, "not_found", "No published article has this id.")
    if edition and found.language != LATIN_EDITIONS[edition]:
        return error(404, "not_found", f"No published article in {edition} has this id.")
    if killed is not None:
        return json_response(kill_notice(killed, absolute=absolute, edition=edition))
    return json_response(article_item(article, absolute=absolute, edition=edition))


def _filtered(request):
    """The partner's query as (published articles, withdrawn ones to announce or None,
    page size, cursor position or None)."""
    params = request.GET
    if any("\x00" in value for value in params.values()):
        raise BadParameter("Parameters cannot contain NUL characters.")
    language, section, moment, killed = params.get("language"), None, None, None

    if language:
        codes = [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]
        codes += list(LATIN_EDITIONS)  # kk-latn: the Kazakh pieces, in Latin letters
        if language not in codes:
            raise BadParameter(f"language must be one of: {', '.join(codes)}.")

    if slug := params.get("section"):
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            raise BadParameter(f"There is no section “{slug}”.")

    if since := params.get("since"):
        moment = _parse_since(since)
        # Pieces withdrawn since, filtered as the others are (kk-latn: the Kazakh pieces).
        stored = LATIN_EDITIONS.get(language, language) if language else None
        killed = selectors.withdrawn_pieces(language=stored, section=section, since=moment)
        killed = killed.annotate(is_kill_notice=Value(True))

    articles = selectors.partner_pieces(
        language=LATIN_EDITIONS.get(language, language) if language else None,
        section=section,
        changed_since=moment,
    )

    limit = params.get("limit") or str(DEFAULT_LIMIT)
    if not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= MAX_LIMIT):
        raise BadParameter(f"limit must be a whole number from 1 to {MAX_LIMIT}.")

    cursor = params.get("cursor")
    return articles, killed, int(limit), decode_cursor(cursor) if cursor else None


def _parse_since(value: str) -> datetime:
    try:
        return _aware(datetime.fromisoformat(_OFFSET_AS_SPACE.sub(r"+\1", value)))
    except ValueError as failure:
        raise BadParameter(
            "since must be an ISO 8601 date and time with its offset, "
            "e.g. 2025-11-16T14:30:00+05:00 or 2025-11-16T09:30:00Z."
        ) from failure


def _aware(moment: datetime) -> datetime:
    """`moment` in UTC; ValueError if it has no offset or lies beyond what UTC can hold."""
    if moment.tzinfo is None:
        raise ValueError("no UTC offset")
    try:
        return moment.astimezone(UTC)
    except OverflowError as failure:  # 0001-01-01T00:00+05:00 is before year 1 in UTC
        raise ValueError("out of range") from failure


def encode_cursor(article) -> str:
    """Where the next page starts: after this article, in (published_at, id) order."""
    raw = f"{article.published_at.isoformat()}|{article.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    problem = BadParameter("cursor is not one this feed gave out; start again without it.")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
        moment, pk = raw.split("|")
        published_at, pk = _aware(datetime.fromisoformat(moment)), int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as failure:
        raise problem from failure
    if not 0 < pk <= _LARGEST_ID:
        raise problem
    return published_at, pk
