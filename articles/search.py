"""Full-text search of what readers may see: PostgreSQL FTS where configured, SQLite FTS5 else.

Both start from a queryset the caller built with `Article.objects.published()`, so search can
never show anything else. Results carry `rank` and two highlighted fields, `headline_hl` and
`excerpt_hl`, whose matches sit between HIGHLIGHT_START and HIGHLIGHT_STOP (see `marked`).

- PostgreSQL: `websearch_to_tsquery` (never a syntax error, whatever the reader types) against
  a weighted `to_tsvector` of headline (A), lead (B) and body (C) in the article's language:
  Russian stemming for ru, English for en, `simple` for kk (PostgreSQL has no Kazakh
  dictionary). One partial GIN index per language serves it (migration 0005).
- SQLite: an FTS5 table `articles_search` (unicode61 tokenizer, diacritics folded), kept up to
  date on save; each word of three letters or more is matched as a prefix, which stands in
  for stemming. Results are a `RankedResults` sequence: ranked ids, pieces fetched and
  highlighted a page at a time.

Either way only the newest MAX_CANDIDATES matches are ranked, so a word found in every
tenth piece costs the same in an archive of a million as in one of a thousand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .diffs import readable_text

MAX_QUERY_LENGTH = 200
# Only this many newest matches are ranked: a common word in a big archive must not make
# every search rank tens of thousands of pieces.
MAX_CANDIDATES = 200
MAX_TERMS = 12
PG_CONFIGS = {"ru": "russian", "kk": "simple", "en": "english"}
HIGHLIGHT_START, HIGHLIGHT_STOP = "\ue000", "\ue001"  # private-use characters, never in text
FTS_TABLE = "articles_search"


def clean_query(raw: str | None) -> str:
    """The reader's query, made safe to show and to search: printable, bounded, trimmed."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:MAX_TERMS]


def search(queryset, query: str, language: str):
    """Rank `queryset` (published pieces in `language`) against `query`, best first."""
    query = clean_query(query)
    if not query_terms(query):
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, query, language)
    return _search_sqlite(queryset, query)


def marked(text: str | None) -> SafeString:
    """Escape `text` and turn the search engine's highlight markers into <mark> elements."""
    escaped = escape(text or "")
    return mark_safe(  # noqa: S308 - everything but our own markers is escaped
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


# ---- PostgreSQL ------------------------------------------------------------------------


def document_vector(config: str) -> SearchVector:
    """The indexed document; the partial GIN indexes are built on exactly this expression."""
    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("lead", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def postgresql_indexes():
    """One partial GIN index per language, on that language's document vector."""
    from django.contrib.postgres.indexes import GinIndex

    return [
        GinIndex(document_vector(config), condition=Q(language=code), name=f"article_fts_{code}")
        for code, config in PG_CONFIGS.items()
    ]


def _search_postgresql(queryset, query: str, language: str):
    config = PG_CONFIGS.get(language, "simple")
    search_query = SearchQuery(query, config=config, search_type="websearch")
    highlight = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP, "config": config}
    matching = queryset.filter(language=language).annotate(document=document_vector(config))
    newest = matching.filter(document=search_query).order_by("-published_at", "-id")
    return (
        matching.filter(pk__in=newest.values("pk")[:MAX_CANDIDATES])
        .annotate(
            rank=SearchRank(F("document"), search_query),
            headline_hl=SearchHeadline("headline", search_query, highlight_all=True, **highlight),
            excerpt_hl=SearchHeadline(
                "lead", search_query, max_words=40, min_words=20, **highlight
            ),
        )
        .order_by("-rank", "-published_at")
    )


# ---- SQLite FTS5 -----------------------------------------------------------------------

# Shorter words are matched whole: a one- or two-letter prefix would expand to most of the
# vocabulary and make FTS5 merge thousands of lists.
MIN_PREFIX = 3
EXCERPT_WORDS = 40


def _fts_match(query: str) -> str:
    return " ".join(
        f'"{term}"*' if len(term) >= MIN_PREFIX else f'"{term}"' for term in query_terms(query)
    )


def _search_sqlite(queryset, query: str) -> RankedResults:
    """Rank the newest MAX_CANDIDATES matches in one FTS5 pass, then keep those `queryset`
    lets readers see. FTS5 walks its lists newest first (rowid order) and stops at the limit,
    so the work is the same for a rare word as for one in every tenth piece, whatever the
    size of the archive."""
    ranks = newest_matches(queryset.db, query)  # bm25: smaller is better
    visible = visible_candidates(queryset, list(ranks))
    ordered = sorted(visible, key=lambda row: (ranks[row[0]], -row[1].timestamp()))
    return RankedResults(queryset, [(row[0], ranks[row[0]]) for row in ordered], query_terms(query))


def newest_matches(using: str, query: str) -> dict[int, float]:
    """{id: bm25 rank} of the newest MAX_CANDIDATES rows of the FTS5 table matching `query`."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT {MAX_CANDIDATES}",
            [_fts_match(query)],
        )
        return dict(cursor.fetchall())


def visible_candidates(queryset, ids: list[int]):
    """(id, published_at, word_count) of those of `ids` that `queryset` shows."""
    # word_count is in no index: asking for it keeps SQLite from reading the covering list
    # index (every published piece in the language) instead of looking up these few ids.
    return queryset.filter(pk__in=ids).values_list("pk", "published_at", "word_count")


class RankedResults(Sequence):
    """Ranked search results that fetch and highlight only the pieces a page shows.

    Behaves like the queryset a paginator expects: `count()`, `len()` and slices, each
    slice one query for exactly those pieces.
    """

    def __init__(self, queryset, ranked: list[tuple[int, float]], terms: list[str]):
        self.queryset, self.ranked = queryset, ranked
        self.terms = [_fold(term) for term in terms]

    def count(self) -> int:
        return len(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1 or None] if index >= 0 else self[index:][:1]
            if not found:
                raise IndexError(index)
            return found[0]
        page = self.ranked[index]
        pieces = self.queryset.in_bulk([pk for pk, _ in page])
        shown = []
        for pk, rank in page:
            if piece := pieces.get(pk):  # gone since the ranking query: left out
                piece.rank = rank
                piece.headline_hl = self.highlight(piece.headline)
                piece.excerpt_hl = self.highlight(truncate_words(piece.lead, EXCERPT_WORDS))
                shown.append(piece)
        return shown

    def highlight(self, text: str) -> str:
        """`text` with the words the query matched between the highlight markers, matched
        as FTS5 does: case and diacritics folded, long terms as word beginnings."""

        def mark(word: re.Match) -> str:
            folded = _fold(word.group())
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


def truncate_words(text: str, words: int) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def index_article(article, using: str = "default") -> None:
    """Keep the SQLite FTS5 row of `article` current (PostgreSQL maintains its own index)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, lead, body) VALUES (%s, %s, %s, %s)",
            [article.pk, article.headline, article.lead, readable_text(article.body)],
        )


def create_sqlite_table(cursor) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "headline, lead, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
