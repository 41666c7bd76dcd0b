"""Full-text search structures: an FTS5 table on SQLite, partial GIN indexes on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    from articles import search
    from articles.text.plain import plain_text

    connection = schema_editor.connection
    Article = apps.get_model("articles", "Article")
    if connection.vendor == "postgresql":
        for index in search.postgresql_indexes():
            schema_editor.add_index(Article, index)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            search.create_sqlite_table(cursor)
            for pk, headline, lead, body in Article.objects.values_list(
                "pk", "headline", "lead", "body"
            ):
                cursor.execute(
                    f"INSERT INTO {search.FTS_TABLE} (rowid, headline, lead, body) "
                    "VALUES (%s, %s, %s, %s)",
                    [pk, headline, lead, plain_text(body)],
                )


def drop(apps, schema_editor):
    from articles import search

    connection = schema_editor.connection
    Article = apps.get_model("articles", "Article")
    if connection.vendor == "postgresql":
        for index in search.postgresql_indexes():
            schema_editor.remove_index(Article, index)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_languages")]

    operations = [migrations.RunPython(create, drop)]
