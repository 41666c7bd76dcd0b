"""Search in each language: stems, word beginnings, Kazakh words, highlights as the index
folds them.

Runs on SQLite (FTS5, Snowball stems) and, in CI's second pass, on PostgreSQL (Russian and
English dictionaries).
"""

import importlib
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection

from articles.search import sqlite
from tests.search.pages import POSTGRES, results

pytestmark = pytest.mark.django_db


def test_matches_are_highlighted_and_everything_else_escaped(client, make_article):
    make_article(headline="Центр «Центральная Азия» <открыт>", lead="Центр открыт сегодня.")
    html = results(client, "центр").html
    assert "<mark>Центр</mark>" in html
    assert "&lt;открыт&gt;" in html


def test_russian_stemming_finds_other_word_forms(client, make_article):
    make_article(headline="Инвесторы приходят в регион")
    assert "Инвесторы приходят" in results(client, "инвестор").text


def test_a_plural_finds_the_singular_and_marks_it(client, make_article):
    make_article(headline="Финансист Расул Рысмамбетов о центре", lead="Мнение финансиста.")
    found = results(client, "финансисты")
    assert "Рысмамбетов о центре" in found.text
    assert "<mark>Финансист</mark> Расул" in found.html
    assert "Мнение <mark>финансиста</mark>." in found.html


def test_english_stemming_finds_other_word_forms(client, make_article):
    make_article(language="en", headline="Kazakhstan launches a new grain corridor")
    assert "new grain corridor" in results(client, "launching", "en").text


@pytest.mark.skipif(POSTGRES, reason="the stems are SQLite's index; PostgreSQL stems itself")
def test_sqlite_indexes_russian_and_english_stems_and_kazakh_words(make_article):
    make_article(headline="Финансисты обсудили бюджет")
    make_article(language="en", headline="Ministers discussed budgets")
    make_article(language="kk", headline="Қаржыгерлер бюджетті талқылады")
    with connection.cursor() as cursor:
        rows = {
            code: cursor.execute(f"SELECT headline FROM {sqlite.FTS_TABLES[code]}").fetchone()[0]
            for code in ("ru", "en", "kk")
        }
    assert rows == {
        "ru": "финансист обсуд бюджет",
        "en": "minist discuss budget",
        "kk": "Қаржыгерлер бюджетті талқылады",  # no Kazakh stemmer: words as written
    }


@pytest.mark.skipif(POSTGRES, reason="the migration stems SQLite's rows only")
def test_the_migration_stems_what_was_indexed_before(client, make_article):
    migration = importlib.import_module("articles.migrations.0018_search_stems_on_sqlite")
    article = make_article(headline="Ёлочный базар открылся", lead="Лид.")
    with connection.cursor() as cursor:  # as indexed before migration 0018: words as written
        cursor.execute(
            "UPDATE articles_search_ru SET headline = %s, lead = %s, body = %s WHERE rowid = %s",
            [article.headline, article.lead, "Текст новости.", article.pk],
        )
    assert "Ёлочный базар" not in results(client, "ёлочные").text  # its stem is «елочн»

    migration.forwards(None, SimpleNamespace(connection=connection))
    cache.clear()  # the page above is kept: no save told the page cache of the new rows

    assert "Ёлочный базар" in results(client, "ёлочные").text


def test_word_beginnings_find_longer_forms(client, make_article):
    make_article(headline="Казахстанские товары в Узбекистане")
    assert "Казахстанские товары" in results(client, "казахстанск").text


def test_kazakh_search_matches_kazakh_words(client, make_article):
    make_article(language="kk", headline="Өнеркәсіптік орталық ашылды")
    assert "Өнеркәсіптік орталық" in results(client, "өнеркәсіптік", "kk").text


def test_highlights_ignore_case_and_accents_like_the_index(client, make_article):
    make_article(headline="Ёлочный базар открылся", lead="Казахстанские ели на ЁЛОЧНОМ базаре.")
    make_article(language="en", headline="Almaty’s café owners meet", lead="Cafés reopen.")
    html = results(client, "ёлочн").html
    assert "<mark>Ёлочный</mark> базар" in html
    assert "на <mark>ЁЛОЧНОМ</mark> базаре" in html
    if POSTGRES:
        return  # PostgreSQL's English dictionary keeps accents (no unaccent extension)
    html = results(client, "CAFE", "en").html
    assert "Almaty’s <mark>café</mark> owners" in html
    assert "<mark>Cafés</mark> reopen" in html


@pytest.mark.skipif(POSTGRES, reason="the word rule is SQLite's; PostgreSQL parses queries itself")
def test_words_of_one_or_two_letters_are_matched_whole(client, make_article):
    make_article(headline="ЕС и Казахстан обсудили транзит")
    make_article(headline="Есиль вышел из берегов")
    text = results(client, "ЕС").text
    assert "ЕС и Казахстан" in text
    assert "Есиль" not in text


def test_a_piece_moved_to_another_language_is_found_in_that_language_only(client, make_article):
    article = make_article(headline="Ташкент: язык поменяли")
    article.language = "kk"
    article.save()
    assert "язык поменяли" not in results(client, "Ташкент").text
    assert "язык поменяли" in results(client, "Ташкент", "kk").text
