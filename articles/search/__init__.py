"""Full-text search of what readers may see: PostgreSQL FTS where configured, SQLite FTS5 else.

Both start from a queryset the caller built with `Article.objects.published()`, so search can
never show anything else. Results carry `rank` and two highlighted fields, `headline_hl` and
`excerpt_hl`, whose matches sit between HIGHLIGHT_START and HIGHLIGHT_STOP (see `marked`).

- PostgreSQL: `websearch_to_tsquery` (never a syntax error, whatever the reader types) against
  a weighted `to_tsvector` of headline (A), lead (B) and body (C) in the article's language:
  Russian stemming for ru, English for en, `simple` for kk (PostgreSQL has no Kazakh
  dictionary). One partial GIN index per language serves it (migration 0011), ANDed
  with a btree on published_at: matches are read in windows of time, newest first. They
  are ranked by the vector of headline and lead alone (migration 0013), kept in the row.
- SQLite: an FTS5 table per language, `articles_search_<code>` (unicode61 tokenizer,
  diacritics folded; migration 0014), kept up to date on save. Russian and English rows
  hold word stems (Snowball, as PostgreSQL's configurations; migration 0018), and a query's
  words are stemmed alike; Kazakh has no stemmer. Each word (stem) of three letters or more
  is matched as a prefix. Results are a
  `RankedResults` sequence: ranked ids, pieces fetched and highlighted a page at a time.

The Latin edition (`language="kk-latn"`) searches the Kazakh pieces as it spells them: the
query and the pieces both in its letters, diacritics off (`to_ascii_latin`), so a query in
Latin or in Cyrillic finds the same pieces. SQLite reads its own FTS5 table (migration 0019);
PostgreSQL its own stored vectors, `search_document_latin` and `search_summary_latin`, which
it computes with a transliteration function of its own (migration 0019). Matches are marked
in Python, as on SQLite: PostgreSQL's ts_headline would mark the transliterated text.

Either way only the newest MAX_CANDIDATES matches are ranked, so a word found in every
tenth piece costs the same in an archive of a million as in one of a thousand.

A room below the domain, which imports it: search may import only i18n and text.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
from datetime import timedelta

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.cache import cache
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.query import RawQuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.i18n import LATIN_EDITIONS
from articles.search.fts5 import FTS_TABLE as FTS_TABLE  # re-exported for migration 0005
from articles.search.fts5 import FTS_TABLES as FTS_TABLES
from articles.search.fts5 import (
    create_sqlite_table as create_sqlite_table,  # re-exported for migrations
)
from articles.search.fts5 import fts_table
from articles.search.fts5 import (
    index_article as index_article,  # and for the models' save and delete
)
from articles.search.fts5 import unindex_article as unindex_article
from articles.search.results import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    MIN_PREFIX,
    RankedResults,
    latin_fold,
)
from articles.search.stemming import stem
from articles.text.kazakh_latin import to_ascii_latin

MAX_QUERY_LENGTH = 200
# Only this many newest matches are ranked: a common word in a big archive must not make
# every search rank tens of thousands of pieces.
MAX_CANDIDATES = 200
MAX_TERMS = 12
PG_CONFIGS = {"ru": "russian", "kk": "simple", "en": "english", "kk-latn": "simple"}
VISIBILITY_INDEX = "article_visibility"  # (id, language, status, published_at), named on SQLite


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


def search(queryset, query: str, language: str):
    """Rank `queryset` (published pieces shown in `language`: a content language, or a Latin
    edition) against `query`, best first."""
    query = spelt_for(language, clean_query(query))
    if not query_terms(query):
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, query, language)
    return _search_sqlite(queryset, query, language)


def candidates(queryset, query: str, language: str):
    """The query that picks the pieces to rank (for EXPLAIN in tests and `make bench`): the
    first window of newest matches, the one every search reads (older ones follow while too
    few match)."""
    query = spelt_for(language, clean_query(query))
    if connections[queryset.db].vendor == "postgresql":
        matches = _postgresql_matches(queryset, query, language)
        span = first_span(queryset, shown_language(language))
        start, end = next(_window_bounds(timezone.now(), span))
        return _window(matches, start, end)
    return visible_candidates(queryset, list(newest_matches(queryset.db, query, language)))


def marked(text: str | None) -> SafeString:
    """Escape `text` and turn the search engine's highlight markers into <mark> elements."""
    escaped = escape(text or "")
    return mark_safe(  # noqa: S308 - everything but our own markers is escaped
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


# ---- PostgreSQL ------------------------------------------------------------------------

# Stored tsvector generated by PostgreSQL from headline (A), lead (B) and body (C), each in
# its piece's language configuration (migration 0011): what a search matches.
DOCUMENT_COLUMN = "search_document"
# The same of headline (A) and lead (B) only (migration 0013): what a match is ranked by.
# It stays in the row, where the document is stored out of line (TOAST) and costs 3 to 4
# times as much to read for each piece ranked.
SUMMARY_COLUMN = "search_summary"
# The Latin edition's: the same, of the Kazakh pieces in its letters (migration 0019).
LATIN_COLUMNS = {"kk-latn": ("search_document_latin", "search_summary_latin")}


def _columns(language: str) -> tuple[str, str]:
    """The stored document and summary a search in `language` reads."""
    return LATIN_COLUMNS.get(language, (DOCUMENT_COLUMN, SUMMARY_COLUMN))


def document_vector(config: str) -> SearchVector:
    """The document as migration 0005 indexed it (an expression, before the stored column)."""
    return (
        SearchVector("headline", weight="A", config=config)
        + SearchVector("lead", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def postgresql_indexes():
    """Migration 0005's partial GIN indexes on `document_vector` (replaced by 0011)."""
    from django.contrib.postgres.indexes import GinIndex

    return [
        GinIndex(document_vector(config), condition=Q(language=code), name=f"article_fts_{code}")
        for code, config in PG_CONFIGS.items()
    ]


# Matches are read in windows of publication time, newest first, each reaching further back
# than the last, until more than MAX_CANDIDATES are found; the last window is the rest of the
# archive. A window is a bitmap query (at 100,000 articles: the language's GIN index ANDed
# with a btree on published_at). Asked for the newest matches of all time (ORDER BY … LIMIT),
# PostgreSQL walks the published_at index instead, testing each row's stored vector, read from
# TOAST: 20–35 ms at 100,000 articles for a word in every tenth lead, against 2–3 ms in
# windows. What still grows with the archive is the GIN side of each window read, which
# decodes all of the word's matches (0.6–0.9 ms for 4,967 at 100,000 articles, 0.01 ms for
# 49 at 1,000): so the first window is sized to be enough for most words. It holds the
# newest FIRST_WINDOW_PIECES pieces of the language (whatever span of time that is in this
# archive, looked up at most every SPAN_SECONDS), a word in every tenth of them fills it, and
# it costs the same in a newsroom publishing 30 pieces a day as in one publishing 300.
FIRST_WINDOW_PIECES = 2500
MIN_FIRST_WINDOW = timedelta(hours=1)
# At most a year: an archive whose newest pieces reach back further (a small edition, old
# imports) still has its windows end within 64 years of now, never before year 1.
MAX_FIRST_WINDOW = timedelta(days=365)
SPAN_SECONDS = 600
WINDOW_GROWTH = 4
WINDOWS = 5  # the first window's span s, then 4 s, 16 s, 64 s, then all older pieces


def _postgresql_newest(queryset, query: str, language: str) -> list[int]:
    """Ids of the newest MAX_CANDIDATES + 1 visible matches, newest first: the first window
    alone (enough for most words, and all of a small archive), then, if it was not, the
    older windows in one more query."""
    matches = _postgresql_matches(queryset, query, language)
    sql, params = matches.query.get_compiler(matches.db).as_sql()  # compiled once for all
    span = first_span(queryset, shown_language(language))
    windows = list(enumerate(_window_bounds(timezone.now(), span)))
    wanted = MAX_CANDIDATES + 1
    found = _read_windows(matches.db, sql, params, windows[:1], wanted)
    if len(found) < wanted and len(windows) > 1:
        # Two statements, two snapshots: a piece re-dated in between could be read twice.
        older = _read_windows(matches.db, sql, params, windows[1:], wanted - len(found))
        seen = set(found)
        found += [pk for pk in older if pk not in seen]
    return found


def _read_windows(using: str, sql: str, params, windows, limit: int) -> list[int]:
    """The newest `limit` ids among `windows` ((number, (start, end)), newest first) of the
    matches query `sql`, in one query: one materialized CTE per window (planned to read all
    its matches, as no LIMIT reaches into it), each sorted, read in turn by UNION ALL (an
    Append, which keeps its branches' order) under the LIMIT. PostgreSQL runs a CTE only
    when it is read, so windows older than the one that completes the count cost planning
    (0.6 ms each at 100,000 articles, hence the first window's query of its own), never a
    scan."""
    ctes, reads, all_params = [], [], []
    for number, (start, end) in windows:
        ctes.append(
            f"window_{number} (pk, published_at) AS MATERIALIZED (SELECT * FROM ({sql}) AS m"
            f"{_between('m.published_at', start, end)})"
        )
        reads.append(f"(SELECT pk FROM window_{number} ORDER BY published_at DESC, pk DESC)")
        all_params += [*params, *(bound for bound in (start, end) if bound is not None)]
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"WITH {', '.join(ctes)} SELECT pk FROM ({' UNION ALL '.join(reads)}) AS newest "
            f"LIMIT {int(limit)}",
            all_params,
        )
        return [pk for (pk,) in cursor.fetchall()]


def _between(column: str, start, end) -> str:
    """A WHERE clause for `start` < `column` <= `end`, None being no bound (placeholders for
    the bounds that are there, in that order)."""
    bounds = []
    if start is not None:
        bounds.append(f"{column} > %s")
    if end is not None:
        bounds.append(f"{column} <= %s")
    return f" WHERE {' AND '.join(bounds)}" if bounds else ""


def first_span(queryset, language: str) -> timedelta | None:
    """How far back the newest FIRST_WINDOW_PIECES pieces of `language` that `queryset`
    shows reach, held between MIN_FIRST_WINDOW and MAX_FIRST_WINDOW (None: the archive has
    fewer). Remembered in the cache for SPAN_SECONDS (anything else found there is looked up
    again): it is only a hint, any span gives the same results (the windows always cover all
    time), so a stale one costs a little time at most. One index-only scan to find out."""
    from articles.cache.page_cache import (
        CACHE_ERRORS,  # not at the top: it imports the models, they us
    )

    key = span_key(queryset.db, language)
    try:
        seconds = cache.get(key)
    except CACHE_ERRORS:
        seconds = None
    if not isinstance(seconds, int | float) or not math.isfinite(seconds) or seconds < 0:
        newest = queryset.filter(language=language).order_by("-published_at")
        oldest = newest.values_list("published_at", flat=True)[FIRST_WINDOW_PIECES - 1 :]
        found = next(iter(oldest[:1]), None)
        seconds = max(1.0, (timezone.now() - found).total_seconds()) if found else 0  # 0: all
        with contextlib.suppress(*CACHE_ERRORS):  # serve the search; the next one looks again
            cache.set(key, seconds, SPAN_SECONDS)
    if not seconds:
        return None
    return min(max(timedelta(seconds=seconds), MIN_FIRST_WINDOW), MAX_FIRST_WINDOW)


def span_key(using: str, language: str) -> str:
    """The cache key of `first_span` for a database (one cache may serve several)."""
    database = hashlib.sha256(str(connections[using].settings_dict["NAME"]).encode())
    return f"search:first-window:{database.hexdigest()[:16]}:{language}"


def _window_bounds(now, first: timedelta | None):
    """(start, end) of each window, newest first (None: no bound). They meet end to start:
    no piece is in two windows, none in no window. `first`: the first window's span (None:
    a single window, the whole archive)."""
    if first is None:
        yield None, None
        return
    end, span = None, first
    for _ in range(WINDOWS - 1):
        yield now - span, end
        end, span = now - span, span * WINDOW_GROWTH
    yield None, end


def _postgresql_matches(queryset, query: str, language: str):
    """(id, published_at) of the pieces of `queryset` shown in `language` matching `query`,
    in no order: ordered, PostgreSQL would walk the published_at index."""
    search_query = SearchQuery(query, config=PG_CONFIGS.get(language, "simple"),
                               search_type="websearch")  # fmt: skip
    return (
        queryset.filter(language=shown_language(language))
        .annotate(document=_stored_vector(queryset, _columns(language)[0]))
        .filter(document=search_query)
        .order_by()
        .values_list("pk", "published_at")
    )


def _window(matches, start, end):
    """Those of `matches` published after `start` and up to `end` (None: no bound)."""
    if start is not None:
        matches = matches.filter(published_at__gt=start)
    return matches if end is None else matches.filter(published_at__lte=end)


def _stored_vector(queryset, column: str) -> RawSQL:
    # The table's own name: only for top-level queries (a subquery would alias the table).
    return RawSQL(
        f'"{queryset.model._meta.db_table}"."{column}"', [],
        output_field=SearchVectorField(),
    )  # fmt: skip


def _search_postgresql(queryset, query: str, language: str) -> RankedResults:
    config = PG_CONFIGS.get(language, "simple")
    search_query = SearchQuery(query, config=config, search_type="websearch")
    # Two queries: the newest matches, then ts_rank on their stored summaries (200 at most,
    # however many thousands match): ordered by what headline and lead say, then newest.
    newest = _postgresql_newest(queryset, query, language)  # newest first
    more, newest = len(newest) > MAX_CANDIDATES, newest[:MAX_CANDIDATES]
    age = {pk: position for position, pk in enumerate(newest)}
    ranked = (
        # One array parameter, not an IN list whose 200 values the ORM compiles one by one.
        queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [newest]))
        .annotate(rank=SearchRank(_stored_vector(queryset, _columns(language)[1]), search_query))
        .values_list("pk", "rank")
    )
    # Equal ranks (a body-only mention ranks 0): newest first, by publication time.
    ordered = sorted(ranked, key=lambda row: (-row[1], age[row[0]]))
    if language in LATIN_EDITIONS:  # marked in Python, in the letters the page shows
        return RankedResults(queryset, ordered, query_terms(query), more=more, fold=latin_fold)
    highlight = {"start_sel": HIGHLIGHT_START, "stop_sel": HIGHLIGHT_STOP, "config": config}
    # Evaluated only for the pieces a page fetches: ts_headline parses the text again.
    highlighted = queryset.annotate(
        headline_hl=SearchHeadline("headline", search_query, highlight_all=True, **highlight),
        excerpt_hl=SearchHeadline("lead", search_query, max_words=40, min_words=20, **highlight),
    )
    return RankedResults(
        highlighted, ordered, terms=None,
        more=more,
    )  # fmt: skip


