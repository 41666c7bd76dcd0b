"""In the desk: a link pasted alone on its line is saved as an embed, the form says so, and
the preview and the read-only view show it."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import article_form

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TELEGRAM = "https://t.me/akorda_press/1234"


def frame_src(response) -> str:
    return re.search(r"frame-src ([^;]*)", response["Content-Security-Policy"]).group(1)


def test_a_link_pasted_in_the_editor_is_saved_as_an_embed(editor_client):
    # What CKEditor 4 posts for a URL pasted on an empty line, and for one typed and linked.
    body = (
        f'<p><a href="{TELEGRAM}">{TELEGRAM}</a></p>\r\n'
        f'<p>&nbsp;<a href="{YOUTUBE.replace("&", "&amp;")}" target="_blank">{YOUTUBE}</a></p>'
        "<p>Подробности — в нашем материале.</p>"
    )
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(body=body))
    assert response.status_code == 302
    stored = Article.objects.get().body
    assert re.findall(r'data-embed-provider="(\w+)"', stored) == ["telegram", "youtube"]
    assert stored.endswith("<p>Подробности — в нашем материале.</p>")


def test_the_body_field_says_what_becomes_an_embed(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).text
    assert "alone on its line becomes an embed" in page


def test_staff_preview_shows_placeholders_and_allows_their_players(editor_client, make_article):
    article = make_article(body=f"<p>{YOUTUBE}</p>", status="draft", published_at=None)
    response = editor_client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert 'class="embed embed--youtube"' in response.text
    assert frame_src(response) == "'self' https://www.youtube-nocookie.com"


def test_the_read_only_view_shows_the_link(reporter_client, make_article):
    article = make_article(body=f"<p>{YOUTUBE}</p>")  # published: read-only for a reporter
    page = reporter_client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert f'<a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a>' in page
