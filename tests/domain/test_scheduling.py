"""A scheduled piece stays hidden until its time, then appears with no job running."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import article_form

pytestmark = pytest.mark.django_db


def later(delta: timedelta):
    """Move the clock forward by `delta` for the code under test."""
    moved = timezone.now() + delta
    return mock.patch("django.utils.timezone.now", return_value=moved)


def test_scheduled_piece_appears_at_its_time_without_a_job(desk_client, make_article):
    release = timezone.localtime() + timedelta(hours=2)
    form = article_form(
        headline="Эмбарго до полудня",
        published_at_0=release.strftime("%Y-%m-%d"),
        published_at_1=release.strftime("%H:%M:%S"),
    )
    assert desk_client.post(reverse("admin:articles_article_add"), form).status_code == 302
    article = Article.objects.get()
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Эмбарго до полудня" not in reader.get("/ru/").text
    with later(timedelta(hours=1, minutes=59)):
        assert reader.get(article.get_absolute_url()).status_code == 404
    with later(timedelta(hours=2, seconds=1)):
        assert reader.get(article.get_absolute_url()).status_code == 200
        assert "Эмбарго до полудня" in reader.get("/ru/").text


def test_admin_list_shows_scheduled_pieces_with_release_time_in_almaty(desk_client, make_article):
    release = timezone.now() + timedelta(days=1)
    make_article(headline="Запланированный материал", published_at=release)
    page = desk_client.get(reverse("admin:articles_article_changelist") + "?queue=scheduled").text
    almaty = timezone.localtime(release, timezone.get_fixed_timezone(5 * 60))
    assert f"Scheduled for {almaty:%d.%m.%Y %H:%M}" in page
    assert "state--scheduled" in page


def test_queue_filters_answer_what_is_live_and_what_is_waiting(desk_client, make_article):
    make_article(headline="Живой")
    make_article(headline="Ждёт проверки", status=Article.Status.REVIEW, published_at=None)
    make_article(headline="Завтрашний", published_at=timezone.now() + timedelta(days=1))
    changelist = reverse("admin:articles_article_changelist")

    def listed(queue: str) -> set[str]:
        page = desk_client.get(f"{changelist}?queue={queue}").text
        return {h for h in ("Живой", "Ждёт проверки", "Завтрашний") if h in page}

    assert listed("review") == {"Ждёт проверки"}
    assert listed("live") == {"Живой"}
    assert listed("scheduled") == {"Завтрашний"}


def test_admin_front_page_shows_the_desk_waiting_for_review(desk_client, make_article):
    make_article(status=Article.Status.REVIEW, published_at=None)
    make_article(status=Article.Status.REVIEW, published_at=None)
    page = desk_client.get(reverse("admin:index")).text
    assert "?queue=review" in page
    assert "<strong>2</strong> waiting for review" in page


def test_admin_list_can_be_searched_by_headline_and_lead(desk_client, make_article):
    make_article(headline="Про Ташкент", lead="Туризм растёт")
    make_article(headline="Про Уральск", lead="Ничего особенного")
    page = desk_client.get(reverse("admin:articles_article_changelist") + "?q=Туризм").text
    assert "Про Ташкент" in page
    assert "Про Уральск" not in page
