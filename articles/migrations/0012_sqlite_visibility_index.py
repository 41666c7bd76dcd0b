"""An index holding what published() checks (language, status, published_at) by id.

SQLite's search checks which of a few hundred FTS5 matches readers may see. SQLite stores
those columns after the body, so reading them from the table follows each piece's overflow
pages; this index answers from a few index pages instead (articles/search/,
`visible_candidates`). It is declared on the model so that SQLite's table rebuilds (any later
field change) keep it; PostgreSQL, which keeps long text out of line, has it too, unused.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_stored_search_document")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["id", "language", "status", "published_at"], name="article_visibility"
            ),
        ),
    ]
