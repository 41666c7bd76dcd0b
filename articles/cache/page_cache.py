"""The public page cache: anonymous GETs served from Django's cache, never stale.

Caching is by dependency. While a page renders, every row it reads for readers (a piece,
its photo, an author, a section, a tag: `articles/cache/invalidation.py` notes them as they
load) and
every list it is (the home page of a language, a section's, a tag's...: the views say so)
adds a *surrogate key* to the page ("article:12", "photo:3", "home:ru"). The cache keeps,
per key, a version, and a page stores the versions of its keys when it was rendered: a page
is served only while all of them are unchanged, checked in one `get_many` per hit.

A change bumps the versions of the keys it touches (`purge`; `articles/cache/invalidation.py` works
them out from the rows before and after the change), at once and again after the writing
transaction commits, so that a page rendered from the old data in between is not kept. A
page rendered while one of its keys was bumped is not stored either: every bump takes a
number from a shared sequence, and a page whose keys carry a number above the one read
when its render began is served once and forgotten. `site_changed()` purges every page.

The versions live in the shared cache: Redis in production, else a file-based cache that all
the processes of one machine share (newsroom/settings.py), so every worker agrees at once.
A scheduled piece purges its lists when it falls due: the cache holds the next due time.
Its pages are then rendered ahead of its readers, as after a publish (articles/cache/warming.py).

Logged-in staff, previews, the admin, the API and uploads are never cached. Responses carry
ETag and Last-Modified and answer conditional GETs with 304. Browsers must ask again each
time (`max-age=0`: an editor sees a fix at once, a reader's revalidation is a cheap 304);
shared caches keep pages for `s-maxage` (a CDN briefly, a front cache purged by key longer).
Pages for logged-in staff are `private, no-store`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from articles.cache import front_cache, warming
from articles.models import Article, Byline
from articles.page_keys import SITEMAP_KEY, list_key, page_keys
from newsroom.redis_cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

# Everything a hit reads, under one prefix: with Redis, each process keeps it in memory and
# Redis tells it when anything under the prefix changes (newsroom/redis_cache.py).
VERSION_PREFIX = "newsroom:v:"
SEQUENCE_KEY = VERSION_PREFIX + "#sequence"
NEXT_DUE_KEY = VERSION_PREFIX + "#next-due"
SITE_KEY = "site"  # on every page: purging it purges everything
# A page showing more rows than this (a sitemap) depends on every row instead of each.
MAX_ROW_KEYS = 300
ANY_ROW_KEY = "rows:any"
# Keys naming one row ("article:12"), not a list ("section:3:ru", "home:ru").
ROW_KINDS = ("article:", "photo:", "author:", "section:", "tag:", "story:")
# True while an anonymous public page is being rendered: its reads may use a read replica
# (newsroom/db_routers.py). Context-local, so threads and async tasks each have their own.
reading_for_public: ContextVar[bool] = ContextVar("reading_for_public", default=False)
# When the next scheduled piece is due (a timestamp), as read for the current request.
next_release: ContextVar[float | None] = ContextVar("next_release", default=None)
# The purge sequence's number read before the page being rendered read anything: what it
# keeps (the page, its fragments: articles/cache/fragments.py) is kept only if no version it
# records is numbered above it.
render_number: ContextVar[int | None] = ContextVar("render_number", default=None)
# The versions of the kept fragments the page being rendered used (articles/cache/fragments.py): it
# shows them as of those versions. Their keys' versions are read again when the page (or a
# fragment around them) is kept, after a purge may have written new ones; a page whose pins
# no longer hold is served once and forgotten (`pins_hold`).
render_pins: ContextVar[dict | None] = ContextVar("render_pins", default=None)
CONFLICT = (-1, "two versions", True, 0)  # a key pinned at two versions: nothing holds
BUMP_LOCK = VERSION_PREFIX + "#bumping"
BUMP_LOCK_WAIT = 2.0  # seconds a purge waits for another to finish writing its versions
RENDER_LOCK_PREFIX = "newsroom:rendering:"
LOCK_SECONDS = 30  # a render that takes longer (or a process that died) frees the lock
POLL_SECONDS = 0.02
NOT_CACHED = ("/admin/", "/api/", "/ckeditor/", "/media/", "/static/", "/i18n/", "/read/")
KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
# Each process also keeps the pages it served; the shared versions say whether they still hold.
local_pages = LocMemCache(
    "newsroom-pages", {"OPTIONS": {"MAX_ENTRIES": settings.NEWSROOM_PAGE_CACHE_LOCAL_PAGES}}
)


# ---- purging ----------------------------------------------------------------------------


def purge(keys: Iterable[str], *, hard: bool = False) -> None:
    """Pages showing any of `keys` are stale from now on, on every server.

    Called inside a writing transaction, it purges at once and again after commit (a page
    rendered by a concurrent request from the old data in between is not kept). `hard`: the
    change takes something away from readers (a withdrawal, a deletion), so no page showing
    it may be served even for the few seconds lists may be while they are rendered again.
    """
    keys = frozenset(keys)
    if not keys:
        return
    _bump(keys, hard)
    transaction.on_commit(lambda: _purged_after_commit(keys, hard))


def _purged_after_commit(keys: frozenset[str], hard: bool) -> None:
    _bump(keys, hard)
    # Only now: a front cache purged before the commit could fetch the old page again.
    front_cache.purge(keys if ANY_ROW_KEY in keys else keys | {ANY_ROW_KEY})


def site_changed() -> None:
    """Something every page may show has changed (or we cannot tell what): purge them all."""
    purge([SITE_KEY], hard=True)
    schedule_changed()


def schedule_changed() -> None:
    """A piece's release time or status changed: work out the next due time again (at once,
    and after commit, when other processes see the change)."""
    _settle_schedule()
    transaction.on_commit(_settle_schedule)


def _settle_schedule() -> None:
    try:
        next_due = cache.get(NEXT_DUE_KEY)
        if _is_due(next_due):
            _release_due(next_due)
        else:
            cache.set(NEXT_DUE_KEY, {**next_due, "at": _upcoming()}, None)
    except CACHE_ERRORS as error:  # a cache outage must not stop the desk
        logger.warning("Page cache unavailable (%s): could not record a site change", error)


def _bump(keys: frozenset[str], hard: bool) -> bool:
    """New versions for `keys`, numbered from the purge sequence, which moves on again once
    they are written: a process that saw the sequence unchanged knows no version changed.
    False if the shared cache did not take them (they are then purged again later)."""
    names = [VERSION_PREFIX + key for key in keys | {ANY_ROW_KEY}]
    try:
        with _one_purge_at_a_time():
            number = _next_number()
            version = (number, uuid.uuid4().hex[:12], hard, time.time())
            if cache.set_many(dict.fromkeys(names, version), None):
                raise ValueError("the versions were not written")  # a failing-soft cache's
            _next_number()
        return True
    # A cache outage must not stop the desk (a failing-soft Redis cache answers incr() with
    # ValueError). The versions and the sequence are still deleted: a failing-soft cache
    # remembers the keys it could not reach and deletes them when it answers again, so every
    # process checks its copies again. And the purge is made again once the cache answers.
    except (*CACHE_ERRORS, ValueError) as error:
        logger.warning("Page cache unavailable (%s): could not record a site change", error)
        with contextlib.suppress(*CACHE_ERRORS):
            cache.delete_many([*names, SEQUENCE_KEY])
        _purge_again_later(keys, hard)
        return False


@contextlib.contextmanager
def _one_purge_at_a_time():
    """Purges write their versions one after the other, on every server: two purges of one
    key written in the other order than they were numbered would leave the older number
    current, and a page rendered between them would be kept with the older text. A purge
    that cannot get the lock in BUMP_LOCK_WAIT seconds (a process died holding it: the lock
    expires) goes on without it."""
    token = uuid.uuid4().hex
    deadline = time.monotonic() + BUMP_LOCK_WAIT
    held = False
    while not (held := cache.add(BUMP_LOCK, token, 5)):
        if _unavailable() or time.monotonic() >= deadline:
            break
        time.sleep(0.002)
    try:
        yield
    finally:
        if held:
            with contextlib.suppress(*CACHE_ERRORS):
                cache.delete(BUMP_LOCK)


# Purges the shared cache did not take: made again once it answers (`_purge_again`).
_unrecorded: dict[str, bool] = {}  # key: hard
_unrecorded_lock = threading.Lock()
_retry: list[threading.Timer] = []


def _purge_again_later(keys: frozenset[str], hard: bool) -> None:
    """While the shared cache failed, other processes may go on serving copies they checked
    before the change, and a front cache purged meanwhile may have fetched one of them again.
    So once it answers (tried every few seconds, even if this process gets no request), the
    keys are purged again: in the shared cache, then in the front caches."""
    with _unrecorded_lock:
        for key in keys:
            _unrecorded[key] = _unrecorded.get(key, False) or hard
        if _retry and _retry[0].is_alive():
            return
        breaker = getattr(cache, "_breaker", None)  # newsroom/redis_cache.py: its retry pace
        seconds = getattr(breaker, "retry_seconds", 5.0) + 0.5
        timer = threading.Timer(seconds, _purge_again)
        timer.daemon = True
        _retry[:] = [timer]
    timer.start()


def _purge_again() -> None:
    with _unrecorded_lock:
        pending = dict(_unrecorded)
        _unrecorded.clear()
        _retry.clear()
    for hard in (True, False):
        keys = frozenset(k for k, h in pending.items() if h is hard)
        if keys and _bump(keys, hard):  # else: queued again by _bump
            front_cache.purge(keys | {ANY_ROW_KEY})
            logger.warning("Page cache available again: %s keys purged again", len(keys))


def _next_number() -> int:
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:  # not there yet (or cleared): start above any number handed out so far
        cache.add(SEQUENCE_KEY, int(timezone.now().timestamp() * 1000), None)
        return cache.incr(SEQUENCE_KEY)


# ---- reading ----------------------------------------------------------------------------


def _page_key(request) -> str:
    """The page's path, under the addresses and release it is built with: a page kept while
    the site had another address (say, pre-rendered by `load_demo` for port 8000, then served
    by `make run PORT=8080`) or another release is not served as this one's."""
    built_with = (settings.NEWSROOM_SITE_URL, settings.MEDIA_URL, settings.STATIC_URL,
                  settings.NEWSROOM_SITE_NAME, settings.NEWSROOM_RELEASE)  # fmt: skip
    named = repr((built_with, request.get_full_path()))
    return "newsroom:page:" + hashlib.sha256(named.encode()).hexdigest()


