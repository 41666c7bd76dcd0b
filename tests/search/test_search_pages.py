"""The search page: published pieces only, kept current on edit and delete, any query
answered, paginated, up while the cache is down.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import common, sqlite
from tests.search.pages import POSTGRES, results

pytestmark = pytest.mark.django_db


def test_search_shows_only_published_pieces_in_the_pages_language(client, make_article):
    make_article(headline="Ташкент опубликовано")
    make_article(headline="Ташкент черновик", status="draft", published_at=None)
    make_article(headline="Ташкент завтра", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Ташкент снято", status=Article.Status.WITHDRAWN)
    make_article(headline="Tashkent in English", language="en")
    text = results(client, "Ташкент").text
    assert "Ташкент опубликовано" in text
    for hidden in ("черновик", "Ташкент завтра", "Ташкент снято", "Tashkent in English"):
        assert hidden not in text
    assert "Tashkent in English" in results(client, "Tashkent", "en").text


def test_an_edited_piece_is_found_by_its_new_words(client, make_article):
    article = make_article(headline="Старый заголовок")
    article.headline = "Свежий заголовок про Алматы"
    article.save()
    assert "Свежий заголовок" in results(client, "Алматы").text
    assert "Свежий заголовок" not in results(client, "Старый").text


def test_a_deleted_piece_leaves_the_search(client, make_article):
    article = make_article(headline="Ташкент: удалённая новость")
    article.delete()
    assert "удалённая новость" not in results(client, "Ташкент").text
    if not POSTGRES:
        with connection.cursor() as cursor:
            for table in sqlite.FTS_TABLES.values():
                cursor.execute(f"SELECT count(*) FROM {table} WHERE rowid = %s", [article.pk])
                assert cursor.fetchone()[0] == 0


@pytest.mark.parametrize(
    "query",
    ["", "   ", '"', "'", "*", "NEAR(", "a OR", "-", "()", "\x00\x01", "<script>alert(1)</script>",
     "Ташкент" * 200, "a " * 500, "%", "\\", "AND OR NOT", "🙂",
     "'; DROP TABLE articles_article;--"],
)  # fmt: skip
def test_empty_hostile_or_absurd_queries_get_a_normal_page(client, make_article, query):
    make_article(headline="Обычная новость")
    response = results(client, query)
    assert "<script>alert" not in response.html
    assert Article.objects.count() == 1


def test_queries_are_bounded(make_article):
    assert len(common.clean_query("x" * 10_000)) == common.MAX_QUERY_LENGTH
    assert len(common.query_terms(" ".join(["слово"] * 100))) == common.MAX_TERMS


def test_results_paginate_and_keep_the_query(client, make_article):
    for number in range(25):
        make_article(headline=f"Ташкент {number}")
    page = results(client, "Ташкент")
    assert "Найдено 25 материалов." in page.text
    assert "самые новые" not in page.text  # all of them, not just the newest
    assert 'href="?q=%D0%A2%D0%B0%D1%88%D0%BA%D0%B5%D0%BD%D1%82&amp;page=2"' in page.html


def test_ranked_results_index_like_a_list(make_article):
    for number in range(3):
        make_article(headline=f"Ташкент {number}")
    found = search.search(Article.objects.published(), "Ташкент", "ru")
    assert len(found) == 3
    assert found[-1].headline == found[2].headline
    assert [piece.headline for piece in found] == [found[n].headline for n in range(3)]
    with pytest.raises(IndexError):
        found[3]
    with pytest.raises(IndexError):
        found[-4]


def test_search_answers_while_the_cache_is_down(client, make_article, settings):
    """The first window's span is remembered in the cache; without one, it is looked up."""
    make_article(headline="Ташкент без кэша")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert "без кэша" in results(client, "Ташкент").text
