"""PostgreSQL: the search document as a stored, generated tsvector column.

Ranking with the document computed on the fly parsed each candidate's whole body again, so
a search cost grew with how many pieces it ranked. The column is computed by PostgreSQL on
every write (Django never writes it: the model does not declare it), and the per-language
partial GIN indexes move from the expression to the column. The indexes take each new piece
at once (`fastupdate = off`): a newsroom writes little, and no search then has to read a
pending list of recent entries. Nothing changes on SQLite, whose FTS5 table plays this part.

The SQL is written out here, not built by articles/search/, so that later edits there
cannot change what this migration did. Adding a stored column rewrites the table under an
exclusive lock: on a large archive, run it in a quiet hour (docs/deploy.md).
"""

from django.db import migrations
from django.db.models import Q

CONFIG = (
    "CASE language WHEN 'ru' THEN 'russian'::regconfig WHEN 'kk' THEN 'simple'::regconfig "
    "WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END"
)
DOCUMENT = " || ".join(
    f"setweight(to_tsvector({CONFIG}, coalesce({column}, '')), '{weight}')"
    for column, weight in (("headline", "A"), ("lead", "B"), ("body", "C"))
)
LANGUAGES = ("ru", "kk", "en")
# Migration 0005's expression indexes, put back by `backwards`: on this document computed on
# the fly, as 0005 defined them (its PG_CONFIGS).
CONFIGS = {"ru": "russian", "kk": "simple", "en": "english"}


def expression_indexes():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return [
        GinIndex(
            SearchVector("headline", weight="A", config=config)
            + SearchVector("lead", weight="B", config=config)
            + SearchVector("body", weight="C", config=config),
            condition=Q(language=code),
            name=f"article_fts_{code}",
        )
        for code, config in CONFIGS.items()
    ]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_fts_{code}")
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    for code in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX article_fts_{code} ON articles_article USING gin (search_document) "
            f"WITH (fastupdate = off) WHERE language = '{code}'"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_fts_{code}")
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN search_document")
    for index in expression_indexes():  # migration 0005's
        schema_editor.add_index(Article, index)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_tag_article_index")]

    operations = [migrations.RunPython(forwards, backwards)]
