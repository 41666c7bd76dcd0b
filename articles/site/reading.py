"""The reading beacon: a browser says a piece's page was shown, and the read is counted.

`POST /read/<piece id>/`, sent by static/newsroom/beacon.js (`navigator.sendBeacon`, else
`fetch` with `keepalive`) from the article page, whose server-rendered `data-read-url` names
the piece; so pages served from the page cache or a front cache count too. Nothing here
renders a page or reads the body.

Every answer is an empty 204 with `Cache-Control: no-store` and no cookie, counted or not: an
unknown, unpublished or absurd id, a repeat within the hour, another site's request, a
logged-in editor, all get the same answer, so the beacon tells nobody whether an embargoed
piece exists. Another method is a 405. The page cache never stores it (`/read/` is in its
NOT_CACHED) and the VCL passes it (docs/varnish.vcl).

CSRF does not apply (anonymous counting, no session, nothing changes for the sender); what a
cross-site POST could do is inflate counts, so a browser's request must come from our own
pages: `Sec-Fetch-Site: same-origin` when the browser sends it (every current one does), else
an `Origin`, when sent, of this site. Requests with neither (old browsers, scripts) are
counted, bounded like every reader by one count per reader per piece per hour.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from articles import reading
from articles.cache import page_cache
from articles.http.client_address import client_address
from articles.page_keys import most_read_key
from newsroom.redis_cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

# Ids above a database's largest key are junk: refused before any query (it would overflow).
MAX_ID = 2**63 - 1


@csrf_exempt
def read_beacon(request, pk: int):
    if request.method != "POST":
        response = HttpResponseNotAllowed(["POST"])
    else:
        try:
            _count(request, pk)
        except CACHE_ERRORS as error:  # a cache that is down: nothing is counted, nothing fails
            logger.warning("Cache unavailable (%s): a read was not counted", error)
        response = HttpResponse(status=204)
        del response["Content-Type"]  # no body
    response["Cache-Control"] = "no-store"
    return response


def _count(request, piece_id: int) -> bool:
    """Count the read if it is a reader's of a published piece, from one of our pages; and
    work the language's ranking out again if it is due, purging its pages if it changed."""
    if not 0 < piece_id <= MAX_ID or not _from_our_pages(request):
        return False
    if request.user.is_authenticated:
        return False  # the desk checking its pieces is not readers reading them
    language = reading.readable_language(piece_id)
    if language is None:
        return False
    counted = reading.read_record(
        piece_id=piece_id,
        language=language,
        address=client_address(request),
        user_agent=request.headers.get("User-Agent", ""),
    )
    if reading.ranking_refresh(language=language):
        page_cache.purge({most_read_key(language)})
    return counted


def _from_our_pages(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    ours = {_origin(settings.NEWSROOM_SITE_URL), _origin(request.build_absolute_uri("/"))}
    return _origin(origin) in ours


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
