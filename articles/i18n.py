"""Languages of the site: what readers pick (the URL prefix) and what articles are written in.

Readers choose among `settings.LANGUAGES`: ru, kk, en, and kk-latn, the Kazakh site in the
official Latin alphabet. Editors write in `settings.NEWSROOM_CONTENT_LANGUAGES` only; the
Latin edition shows the Kazakh articles, transliterated on the way out (middleware).
"""

from django.conf import settings
from django.utils.translation import get_language

# Reader language → the content language it shows.
LATIN_EDITIONS = {"kk-latn": "kk"}
# BCP 47 codes for hreflang and <html lang>.
HREFLANG = {"ru": "ru", "kk": "kk", "en": "en", "kk-latn": "kk-Latn"}


def content_language(language: str | None = None) -> str:
    """The language whose articles a page in `language` (default: the active one) lists."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return LATIN_EDITIONS.get(language, language)


def reader_language(article_language: str) -> str:
    """Where to link a piece in `article_language`: stay in the Latin edition if we are in it."""
    current = get_language()
    if LATIN_EDITIONS.get(current) == article_language:
        return current
    return article_language


def editions(article_language: str) -> list[str]:
    """Every reader language in which a piece written in `article_language` appears."""
    return [article_language] + [
        reader for reader, content in LATIN_EDITIONS.items() if content == article_language
    ]


def hreflang(language: str) -> str:
    return HREFLANG.get(language, language)


# Short names in the language switcher; "Lat" is the Kazakh Latin edition (distinct from
# "Қаз" even once a Latin page has transliterated it to "Qaz").
SWITCHER_LABELS = {"ru": "Рус", "kk": "Қаз", "en": "Eng", "kk-latn": "Lat"}


def home_url(language: str) -> str:
    from articles.text.links import page_url

    return page_url("articles:home", language)


def language_links(url_for) -> list[dict]:
    """The switcher: each reader language with `url_for(code)`, the current one marked."""
    current = get_language()
    return [
        {
            "code": code,
            "label": SWITCHER_LABELS.get(code, code),
            "name": name,
            "hreflang": hreflang(code),
            "url": url_for(code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
