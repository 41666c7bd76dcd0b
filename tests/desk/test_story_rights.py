"""Which story a piece belongs to is an editor's decision; reporters translate via the button."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import article_form

pytestmark = pytest.mark.django_db


def test_a_reporter_cannot_take_a_language_slot_of_someone_elses_story(
    reporter_client, desk_client, editor, make_article
):
    live = make_article(headline="Материал редактора", created_by=editor)
    translate_into_kazakh = 'name="_translate" value="kk"'

    response = reporter_client.post(
        reverse("admin:articles_article_add"),
        article_form(headline="Чужой слот", language="kk", status="draft", story=live.story_id),
    )

    assert response.status_code == 302  # saved, but as a story of its own
    forged = Article.objects.get(headline="Чужой слот")
    assert forged.story_id != live.story_id
    page = desk_client.get(reverse("admin:articles_article_change", args=[live.pk]))
    assert translate_into_kazakh in page.content.decode()


def test_a_reporter_cannot_move_their_draft_into_someone_elses_story(
    reporter, reporter_client, editor, make_article
):
    live = make_article(headline="Материал редактора", created_by=editor)
    draft = make_article(language="kk", status="draft", published_at=None, created_by=reporter)
    own_story = draft.story_id

    response = reporter_client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        article_form(draft, headline="Правка", story=live.story_id),
    )

    assert response.status_code == 302  # the rest of the edit is saved
    draft.refresh_from_db()
    assert draft.headline == "Правка"
    assert draft.story_id == own_story


def test_an_editor_can_still_attach_a_piece_to_a_story(desk_client, make_article):
    live = make_article(headline="Материал")
    response = desk_client.post(
        reverse("admin:articles_article_add"),
        article_form(headline="Перевод", language="kk", status="draft", story=live.story_id),
    )
    assert response.status_code == 302
    assert Article.objects.get(headline="Перевод").story_id == live.story_id