# ---- SQLite FTS5 -----------------------------------------------------------------------


def _fts_match(query: str, language: str) -> str:
    """The FTS5 query: each word (its stem, where the language has a stemmer, as the rows
    hold them) as a word beginning, or whole if it is short."""
    terms = [stem(term, language) for term in query_terms(query)]
    return " ".join(f'"{term}"*' if len(term) >= MIN_PREFIX else f'"{term}"' for term in terms)


# Each language's FTS5 table (migration 0014) holds its pieces in every state; windows of
# newest matches are read until more than MAX_CANDIDATES of them are ones readers may see,
# or MAX_WINDOWS have been read. A window holds a quarter more than the candidates, for the
# drafts, withdrawn and scheduled pieces among them.
MAX_WINDOWS = 4


def window_rows() -> int:
    """Rows of one window of newest matches (read when called: tests change MAX_CANDIDATES)."""
    return MAX_CANDIDATES + MAX_CANDIDATES // 4 + 1


def _search_sqlite(queryset, query: str, language: str) -> RankedResults:
    """Rank the newest MAX_CANDIDATES matches readers may see. FTS5 walks its lists newest
    first (rowid order) and stops at each window's limit, so the work is the same for a rare
    word as for one in every tenth piece, whatever the size of the archive."""
    ranks, visible, before, exhausted = {}, [], None, False
    for _ in range(MAX_WINDOWS):
        window = newest_matches(queryset.db, query, language, before)  # bm25: smaller, better
        ranks.update(window)
        shown = visible_ids(visible_candidates(queryset, list(window)))
        visible += [pk for pk in window if pk in shown]  # newest first
        exhausted = len(window) < window_rows()
        if exhausted or len(visible) > MAX_CANDIDATES:
            break
        before = min(window)
    newest = visible[:MAX_CANDIDATES]
    ordered = sorted(newest, key=lambda pk: (ranks[pk], -pk))  # equal ranks: newest first
    return RankedResults(
        queryset, [(pk, ranks[pk]) for pk in ordered], query_terms(query),
        more=len(visible) > MAX_CANDIDATES or not exhausted, language=language,
        fold=latin_fold if language in LATIN_EDITIONS else None,
    )  # fmt: skip


