"""SQLite only: an index holding what published() checks (language, status, published_at) by id.

Search checks which of a few hundred FTS5 matches readers may see. SQLite stores those columns
after the body, so reading them from the table follows each piece's overflow pages; this index
answers from a few index pages instead (articles/search/, `visible_candidates`). PostgreSQL
keeps long text out of line and needs no such index.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS article_visibility "
    "ON articles_article (id, language, status, published_at)"
)
DROP = "DROP INDEX IF EXISTS article_visibility"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_stored_search_document")]

    operations = [migrations.RunPython(create, drop)]
