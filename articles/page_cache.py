"""The public page cache: anonymous GETs served from Django's cache, never stale.

Every cached page belongs to a *generation* of the site. The desk's services call
`site_changed()` whenever something readers see changes (publish, edit, withdraw, correct,
delete, a photo, a section's name...), which starts a new generation: every page is rendered
afresh on its next request, on every app server, since the generation lives in the shared
cache (Redis in production; each process keeps a copy that Redis invalidates, see
newsroom/redis_cache.py). A generation also ends by itself when the next scheduled piece
is due, so an embargoed story appears on time with no cron and no expiry to wait for.

Logged-in staff, previews, the admin, the API and uploads are never cached. Responses carry
ETag and Last-Modified, answer conditional GETs with 304, and let a CDN keep them briefly.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from contextvars import ContextVar

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from .models import Article

logger = logging.getLogger(__name__)
# What a cache outage looks like (Redis down or unreachable); we then serve uncached.
CACHE_ERRORS = (OSError, redis.exceptions.RedisError)

STATE_KEY = "newsroom:site-generation"
# True while an anonymous public page is being rendered: its reads may use a read replica
# (newsroom/db_routers.py). Context-local, so threads and async tasks each have their own.
reading_for_public: ContextVar[bool] = ContextVar("reading_for_public", default=False)
NOT_CACHED = ("/admin/", "/api/", "/ckeditor/", "/media/", "/static/", "/i18n/", "/__bench__/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
# With a shared cache that can track keys (Redis), each process also keeps the pages it
# served, valid while the generation they were rendered in lasts.
local_pages = LocMemCache(
    "newsroom-pages", {"OPTIONS": {"MAX_ENTRIES": settings.NEWSROOM_PAGE_CACHE_LOCAL_PAGES}}
)


def site_changed() -> None:
    """Something readers see has changed: every cached page is stale from now on.

    Called inside the writing transaction, it starts a new generation at once and again
    after commit, so that a page rendered by a concurrent request from the old data in
    between is not kept.
    """
    _store(_new_state())
    transaction.on_commit(lambda: _store(_new_state()))


def _new_state() -> dict:
    due = Article.objects.scheduled().aggregate(at=Min("published_at"))["at"]
    return {
        "id": uuid.uuid4().hex,
        "at": int(timezone.now().timestamp()),
        "next": due.timestamp() if due else None,
    }


def _store(state: dict) -> None:
    try:
        cache.set(STATE_KEY, state, None)
    except CACHE_ERRORS as error:  # a cache outage must not stop the desk
        logger.warning("Page cache unavailable (%s): could not record a site change", error)


def current_state(*keys: str) -> tuple[dict | None, dict]:
    """The live generation (a new one once a scheduled piece is due), and the cache entries
    of `keys` read in one round trip; (None, {}) if there is no cache.

    With Redis (`get_tracked`), the generation comes from this process's memory while Redis
    reports no change to it, and pages from a local copy of those rendered in the same
    generation: a hit then costs no round trip at all.
    """
    try:
        if _keeps_local_copies():
            state = _live(cache.get_tracked(STATE_KEY))
            return state, _pages_of_generation(state, keys)
        found = cache.get_many([STATE_KEY, *keys])
        return _live(found.pop(STATE_KEY, None)), found
    except CACHE_ERRORS as error:  # serve uncached rather than fail while Redis is down
        logger.warning("Page cache unavailable (%s): serving without it", error)
        return None, {}


def _live(state: dict | None) -> dict:
    """`state`, or a new generation if there was none or a scheduled piece is now due."""
    if state is None or (state["next"] is not None and timezone.now().timestamp() >= state["next"]):
        state = _new_state()
        _store(state)
    return state


def _pages_of_generation(state: dict, keys) -> dict:
    """Pages of `state`'s generation: from this process's copies, else from the shared cache."""
    found = {key: entry for key in keys if _current(entry := local_pages.get(key), state)}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = {k: e for k, e in cache.get_many(missing).items() if _current(e, state)}
        for key, entry in shared.items():
            local_pages.set(key, entry, settings.NEWSROOM_PAGE_CACHE_SECONDS)
        found.update(shared)
    return found


def _keeps_local_copies() -> bool:
    """A shared cache that tracks keys for us (Redis, newsroom/redis_cache.py)."""
    return hasattr(cache, "get_tracked")


def _current(entry: dict | None, state: dict) -> bool:
    return entry is not None and entry.get("generation") == state["id"]


def _keep(key: str, entry: dict) -> None:
    cache.set(key, entry, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    if _keeps_local_copies():
        local_pages.set(key, entry, settings.NEWSROOM_PAGE_CACHE_SECONDS)


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.NEWSROOM_PAGE_CACHE:
        return False
    path = request.path_info
    if path == "/" or path.startswith(NOT_CACHED):
        return False  # "/" redirects by the browser's language
    return not request.user.is_authenticated


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        token = reading_for_public.set(True)
        try:
            return self._cached_response(request)
        finally:
            reading_for_public.reset(token)

    def _cached_response(self, request):
        # One key per address, holding the generation it was rendered in: the generation
        # and the page come back in one round trip to the cache.
        key = "newsroom:page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        state, found = current_state(key)
        if state is None:
            return self.get_response(request)
        entry = found.get(key)
        if not _current(entry, state):
            entry = None  # rendered before the site last changed
        if entry is None:
            response = self.get_response(request)
            if not self._storable(response):
                return response
            entry = {
                "content": response.content,
                "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
                "etag": quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
                "last_modified": state["at"],
                "generation": state["id"],
            }
            try:
                _keep(key, entry)
            except CACHE_ERRORS as error:
                logger.warning("Page cache unavailable (%s): page not stored", error)
        else:
            response = HttpResponse(entry["content"], headers=entry["headers"])
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        patch_cache_control(response, public=True, max_age=settings.NEWSROOM_CDN_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        # 304 for a matching If-None-Match or If-Modified-Since, as Django's own views do.
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )

    @staticmethod
    def _storable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