def _versions(keys: Iterable[str]) -> tuple[dict, int, dict | None]:
    """The versions of `keys`, the purge sequence and the next due time, in one round trip."""
    names = [VERSION_PREFIX + key for key in keys]
    found = _get_many([SEQUENCE_KEY, NEXT_DUE_KEY, *names])
    versions = {name[len(VERSION_PREFIX) :]: found.get(name) for name in names}
    return versions, found.get(SEQUENCE_KEY, 0), found.get(NEXT_DUE_KEY)


def _is_due(next_due) -> bool:
    return next_due is None or (
        next_due["at"] is not None and timezone.now().timestamp() >= next_due["at"]
    )


def _release_due(next_due) -> None:
    """Purge the lists of pieces that fell due since the next due time was worked out, and
    work it out again. Without one (first use, or the cache was cleared), the pieces released
    within a page's lifetime count as just due."""
    now = timezone.now()
    since = next_due["from"] if next_due else now.timestamp() - settings.NEWSROOM_PAGE_CACHE_SECONDS
    due = Article.objects.published().filter(published_at__gte=datetime.fromtimestamp(since, UTC))
    keys, released = set(), []
    for article in due.only("id", "language", "section_id", "story_id"):
        keys |= article_keys(article)
        released.append(article.pk)
    if keys:
        _bump(frozenset(keys), False)
        front_cache.purge(keys | {ANY_ROW_KEY})
    cache.set(NEXT_DUE_KEY, {"at": _upcoming(), "from": now.timestamp()}, None)
    for pk in released:
        warming.warm(pk)


