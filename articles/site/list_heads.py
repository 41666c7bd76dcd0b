"""The <head> of the reader's list pages (home, section, tag, author) for search engines and
link previews: a canonical address, hreflang alternates for the languages the list exists
in, and OpenGraph's url, type, locale and alternate locales (templates/includes/list_head.html;
the article page builds its own in articles/site/views.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from articles.http.site_address import absolute
from articles.i18n import editions, hreflang
from articles.page_keys import list_key, shows
from articles.site import structured_data


def list_head(request, page_number: int, languages: Callable[[], list[str]]) -> dict:
    """What a list page's <head> names: its canonical address (with the page number past the
    first page) and, on the first page, its versions in the reader languages `languages()`
    gives. A list's later pages hold different pieces in each language: they name none."""
    current = get_language()
    canonical = absolute(request.path) + (f"?page={page_number}" if page_number > 1 else "")
    head = {
        "canonical": canonical,
        "og_locale": structured_data.og_locale(current),
        "alternates": [],
        "og_alternates": [],
        "x_default": None,
    }
    if page_number > 1:
        return head
    wanted = {*languages(), current}
    codes = [code for code, _name in settings.LANGUAGES if code in wanted]
    urls = {code: absolute(translate_url(request.path, code)) for code in codes}
    head["alternates"] = [{"hreflang": hreflang(code), "url": urls[code]} for code in codes]
    for code in codes:
        locale = structured_data.og_locale(code)
        if locale and locale != head["og_locale"] and locale not in head["og_alternates"]:
            head["og_alternates"].append(locale)
    head["x_default"] = urls.get(settings.LANGUAGE_CODE)
    return head


def languages_listing(kind: str, owner) -> list[str]:
    """The reader languages in which `owner`'s list has published pieces (`owner` read by
    `selectors.tags_with_languages` or `authors_with_languages`): those it exists in for
    search engines. The page then depends on the list of every language (a first piece in
    another language adds an alternate)."""
    codes = [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]
    shows(*(list_key(kind, code, owner.pk) for code in codes))
    return [
        reader for code in codes if getattr(owner, f"lists_{code}") for reader in editions(code)
    ]


class ListHeadMixin:
    """A list page's canonical address, language alternates and OpenGraph tags, for the
    reader languages `head_languages` gives (every one by default: a home page, a section)."""

    def head_languages(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        number = page.number if page else 1
        context["head"] = list_head(self.request, number, self.head_languages)
        return context
