"""SQLite full-text search: the FTS5 tables, kept current on save and delete, and the search
that reads them (PostgreSQL's is articles/search/postgres.py).

An FTS5 table per language, `articles_search_<code>` (unicode61 tokenizer, diacritics
folded; migration 0014). Each word (stem) of three letters or more is matched as a prefix.
Ranking (`rank`): bm25 with headline, lead and body weighted 10, 4 and 1, equal ranks newest
first; only the newest MAX_CANDIDATES matches readers may see are ranked (`search`).

One table per language, not one for all: a city's name is spelt alike in Russian and Kazakh,
so in a shared table half of a window of newest matches were another language's pieces,
read, ranked and checked for nothing. A column holding the language, matched in the query,
was tried and is slower: FTS5 then walks the language's list of every piece alongside the
word's (figures: docs/benchmarks.md).

Russian and English rows hold the stems of their words (articles/search/stemming.py,
migration 0018); the text readers see is read from the articles, never from here.

The Latin edition has a table of its own (migration 0019), `articles_search_kk_latn`: the
Kazakh pieces in its letters, diacritics off (`to_ascii_latin`), so that "Rysmambetov",
"Özbekstan" or "Ozbekstan" find what a Cyrillic query finds in `articles_search_kk`.
"""

from __future__ import annotations

import json

from django.db import connections
from django.db.models.expressions import RawSQL
from django.db.models.query import RawQuerySet
from django.db.models.signals import post_delete, post_save

from articles.i18n import LATIN_EDITIONS
from articles.search import common
from articles.search.common import query_terms
from articles.search.results import MIN_PREFIX, RankedResults, latin_fold
from articles.search.stemming import stem, stemmed
from articles.text.kazakh_latin import to_ascii_latin
from articles.text.plain import plain_text

FTS_TABLES = {
    "ru": "articles_search_ru", "kk": "articles_search_kk", "en": "articles_search_en",
    "kk-latn": "articles_search_kk_latn",
}  # fmt: skip


def fts_table(language: str) -> str:
    """The FTS5 table of a piece's language, or of a search page's (kk-latn: its own)."""
    return FTS_TABLES[language]


def latin_editions(language: str) -> list[str]:
    """The Latin editions that show the pieces of `language` (kk: kk-latn)."""
    return [edition for edition, shown in LATIN_EDITIONS.items() if shown == language]


def index_article(article, using: str = "default") -> None:
    """Keep the SQLite FTS5 row of `article` current (PostgreSQL maintains its own index):
    in its language's table and its Latin edition's, whatever language it had before."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    unindex_article(article.pk, using)
    text = [article.headline, article.lead, plain_text(article.body)]
    rows = {article.language: list(search_row(article.language, *text))}
    for edition in latin_editions(article.language):
        rows[edition] = [to_ascii_latin(part) for part in text]
    with connection.cursor() as cursor:
        for language, row in rows.items():
            cursor.execute(
                f"INSERT INTO {fts_table(language)} (rowid, headline, lead, body) "
                "VALUES (%s, %s, %s, %s)",
                [article.pk, *row],
            )


def search_row(language: str, headline: str, lead: str, text: str) -> tuple[str, str, str]:
    """What a piece's FTS5 row holds: its headline, lead and readable body text, as word
    stems where the language has a stemmer (articles/search/stemming.py)."""
    return stemmed(headline, language), stemmed(lead, language), stemmed(text, language)


def unindex_article(pk: int, using: str = "default") -> None:
    """Drop a piece's FTS5 row, in whichever language's table it is (PostgreSQL's index
    follows the table)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in FTS_TABLES.values():
                cursor.execute(f"DELETE FROM {table} WHERE rowid = %s", [pk])


# ---- Kept current on save and delete ------------------------------------------------------
# Connected by ArticlesConfig.ready() (articles/apps.py), so that the models need not import
# search. Each runs where the model's own code ran it before: indexing after the other
# post_save handlers (Article.save() indexed once super().save() had sent post_save),
# unindexing before the page cache's post_delete handler.