def _upcoming() -> float | None:
    """When the next scheduled piece is due (a timestamp), if there is one."""
    upcoming = Article.objects.scheduled().aggregate(at=Min("published_at"))["at"]
    return upcoming.timestamp() if upcoming else None


def article_keys(article: Article, *, lists: bool = True) -> set[str]:
    """What a piece's change touches: its page, its story's other versions (they name it),
    and, with `lists`, every list it is in (its tags' and authors' read from the database)."""
    keys = {f"article:{article.pk}", f"story:{article.story_id}"}
    if not lists:
        return keys
    language = article.language
    keys |= {list_key(kind, language) for kind in ("home", "archive", "search")}
    keys.add(SITEMAP_KEY)
    keys.add(list_key("section", language, article.section_id))
    through = Article.tags.through.objects.filter(article_id=article.pk)
    keys |= {list_key("tag", language, pk) for pk in through.values_list("tag_id", flat=True)}
    authors = Byline.objects.filter(article_id=article.pk).values_list("author_id", flat=True)
    keys |= {list_key("author", language, pk) for pk in authors}
    return keys


# ---- the middleware ---------------------------------------------------------------------


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.NEWSROOM_PAGE_CACHE:
        return False
    path = request.path_info
    if path == "/" or path.startswith(NOT_CACHED):
        return False  # "/" redirects by the browser's language
    return not request.user.is_authenticated


