"""Two people editing one piece: the second to save a stale copy is told; nothing is lost."""

import re

import pytest
from django.urls import reverse

from articles.models import Article

from .conftest import article_form, client_for, member_of

pytestmark = pytest.mark.django_db


def test_second_stale_save_is_told_what_changed_and_overwrites_nothing(desk_client, make_article):
    article = make_article(headline="Исходный заголовок", body="<p>Исходный текст.</p>")
    colleague = client_for(member_of("Editors", "ruslan"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    first_copy = article_form(article)  # both open the same version
    second_copy = article_form(article)

    first_copy["headline"] = "Заголовок первого редактора"
    assert desk_client.post(url, first_copy).status_code == 302

    second_copy["body"] = "<p>Текст второго редактора.</p>"
    response = colleague.post(url, second_copy)
    assert response.status_code == 200
    assert "Someone else saved this piece after you opened it" in response.text
    assert "Saved by olga" in response.text
    assert re.search(r"<ins>[^<]*первого редактора</ins>", response.text)
    assert "Текст второго редактора." in response.text  # their own text is still in the form

    article.refresh_from_db()
    assert article.headline == "Заголовок первого редактора"
    assert article.body == "<p>Исходный текст.</p>"


def test_saving_again_after_reading_the_conflict_keeps_the_second_version(
    desk_client, make_article
):
    article = make_article(headline="Исходный заголовок")
    url = reverse("admin:articles_article_change", args=[article.pk])
    stale = article_form(article, headline="Моя версия")
    desk_client.post(url, article_form(article, headline="Чужая версия"))
    response = desk_client.post(url, stale)
    assert response.status_code == 200
    fresh_token = response.context["adminform"].form["loaded_token"].value()
    assert desk_client.post(url, {**stale, "loaded_token": fresh_token}).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Моя версия"


def test_a_form_without_the_token_counts_as_stale(desk_client, make_article):
    article = make_article(headline="Без токена")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = desk_client.post(url, article_form(article, headline="Иначе", loaded_token=""))
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Без токена"
