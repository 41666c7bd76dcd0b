"""What both search backends share: the reader's query made safe, its words, and how many
matches are ranked.

Backends read the limits as `common.MAX_CANDIDATES` (the module's attribute, at call time),
so that tests can change them.
"""

from __future__ import annotations

import re

from articles.i18n import LATIN_EDITIONS
from articles.text.kazakh_latin import to_ascii_latin

MAX_QUERY_LENGTH = 200
# Only this many newest matches are ranked: a common word in a big archive must not make
# every search rank tens of thousands of pieces.
MAX_CANDIDATES = 200
MAX_TERMS = 12


def clean_query(raw: str | None) -> str:
    """The reader's query, made safe to show and to search: printable, bounded, trimmed."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


def shown_language(language: str) -> str:
    """The language of the pieces a search in `language` finds (kk-latn: kk)."""
    return LATIN_EDITIONS.get(language, language)


def spelt_for(language: str, query: str) -> str:
    """`query` as the index of `language` spells: in a Latin edition, in its letters."""
    return to_ascii_latin(query) if language in LATIN_EDITIONS else query
