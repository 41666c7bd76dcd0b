"""Unpublished pieces asked for by name: 404 in every language, unfound, never linked."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from tests.factories import CONTENT_LANGUAGES, UNPUBLISHED_KINDS, secret_marker, visible_marker

pytestmark = pytest.mark.django_db

READER_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_unpublished_pieces_are_404_in_every_reader_language(client, newsroom):
    """The item pages, stated on their own (the walk checks them too)."""
    for article in newsroom.unpublished.values():
        for language in READER_LANGUAGES:
            with translation.override(language):
                url = reverse("articles:detail", kwargs={"slug": article.slug})
            assert client.get(url).status_code == 404, url
        headers = {"authorization": f"Bearer {newsroom.partner_key}"}
        response = client.get(f"/api/ninjs/{article.pk}/", headers=headers)
        if article.status == Article.Status.WITHDRAWN:  # partners are told to stop using it
            assert response.json()["pubStatus"] == "canceled"
            assert article.headline not in response.text
        else:
            assert response.status_code == 404
    for language, article in newsroom.visible.items():
        assert client.get(article.get_absolute_url()).status_code == 200, language


def test_search_for_each_marker_finds_nothing_unpublished(client, newsroom):
    for language in READER_LANGUAGES:
        for marker in newsroom.secret_markers:
            response = client.get(f"/{language}/search/", {"q": marker})
            assert response.status_code == 200
            assert list(response.context["results"]) == [], (language, marker)
    for language in CONTENT_LANGUAGES:
        response = client.get(f"/{language}/search/", {"q": visible_marker(language)})
        assert [a.pk for a in response.context["results"]] == [newsroom.visible[language].pk]


@pytest.mark.parametrize("kind", UNPUBLISHED_KINDS)
def test_earlier_on_this_story_does_not_name_an_unpublished_piece(client, newsroom, kind):
    """A live piece points “earlier on this story” to a piece that is (no longer) live."""
    hidden = newsroom.unpublished[secret_marker(kind, "ru")]
    live = newsroom.visible["ru"]
    Article.objects.filter(pk=live.pk).update(earlier=hidden)
    response = client.get(live.get_absolute_url())
    assert response.status_code == 200
    assert secret_marker(kind, "ru") not in response.text
    assert hidden.slug not in response.text
