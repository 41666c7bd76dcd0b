"""Feeds, sitemaps, robots.txt, JSON-LD and social cards, read the way their consumers read them."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import feedparser
import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles import services
from articles.models import Article, Byline, GalleryPhoto

pytestmark = pytest.mark.django_db
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
BASE = "https://news.example.kz"


@pytest.fixture
def story(central_asia_story, make_article, author, media_in_tmp):
    """The reference piece with a rendered photo, an English version and unpublished noise."""
    services.photo_save(photo=central_asia_story.hero_photo)
    english = make_article(
        language="en",
        headline="Central Asia centre opens",
        story=central_asia_story.story,
        section=central_asia_story.section,
    )
    Byline.objects.create(article=english, author=author, role="translator")
    make_article(headline="Черновик не для читателей", status="draft", published_at=None)
    make_article(headline="Завтрашний материал", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Снятый материал", status=Article.Status.WITHDRAWN)
    return {"ru": central_asia_story, "en": english}


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


HIDDEN = ["Черновик не для читателей", "Завтрашний материал", "Снятый материал"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_language_feed_carries_everything_a_reader_or_aggregator_needs(client, story, kind):
    parsed = feed(client, f"/ru/feed/{kind}/")
    assert parsed.feed.language.startswith("ru")
    titles = [entry.title for entry in parsed.entries]
    assert story["ru"].headline in titles
    assert "Central Asia centre opens" not in titles  # English has its own feed
    assert not set(HIDDEN) & set(titles)
    entry = next(e for e in parsed.entries if e.title == story["ru"].headline)
    assert entry.link == BASE + story["ru"].get_absolute_url()
    assert entry.summary == story["ru"].lead
    assert "— Главное — вместе привлекать инвестиции" in entry.content[0].value
    assert [a.name for a in entry.authors] == ["Данира Искакова"]
    assert entry.published_parsed
    assert entry.updated_parsed
    assert {"Экономика", "Центральная Азия"} <= {t.term for t in entry.tags}
    [media] = entry.media_content
    assert media["url"].startswith(BASE + "/media/renditions/")
    assert media["url"].endswith(".jpg")
    assert entry.media_credit[0]["content"] == "Фото: facebook.com/rassul.rysmambetov"
    if kind == "rss":
        [enclosure] = entry.enclosures
        assert enclosure.type == "image/jpeg"
        assert int(enclosure.length) > 0


@pytest.mark.parametrize("scope", ["section/economy", "tag/central-asia", "author/danira-iskakova"])
def test_section_tag_and_author_feeds_list_their_published_pieces(client, story, scope):
    for kind in ("rss", "atom"):
        titles = [e.title for e in feed(client, f"/ru/{scope}/feed/{kind}/").entries]
        assert story["ru"].headline in titles
        assert not set(HIDDEN) & set(titles)


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize(
    ("scope", "language", "name"),
    [
        ("author/danira-iskakova", "en", "Danira Iskakova"),
        ("author/danira-iskakova", "ru", "Данира Искакова"),
        ("section/economy", "en", "Economy"),
        ("section/economy", "ru", "Экономика"),
        ("tag/central-asia", "en", "Central Asia"),
        ("tag/central-asia", "kk", "Орталық Азия"),
    ],
)
def test_a_scoped_feed_names_its_section_tag_or_author_in_its_language(
    client, story, settings, kind, scope, language, name
):
    from articles.models import Tag

    Tag.objects.filter(slug="central-asia").update(name_en="Central Asia", name_kk="Орталық Азия")
    parsed = feed(client, f"/{language}/{scope}/feed/{kind}/")
    with translation.override(language):
        description = gettext("The latest news: %(name)s.") % {"name": name}
    assert parsed.feed.title == f"{name} — {settings.NEWSROOM_SITE_NAME}"
    assert parsed.feed.subtitle == description  # RSS's description, Atom's subtitle


def test_pages_link_their_feeds(client, story):
    home = client.get("/ru/").text
    assert 'type="application/rss+xml"' in home
    assert 'href="/ru/feed/rss/"' in home
    assert 'href="/ru/feed/atom/"' in home
    section = client.get("/ru/section/economy/").text
    assert 'href="/ru/section/economy/feed/rss/"' in section


def test_a_change_shows_in_the_feed_at_once(client, story, admin_user):
    article = story["ru"]
    article.headline = "Исправленный заголовок"
    services.article_save(article=article, user=admin_user)
    assert "Исправленный заголовок" in [e.title for e in feed(client, "/ru/feed/rss/").entries]
    services.article_withdraw(article=article, user=admin_user, reason="Проверка")
    assert "Исправленный заголовок" not in [e.title for e in feed(client, "/ru/feed/rss/").entries]


def xml(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_sitemap_index_lists_a_sitemap_per_language(client, story):
    index = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    for code in ("ru", "kk", "en", "kk-latn"):
        assert f"{BASE}/sitemap-articles-{code}.xml" in locations


def test_language_sitemap_entries_carry_lastmod_and_hreflang_alternates(client, story):
    urlset = xml(client, "/sitemap-articles-ru.xml")
    entries = {url.findtext("sm:loc", namespaces=NS): url for url in urlset.findall("sm:url", NS)}
    russian = BASE + story["ru"].get_absolute_url()
    assert set(entries) == {russian, BASE + story["ru"].earlier.get_absolute_url()}  # no hidden
    entry = entries[russian]
    lastmod = entry.findtext("sm:lastmod", namespaces=NS)
    assert timezone.datetime.fromisoformat(lastmod) == story["ru"].last_modified
    alternates = {
        link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)
    }
    assert alternates == {
        "ru": russian,
        "en": BASE + story["en"].get_absolute_url(),
        "x-default": russian,
    }


def test_google_news_sitemap_lists_the_last_48_hours_only(client, story, make_article):
    fresh = make_article(
        headline="Свежая новость", published_at=timezone.now() - timedelta(hours=2)
    )
    make_article(headline="Вчерашняя", published_at=timezone.now() - timedelta(hours=47))
    make_article(headline="Позавчерашняя", published_at=timezone.now() - timedelta(hours=49))
    urlset = xml(client, "/news-sitemap.xml")
    titles = [
        n.findtext("news:news/news:title", namespaces=NS) for n in urlset.findall("sm:url", NS)
    ]
    assert "Свежая новость" in titles
    assert "Вчерашняя" in titles
    assert "Позавчерашняя" not in titles
    assert not set(HIDDEN) & set(titles)
    entry = next(u for u in urlset.findall("sm:url", NS) if u.findtext("sm:loc", namespaces=NS)
                 == BASE + fresh.get_absolute_url())  # fmt: skip
    assert entry.findtext("news:news/news:publication/news:name", namespaces=NS) == "Newsroom"
    assert entry.findtext("news:news/news:publication/news:language", namespaces=NS) == "ru"
    published = entry.findtext("news:news/news:publication_date", namespaces=NS)
    assert timezone.datetime.fromisoformat(published) == fresh.published_at


def test_robots_txt_names_the_sitemaps_and_keeps_the_desk_out(client):
    text = client.get("/robots.txt").text
    assert "Sitemap: https://news.example.kz/sitemap.xml" in text
    assert "Sitemap: https://news.example.kz/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text  # previews live under /admin/ too


def json_ld(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def meta(page: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)


def test_article_carries_news_article_json_ld(client, story):
    page = client.get(story["ru"].get_absolute_url()).text
    [data] = json_ld(page)
    article = story["ru"]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["description"] == article.lead
    assert data["inLanguage"] == "ru"
    assert timezone.datetime.fromisoformat(data["datePublished"]) == article.published_at
    assert timezone.datetime.fromisoformat(data["dateModified"]) == article.last_modified
    [person] = data["author"]
    assert person == {"@type": "Person", "name": "Данира Искакова", "jobTitle": "Автор",
                      "url": BASE + article.bylines.get().author.get_absolute_url()}  # fmt: skip
    image = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["caption"] == "Финансист Расул Рысмамбетов"
    assert image["creditText"] == "Фото: facebook.com/rassul.rysmambetov"
    assert image["creator"]["name"] == "facebook.com/rassul.rysmambetov"
    assert image["copyrightNotice"] == "Фото: facebook.com/rassul.rysmambetov"
    assert data["publisher"]["logo"]["url"].endswith("/static/newsroom/logo.png")
    assert data["workTranslation"] == [{"@type": "NewsArticle", "inLanguage": "en",
                                        "@id": BASE + story["en"].get_absolute_url()}]  # fmt: skip


def test_translation_points_back_to_its_original_and_credits_the_translator(client, story):
    [data] = json_ld(client.get(story["en"].get_absolute_url()).text)
    assert data["translationOfWork"]["@id"] == BASE + story["ru"].get_absolute_url()
    assert data["translator"][0]["name"] == "Danira Iskakova"


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client, make_article):
    article = make_article(headline="</script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in page
    [data] = json_ld(page)
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_article_carries_opengraph_and_twitter_cards(client, story):
    page = client.get(story["ru"].get_absolute_url()).text
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == [story["ru"].headline]
    assert meta(page, "og:url") == [BASE + story["ru"].get_absolute_url()]
    assert meta(page, "og:locale") == ["ru_RU"]
    assert meta(page, "og:locale:alternate") == ["en_US"]
    assert meta(page, "og:image")[0].endswith(".jpg")
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert f'<link rel="canonical" href="{BASE}{story["ru"].get_absolute_url()}">' in page


def image_texts(page: str) -> list[str]:
    """What the page's cards and JSON-LD say about its photos, none of them able to say
    which language it is in: og:image:alt, twitter:image:alt, ImageObject captions."""
    texts = meta(page, "og:image:alt") + meta(page, "twitter:image:alt")
    [data] = json_ld(page)
    images = [data["image"], *data["hasPart"]["associatedMedia"]]
    return texts + [image.get("caption") or "" for image in images]


@pytest.mark.parametrize("language", ["kk", "en"])
def test_cards_and_json_ld_never_pass_off_another_languages_alt_text(
    client, make_article, make_photo, media_in_tmp, language
):
    """A photo with Russian texts only: no og/twitter image alt, no ImageObject caption on a
    Kazakh or English page (a visible alt would say lang="ru"; these cannot)."""
    photo = make_photo()  # caption, credit and alt in Russian only
    services.photo_save(photo=photo)
    piece = make_article(language=language, headline="Орталық ашылды", hero_photo=photo)
    GalleryPhoto.objects.create(article=piece, photo=make_photo(), position=1)
    page = client.get(piece.get_absolute_url()).text
    assert meta(page, "og:image")
    assert meta(page, "og:image:alt") == []
    assert meta(page, "twitter:image:alt") == []
    assert not any("Мужчина" in text or "Финансист" in text for text in image_texts(page))
    rss = client.get(f"/{language}/feed/rss/").text
    assert "Мужчина" not in rss
    # The page language's caption says what the picture shows instead.
    setattr(photo, f"caption_{language}", "Қаржыгер Расул Рысмамбетов")
    photo.save()
    page = client.get(piece.get_absolute_url()).text
    assert meta(page, "og:image:alt") == ["Қаржыгер Расул Рысмамбетов"]
    assert meta(page, "twitter:image:alt") == ["Қаржыгер Расул Рысмамбетов"]
    setattr(photo, f"alt_text_{language}", "Студиядағы ер адам")
    photo.save()
    page = client.get(piece.get_absolute_url()).text
    assert meta(page, "og:image:alt") == ["Студиядағы ер адам"]


def test_section_and_author_pages_carry_matching_breadcrumbs(client, story):
    section_page = client.get("/ru/section/economy/").text
    [crumbs] = json_ld(section_page)
    assert crumbs["@type"] == "BreadcrumbList"
    trail = [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]]
    assert trail == [
        (1, "Newsroom", f"{BASE}/ru/"),
        (2, "Экономика", f"{BASE}/ru/section/economy/"),
    ]
    assert 'aria-current="page">Экономика<' in section_page
    author = story["ru"].bylines.get().author
    [crumbs] = json_ld(client.get(author.get_absolute_url()).text)
    assert crumbs["itemListElement"][1]["name"] == "Данира Искакова"


def test_unpublished_pieces_are_in_no_feed_or_sitemap(client, story):
    reader = Client()
    everything = "".join(
        reader.get(url).content.decode()
        for url in ["/ru/feed/rss/", "/ru/feed/atom/", "/sitemap-articles-ru.xml",
                    "/news-sitemap.xml", "/ru/section/economy/feed/rss/"]
    )  # fmt: skip
    for headline in HIDDEN:
        assert headline not in everything
