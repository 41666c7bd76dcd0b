"""Pure text helpers: readable Latin slugs, and text cleaned of characters that break output.

A Kazakh piece's slug is spelt in the letters of the Latin edition (articles/kazakh_latin.py,
diacritics off: "Жаңа жыл" → `jana-jyl`), so that its address reads as its page does; other
languages' slugs follow a common Russian-style scheme (`zhizn`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from anyascii import anyascii
from django.utils.text import slugify

from articles.kazakh_latin import to_ascii_latin

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


# Characters no text of ours may hold (see `clean_text`): the C0 controls other than tab, line
# feed and carriage return; DEL and the C1 controls; lone surrogates; U+FFFE and U+FFFF.
UNWANTED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Of those, the ones that separate lines or pages (Word pastes U+000B for a line break): a
# space keeps the words on either side apart.
_SEPARATORS = frozenset("\x0b\x0c\x85")


def _replacement(match: re.Match) -> str:
    return " " if match.group() in _SEPARATORS else ""


def clean_text(text: str) -> str:
    """`text` without the characters that XML 1.0 forbids or that no browser can type.

    XML 1.0 refuses the C0 controls except tab, newline and carriage return (Django's feed
    writer answers them with an exception), U+FFFE, U+FFFF and lone surrogates (which no
    UTF-8 encoder writes either). DEL and the C1 controls are allowed by XML but are parse
    errors in HTML and only ever come from a broken copy and paste. Vertical tab, form feed
    and NEL become a space, the rest is dropped.
    """
    if not text or UNWANTED_CHARACTERS.search(text) is None:
        return text
    return UNWANTED_CHARACTERS.sub(_replacement, text)


def cleaned(value):
    """`value` with `clean_text` applied to every string in it (lists, tuples, dicts too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {key: cleaned(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(cleaned(item) for item in value)
    return value
