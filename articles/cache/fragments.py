"""Fragments of public pages kept by the version of what they show ("Russian-doll" caching).

A page the page cache must render again (articles/cache/page_cache.py) is mostly made of parts
that did not change: the cards of a list when one new piece came in, a piece's body when a
piece elsewhere was published. Those parts are kept here, each with the versions of the
surrogate keys it shows ("article:12", "photo:3", "tag:7:ru"...), the very versions the page
cache keeps per key and the signals bump on every write. A fragment is used only while all
of them are unchanged: it is never stale, and no signal of its own is needed. (An article's
edit token would not do: tags, bylines, corrections, photos and authors change without
saving the piece.)

The rules that keep pages right:
- A fragment used instead of rendered loads no rows, so the rows' keys would be missing from
  the page; it replays the keys it keeps into the page (`shows`), which is then purged by
  them as if it had read them.
- Rows loaded before the fragment renders (the view's `select_related`, `page_parts`) note
  their keys outside it: each kind of fragment names its keys itself (`DEPENDS`), besides
  those noted while it renders.
- A fragment is kept only if no version it records is newer than the purge sequence read
  before the page read anything (`page_cache.render_number`): as for pages, one rendered
  from rows changed meanwhile is used once and forgotten.
- A kept fragment a page uses is pinned at the versions it records (`page_cache.pin`): the
  page, or a fragment around it, is kept only if they are still the versions it records
  itself. A purge numbered before the page began may still be writing its versions when the
  page reads them; without the pin, a body kept before that purge could go into a page kept
  with the purge's versions, and be served as current.
- Its key names the release (templates and code, `release()`), the reader's language (the
  Latin edition too), the time zone and the site's addresses: all change the markup.
- Nothing computed from "now" goes in a fragment: what `published()` lets through is in the
  list keys the page cache bumps when a scheduled piece falls due.

Only anonymous pages the page cache renders use fragments (never previews, never staff).
A page reads all the fragments its view expects (`expect`) in one `get_many`, and their
versions in one more (with Redis, from this process's tracked memory).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.cache import page_cache
from articles.i18n import content_language
from articles.page_keys import list_key, page_keys, shows
from newsroom.redis_cache import CACHE_ERRORS

logger = logging.getLogger(__name__)
PREFIX = "newsroom:f:"
# What the release digest reads when NEWSROOM_RELEASE is not set: every file that can change
# a fragment's markup (templates, code, catalogues, static files named in pages).
RELEASE_FOLDERS = ("templates", "articles", "static")
RELEASE_SUFFIXES = (".html", ".xml", ".txt", ".py", ".mo", ".css", ".js", ".svg", ".png")


# ---- what each kind of fragment shows ---------------------------------------------------


def piece_keys(article) -> set[str]:
    """A piece as a card shows it: itself, its hero photo, its section."""
    keys = {f"article:{article.pk}"}
    if article.hero_photo_id:
        keys.add(f"photo:{article.hero_photo_id}")
    if article.section_id:
        keys.add(f"section:{article.section_id}")
    return keys


def _value(context, name: str):
    """A context value, called if the view left it to be worked out (a lazy part)."""
    value = context.get(name) if context is not None else None
    return value() if callable(value) else value


def _people_and_topics(bylines, tags) -> set[str]:
    return {f"author:{b.author_id}" for b in bylines or ()} | {f"tag:{t.pk}" for t in tags or ()}


def _gallery(rows) -> set[str]:
    """The photos a piece's gallery shows (added, moved or removed rows purge the piece)."""
    return {f"photo:{row.photo_id}" for row in rows or ()}


def _card(article, context) -> set[str]:
    return piece_keys(article)


def _body(article, context) -> set[str]:
    keys = piece_keys(article) | _people_and_topics(_value(context, "bylines"),
                                                    _value(context, "tags"))  # fmt: skip
    keys |= _gallery(_value(context, "gallery"))
    if article.earlier_id:  # the link to it, while readers may see it
        keys.add(f"article:{article.earlier_id}")
    return keys


def _meta(article, context) -> set[str]:
    # Its translations (hreflang, og:locale, JSON-LD) are its story's: any change of one
    # purges the story's key.
    keys = piece_keys(article) | {f"story:{article.story_id}"}
    keys |= _gallery(_value(context, "gallery"))  # its JSON-LD
    return keys | _people_and_topics(_value(context, "bylines"), _value(context, "tags"))


