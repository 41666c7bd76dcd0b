"""The History page lists what the user changed, by model field, in the reader's language."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from tests.factories import article_form

pytestmark = pytest.mark.django_db


def test_history_names_only_the_changed_fields_translated(desk_client, editor, make_article):
    article = make_article(status="draft", published_at=None, created_by=editor)
    response = desk_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form(
            article, headline="Новый заголовок", status="review", workflow_comment="Готово"
        ),
    )
    assert response.status_code == 302

    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    with translation.override("ru"):
        message = entry.get_change_message()
    assert "заголовок" in message.lower()
    assert "статус" in message.lower()
    for internal in ("baseline", "loaded_token", "workflow_comment", "Status", "comment"):
        assert internal not in message


def byline_form(article, author, **row):
    return {
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-0-author": str(author.pk),
        "bylines-0-role": "author",
        "bylines-0-position": "0",
        **row,
    }


def latest_message(article, language="ru"):
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    with translation.override(language):
        return entry.get_change_message()


def test_history_names_a_byline_by_its_author_and_its_fields_by_name(
    desk_client, editor, make_article, author
):
    article = make_article(status="draft", published_at=None, created_by=editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = desk_client.post(url, article_form(article, **byline_form(article, author)))
    assert response.status_code == 302
    added = latest_message(article)
    assert "Данира Искакова" in added
    assert "object" not in added
    assert "Author" not in added

    byline = article.bylines.get()
    article.refresh_from_db()
    form = article_form(
        article,
        **byline_form(article, author, **{"bylines-INITIAL_FORMS": "1",
                                          "bylines-0-id": str(byline.pk),
                                          "bylines-0-article": str(article.pk),
                                          "bylines-0-role": "correspondent"}),
    )  # fmt: skip
    assert desk_client.post(url, form).status_code == 302
    changed = latest_message(article)
    assert "роль" in changed  # the field, by its verbose name, in Russian
    assert "Данира Искакова" in changed
    assert "Role" not in changed
    assert "(Автор)" not in changed


def test_the_history_page_words_each_save_in_the_readers_language(
    desk_client, editor, make_article
):
    article = make_article(status="draft", published_at=None, created_by=editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = article_form(article, headline="Новый заголовок", status="draft")
    assert desk_client.post(url, form).status_code == 302  # saved by an English-speaking editor
    history = reverse("admin:articles_article_history", args=[article.pk])
    in_russian = desk_client.get(history, HTTP_ACCEPT_LANGUAGE="ru").text
    assert "Изменено" in in_russian
    assert "заголовок" in in_russian
    assert "Changed headline" not in in_russian
