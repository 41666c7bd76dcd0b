"""A refused action on the desk is the desk's own 403 page, in the desk's language."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from articles.desk.admin.forbidden import permission_denied
from articles.models import Article
from tests.factories import article_form

pytestmark = pytest.mark.django_db


def assert_desk_refusal(response, language="en"):
    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert 'id="header"' in page  # the admin's chrome: header, user links, breadcrumbs
    assert f'href="{reverse("admin:articles_article_changelist")}"' in page  # a way back
    return page


def test_reporter_posting_publish_gets_the_desks_403_explaining_why(reporter_client, reporter,
                                                                    make_article):  # fmt: skip
    draft = make_article(status="draft", published_at=None, created_by=reporter)
    response = reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk], "index": 0},
    )
    page = assert_desk_refusal(response)
    assert "editors publish" in page
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_reporter_saving_anothers_piece_gets_it_in_kazakh(reporter_client, editor, make_article):
    piece = make_article(status="draft", published_at=None, created_by=editor)
    response = reporter_client.post(
        reverse("admin:articles_article_change", args=[piece.pk]),
        article_form(piece, headline="Чужой"),
        HTTP_ACCEPT_LANGUAGE="kk",
    )
    page = assert_desk_refusal(response, "kk")
    assert "Шығу" in page  # the admin's own "Log out", in Kazakh


def test_editor_opening_the_accounts_gets_the_desks_403(desk_client):
    assert_desk_refusal(desk_client.get(reverse("admin:auth_user_changelist")))


def test_a_refusal_outside_the_desk_is_not_the_desks_page(admin_user):
    request = RequestFactory().get("/ru/")
    request.user = admin_user
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert 'id="header"' not in response.content.decode()
