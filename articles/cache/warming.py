"""Pre-rendering: a just-published piece's pages are in the page cache before readers come.

A publish, an edit of a live piece, a correction or a scheduled piece falling due purges the
piece's page, its home page and its section (articles/cache/invalidation.py,
articles/cache/page_cache.py).
The first readers would then find them missing: one of them renders each page while the
others wait for it (the page cache's single-flight lock). For a breaking story that first
burst comes within seconds, so once the change commits this module renders those pages
itself, as an anonymous reader would get them: the piece in each edition that shows it
(kk also in kk-latn), and the home and section page of each of those editions.

It runs off the request, in one background thread per process, so an editor's save never
waits for it. Pages go through Django's own request handler and the full middleware stack
(an anonymous GET on the configured site address, no cookies, no HTTP port), so the page
cache's lock and storage rules apply as to any reader: a page a reader is already rendering
is waited for, not rendered twice, and one whose data changed meanwhile is not stored.
Renders read the primary, never a lagging replica (newsroom/db_routers.py): a page stored
now is kept until its next change.

The queue is small and coalesces: a piece saved twice before its pages are rendered is
rendered once, and a home page shared by several pieces once per batch. When it is full,
further changes are left to the readers (they are rendered once anyway). The thread exits
when the queue is empty, and at interpreter exit drops what is left after the page it is
rendering (it never leaves a render lock held): a `manage.py shell` or `loaddata` is not
kept alive by it. Nothing is warmed while the shared cache is down (nothing could be kept),
and errors are logged, never raised into the request that made the change.

The front cache (NEWSROOM_FRONT_CACHE) is not filled: its address is where purges go, which
for a CDN is an API and not where readers are served; a Varnish keeps one object per
encoding and coalesces concurrent misses itself, and its miss now finds the page in this
cache, which answers in a few milliseconds.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
from collections.abc import Iterable
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections, transaction

from articles.i18n import editions, home_url
from articles.models import Article, Section
from articles.text.links import slug_url

logger = logging.getLogger(__name__)
MAX_PENDING = 32  # pieces waiting to be warmed; a burst past this is left to the readers
USER_AGENT = "Newsroom page warming"
# True while this module renders a page: its reads go to the primary (newsroom/db_routers.py).
rendering_ahead: ContextVar[bool] = ContextVar("rendering_ahead", default=False)

# A place a piece is listed in: its language and section.
Place = tuple[str, int | None]

_lock = threading.Lock()
_idle = threading.Condition(_lock)
_pending: dict[int | None, set[Place]] = {}  # piece id (None: lists only) → places
_worker: threading.Thread | None = None
_handler: WSGIHandler | None = None


def warm(article_id: int | None, places: Iterable[Place] = ()) -> None:
    """Once the current transaction commits, render the pages of piece `article_id` (if
    readers may see it then: its page in each edition, its home and section pages) and the
    home and section pages of `places` (where it was listed before the change)."""
    if not settings.NEWSROOM_WARM_PAGES:
        return
    places = frozenset(places)
    # robust: should even queueing fail, the commit's other callbacks run and the save returns.
    transaction.on_commit(lambda: _enqueue(article_id, places), robust=True)


def _enqueue(article_id: int | None, places: frozenset[Place]) -> None:
    global _worker
    with _lock:
        if article_id not in _pending and len(_pending) >= MAX_PENDING:
            logger.info("Page warming queue full: piece %s left to its readers", article_id)
            return
        _pending.setdefault(article_id, set()).update(places)
        if _worker is None:
            _worker = threading.Thread(target=_work, name="newsroom-page-warming")
            _worker.start()


def wait_until_idle(timeout: float) -> bool:
    """Wait until every queued page is rendered (tests, and commands that want it done)."""
    with _idle:
        return _idle.wait_for(lambda: _worker is None, timeout)


def _work() -> None:
    global _worker
    while True:
        with _lock:
            jobs = dict(_pending)
            _pending.clear()
            if not jobs:
                _worker = None
                _idle.notify_all()
                return
        try:
            for url in _urls(jobs):
                if not threading.main_thread().is_alive():
                    logger.info("Page warming stopped: the process is exiting")
                    break
                if getattr(cache, "unavailable", False):
                    logger.info("Page warming skipped: the shared cache is unavailable")
                    break
                _warm(url)
        except Exception:  # the thread's boundary: whatever it was, log it and go on
            logger.exception("Page warming failed")
        finally:
            connections.close_all()  # this thread's connections: it may not run again soon


def _urls(jobs: dict[int | None, set[Place]]) -> list[str]:
    """The addresses to render, each once: pieces first (the burst goes to them), then the
    home and section pages."""
    pieces, places = [], set()
    for article in Article.objects.published().filter(pk__in=[pk for pk in jobs if pk]):
        for edition in editions(article.language):
            pieces.append(article.url_in(edition))
        places.add((article.language, article.section_id))
    for extra in jobs.values():
        places |= extra
    sections = dict(
        Section.objects.filter(pk__in={s for _, s in places if s}).values_list("pk", "slug")
    )
    homes, lists = [], []
    for language, section_id in sorted(places, key=lambda place: (place[0], place[1] or 0)):
        for edition in editions(language):
            homes.append(home_url(edition))
            if section_id in sections:
                lists.append(slug_url("articles:section", sections[section_id], edition))
    return list(dict.fromkeys([*pieces, *homes, *lists]))


def _warm(path: str) -> None:
    """Render `path` until the page cache serves it. A render is not stored when something
    it shows changed meanwhile: the same transaction's later purges (they also run after its
    commit, some after this was queued) or the next change; then it is rendered again."""
    for _attempt in range(3):
        if _render(path) in ("hit", None):
            return
    logger.info("Page warming: %s kept changing while it rendered", path)


def _render(path: str) -> str | None:
    """GET `path` as an anonymous reader on the configured site, through every middleware;
    how the page cache served it ("hit", "miss"...), None if it is not a page it keeps."""
    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    token = rendering_ahead.set(True)
    try:
        response = _handler(_environ(path), lambda status, headers, exc_info=None: None)
        try:
            if response.status_code != 200:
                logger.warning("Page warming: %s answered %s", path, response.status_code)
                return None
            served = response.get("X-Page-Cache")
            logger.debug("Page warming: %s %s", path, served)
            return served
        finally:
            response.close()  # request_finished: what a server does after each response
    finally:
        rendering_ahead.reset(token)


def _environ(path: str) -> dict:
    """A WSGI environ of a plain GET on NEWSROOM_SITE_URL (site_address.py): no cookies, no
    language preference (the path names the edition)."""
    site = urlsplit(settings.NEWSROOM_SITE_URL)
    secure = site.scheme == "https"
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        "HTTP_USER_AGENT": USER_AGENT,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _forget_in_child() -> None:
    """A forked worker (gunicorn with preload_app) starts with no queue and no thread."""
    global _lock, _idle, _worker
    _lock = threading.Lock()
    _idle = threading.Condition(_lock)
    _pending.clear()
    _worker = None


os.register_at_fork(after_in_child=_forget_in_child)
