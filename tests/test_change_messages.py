"""The History page lists what the user changed, by model field, in the reader's language."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import translation

from .conftest import article_form

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
