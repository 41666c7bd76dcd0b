"""PostgreSQL: the search document as a stored, generated tsvector column.

Ranking with the document computed on the fly parsed each candidate's whole body again, so
a search cost grew with how many pieces it ranked. The column is computed by PostgreSQL on
every write (Django never writes it: the model does not declare it), and the per-language
partial GIN indexes move from the expression to the column. The indexes take each new piece
at once (`fastupdate = off`): a newsroom writes little, and no search then has to read a
pending list of recent entries. Nothing changes on SQLite, whose FTS5 table plays this part.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from articles import search

    if schema_editor.connection.vendor != "postgresql":
        return
    table, column = "articles_article", search.DOCUMENT_COLUMN
    for code in search.PG_CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_fts_{code}")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
        f"GENERATED ALWAYS AS ({search.document_sql()}) STORED"
    )
    for code in search.PG_CONFIGS:
        schema_editor.execute(
            f"CREATE INDEX article_fts_{code} ON {table} USING gin ({column}) "
            f"WITH (fastupdate = off) WHERE language = '{code}'"
        )


def backwards(apps, schema_editor):
    from articles import search

    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    for code in search.PG_CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_fts_{code}")
    schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN {search.DOCUMENT_COLUMN}")
    for index in search.postgresql_indexes():
        schema_editor.add_index(Article, index)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_tag_article_index")]

    operations = [migrations.RunPython(forwards, backwards)]
