"""Addresses of pieces, sections, tags and authors, without a full `reverse()` per link.

A list page links each card two or three times; `reverse()` walks the URL resolver every
time (measured: about a third of a search page's rendering). The address of a slug view only
differs by the slug, so each (view, language, script prefix, URLconf) is reversed once with a
placeholder and the slug put in its place. Same result as `reverse()`, quoted the same way.
"""

from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

PLACEHOLDER = "0slug0placeholder0"  # matches the slug converter, never a real slug


def slug_url(view_name: str, slug: str, language: str | None = None) -> str:
    """`reverse(view_name, kwargs={"slug": slug})` in `language` (default: the active one)."""
    language = language or translation.get_language()
    pattern = _pattern(view_name, language, get_script_prefix(), get_urlconf())
    # reverse() quotes with these characters left alone (RFC 3986 sub-delims and "/~:@").
    return pattern.replace(PLACEHOLDER, quote(slug, safe="!$&'()*+,;=/~:@"), 1)


@lru_cache(maxsize=256)
def _pattern(view_name: str, language: str, prefix: str, urlconf) -> str:
    with translation.override(language):
        return reverse(view_name, urlconf=urlconf, kwargs={"slug": PLACEHOLDER})


@receiver(setting_changed)
def _forget_patterns(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _pattern.cache_clear()
