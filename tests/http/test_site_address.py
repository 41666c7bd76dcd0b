"""Absolute URLs come from NEWSROOM_SITE_URL, never from the request's Host (finding 7).

The page cache keys on the path: a page must be the same whatever Host the request named, or
one request with `Host: 127.0.0.1:6666` would put that address in what every reader gets.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models.partners import partner_key_issue
from tests.factories import SITE_URL

# Hosts Django accepts (ALLOWED_HOSTS ignores ports; the test runner adds "testserver").
HOSTILE_HOSTS = ["127.0.0.1:6666", "localhost:6666", "testserver:6666", "localhost"]
TRACES = (":6666", "127.0.0.1", "localhost", "testserver")


@pytest.fixture
def published(central_asia_story, make_article, media_in_tmp):
    services.photo_save(photo=central_asia_story.hero_photo)
    make_article(language="en", headline="Centre opens", story=central_asia_story.story)
    return central_asia_story


def public_urls(article) -> list[str]:
    byline = article.bylines.first()
    with translation.override("ru"):
        return [
            article.get_absolute_url(),
            "/ru/",
            article.section.get_absolute_url(),
            article.tags.first().get_absolute_url(),
            byline.author.get_absolute_url(),
            f"/ru/archive/{article.published_at.year}/",
            "/ru/search/?q=Центр",
            reverse("articles:feed_rss"),
            reverse("articles:feed_atom"),
            reverse("articles:section_feed_rss", args=[article.section.slug]),
            reverse("articles:section_feed_atom", args=[article.section.slug]),
            reverse("articles:tag_feed_atom", args=[article.tags.first().slug]),
            reverse("articles:author_feed_rss", args=[byline.author.slug]),
            reverse("sitemap_index"),
            reverse("sitemap_section", args=["articles-ru"]),
            reverse("sitemap_section", args=["articles-en"]),
            reverse("sitemap_section", args=["pages"]),
            reverse("news_sitemap"),
            reverse("robots_txt"),
        ]


def test_a_hostile_host_never_reaches_what_readers_get(published):
    """For every public page, feed and sitemap: a request naming another host or port first,
    then a reader's; neither answer carries anything but the configured address."""
    for url in public_urls(published):
        for host in HOSTILE_HOSTS:
            hostile = Client(headers={"host": host}).get(url)
            assert hostile.status_code == 200, (url, host)
            reader = Client().get(url)
            assert reader.status_code == 200, url
            for response in (hostile, reader):
                text = response.content.decode()
                assert not any(trace in text for trace in TRACES), (url, host)
        if any(kind in url for kind in ("/news/", "feed", "sitemap", "robots", "/author/")):
            assert SITE_URL in reader.content.decode(), url


def test_the_article_page_names_only_the_configured_address(published, settings):
    settings.NEWSROOM_SITE_URL = "http://news.example.kz:8080"
    page = Client(headers={"host": "127.0.0.1:6666"}).get(published.get_absolute_url()).text
    canonical = (
        f'<link rel="canonical" href="http://news.example.kz:8080{published.get_absolute_url()}">'
    )
    assert canonical in page
    assert '<meta property="og:url" content="http://news.example.kz:8080' in page
    assert (
        '"@id": "http://news.example.kz:8080' in page
        or '"@id":"http://news.example.kz:8080' in page
    )
    assert ":6666" not in page


def test_partner_items_and_their_next_page_use_the_configured_address(published, make_article):
    make_article(headline="Ещё одна новость")
    raw = partner_key_issue(name="Kazinform")[1]
    partner = Client(headers={"Authorization": f"Bearer {raw}", "host": "127.0.0.1:6666"})
    answer = partner.get("/api/ninjs/?limit=1").json()
    assert answer["next"].startswith(f"{SITE_URL}/api/ninjs/?")
    text = partner.get("/api/ninjs/").content.decode()
    assert SITE_URL in text
    assert ":6666" not in text
    assert "127.0.0.1" not in text


def test_media_on_their_own_origin_keep_it_whatever_the_host(published, settings):
    """With media on a separate origin (NEWSROOM_MEDIA_DOMAIN, a CDN or S3), images in the
    page's cards and in feeds point there; nothing takes the request's Host."""
    settings.MEDIA_URL = "https://media.example.kz/"
    hostile = Client(headers={"host": "127.0.0.1:6666"})
    page = hostile.get(published.get_absolute_url()).text
    assert '<meta property="og:image" content="https://media.example.kz/' in page
    feed = hostile.get(reverse("articles:feed_rss")).text
    assert 'url="https://media.example.kz/' in feed
    assert ":6666" not in page + feed
