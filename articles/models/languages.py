"""Text kept once per content language, in columns `<field>_ru`, `<field>_kk`, `<field>_en`
(as sections and tags keep their names).

An author's position and biography and a photo's caption, credit and alt text are written
for readers of one language. What a page in another language shows when its value is
missing is decided per kind of text, never silently:
- prose (caption, position, biography) is left out: an English page shows no caption rather
  than a Russian one;
- what must be there (a photo's credit, its alt text) falls back to another language's value
  and says so: `Worded.language` is what the page marks with `lang` (WCAG 3.1.2).
The desk sees every gap: the admin lists the languages missing, the article form warns.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from articles.i18n import content_language

_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[а-яёА-ЯЁ]")
_LATIN = re.compile("[A-Za-z]")
# Where to look when a language has no value: the desk writes Russian first.
FALLBACK_ORDER = ("ru", "kk", "en")


def content_languages() -> list[str]:
    return [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]


def written_in(text: str, default: str = "ru") -> str:
    """The content language `text` is most likely in, by its letters: Kazakh when it has
    letters only Kazakh uses (or starts with «Сурет»), English when it is Latin without any
    Cyrillic, else `default`. For text whose language nobody said (a file's IPTC caption)."""
    if _KAZAKH_LETTERS.search(text) or re.match(r"\s*сурет\b", text, re.IGNORECASE):
        return "kk"
    if _LATIN.search(text) and not _CYRILLIC.search(text):
        return "en"
    return default


class Worded(NamedTuple):
    """A text and the content language it is written in ("" if there is no text)."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


class PerLanguage(models.Model):
    """Mixin for models with `<field>_<language>` columns; `LANGUAGE_FIELDS` names them."""

    LANGUAGE_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def in_language(self, field: str, language: str | None = None) -> str:
        """The value written for readers of `language` (default: the page's), or ""."""
        language = content_language(language or get_language())
        return getattr(self, f"{field}_{language}", "") or ""

    def with_fallback(self, field: str, language: str | None = None) -> Worded:
        """The value for `language`, else the first written in another language, with the
        language it is in."""
        language = content_language(language or get_language())
        for code in (language, *FALLBACK_ORDER):
            value = getattr(self, f"{field}_{code}", "") or ""
            if value:
                return Worded(value, code)
        return Worded("", "")

    def missing_in(self, language: str, fields: tuple[str, ...] | None = None) -> list[str]:
        """The fields (of `fields`, default all) that have no value in `language`."""
        return [
            field
            for field in fields or self.LANGUAGE_FIELDS
            if not getattr(self, f"{field}_{language}", "")
        ]

    def missing_languages(self) -> dict[str, list[str]]:
        """Language → fields missing in it, for the languages missing any."""
        gaps = {code: self.missing_in(code) for code in content_languages()}
        return {code: fields for code, fields in gaps.items() if fields}

    @classmethod
    def language_field(cls, field: str, language: str) -> models.Field:
        return cls._meta.get_field(f"{field}_{language}")
