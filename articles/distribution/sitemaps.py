"""Sitemaps for search engines: an index, one sitemap per reader language, and Google News.

Each article entry carries `lastmod` and `xhtml:link` alternates for every published language
version of its story (Kazakh also in the Latin edition), plus `x-default`. Every address is on
the configured site (NEWSROOM_SITE_URL), whatever Host the request named.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from articles import selectors
from articles.http.site_address import ConfiguredSite, absolute
from articles.i18n import content_language, editions, hreflang
from articles.models import Article, Section
from articles.models.ordering import in_meta_order
from articles.page_keys import SITEMAP_KEY, shows
from articles.text.clean import clean_text

NEWS_WINDOW = timedelta(hours=48)


class ConfiguredSiteSitemap(Sitemap):
    """A sitemap whose addresses are on the configured site, never on the request's Host
    (Django's sitemap view passes the request's site and scheme: they are ignored)."""

    def get_urls(self, page=1, site=None, protocol=None):
        site = ConfiguredSite()
        return self._urls(page, site.protocol, site.domain)


class ArticleSitemap(ConfiguredSiteSitemap):
    """Published articles as readers of one language (e.g. kk or kk-latn) reach them."""

    limit = 10_000

    def __init__(self, reader_language: str):
        self.reader_language = reader_language
        self.language = content_language(reader_language)

    def items(self):
        shows(SITEMAP_KEY)
        return selectors.sitemap_pieces(language=self.language)

    def location(self, article):
        return article.url_in(self.reader_language)

    def lastmod(self, article):
        return article.last_modified

    def get_latest_lastmod(self):
        latest = self.items().aggregate(published=Max("published_at"), updated=Max("updated_at"))
        return max(filter(None, latest.values()), default=None)

    def versions_on_page(self, page) -> dict[int, list[Article]]:
        """The published versions of the stories of sitemap page `page`, by story: one query,
        whatever the page's size. The page's stories are a subquery (the page's own slice),
        not a list of ids: an IN-list of 10,000 ids, as a prefetch sends, is too deep an
        expression for SQLite (its limit is 1,000) and a long parse for PostgreSQL."""
        bottom = (int(page) - 1) * self.limit  # a valid number: the page has been read
        stories = self.items().values("story_id")[bottom : bottom + self.limit]
        versions = selectors.story_versions(stories=stories)
        by_story: dict[int, list[Article]] = {}
        for version in versions:
            by_story.setdefault(version.story_id, []).append(version)
        return by_story

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        by_story = self.versions_on_page(page) if urls else {}
        for url in urls:
            versions = in_meta_order(by_story.get(url["item"].story_id, []))
            url["alternates"] = [
                {"location": f"{protocol}://{domain}{version.url_in(code)}",
                 "lang_code": hreflang(code)}
                for version in versions
                for code in editions(version.language)
            ]  # fmt: skip
            original = next((v for v in versions if v.language == settings.LANGUAGE_CODE), None)
            if original is not None:
                url["alternates"].append(
                    {"location": f"{protocol}://{domain}{original.get_absolute_url()}",
                     "lang_code": "x-default"}
                )  # fmt: skip
        return urls


class PagesSitemap(ConfiguredSiteSitemap):
    """Home and section pages in every reader language."""

    changefreq = "hourly"

    def items(self):
        shows(SITEMAP_KEY)
        sections = list(Section.objects.all())
        return [(code, None) for code, _ in settings.LANGUAGES] + [
            (code, section) for code, _ in settings.LANGUAGES for section in sections
        ]

    def location(self, item):
        code, section = item
        with translation.override(code):
            return section.get_absolute_url() if section else reverse("articles:home")


def sitemaps() -> dict[str, Sitemap]:
    return {
        "pages": PagesSitemap(),
        **{f"articles-{code}": ArticleSitemap(code) for code, _ in settings.LANGUAGES},
    }


@require_safe
def news_sitemap(request):
    """Google News: pieces published in the last 48 hours, with publication name and language."""
    shows(SITEMAP_KEY)
    since = timezone.now() - NEWS_WINDOW
    articles = selectors.news_pieces(since=since)[:1000]
    entries = [
        {
            "location": absolute(article.get_absolute_url()),
            "language": hreflang(article.language),
            "title": clean_text(article.headline),  # stored clean; XML must be, whatever got in
            "published": article.published_at,
        }
        for article in articles
    ]
    return render(
        request,
        "sitemaps/news.xml",
        {"entries": entries, "publication": settings.NEWSROOM_SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",  # the desk, previews included
        "Disallow: /ckeditor/",
        "Disallow: /api/",
        *(f"Disallow: /{code}/search/" for code, _ in settings.LANGUAGES),
        "",
        f"Sitemap: {absolute(reverse('sitemap_index'))}",
        f"Sitemap: {absolute(reverse('news_sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name: str):
    """Django's sitemap index, with each sitemap's address on the configured site (Django's
    own view builds them from the request's Host)."""
    entries, newest, all_dated = [], None, True
    for section, sitemap in sitemaps.items():
        location = absolute(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        if lastmod is None:
            all_dated = False
        elif newest is None or lastmod > newest:
            newest = lastmod
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    headers = {"Last-Modified": http_date(newest.timestamp())} if all_dated and newest else None
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )
