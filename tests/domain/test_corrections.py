"""Editors append dated corrections to live pieces; readers see them, history keeps the past."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from tests.factories import article_form

pytestmark = pytest.mark.django_db


def test_editor_appends_a_correction_that_readers_see(desk_client, editor, make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=1), body="<p>Было 5.</p>")
    published_at = article.published_at.replace(microsecond=0)  # the form shows seconds
    form = article_form(
        article,
        body="<p>Было 7.</p>",
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "В первой версии ошибочно указано число 5.",
        },
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert desk_client.post(url, form).status_code == 302
    article.refresh_from_db()
    correction = article.corrections.get()
    assert correction.created_by == editor
    assert article.published_at == published_at
    assert article.last_modified > published_at  # dateModified moves
    page = Client().get(article.get_absolute_url()).text
    assert "Исправление" in page
    assert "В первой версии ошибочно указано число 5." in page
    assert "Было 7." in page
    older_bodies = [v.field_dict["body"] for v in Version.objects.get_for_object(article)]
    assert "<p>Было 5.</p>" in older_bodies or article.body != "<p>Было 5.</p>"


def test_history_keeps_the_text_before_a_correction(admin_user, make_article):
    article = make_article(body="<p>Старый текст.</p>")
    services.article_add_correction(article=article, user=admin_user, text="Первое уточнение.")
    article.body = "<p>Новый текст.</p>"
    services.article_add_correction(article=article, user=admin_user, text="Текст исправлен.")
    bodies = [v.field_dict["body"] for v in Version.objects.get_for_object(article)]
    assert bodies == ["<p>Новый текст.</p>", "<p>Старый текст.</p>"]


def test_reporter_cannot_correct_a_published_piece(reporter, make_article):
    with pytest.raises(PermissionDenied):
        services.article_add_correction(article=make_article(), user=reporter, text="x")


def test_corrections_are_offered_only_on_published_pieces(desk_client, make_article):
    draft = make_article(status="draft", published_at=None)
    live = make_article()
    change = "admin:articles_article_change"
    assert "corrections-TOTAL_FORMS" not in desk_client.get(reverse(change, args=[draft.pk])).text
    assert "corrections-TOTAL_FORMS" in desk_client.get(reverse(change, args=[live.pk])).text
