"""SQLite: the Russian and English search tables hold word stems, so that «финансисты» finds
«Финансист» (articles/search/stemming.py). Nothing changes on PostgreSQL, whose `russian`
and `english` configurations stem already; nor for Kazakh, which has no stemmer.

Written out here rather than imported out of articles/search/, so that later edits there cannot
change what this migration did: the same Snowball stemmers, the same words. The rows are
stemmed from the text they hold (no article is parsed again); a word is stemmed once.
Backwards, the rows are rebuilt from the articles, their bodies' tags dropped.
"""

import re

from django.db import migrations

STEMMERS = {"ru": "russian", "en": "english"}
WORD = re.compile(r"\w+")
TAG = re.compile(r"<[^>]*>")
BATCH = 2000


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    import snowballstemmer

    for code, algorithm in STEMMERS.items():
        stemmer, known = snowballstemmer.stemmer(algorithm), {}

        def stemmed(text, stemmer=stemmer, known=known):
            words = []
            for word in WORD.findall((text or "").lower()):
                if word not in known:
                    known[word] = stemmer.stemWord(word)
                words.append(known[word])
            return " ".join(words)

        table = f"articles_search_{code}"
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid, headline, lead, body FROM {table}")
            rows = cursor.fetchall()
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    f"UPDATE {table} SET headline = %s, lead = %s, body = %s WHERE rowid = %s",
                    [
                        (stemmed(headline), stemmed(lead), stemmed(body), rowid)
                        for rowid, headline, lead, body in rows[start : start + BATCH]
                    ],
                )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for code in STEMMERS:
            table = f"articles_search_{code}"
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                "SELECT id, headline, lead, body FROM articles_article WHERE language = %s", [code]
            )
            cursor.executemany(
                f"INSERT INTO {table} (rowid, headline, lead, body) VALUES (%s, %s, %s, %s)",
                [
                    (pk, h, lead, TAG.sub(" ", body or ""))
                    for pk, h, lead, body in cursor.fetchall()
                ],
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_clean_control_characters")]

    operations = [migrations.RunPython(forwards, backwards)]
