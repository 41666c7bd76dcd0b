"""Sitemaps at any size: every page of a language's sitemap serves, in a fixed number of
queries, however many pieces it lists (an archive filled by the bench's `fill_archive`, whose
command is called here without installing the bench app)."""

import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.distribution.sitemaps import ArticleSitemap
from articles.models import Article
from bench.management.commands import fill_archive

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
# The smallest archive whose Russian sitemap page broke SQLite: with the alternates read by a
# prefetch, a page of more than ~1,000 stories became an expression too deep for it (500).
# 2,100 articles gave 996 Russian pieces and served; 2,200 gave over 1,000 and failed.
ARCHIVE_THAT_BROKE_SQLITE = 2_200


@pytest.fixture
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False  # every request reads the database


def urlset(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.mark.django_db(transaction=True)  # fill_archive ends with VACUUM (PostgreSQL)
def test_a_sitemap_page_of_a_big_archive_serves_with_every_alternate(client, no_page_cache):
    call_command(fill_archive.Command(), articles=ARCHIVE_THAT_BROKE_SQLITE, stdout=io.StringIO())
    russian = Article.objects.published().filter(language="ru")
    assert russian.count() > 1_000

    urls = urlset(client.get("/sitemap-articles-ru.xml")).findall("sm:url", NS)

    assert len(urls) == russian.count()
    stories_in_more_languages = Article.objects.published().exclude(language="ru")
    translated = russian.filter(story__in=stories_in_more_languages.values("story"))
    with_alternates = [url for url in urls if len(url.findall("xhtml:link", NS)) > 2]
    assert len(with_alternates) == translated.count() > 0


def test_every_page_of_a_language_sitemap_takes_the_same_few_queries(
    client, no_page_cache, make_article, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)  # pages of three: page 2 and 3 exist
    for number in range(8):
        russian = make_article(headline=f"Новость {number}")
        if number % 2:
            make_article(language="kk", headline=f"Жаңалық {number}", story=russian.story)

    for page in ("", "?p=2", "?p=3"):
        with CaptureQueriesContext(connection) as queries:
            urls = urlset(client.get(f"/sitemap-articles-ru.xml{page}")).findall("sm:url", NS)
        # How many pieces there are, the page's pieces, and their stories' versions.
        assert len(queries) == 3, "\n".join(q["sql"][:150] for q in queries)
        assert 1 <= len(urls) <= 3


def test_a_sitemap_page_names_the_versions_of_its_own_stories_only(
    client, no_page_cache, make_article, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)  # one piece a page, newest first
    now = timezone.now()
    older = make_article(headline="Старая новость", published_at=now - timedelta(hours=2))
    make_article(language="en", headline="Old news", story=older.story)
    make_article(headline="Новая новость", published_at=now - timedelta(hours=1))

    def alternates(page: str) -> set[str]:
        [url] = urlset(client.get(f"/sitemap-articles-ru.xml{page}")).findall("sm:url", NS)
        return {link.get("hreflang") for link in url.findall("xhtml:link", NS)}

    assert alternates("") == {"ru", "x-default"}
    assert alternates("?p=2") == {"ru", "en", "x-default"}
