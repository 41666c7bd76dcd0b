from django.db import migrations


class Migration(migrations.Migration):
    """Pieces sharing a tag, newest first, read from the index alone.

    `Article.related()` asks for the newest pieces carrying any of a piece's tags. With only
    Django's single-column index on `tag_id`, each tag's rows (thousands in a large archive)
    are looked up in the table and sorted; `(tag_id, article_id)` answers from the index.
    The through table is Django's own, so the index is created in SQL (same on SQLite and
    PostgreSQL).
    """

    dependencies = [
        ("articles", "0009_list_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX articles_article_tags_tag_article ON articles_article_tags (tag_id, article_id)",
            reverse_sql="DROP INDEX articles_article_tags_tag_article",
        ),
    ]
