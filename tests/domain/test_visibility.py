"""Readers see published pieces whose time has come, and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def home(client, language="ru"):
    return client.get(f"/{language}/")


def test_reader_reads_a_published_article(client, make_article):
    article = make_article(headline="Открыт новый мост")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Открыт новый мост" in response.text


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.DRAFT, timedelta(hours=-1)),
        (Article.Status.REVIEW, timedelta(hours=-1)),
        (Article.Status.WITHDRAWN, timedelta(hours=-1)),
        (Article.Status.PUBLISHED, timedelta(hours=+1)),  # scheduled for later
    ],
    ids=["draft", "in-review", "withdrawn", "scheduled"],
)
def test_reader_gets_404_and_no_home_listing_for_unreleased_piece(
    client, make_article, status, offset
):
    article = make_article(
        headline="Секретный материал", status=status, published_at=timezone.now() + offset
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Секретный материал" not in home(client).text


def test_draft_without_a_time_is_not_published(make_article):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_scheduled_piece_appears_once_its_time_has_come(client, make_article):
    article = make_article(headline="Ровно в полдень", published_at=timezone.now() + timedelta(1))
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_home_lists_published_pieces_newest_first(client, make_article):
    now = timezone.now()
    make_article(headline="Вчерашняя", published_at=now - timedelta(days=1))
    make_article(headline="Сегодняшняя", published_at=now - timedelta(minutes=5))
    make_article(headline="Позавчерашняя", published_at=now - timedelta(days=2))
    text = home(client).text
    assert text.index("Сегодняшняя") < text.index("Вчерашняя") < text.index("Позавчерашняя")


def test_each_language_home_lists_only_its_own_language(client, make_article):
    make_article(language="ru", headline="Русская версия")
    make_article(language="en", headline="English version")
    assert "English version" not in home(client, "ru").text
    assert "English version" in home(client, "en").text
    assert "Русская версия" not in home(client, "en").text


def test_article_is_404_under_another_language_prefix(client, make_article):
    article = make_article(language="en", headline="Only in English")
    assert client.get(article.get_absolute_url()).status_code == 200
    russian_url = article.get_absolute_url().replace("/en/", "/ru/", 1)
    assert client.get(russian_url).status_code == 404


def test_section_page_lists_only_published_pieces_of_the_section(client, make_article, section):
    make_article(headline="Рост ВВП", section=section)
    make_article(headline="Черновик про ВВП", section=section, status=Article.Status.DRAFT)
    make_article(headline="Про погоду")
    text = client.get(section.get_absolute_url()).text
    assert "Рост ВВП" in text
    assert "Черновик про ВВП" not in text
    assert "Про погоду" not in text


def test_root_sends_a_visitor_to_a_language_home(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
