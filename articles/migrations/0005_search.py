"""Full-text search structures: an FTS5 table on SQLite, partial GIN indexes on PostgreSQL.

What it needs is written out here, frozen as articles/search.py and articles/diffs.py had it
when this migration was written (PG_CONFIGS of ru, kk and en only; the document vector; the
single FTS5 table; `readable_text`, now articles/text/plain.py's `plain_text`), so that later
edits there cannot change what this migration does. Migration 0011 replaces the GIN
indexes, 0014 splits the table by language.

Built from the live PG_CONFIGS, which gained "kk-latn" later (the Latin edition), this made a
fresh PostgreSQL database an extra, always empty `article_fts_kk-latn` index that 0011 left
in place; databases migrated before that have none, and a fresh one no longer gets it.
"""

import re

from django.db import migrations
from django.db.models import Q
from django.utils.html import strip_tags

PG_CONFIGS = {"ru": "russian", "kk": "simple", "en": "english"}
FTS_TABLE = "articles_search"
_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|figcaption|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str) -> str:
    """Rich text as plain text, one paragraph per line."""
    text = strip_tags(_BLOCK_END.sub("\n", html or ""))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def postgresql_indexes():
    """One partial GIN index per language, on that language's document vector."""
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    def document_vector(config):
        return (
            SearchVector("headline", weight="A", config=config)
            + SearchVector("lead", weight="B", config=config)
            + SearchVector("body", weight="C", config=config)
        )

    return [
        GinIndex(document_vector(config), condition=Q(language=code), name=f"article_fts_{code}")
        for code, config in PG_CONFIGS.items()
    ]


def create(apps, schema_editor):
    connection = schema_editor.connection
    Article = apps.get_model("articles", "Article")
    if connection.vendor == "postgresql":
        for index in postgresql_indexes():
            schema_editor.add_index(Article, index)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "headline, lead, body, tokenize = 'unicode61 remove_diacritics 2')"
            )
            for pk, headline, lead, body in Article.objects.values_list(
                "pk", "headline", "lead", "body"
            ):
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, headline, lead, body) "
                    "VALUES (%s, %s, %s, %s)",
                    [pk, headline, lead, plain_text(body)],
                )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    Article = apps.get_model("articles", "Article")
    if connection.vendor == "postgresql":
        for index in postgresql_indexes():
            schema_editor.remove_index(Article, index)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_languages")]

    operations = [migrations.RunPython(create, drop)]
