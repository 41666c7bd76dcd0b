"""Staff preview unpublished pieces as readers will see them; previews are never cached."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_staff_preview_a_piece_readers_cannot_see(reporter_client, make_article, fields):
    article = make_article(headline="Ещё не вышло", **fields)
    response = reporter_client.get(preview_url(article))
    assert response.status_code == 200
    assert '<h1 class="story__headline">Ещё не вышло</h1>' in response.text
    assert "Предпросмотр — читатели сейчас видят не это" in response.text  # the piece's language
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_preview_is_not_for_readers(client, make_article):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    response = client.get(preview_url(article))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_change_form_links_to_the_preview(desk_client, make_article):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    page = desk_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert preview_url(article) in page
