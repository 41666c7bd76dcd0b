"""Search results: ranked ids, fetched and highlighted a page at a time, whichever backend
ranked them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from articles.search.stemming import stem, stems
from articles.text.kazakh_latin import to_ascii_latin

HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use characters, never in text
# Shorter words are matched whole: a one- or two-letter prefix would expand to most of the
# vocabulary and make FTS5 merge thousands of lists.
MIN_PREFIX = 3
EXCERPT_WORDS = 40


def marked(text: str | None) -> SafeString:
    """Escape `text` and turn the search engine's highlight markers into <mark> elements."""
    escaped = escape(text or "")
    return mark_safe(  # noqa: S308 - everything but our own markers is escaped
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


class RankedResults(Sequence):
    """Ranked search results that fetch and highlight only the pieces a page shows.

    Behaves like the queryset a paginator expects: `count()`, `len()` and slices, each
    slice one query for exactly those pieces.
    """

    def __init__(self, queryset, ranked: list[tuple[int, float]], terms: list[str] | None,
                 more: bool = False, language: str = "",
                 fold: Callable[[str], str] | None = None):  # fmt: skip
        """`terms`: highlight these in Python; None if `queryset` annotates the highlights.
        `more`: older pieces match too, beyond the MAX_CANDIDATES newest. `language`: words
        are compared by their stems in it, as the search matched them (stemming.py). `fold`:
        how a word of a piece and a term are compared (default: as FTS5 folds them;
        `latin_fold` for a Latin edition, whose terms are in Latin and the pieces in
        Cyrillic)."""
        self.queryset, self.ranked, self.more = queryset, ranked, more
        self.language, self.fold = language, fold or _fold
        self.terms = None if terms is None else [self._key(term) for term in terms]

    def _key(self, word: str) -> str:
        """A word as the search compared it: folded, and stemmed where the language can be."""
        folded = self.fold(word)
        return stem(folded, self.language) if stems(self.language) else folded

    def count(self) -> int:
        return len(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            position = index + len(self) if index < 0 else index
            if not 0 <= position < len(self):
                raise IndexError(index)
            found = self[position : position + 1]
            if not found:
                raise IndexError(f"{index}: unpublished since the search ran")
            return found[0]
        page = self.ranked[index]
        pieces = self.queryset.in_bulk([pk for pk, _ in page])
        shown = []
        for pk, rank in page:
            if piece := pieces.get(pk):  # gone since the ranking query: left out
                piece.rank = rank
                if self.terms is not None:
                    piece.headline_hl = self.highlight(piece.headline)
                    excerpt = Truncator(piece.lead or "").words(EXCERPT_WORDS, truncate=" …")
                    piece.excerpt_hl = self.highlight(excerpt)
                shown.append(piece)
        return shown

    def __iter__(self):
        return iter(self[:])  # one query, not one per piece

    def highlight(self, text: str) -> str:
        """`text` with the words the query matched between the highlight markers, matched
        as FTS5 does: case and Latin accents folded, long terms as word beginnings."""

        def mark(word: re.Match) -> str:
            folded = self._key(word.group())
            for term in self.terms:
                if folded.startswith(term) if len(term) >= MIN_PREFIX else folded == term:
                    return HIGHLIGHT_START + word.group() + HIGHLIGHT_STOP
            return word.group()

        return re.sub(r"\w+", mark, text or "")


@lru_cache(maxsize=8192)  # a page highlights the same few hundred words again and again
def _fold(word: str) -> str:
    """Lower case, accents off Latin letters (é→e), as FTS5's unicode61 tokenizer does; it
    leaves Cyrillic alone (й and ё stay), and so does this."""
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if kept and kept[-1] < LATIN_END and unicodedata.combining(ch):
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


LATIN_END = "\u0250"  # Basic Latin to Latin Extended-B


@lru_cache(maxsize=8192)
def latin_fold(word: str) -> str:
    """A word as the Latin edition's index holds it: in its letters, diacritics off, lower
    case ("Рысмамбетов" and "Rysmambetov" both give "rysmambetov")."""
    return _fold(to_ascii_latin(word))
