"""Render-time transliteration of the Kazakh site into the official Latin alphabet."""

from functools import cache

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.i18n import hreflang
from articles.text.kazakh_latin import to_latin_html


class KazakhLatinMiddleware:
    """Pages under /kk-latn/ are the Kazakh pages with all Cyrillic text in Latin letters.

    Editors write Cyrillic only; the whole rendered page (template strings, dates, the
    articles themselves, <meta> tags and JSON-LD) is transliterated here, text only, so
    links and markup stay as they are. Every response of the edition (feeds too, which
    write their own Latin: articles/distribution/feeds.py) declares its language as kk-Latn.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self._is_latin_edition(request):
            return response
        response["Content-Language"] = hreflang("kk-latn")
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        charset = response.charset or settings.DEFAULT_CHARSET
        response.content = to_latin_html(response.content.decode(charset)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response

    @staticmethod
    def _is_latin_edition(request) -> bool:
        return request.path_info.startswith(latin_prefix())


@cache
def latin_prefix() -> str:
    with translation.override("kk-latn"):
        return reverse("articles:home")
