"""Readable Latin slugs for pieces, sections, tags and authors.

A Kazakh piece's slug is spelt in the letters of the Latin edition (articles/text/kazakh_latin.py,
diacritics off: "Жаңа жыл" → `jana-jyl`), so that its address reads as its page does; other
languages' slugs follow a common Russian-style scheme (`zhizn`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from anyascii import anyascii
from django.utils.text import slugify

from articles.text.kazakh_latin import to_ascii_latin

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

# Kazakh letters that generic transliteration gets wrong or drops; the rest go
# through anyascii (a common Russian-style scheme for the Cyrillic alphabet).
KAZAKH_LETTERS = str.maketrans(
    {
        "ә": "a", "Ә": "A", "ғ": "g", "Ғ": "G", "қ": "q", "Қ": "Q",
        "ң": "n", "Ң": "N", "ө": "o", "Ө": "O", "ұ": "u", "Ұ": "U",
        "ү": "u", "Ү": "U", "һ": "h", "Һ": "H", "і": "i", "І": "I",
    }
)  # fmt: skip


def latin_slug(text: str, max_length: int = 100, *, language: str = "") -> str:
    """A lower-case ASCII slug: «Центр „Центральная Азия“» gives `tsentr-tsentralnaya-aziya`;
    in Kazakh (`language="kk"`), «Жаңа жыл» gives `jana-jyl`, as the Latin edition spells."""
    if language == "kk":
        text = to_ascii_latin(text)
    ascii_text = anyascii(text.translate(KAZAKH_LETTERS))
    slug = slugify(ascii_text)[:max_length].strip("-")
    return slug


def free_slug(base: str, others: QuerySet) -> str:
    """`base`, or `base-2`, `base-3`... whichever no row of `others` has yet."""
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def unique_slug(article: Model, max_length: int = 100) -> str:
    """A slug from the headline that no other article in the same language has."""
    base = latin_slug(article.headline, max_length, language=article.language) or "article"
    return free_slug(
        base, type(article).objects.filter(language=article.language).exclude(pk=article.pk)
    )


def is_generated_slug(slug: str, headline: str, language: str = "") -> bool:
    """Whether `slug` is what `unique_slug` would make of `headline` in `language` (not typed
    by a person)."""
    base = latin_slug(headline, language=language) or "article"
    return slug == base or re.fullmatch(re.escape(base) + r"-\d+", slug) is not None
