"""Full-text search of what readers may see: one `search()`, two backends.

Both start from a queryset the caller built with `Article.objects.published()`, so search can
never show anything else. Either way only the newest MAX_CANDIDATES matches are ranked, so a
word found in every tenth piece costs the same in an archive of a million as in one of a
thousand. Results are a `RankedResults` sequence (results.py): ranked ids, pieces fetched a
page at a time, each with `rank` and two highlighted fields, `headline_hl` and `excerpt_hl`,
whose matches sit between HIGHLIGHT_START and HIGHLIGHT_STOP (see `marked`).

Where things are:
- postgres.py: PostgreSQL full-text search on stored tsvector columns, per-language GIN
  indexes; ranking (`postgres.rank`, ts_rank of headline and lead) and the newest matches
  read in windows of time (`postgres.newest_matches`).
- sqlite.py: the SQLite FTS5 tables, one per language, kept current on save and delete
  (receivers connected in articles/apps.py); ranking (`sqlite.rank`, bm25) and the newest
  matches readers may see (`sqlite.search`).
- common.py: the reader's query made safe, its words, the limits both backends share.
- results.py: `RankedResults`, highlighting in Python, `marked`.
- stemming.py: Russian and English word stems for SQLite (PostgreSQL stems itself).

The Latin edition (`language="kk-latn"`) searches the Kazakh pieces as it spells them: the
query and the pieces both in its letters, diacritics off (`to_ascii_latin`), so a query in
Latin or in Cyrillic finds the same pieces (migration 0019, both backends).

A room below the domain, which imports it: search may import only i18n and text.
"""

from __future__ import annotations

from django.db import connections

from articles.search import postgres, sqlite
from articles.search.common import clean_query as clean_query
from articles.search.common import query_terms, spelt_for
from articles.search.results import marked as marked


def backend(queryset):
    """The search module for the database `queryset` reads: postgres or sqlite."""
    return postgres if connections[queryset.db].vendor == "postgresql" else sqlite


def search(queryset, query: str, language: str):
    """Rank `queryset` (published pieces shown in `language`: a content language, or a Latin
    edition) against `query`, best first."""
    query = spelt_for(language, clean_query(query))
    if not query_terms(query):
        return queryset.none()
    return backend(queryset).search(queryset, query, language)


def candidates(queryset, query: str, language: str):
    """The query that picks the pieces to rank (for EXPLAIN in tests and `make bench`): the
    first window of newest matches, the one every search reads (older ones follow while too
    few match)."""
    query = spelt_for(language, clean_query(query))
    return backend(queryset).candidates(queryset, query, language)
