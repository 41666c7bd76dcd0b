"""Feeds and partners get an embed as its link alone on its line, never the player or the
site's own markup around it, in the Latin edition too."""

import feedparser
import pytest

from tests.distribution.conftest import detail

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TELEGRAM = "https://t.me/akorda_press/1234"
BODY = f"<p>Президент написал:</p><p>{TELEGRAM}</p><p>{YOUTUBE}</p>"
AS_LINKS = (
    "<p>Президент написал:</p>"
    f'<p><a href="{TELEGRAM}" rel="noopener noreferrer">{TELEGRAM}</a></p>'
    f'<p><a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p>'
)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_carry_each_embed_as_its_link(client, make_article, kind):
    make_article(body=BODY)
    [entry] = feedparser.parse(client.get(f"/ru/feed/{kind}/").content).entries
    content = entry.content[0].value
    assert content == AS_LINKS
    assert "data-embed" not in content
    assert "iframe" not in content
    assert "youtube-nocookie" not in content


def test_the_latin_editions_feed_keeps_the_links_as_they_are(client, make_article):
    make_article(language="kk", body=BODY.replace("Президент написал", "Президент жазды"))
    [entry] = feedparser.parse(client.get("/kk-latn/feed/rss/").content).entries
    content = entry.content[0].value
    assert f'<a href="{TELEGRAM}" rel="noopener noreferrer">{TELEGRAM}</a>' in content
    assert f'<a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a>' in content
    assert "Prezident jazdy" in content


def test_partners_get_each_embed_as_its_link_and_count_its_words(api, make_article):
    article = make_article(body=BODY)
    [body] = api.get(detail(article)).json()["bodies"]
    assert body["value"] == AS_LINKS
    assert body["wordCount"] == 4  # "Президент написал:" and the two addresses