def index_saved_article(sender, instance, raw=False, using="default", **kwargs) -> None:
    """A saved piece's FTS5 rows follow it (on SQLite; a no-op on PostgreSQL). Not for raw
    saves (`loaddata`, a revision's revert), which bypass Article.save() and never indexed:
    restore_newsroom rebuilds the tables after loading."""
    if not raw:
        index_article(instance, using=using)


def unindex_deleted_article(sender, instance, using, **kwargs) -> None:
    """A deleted piece leaves the search table too (however it was deleted)."""
    unindex_article(instance.pk, using=using)


def connect_unindexing(article_model) -> None:
    post_delete.connect(unindex_deleted_article, sender=article_model,
                        dispatch_uid="articles.unindex_deleted_article")  # fmt: skip


def connect_indexing(article_model) -> None:
    post_save.connect(index_saved_article, sender=article_model,
                      dispatch_uid="articles.index_saved_article")  # fmt: skip


# ---- Search -------------------------------------------------------------------------------

# Each language's FTS5 table (migration 0014) holds its pieces in every state; windows of
# newest matches are read until more than MAX_CANDIDATES of them are ones readers may see,
# or MAX_WINDOWS have been read. A window holds a quarter more than the candidates, for the
# drafts, withdrawn and scheduled pieces among them.
MAX_WINDOWS = 4
VISIBILITY_INDEX = "article_visibility"  # (id, language, status, published_at), migration 0012


def search(queryset, query: str, language: str) -> RankedResults:
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
        if exhausted or len(visible) > common.MAX_CANDIDATES:
            break
        before = min(window)
    return RankedResults(
        queryset, rank(visible[: common.MAX_CANDIDATES], ranks), query_terms(query),
        more=len(visible) > common.MAX_CANDIDATES or not exhausted, language=language,
        fold=latin_fold if language in LATIN_EDITIONS else None,
    )  # fmt: skip


def rank(newest: list[int], ranks: dict[int, float]) -> list[tuple[int, float]]:
    """[(id, rank)] of `newest`, best first: by bm25 rank (smaller is better; headline,
    lead and body weighted 10, 4 and 1 in `newest_matches`), equal ranks newest first."""
    return [(pk, ranks[pk]) for pk in sorted(newest, key=lambda pk: (ranks[pk], -pk))]


def candidates(queryset, query: str, language: str) -> RawQuerySet:
    """The query that picks the pieces to rank (for EXPLAIN in tests and `make bench`): which
    of the first window of newest matches readers may see."""
    return visible_candidates(queryset, list(newest_matches(queryset.db, query, language)))


def fts_query(query: str, language: str) -> str:
    """The FTS5 query: each word (its stem, where the language has a stemmer, as the rows
    hold them) as a word beginning, or whole if it is short."""
    terms = [stem(term, language) for term in query_terms(query)]
    return " ".join(f'"{term}"*' if len(term) >= MIN_PREFIX else f'"{term}"' for term in terms)


def window_rows() -> int:
    """Rows of one window of newest matches (read when called: tests change MAX_CANDIDATES)."""
    return common.MAX_CANDIDATES + common.MAX_CANDIDATES // 4 + 1


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
            [fts_query(query, language)],
        )
        return dict(cursor.fetchall())


def visible_candidates(queryset, ids: list[int]) -> RawQuerySet:
    """Those of `ids` that `queryset` (built on `published()`) shows, by SQLite's visibility
    index.

    The check reads language, status and published_at, which SQLite stores after the body:
    read from the table, each piece costs its overflow pages, a cost growing with the
    window. The index `article_visibility` (migration
    0012) holds those columns by id, but SQLite's planner prefers the table's own rowid, so
    the query, compiled by the ORM from `queryset`, names the index.

    The ids go in as one JSON array read by `json_each`, not as an IN list: the ORM prepares
    and compiles each value of a list, a cost that grows with the window, and a window grows
    to its full size only in a big archive (figures: docs/benchmarks.md).
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
