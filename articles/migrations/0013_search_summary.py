"""PostgreSQL: a second stored tsvector, of headline (A) and lead (B) only, to rank with.

Matching still reads the whole document (migration 0011's `search_document` and its GIN
indexes): a word in the body finds the piece. Ranking read that document too, and a body's
vector (3.5 kB on average in the benchmark archive) is stored out of line, in TOAST: ranking
the 200 newest matches cost 1.8 ms of fetching and unpacking at 100,000 articles. The
summary is about 600 bytes and stays in the row (0.5 ms for the same 200). Pieces are
ordered by what their headline and lead say about the words, then newest first, which is
what readers of a news site expect; a body-only mention still matches.

The SQL is written out here, not built by articles/search/, so that later edits there
cannot change what this migration did. Adding a stored column rewrites the table under an
exclusive lock (23 s for 100,000 articles here): on a large archive, run it in a quiet hour
(docs/deploy.md).
"""

from django.db import migrations

CONFIG = (
    "CASE language WHEN 'ru' THEN 'russian'::regconfig WHEN 'kk' THEN 'simple'::regconfig "
    "WHEN 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END"
)
SUMMARY = " || ".join(
    f"setweight(to_tsvector({CONFIG}, coalesce({column}, '')), '{weight}')"
    for column, weight in (("headline", "A"), ("lead", "B"))
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE articles_article ADD COLUMN search_summary tsvector "
            f"GENERATED ALWAYS AS ({SUMMARY}) STORED"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE articles_article DROP COLUMN search_summary")


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_sqlite_visibility_index")]

    operations = [migrations.RunPython(forwards, backwards)]
