"""Authors' position and biography, photos' caption, credit and alt text: one per language.

Each value stored so far moves to the column of the language it is written in: Russian by
default; Kazakh when it has letters only Kazakh uses (ә ғ қ ң ө ұ ү һ і) or a credit starts
with «Сурет»; English when it has Latin letters and no Cyrillic ones. A photo in Cyrillic
used as hero only by Kazakh pieces is Kazakh. Going back, each column gets the Russian value,
else the Kazakh, else the English. (Written out here: later edits of the app cannot change
what this migration did.)
"""

import re

from django.db import migrations, models

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яёА-ЯЁ]")
LATIN = re.compile("[A-Za-z]")
LANGUAGES = ("ru", "kk", "en")
MOVED = {"photo": ("caption", "credit", "alt_text"), "author": ("title", "bio")}


def language_of(text, default):
    if KAZAKH_LETTERS.search(text) or re.match(r"\s*сурет\b", text, re.IGNORECASE):
        return "kk"
    if LATIN.search(text) and not CYRILLIC.search(text):
        return "en"
    return default


def forwards(apps, schema_editor):
    database = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    kazakh_only = set()
    uses = Article.objects.using(database).exclude(hero_photo=None)
    languages_of = {}
    for photo_id, language in uses.values_list("hero_photo_id", "language").distinct():
        languages_of.setdefault(photo_id, set()).add(language)
    kazakh_only = {pk for pk, found in languages_of.items() if found == {"kk"}}
    for model_name, fields in MOVED.items():
        model = apps.get_model("articles", model_name)
        rows = model._base_manager.using(database)
        for row in rows.only("pk", *fields).iterator():
            default = "kk" if model_name == "photo" and row.pk in kazakh_only else "ru"
            changes = {}
            for field in fields:
                value = getattr(row, field) or ""
                if value:
                    changes[f"{field}_{language_of(value, default)}"] = value
            if changes:
                rows.filter(pk=row.pk).update(**changes)


def backwards(apps, schema_editor):
    database = schema_editor.connection.alias
    for model_name, fields in MOVED.items():
        model = apps.get_model("articles", model_name)
        rows = model._base_manager.using(database)
        columns = [f"{field}_{code}" for field in fields for code in LANGUAGES]
        for row in rows.only("pk", *columns).iterator():
            changes = {
                field: next(
                    (getattr(row, f"{field}_{code}") for code in LANGUAGES
                     if getattr(row, f"{field}_{code}")),
                    "",
                )
                for field in fields
            }
            rows.filter(pk=row.pk).update(**changes)


def text(verbose, max_length=None, help_text=""):
    if max_length is None:
        return models.TextField(blank=True, verbose_name=verbose)
    return models.CharField(
        blank=True, max_length=max_length, verbose_name=verbose, help_text=help_text
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_latin_edition_search")]

    operations = [
        # Blank first, so that going back can add them again to rows with nothing to put in.
        migrations.AlterField(
            model_name="photo", name="credit",
            field=models.CharField(blank=True, max_length=200, verbose_name="credit"),
        ),
        migrations.AlterField(
            model_name="photo", name="alt_text",
            field=models.CharField(blank=True, max_length=300, verbose_name="alternative text"),
        ),
        migrations.AddField(
            model_name="photo", name="caption_ru",
            field=text(
                "caption (Russian)", 300,
                "Who or what is in the picture, e.g. “Financier Rassul Rysmambetov”.",
            ),
        ),
        migrations.AddField(
            model_name="photo", name="caption_kk", field=text("caption (Kazakh)", 300)
        ),
        migrations.AddField(
            model_name="photo", name="caption_en", field=text("caption (English)", 300)
        ),
        migrations.AddField(
            model_name="photo", name="credit_ru",
            field=text(
                "credit (Russian)", 200,
                "Who made the photo or where it was taken from, e.g. "
                "“facebook.com/rassul.rysmambetov”. Pages print it after “Photo:” in their "
                "language.",
            ),
        ),
        migrations.AddField(
            model_name="photo", name="credit_kk", field=text("credit (Kazakh)", 200)
        ),
        migrations.AddField(
            model_name="photo", name="credit_en", field=text("credit (English)", 200)
        ),
        migrations.AddField(
            model_name="photo", name="alt_text_ru",
            field=text(
                "alternative text (Russian)", 300,
                "Describes the picture for readers who cannot see it.",
            ),
        ),
        migrations.AddField(
            model_name="photo", name="alt_text_kk",
            field=text("alternative text (Kazakh)", 300),
        ),
        migrations.AddField(
            model_name="photo", name="alt_text_en",
            field=text("alternative text (English)", 300),
        ),
        migrations.AddField(
            model_name="author", name="title_ru",
            field=text(
                "position (Russian)", 150,
                "Job title shown on the author page, e.g. “Correspondent in Astana”.",
            ),
        ),
        migrations.AddField(
            model_name="author", name="title_kk", field=text("position (Kazakh)", 150)
        ),
        migrations.AddField(
            model_name="author", name="title_en", field=text("position (English)", 150)
        ),
        migrations.AddField(
            model_name="author", name="bio_ru", field=text("biography (Russian)")
        ),
        migrations.AddField(
            model_name="author", name="bio_kk", field=text("biography (Kazakh)")
        ),
        migrations.AddField(
            model_name="author", name="bio_en", field=text("biography (English)")
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="photo", name="caption"),
        migrations.RemoveField(model_name="photo", name="credit"),
        migrations.RemoveField(model_name="photo", name="alt_text"),
        migrations.RemoveField(model_name="author", name="title"),
        migrations.RemoveField(model_name="author", name="bio"),
    ]
