"""The SQLite FTS5 tables that search reads: one per language (migration 0014), kept current
on save.

One table per language, not one for all: a city's name is spelt alike in Russian and Kazakh,
so in a shared table half of a window of newest matches were another language's pieces,
read, ranked and checked for nothing. A column holding the language, matched in the query,
was tried and is slower: FTS5 then walks the language's list of every piece alongside the
word's (3.1 ms against 1.1 ms for a window at 100,000 articles).

Russian and English rows hold the stems of their words (articles/search/stemming.py,
migration 0018); the text readers see is read from the articles, never from here.

The Latin edition has a table of its own (migration 0019), `articles_search_kk_latn`: the
Kazakh pieces in its letters, diacritics off (`to_ascii_latin`), so that "Rysmambetov",
"Özbekstan" or "Ozbekstan" find what a Cyrillic query finds in `articles_search_kk`.
"""

from django.db import connections

from articles.i18n import LATIN_EDITIONS
from articles.search.stemming import stemmed
from articles.text.kazakh_latin import to_ascii_latin
from articles.text.plain import plain_text

FTS_TABLE = "articles_search"  # migration 0005's single table, replaced by FTS_TABLES
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


def create_sqlite_table(cursor) -> None:
    """Migration 0005's single table (0014 splits it by language)."""
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "headline, lead, body, tokenize = 'unicode61 remove_diacritics 2')"
    )
