"""Every save is kept: editors see who did what, compare versions and restore one."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from tests.factories import article_form

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    article.refresh_from_db()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form(article, **changes))
    assert response.status_code == 302, response.text[:2000]
    article.refresh_from_db()
    return article


def test_every_save_keeps_a_revision_with_its_author(desk_client, editor, make_article):
    article = make_article(headline="Первая версия")
    save(desk_client, article, headline="Вторая версия")
    save(desk_client, article, lead="Новый лид для читателей.")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}
    history = desk_client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "olga" in history


def test_editor_compares_two_revisions_and_sees_the_changed_words(desk_client, make_article):
    article = make_article(body="<p>Центр откроют в 2026 году.</p>")
    save(desk_client, article, body="<p>Центр откроют в 2026 году.</p>")
    save(desk_client, article, headline="Новый заголовок", body="<p>Центр открыли сегодня.</p>")
    newer, older = Version.objects.get_for_object(article)
    page = desk_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    ).text
    assert "<del>откроют</del>" in page
    assert "<ins>открыли</ins>" in page
    assert re.search(r"<ins>[^<]*Новый", page)


def test_editor_restores_an_earlier_revision(desk_client, make_article):
    article = make_article(headline="Правильный заголовок")
    save(desk_client, article)
    save(desk_client, article, headline="Ошибочный заголовок")
    older = Version.objects.get_for_object(article).last()
    url = reverse("admin:articles_article_revision", args=[article.pk, older.pk])
    form_page = desk_client.get(url)
    assert "Правильный заголовок" in form_page.text
    token = re.search(r'name="loaded_token" value="([^"]+)"', form_page.text)[1]
    article.refresh_from_db()
    data = article_form(article, headline="Правильный заголовок", loaded_token=token)
    assert desk_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Правильный заголовок"


def test_compare_with_nonsense_ids_is_a_404_not_an_error(desk_client, make_article):
    article = make_article()
    url = reverse("admin:articles_article_compare", args=[article.pk])
    assert desk_client.get(url, {"from": "x", "to": "1"}).status_code == 404
    assert desk_client.get(url, {"from": "999", "to": "998"}).status_code == 404
