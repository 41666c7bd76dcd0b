"""Addresses of pieces, sections, tags and authors, without a full `reverse()` per link.

A list page links each card two or three times; `reverse()` walks the URL resolver every
time, a large share of a list page's rendering (docs/benchmarks.md). The address of a slug view only
differs by the slug, so each (view, language, script prefix, URLconf) is reversed once with a
placeholder and the slug put in its place. Same result as `reverse()`; anything that is not
a slug goes through `reverse()` itself, which refuses it. Views without arguments (home,
search, feeds: every page's header links them) are reversed once per language the same way.
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

PLACEHOLDER = "0slug0placeholder0"  # matches the slug converter, never a real slug
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # django.urls.converters.SlugConverter.regex


def slug_url(view_name: str, slug: str, language: str | None = None) -> str:
    """`reverse(view_name, kwargs={"slug": slug})` in `language` (default: the active one)."""
    language = language or translation.get_language()
    if not SLUG.fullmatch(slug):  # what the slug converter would refuse: let reverse() say so
        with translation.override(language):
            return reverse(view_name, kwargs={"slug": slug})
    pattern = _pattern(view_name, language, get_script_prefix(), get_urlconf())
    return pattern.replace(PLACEHOLDER, slug, 1)  # a slug needs no quoting


def page_url(view_name: str, language: str | None = None) -> str:
    """`reverse(view_name)` of a view without arguments, in `language` (default: the active
    one)."""
    language = language or translation.get_language()
    return _page(view_name, language, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=256)
def _page(view_name: str, language: str, prefix: str, urlconf) -> str:
    with translation.override(language):
        return reverse(view_name, urlconf=urlconf)


@lru_cache(maxsize=256)
def _pattern(view_name: str, language: str, prefix: str, urlconf) -> str:
    with translation.override(language):
        return reverse(view_name, urlconf=urlconf, kwargs={"slug": PLACEHOLDER})


@receiver(setting_changed)
def _forget_patterns(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _pattern.cache_clear()
        _page.cache_clear()
