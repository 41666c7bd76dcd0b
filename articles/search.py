"""Full-text search of what readers may see: PostgreSQL FTS where configured, SQLite FTS5 else.

Both start from a queryset the caller built with `Article.objects.published()`, so search can
never show anything else. Results carry `rank` and two highlighted fields, `headline_hl` and
`excerpt_hl`, whose matches sit between HIGHLIGHT_START and HIGHLIGHT_STOP (see `marked`).

- PostgreSQL: `websearch_to_tsquery` (never a syntax error, whatever the reader types) against
  a weighted `to_tsvector` of headline (A), lead (B) and body (C) in the article's language:
  Russian stemming for ru, English for en, `simple` for kk (PostgreSQL has no Kazakh
  dictionary). One partial GIN index per language serves it (migration 0005).
- SQLite: an FTS5 table `articles_search` (unicode61 tokenizer, diacritics folded), kept up to
  date on save; each word of the query is matched as a prefix, which stands in for stemming.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, FloatField, Q, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .diffs import readable_text

MAX_QUERY_LENGTH = 200
# Only this many best candidates are ranked and highlighted: a common word in a big archive
# must not make every search rank tens of thousands of pieces.
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


def _fts_match(query: str) -> str:
    return " ".join(f'"{term}"*' for term in query_terms(query))


def _search_sqlite(queryset, query: str):
    match = _fts_match(query)
    table = queryset.model._meta.db_table

    def per_row(select: str, *params, output_field) -> RawSQL:
        return RawSQL(
            f"SELECT {select} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {table}.id",
            (*params, match),
            output_field=output_field,
        )

    return (
        queryset.filter(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"ORDER BY rank LIMIT {MAX_CANDIDATES}",
                (match,),
            )
        )
        .annotate(
            # bm25: smaller is better; headline counts most, then lead, then body.
            rank=per_row(f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0)", output_field=FloatField()),
            headline_hl=per_row(
                f"highlight({FTS_TABLE}, 0, %s, %s)",
                HIGHLIGHT_START,
                HIGHLIGHT_STOP,
                output_field=TextField(),
            ),
            excerpt_hl=per_row(
                f"snippet({FTS_TABLE}, -1, %s, %s, '…', 30)",
                HIGHLIGHT_START,
                HIGHLIGHT_STOP,
                output_field=TextField(),
            ),
        )
        .order_by("rank", "-published_at")
    )


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