def newest_matches(
    using: str, query: str, language: str, before: int | None = None
) -> dict[int, float]:
    """{id: bm25 rank} of the newest `window_rows()` rows of `language`'s FTS5 table
    matching `query` (with a smaller id than `before`), newest first."""
    table = fts_table(language)
    below = "" if before is None else f" AND rowid < {int(before)}"
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25({table}, 10.0, 4.0, 1.0) FROM {table} "
            f"WHERE {table} MATCH %s{below} ORDER BY rowid DESC LIMIT {window_rows()}",
            [_fts_match(query, language)],
        )
        return dict(cursor.fetchall())


def visible_candidates(queryset, ids: list[int]) -> RawQuerySet:
    """Those of `ids` that `queryset` (built on `published()`) shows, by SQLite's visibility
    index.

    The check reads language, status and published_at, which SQLite stores after the body:
    read from the table, each piece costs its overflow pages (400 pieces: 1.2–1.9 ms at
    100,000 articles, growing with the window). The index `article_visibility` (migration
    0012) holds those columns by id, but SQLite's planner prefers the table's own rowid, so
    the query, compiled by the ORM from `queryset`, names the index.

    The ids go in as one JSON array read by `json_each`, not as an IN list: the ORM prepares
    and compiles each value of a list (400 ids: 3.7 ms of a search at 100,000 articles, and
    a window grows to its full size only in a big archive).
    """
    if not ids:
        return queryset.model.objects.raw("SELECT 1 WHERE 0", using=queryset.db)
    pk = queryset.model._meta.pk.attname  # selected by name, so the raw queryset can iterate
    listed = RawSQL("SELECT value FROM json_each(%s)", [json.dumps([int(i) for i in ids])])
    query = queryset.filter(pk__in=listed).order_by().values_list(pk, flat=True).query
    sql, params = query.get_compiler(queryset.db).as_sql()
    connection = connections[queryset.db]
    table = f"FROM {connection.ops.quote_name(queryset.model._meta.db_table)}"
    if sql.count(table) != 1:
        raise ValueError(f"Cannot name the visibility index in: {sql}")
    sql = sql.replace(table, f"{table} INDEXED BY {VISIBILITY_INDEX}")
    return queryset.model.objects.raw(sql, params, using=queryset.db)


def visible_ids(candidates: RawQuerySet) -> set[int]:
    with connections[candidates.db].cursor() as cursor:
        cursor.execute(candidates.raw_query, candidates.params)
        return {pk for (pk,) in cursor.fetchall()}