def _for_staff(request) -> bool:
    """A logged-in user's request (the desk's staff): never served from or kept in a cache."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _current(entry: dict | None, versions: dict) -> bool:
    return entry is not None and all(versions.get(k) == v for k, v in entry["keys"].items())


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            response = self.get_response(request)
            if _for_staff(request) and not response.has_header("Cache-Control"):
                # What an editor sees is theirs alone, and never kept: no browser or shared
                # cache shows it again (or to anyone else).
                patch_cache_control(response, private=True, no_store=True)
            return response
        token = reading_for_public.set(True)
        try:
            return self._cached_response(request)
        finally:
            reading_for_public.reset(token)

    def _cached_response(self, request):
        key = _page_key(request)
        try:
            entry, versions, number = _lookup(key)
        except CACHE_ERRORS as error:  # serve uncached rather than fail while Redis is down
            logger.warning("Page cache unavailable (%s): serving without it", error)
            return self.get_response(request)
        if _unavailable():
            # A failing-soft Redis answers misses: versions it cannot give are no versions,
            # and purges made meanwhile were lost. Nothing is served from or kept in a cache
            # (this process's copies included) until it answers again.
            return self.get_response(request)
        if _current(entry, versions):
            return self._finish(request, _replay(entry), entry, "hit")
        # One render per change: whoever takes the lock renders; the others wait for its page,
        # or get the previous copy of a list page while it renders (never after a withdrawal).
        lock = RENDER_LOCK_PREFIX + key
        deadline = time.monotonic() + settings.NEWSROOM_PAGE_CACHE_WAIT
        try:
            while not cache.add(lock, 1, LOCK_SECONDS):
                if _unavailable():  # a failing-soft Redis answers add() with False: no lock
                    break
                if _may_serve_stale(entry, versions):
                    return self._finish(request, _replay(entry), entry, "stale")
                if time.monotonic() >= deadline:
                    break  # render it here too, rather than keep the reader waiting
                time.sleep(POLL_SECONDS)
                entry, versions, number = _lookup(key)
                if _current(entry, versions):
                    return self._finish(request, _replay(entry), entry, "waited")
            else:
                # Whoever held the lock before may have stored the page since we looked.
                entry, versions, number = _lookup(key)
                if _current(entry, versions):
                    cache.delete(lock)
                    return self._finish(request, _replay(entry), entry, "waited")
                return self._render_holding(request, key, number, lock)
        except CACHE_ERRORS as error:
            logger.warning("Page cache unavailable (%s): rendering without the lock", error)
        response, entry = self._render(request, key, number)
        return response if entry is None else self._finish(request, response, entry, "miss")

    def _render_holding(self, request, key: str, number: int, lock: str):
        try:
            response, entry = self._render(request, key, number)
        finally:
            try:
                cache.delete(lock)
            except CACHE_ERRORS as error:
                logger.warning("Page cache unavailable (%s): lock left to expire", error)
        return response if entry is None else self._finish(request, response, entry, "miss")

    def _render(self, request, key: str, number: int):
        """Render the page, noting its keys; store it unless one changed meanwhile."""
        token, numbered = page_keys.set(set()), render_number.set(number)
        pinned = render_pins.set({})
        try:
            response = self.get_response(request)
            keys, pins = page_keys.get(), render_pins.get()
        finally:
            page_keys.reset(token)
            render_number.reset(numbered)
            render_pins.reset(pinned)
        if not self._storable(response):
            return response, None
        rows = {k for k in keys if k.count(":") == 1 and k.startswith(ROW_KINDS)}
        if len(rows) > MAX_ROW_KEYS:
            keys = (keys - rows) | {ANY_ROW_KEY}
        keys.add(SITE_KEY)
        entry = {
            "content": response.content,
            "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
            "etag": quote_etag(hashlib.sha256(response.content).hexdigest()[:32]),
            "last_modified": int(timezone.now().timestamp()),
            "keys": {},
        }
        try:
            entry["keys"] = _versions_to_keep(keys)
            if (
                not _unavailable()
                and all(version[0] <= number for version in entry["keys"].values())
                and _pins_hold(pins, entry["keys"])
            ):
                cache.set(key, entry, settings.NEWSROOM_PAGE_CACHE_SECONDS)
                local_pages.set(key, entry, settings.NEWSROOM_PAGE_CACHE_SECONDS)
            # else: something it shows changed while it rendered: serve it, keep it not
        except CACHE_ERRORS as error:
            logger.warning("Page cache unavailable (%s): page not stored", error)
        return response, entry

    @staticmethod
    def _finish(request, response, entry, how: str):
        response["X-Page-Cache"] = how  # hit, miss (rendered here), waited (for another's), stale
        if entry["keys"]:  # what a front cache purges it by (docs/deploy.md)
            keys = sorted(entry["keys"])
            response["xkey"] = response["Surrogate-Key"] = " ".join(keys)  # Varnish, Fastly
            response["Cache-Tag"] = ",".join(keys)  # Cloudflare
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        # Browsers ask again every time (a 304 costs a few bytes): an editor checking a fix
        # sees it at once. Shared caches keep the page: a CDN NEWSROOM_CDN_MAX_AGE seconds,
        # a front cache purged by key longer, but not past the next release.
        seconds = settings.NEWSROOM_CDN_MAX_AGE
        if settings.NEWSROOM_FRONT_CACHE:
            seconds = settings.NEWSROOM_FRONT_CACHE_SECONDS
            if due := next_release.get():
                seconds = max(0, min(seconds, int(due - time.time())))
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
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


def _lookup(key: str) -> tuple[dict | None, dict, int]:
    """The page stored at `key` (this process's copy, else the shared one), the versions of
    its keys now, and the purge sequence; releases scheduled pieces that fell due. Notes the
    next due time for the front cache's TTL (`_finish`).

    A copy this process found current when the purge sequence had the number it has now is
    still current (every purge moves the sequence after writing its versions): the hit then
    reads two small keys, not one per key of the page. A copy of its own that is out of date
    gives way to the shared one, which another process (or page warming) may have rendered
    since: otherwise each process would render the changed page once more for itself.
    """
    number, next_due = _sequence()
    if _is_due(next_due):
        _release_due(next_due)
        number, next_due = _sequence()
    next_release.set(next_due and next_due["at"])
    entry = local_pages.get(key)
    if entry is not None and entry.get("checked_at") == number:
        return entry, entry["keys"], number
    versions = _versions(entry["keys"])[0] if entry is not None else {}
    if not _current(entry, versions):  # none here, or an old one: another process's may be new
        entry = cache.get(key)
        versions, _, _ = _versions(entry["keys"] if entry else ())
    if _current(entry, versions):
        local_pages.set(key, {**entry, "checked_at": number}, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return entry, versions, number


def _unavailable() -> bool:
    """True while the shared cache is known to be failing (newsroom/redis_cache.py)."""
    return bool(getattr(cache, "unavailable", False))


def _sequence() -> tuple[int, dict | None]:
    """The purge sequence's number and the next due time."""
    found = _get_many([SEQUENCE_KEY, NEXT_DUE_KEY])
    return found.get(SEQUENCE_KEY, 0), found.get(NEXT_DUE_KEY)


def _get_many(names: list[str]) -> dict:
    if hasattr(cache, "get_many_tracked"):  # Redis: from this process's memory
        return cache.get_many_tracked(names, VERSION_PREFIX)
    return cache.get_many(names)


def _replay(entry: dict) -> HttpResponse:
    return HttpResponse(entry["content"], headers=entry["headers"])


def _may_serve_stale(entry: dict | None, versions: dict) -> bool:
    """A list page whose keys changed less than NEWSROOM_PAGE_CACHE_GRACE seconds ago, by
    changes that took nothing away (no withdrawal, no deletion). A piece's own page (it shows
    its story) is never served stale."""
    if entry is None or any(key.startswith("story:") for key in entry["keys"]):
        return False
    changed = [versions.get(k) for k, v in entry["keys"].items() if versions.get(k) != v]
    if any(version is None or version[2] for version in changed):
        return False  # gone from the cache, or a hard purge
    now = time.time()
    return all(now - version[3] < settings.NEWSROOM_PAGE_CACHE_GRACE for version in changed)


def current_versions(keys: Iterable[str]) -> dict:
    """The versions of `keys` now (None where a key has none): what a kept fragment checks."""
    return _versions(keys)[0]


def versions_to_keep(keys: set[str]) -> dict:
    """The versions of `keys` to keep with something rendered from them (see below)."""
    return _versions_to_keep(keys)


def unavailable() -> bool:
    """True while the shared cache is known to be failing: keep nothing rendered then."""
    return _unavailable()


def pin(versions: dict) -> None:
    """The page being rendered shows something kept as of these versions (a fragment)."""
    pins = render_pins.get()
    if pins is None:
        return
    for key, version in versions.items():
        pins[key] = version if pins.get(key, version) == version else CONFLICT


def pins_hold(versions: dict) -> bool:
    """Whether what the page being rendered pinned is still current in `versions` (those of
    something about to be kept: a fragment), for the keys both name."""
    pins = render_pins.get() or {}
    return all(versions[key] == pins[key] for key in pins.keys() & versions.keys())


def _pins_hold(pins: dict | None, versions: dict) -> bool:
    """Whether every pinned version is still current: the page's own recorded `versions`,
    and, for keys it does not record one by one (a page of many rows), the cache's."""
    if not pins:
        return True
    others = pins.keys() - versions.keys()
    current = {**(_versions(others)[0] if others else {}), **versions}
    return all(current.get(key) == version for key, version in pins.items())


def _versions_to_keep(keys: set[str]) -> dict:
    """The versions of `keys`, giving a first version to those that have none. That version
    takes the purge sequence's number now: a key's version may be gone (evicted, culled)
    after a purge, and whatever was rendered before the purge must not be kept as if no
    purge had happened. If none happened since the render began, the number is its own."""
    versions, number, _ = _versions(keys)
    missing = {VERSION_PREFIX + k: (number, uuid.uuid4().hex[:12], False, 0)
               for k, v in versions.items() if v is None}  # fmt: skip
    if missing:
        for name, version in missing.items():
            cache.add(name, version, None)
        versions, _, _ = _versions(keys)
    return {k: v for k, v in versions.items() if v is not None}
