"""Search for the Kazakh Latin edition: the Kazakh pieces indexed in its letters.

A reader of /kk-latn/ types "Rysmambetov" (or "Özbekstan", or "Ozbekstan"); the pieces are
written in Cyrillic. Both are compared in the edition's letters with the diacritics off
("rysmambetov", "ozbekstan"), so a Latin and a Cyrillic query find the same pieces.

- SQLite: an FTS5 table of its own, `articles_search_kk_latn`, filled from the Kazakh table's
  rows (whose body is readable text already); kept current on save from then on.
- PostgreSQL: `newsroom_kazakh_latin(text)`, an immutable SQL function doing the same
  transliteration, and two stored, generated tsvectors of the Kazakh pieces through it,
  `search_document_latin` (headline A, lead B, body C; a partial GIN index) and
  `search_summary_latin` (headline and lead, to rank with), as 0011 and 0013 made for each
  language. Other languages' rows hold NULL in them.

The letters are written out here, not read out of articles/text/kazakh_latin.py, so that later edits
there cannot change what this migration did (tests/site/test_latin_edition.py checks they agree
with it today). Adding stored columns rewrites the table under an exclusive lock: on a large
archive, run it in a quiet hour (docs/deploy.md).
"""

from django.db import migrations

# Kazakh Cyrillic → the 2021 Latin alphabet, diacritics off; upper case too, since lower()
# on Cyrillic depends on the database's locale (the search configurations fold ASCII case).
LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "c", "ш": "s", "щ": "ss", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip
FOLD = {**LETTERS, **{cyrillic.upper(): latin for cyrillic, latin in LETTERS.items()}}
COLUMNS = "headline, lead, body, tokenize = 'unicode61 remove_diacritics 2'"


def fold(text: str) -> str:
    return "".join(FOLD.get(char, char) for char in text or "")


def _function_sql() -> str:
    """The body of newsroom_kazakh_latin: replace() for the letters that become two, then one
    translate() for the rest (those with nothing to become come last, and are dropped)."""
    expression = "value"
    for cyrillic, latin in FOLD.items():
        if len(latin) > 1:
            expression = f"replace({expression}, '{cyrillic}', '{latin}')"
    single = [(c, latin) for c, latin in FOLD.items() if len(latin) == 1]
    dropped = [c for c, latin in FOLD.items() if not latin]
    source = "".join(c for c, _ in single) + "".join(dropped)
    target = "".join(latin for _, latin in single)
    return f"translate({expression}, '{source}', '{target}')"


def _vector(columns) -> str:
    return " || ".join(
        "setweight(to_tsvector('simple'::regconfig, "
        f"newsroom_kazakh_latin(coalesce({column}, ''))), '{weight}')"
        for column, weight in columns
    )


DOCUMENT = _vector((("headline", "A"), ("lead", "B"), ("body", "C")))
SUMMARY = _vector((("headline", "A"), ("lead", "B")))


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"CREATE VIRTUAL TABLE articles_search_kk_latn USING fts5({COLUMNS})")
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT rowid, headline, lead, body FROM articles_search_kk")
            rows = [(rowid, *map(fold, text)) for rowid, *text in cursor.fetchall()]
            cursor.executemany(
                "INSERT INTO articles_search_kk_latn (rowid, headline, lead, body) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION newsroom_kazakh_latin(value text) RETURNS text "
            f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT {_function_sql()} $$"
        )
        for column, vector in (("search_document_latin", DOCUMENT),
                               ("search_summary_latin", SUMMARY)):  # fmt: skip
            schema_editor.execute(
                f"ALTER TABLE articles_article ADD COLUMN {column} tsvector GENERATED ALWAYS "
                f"AS (CASE WHEN language = 'kk' THEN {vector} END) STORED"
            )
        schema_editor.execute(
            "CREATE INDEX article_fts_kk_latn ON articles_article "
            "USING gin (search_document_latin) WITH (fastupdate = off) WHERE language = 'kk'"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search_kk_latn")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_fts_kk_latn")
        for column in ("search_document_latin", "search_summary_latin"):
            schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN {column}")
        schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_kazakh_latin(text)")


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_search_stems_on_sqlite")]

    operations = [migrations.RunPython(forwards, backwards)]
