"""The surrogate keys of the page being rendered: what it shows, noted as it is read.

The page cache (articles/cache/page_cache.py) opens a set for each cacheable render; models,
views and template tags add to it with `shows()`, which does nothing outside such a render.
A tiny module of its own so that the models can name what they read without importing the
page cache (which imports them).
"""

from __future__ import annotations

from contextvars import ContextVar

SITEMAP_KEY = "sitemap"  # the sitemaps list every published piece
# The keys of the page being rendered, or None outside a cacheable render. Context-local:
# threads and async tasks each have their own.
page_keys: ContextVar[set[str] | None] = ContextVar("page_keys", default=None)


def shows(*keys: str) -> None:
    """The page being rendered shows these (no-op outside a cacheable render)."""
    collected = page_keys.get()
    if collected is not None:
        collected.update(keys)


def list_key(kind: str, language: str, owner_id: int | None = None) -> str:
    """The key of a list page (and its feed): home, section, tag, author, archive, search."""
    return f"{kind}:{language}" if owner_id is None else f"{kind}:{owner_id}:{language}"


def most_read_key(language: str) -> str:
    """The key of the pages showing the "Most read" block of `language` (a content language):
    purged when its order changes (articles/reading.py)."""
    return f"most-read:{language}"
