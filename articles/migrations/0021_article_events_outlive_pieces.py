"""The desk's steps outlive their piece: deleting a piece keeps its ArticleEvents.

Each step keeps the piece's id and headline, filled in here for the steps already taken.
"""

import django.db.models.deletion
from django.db import migrations, models


def keep_piece_on_steps(apps, schema_editor):
    ArticleEvent = apps.get_model("articles", "ArticleEvent")
    Article = apps.get_model("articles", "Article")
    steps = ArticleEvent.objects.filter(article__isnull=False)
    for article_id in steps.values_list("article_id", flat=True).distinct().iterator():
        headline = Article.objects.filter(pk=article_id).values_list("headline", flat=True).first()
        steps.filter(article_id=article_id).update(article_ref=article_id, headline=headline or "")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_per_language_people_and_photos'),
    ]

    operations = [
        migrations.AddField(
            model_name='articleevent',
            name='article_ref',
            field=models.PositiveBigIntegerField(db_index=True, null=True, verbose_name='piece id'),
        ),
        migrations.AddField(
            model_name='articleevent',
            name='headline',
            field=models.CharField(blank=True, max_length=200, verbose_name='headline'),
        ),
        migrations.AlterField(
            model_name='articleevent',
            name='article',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='events', to='articles.article'),
        ),
        migrations.RunPython(keep_piece_on_steps, migrations.RunPython.noop),
    ]