def _related(article, context) -> set[str]:
    """Its tags (added or removed purge the piece) and what its cards show. The lists it
    picks from are noted by `selectors.related_pieces`, worked out while the block renders."""
    keys = {f"article:{article.pk}"}
    for piece in _value(context, "related") or ():
        keys |= piece_keys(piece)
    return keys


def _section_block(section, context) -> set[str]:
    """A home page's block of a section: its name, and the pieces its list has now."""
    keys = {f"section:{section.pk}", list_key("section", content_language(), section.pk)}
    for piece in _value(context, "articles") or ():
        keys |= piece_keys(piece)
    return keys


def _feed_item(article, context) -> set[str]:
    # Bylines, tags and the gallery prefetched by the feed (articles/distribution/feeds.py):
    # no query here.
    keys = piece_keys(article) | _gallery(article.gallery.all())
    return keys | _people_and_topics(article.bylines.all(), article.tags.all())


def _nav(obj, context) -> set[str]:
    return set()  # the sections it lists note their keys as it renders; a new one: "site"


DEPENDS: dict[str, Callable[[object, object], set[str]]] = {
    "card": _card,
    "body": _body,
    "meta": _meta,
    "related": _related,
    "nav": _nav,
    "section-block": _section_block,
    "rss-item": _feed_item,
    "atom-item": _feed_item,
}


# ---- the release ------------------------------------------------------------------------


@functools.cache
def _code_digest() -> str:
    """A digest of the files that make the markup, read once per process."""
    digest = hashlib.sha256(django.__version__.encode())
    base = Path(settings.BASE_DIR)
    for folder in RELEASE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def release() -> str:
    """What the deployed code and settings are called in fragment keys: NEWSROOM_RELEASE, or
    a digest of the templates and code, with the addresses pages are built from."""
    addresses = (settings.NEWSROOM_SITE_URL, settings.MEDIA_URL, settings.STATIC_URL,
                 settings.NEWSROOM_SITE_NAME)  # fmt: skip
    named = repr((settings.NEWSROOM_RELEASE or _code_digest(), addresses))
    return hashlib.sha256(named.encode()).hexdigest()[:16]


# ---- one page's fragments ---------------------------------------------------------------


class Batch:
    """The fragments of the page being rendered: those its view expects, read together."""

    def __init__(self, owner: set[str], number: int):
        self.owner = owner  # the page's key set: a new page starts a new batch
        self.number = number
        zone = timezone.get_current_timezone_name()
        self.prefix = f"{PREFIX}{release()}:{get_language()}:{zone}:"
        self.expected: set[str] = set()
        self.found: dict[str, dict | None] = {}  # key: entry still current, or None
        self.broken = False  # the cache failed: nothing is kept for this page

    def key(self, kind: str, obj) -> str:
        return f"{self.prefix}{kind}:{'' if obj is None else obj.pk}"

    def entry(self, key: str) -> dict | None:
        if key not in self.found:
            self._fetch((self.expected - self.found.keys()) | {key})
        return self.found[key]

    def _fetch(self, keys: set[str]) -> None:
        """The entries at `keys` that are still current: this process's copies, checked
        against the versions they record; the others in one `get_many`, checked likewise."""
        self.found.update(dict.fromkeys(keys))
        if self.broken:
            return
        try:
            missing = self._current(local.get_many(keys))
            if missing:
                self._current(cache.get_many(list(missing)), shared=True)
        except CACHE_ERRORS as error:
            logger.warning("Fragment cache unavailable (%s): rendering in full", error)
            self.broken = True

    def _current(self, entries: dict[str, dict], shared: bool = False) -> set[str]:
        """Note those of `entries` still current (and keep shared ones in this process too);
        the keys of the others."""
        versions = page_cache.current_versions(
            {name for entry in entries.values() for name in entry["keys"]}
        )
        for key, entry in entries.items():
            if all(versions.get(name) == version for name, version in entry["keys"].items()):
                self.found[key] = entry
                if shared:
                    local.set(key, entry)
        return {key for key, entry in self.found.items() if entry is None}

    def keep(self, key: str, previous: dict | None, variant: str, html: str, keys: set[str]):
        """Keep `html` with the versions of `keys`, if none changed since the page began."""
        if self.broken:
            return
        try:
            versions = page_cache.versions_to_keep(keys)
            if (page_cache.unavailable() or versions.keys() != keys
                    or any(version[0] > self.number for version in versions.values())
                    or not page_cache.pins_hold(versions)):  # fmt: skip
                return  # something it shows changed while the page rendered
            same = previous is not None and previous["keys"] == versions
            variants = {**(previous["html"] if same else {}), variant: html}
            entry = {"keys": versions, "html": variants}
            cache.set(key, entry, settings.NEWSROOM_FRAGMENT_CACHE_SECONDS)
            local.set(key, entry)
            self.found[key] = entry
        except CACHE_ERRORS as error:
            logger.warning("Fragment cache unavailable (%s): fragment not kept", error)
            self.broken = True


