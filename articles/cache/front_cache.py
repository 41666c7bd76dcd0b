"""Purging the front cache (Varnish, or a CDN) by surrogate key.

Every cached response names its keys in `xkey` (Varnish's vmod xkey), `Surrogate-Key`
(Fastly) and `Cache-Tag` (Cloudflare) headers (articles/cache/page_cache.py). When the page cache
purges keys, after the change commits, each front cache in NEWSROOM_FRONT_CACHE is sent one
`PURGE` request carrying the keys in an `xkey-purge` header; the VCL in docs/varnish.vcl
purges every object tagged with any of them. Like Wagtail's frontend_cache, but by key
rather than by URL: a page need not know its addresses to be purged.

A front cache that does not answer is logged and skipped: the page cache still purges, and
the front cache's copies expire after their TTL.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT = 2.0  # seconds per front cache: a save must not hang on it
MAX_HEADER = 6000  # bytes of keys per request (Varnish's default limit is 8 kB per header)


def purge(keys: Iterable[str]) -> None:
    """Send a purge of `keys` to every configured front cache."""
    keys = sorted(keys)
    for url in settings.NEWSROOM_FRONT_CACHE:
        for batch in _batches(keys):
            _send(url, batch)


def _batches(keys: list[str]):
    batch, size = [], 0
    for key in keys:
        if batch and size + len(key) + 1 > MAX_HEADER:
            yield batch
            batch, size = [], 0
        batch.append(key)
        size += len(key) + 1
    if batch:
        yield batch


def _send(url: str, keys: list[str]) -> None:
    where = urlsplit(url)
    kind = http.client.HTTPSConnection if where.scheme == "https" else http.client.HTTPConnection
    connection = kind(where.hostname, where.port, timeout=TIMEOUT)
    try:
        connection.request("PURGE", where.path or "/", headers={"xkey-purge": " ".join(keys)})
        response = connection.getresponse()
        response.read()
        if response.status >= 400:
            logger.warning("Front cache %s refused a purge: %s", url, response.status)
    except OSError as error:
        logger.warning("Front cache %s unreachable (%s): purge not sent", url, error)
    finally:
        connection.close()
