"""SQLite: the FTS5 search table split into one table per language.

A search reads the newest matches of its page's language; in one table for all languages,
a window of them was half Kazakh pieces for a Russian page (and the other way round), since
names of places and people are spelt alike. Nothing changes on PostgreSQL, whose GIN indexes
are per language already (migrations 0005 and 0011).

The SQL is written out here, not built by articles/search/, so that later edits there
cannot change what this migration did. It copies the rows already indexed (27 s for 100,000
articles here), so no text is parsed again.
"""

from django.db import migrations

LANGUAGES = ("ru", "kk", "en")
COLUMNS = "headline, lead, body, tokenize = 'unicode61 remove_diacritics 2'"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"CREATE VIRTUAL TABLE articles_search_{code} USING fts5({COLUMNS})")
        schema_editor.execute(
            f"INSERT INTO articles_search_{code} (rowid, headline, lead, body) "
            "SELECT s.rowid, s.headline, s.lead, s.body FROM articles_search AS s "
            "JOIN articles_article AS a ON a.id = s.rowid WHERE a.language = %s",
            [code],
        )
    schema_editor.execute("DROP TABLE articles_search")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"CREATE VIRTUAL TABLE articles_search USING fts5({COLUMNS})")
    for code in LANGUAGES:
        schema_editor.execute(
            "INSERT INTO articles_search (rowid, headline, lead, body) "
            f"SELECT rowid, headline, lead, body FROM articles_search_{code}"
        )
        schema_editor.execute(f"DROP TABLE articles_search_{code}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_search_summary")]

    operations = [migrations.RunPython(forwards, backwards)]
