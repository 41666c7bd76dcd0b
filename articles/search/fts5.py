"""The SQLite FTS5 table that search reads: created by migration 0005, kept current on save."""

from django.db import connections

from ..diffs import readable_text

FTS_TABLE = "articles_search"


def index_article(article, using: str = "default") -> None:
    """Keep the SQLite FTS5 row of `article` current (PostgreSQL maintains its own index)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    unindex_article(article.pk, using)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, lead, body) VALUES (%s, %s, %s, %s)",
            [article.pk, article.headline, article.lead, readable_text(article.body)],
        )


def unindex_article(pk: int, using: str = "default") -> None:
    """Drop a deleted piece's FTS5 row (PostgreSQL's index follows the table)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])


def create_sqlite_table(cursor) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "headline, lead, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