class LocalFragments:
    """The fragments this process read or rendered last, most recent kept: a copy is used
    only while the versions it records are current, as the shared one is, so it needs no
    invalidation of its own. Entries are never changed once made: no copies, no pickling."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, dict]:
        with self._lock:
            found = {key: self._entries[key] for key in keys if key in self._entries}
            for key in found:
                self._entries.move_to_end(key)
        return found

    def set(self, key: str, entry: dict) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


local = LocalFragments(settings.NEWSROOM_FRAGMENT_CACHE_LOCAL)


class _FragmentKeys(set):
    """The keys noted while a fragment renders (inside the page's): it knows the batch."""

    def __init__(self, batch: Batch):
        super().__init__()
        self.batch = batch


_batch: ContextVar[Batch | None] = ContextVar("fragment_batch", default=None)


def _current_batch() -> Batch | None:
    """This page's batch, or None where fragments are not used: off, outside a render of
    the page cache (previews, staff, the admin), or while the shared cache is failing."""
    collected = page_keys.get()
    if collected is None or not settings.NEWSROOM_FRAGMENT_CACHE:
        return None
    if isinstance(collected, _FragmentKeys):
        return collected.batch
    batch = _batch.get()
    if batch is None or batch.owner is not collected:
        number = page_cache.render_number.get()
        if number is None or page_cache.unavailable():
            return None
        batch = Batch(collected, number)
        _batch.set(batch)
    return batch


def expect(kind: str, objects: Iterable) -> None:
    """This page will show these fragments: read them with the others, in one go."""
    batch = _current_batch()
    if batch is not None:
        batch.expected.update(batch.key(kind, obj) for obj in objects)


def kept(kind: str, obj, variant: str = "") -> str | None:
    """The fragment `kind` of `obj` as kept, if still current (the page then shows its
    keys), else None."""
    batch = _current_batch()
    entry = batch.entry(batch.key(kind, obj)) if batch is not None else None
    if entry is None or variant not in entry["html"]:
        return None
    _used(entry)
    return mark_safe(entry["html"][variant])  # noqa: S308 - markup rendered by a template


def cached(kind: str, obj, render: Callable[[], str], *, variant: str = "", context=None) -> str:
    """The fragment `kind` of `obj` (a piece, or None for one of the site), as kept if still
    current, else rendered by `render()` and kept; the page shows its keys either way."""
    batch = _current_batch()
    if batch is None:
        return render()
    key = batch.key(kind, obj)
    entry = batch.entry(key)
    if entry is not None and variant in entry["html"]:
        _used(entry)
        return mark_safe(entry["html"][variant])  # noqa: S308 - markup rendered by a template
    noted = _FragmentKeys(batch)
    token = page_keys.set(noted)
    try:
        html = render()
    finally:
        page_keys.reset(token)
    keys = noted | DEPENDS[kind](obj, context) | {page_cache.SITE_KEY}
    shows(*keys)
    batch.keep(key, entry, variant, str(html), keys)
    return html


def _used(entry: dict) -> None:
    """A kept fragment goes into the page: the page shows its keys, as of its versions."""
    shows(*entry["keys"])
    page_cache.pin(entry["keys"])


def once(compute: Callable[[], object]) -> Callable[[], object]:
    """`compute`, worked out at its first call only: a view's value that only fragments not
    kept need (templates call a callable they are given)."""
    return functools.cache(compute)
