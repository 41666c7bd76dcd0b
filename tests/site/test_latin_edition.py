"""The Kazakh Latin edition (/kk-latn/): every page, feed and sitemap is in Latin letters and
says it is kk-Latn; search takes Latin and Cyrillic queries alike; slugs spell as it does."""

import importlib
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles import services
from articles.models import (
    Article,
    Author,
    Byline,
    GalleryPhoto,
    LiveUpdate,
    Section,
    SlugRedirect,
    Tag,
)
from articles.text.kazakh_latin import CYRILLIC_TO_LATIN, to_ascii_latin, to_latin
from articles.text.slugs import latin_slug

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile("[\u0400-\u04ff]")
NOON = timezone.make_aware(datetime(2025, 11, 16, 14, 30))
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def no_cyrillic(text: str) -> None:
    found = CYRILLIC.search(text)
    assert found is None, f"Cyrillic left: …{text[max(0, found.start() - 80) : found.end() + 40]}…"


class _Parts(HTMLParser):
    """Every text node and every attribute value of a page, each named by where it is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.parts += [(f"<{tag} {name}=…>", value or "") for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.parts.append((f"text in <{self.lasttag}>", data))


def no_cyrillic_anywhere(html: str) -> None:
    """No Cyrillic in a text node nor in any attribute's value (scripts show data-* ones),
    entities decoded; then none in the page's bytes at all."""
    parser = _Parts()
    parser.feed(html)
    parser.close()
    left = [(where, value) for where, value in parser.parts if CYRILLIC.search(value)]
    assert not left, f"Cyrillic left: {left[:5]}"
    no_cyrillic(html)


@pytest.fixture
def piece(make_article, make_photo):
    """A Kazakh piece with every part a page, a feed and its metadata show, all in Cyrillic."""
    section = Section.objects.create(slug="economy", name_ru="Экономика", name_kk="Экономика")
    tag = Tag.objects.create(slug="central-asia", name_ru="Центральная Азия",
                             name_kk="Орталық Азия")  # fmt: skip
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    photo = make_photo(caption_kk="Қаржыгер Расул Рысмамбетов", credit_kk="Сурет: агенттік",
                       alt_text_kk="Студияда сөйлеп тұрған ер адам")  # fmt: skip
    services.photo_save(photo=photo)
    russian = make_article(language="ru", headline="Открыт центр «Центральная Азия»",
                           published_at=NOON)  # fmt: skip
    kazakh = make_article(
        language="kk",
        story=russian.story,
        headline="«Орталық Азия» орталығы ашылды",
        lead="Қаржыгер Расул Рысмамбетов жаңа орталық туралы айтты.",
        body="<p>— Бұл бизнеске мүмкіндік, — деді Рысмамбетов.</p>",
        seo_description="Жаңа өнеркәсіптік орталық туралы",
        dateline="Астана",
        section=section,
        tags=[tag],
        hero_photo=photo,
        published_at=NOON,
    )
    Byline.objects.create(article=kazakh, author=author, role=Byline.Role.AUTHOR)
    return kazakh


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Language"] == "kk-Latn"
    return response


def head_of(html: str) -> str:
    return html[: html.index("</head>")]


def test_an_article_page_is_latin_from_its_head_to_its_json_ld(client, piece):
    html = page(client, piece.url_in("kk-latn")).text
    no_cyrillic(html)
    assert '<html lang="kk-Latn">' in html
    assert not re.search(r'\slang="kk"', html)  # the story's own element says kk-Latn too
    head = head_of(html)
    assert '<meta name="description" content="Jaña önerkäsıptık ortalyq turaly">' in head
    assert '<meta property="og:title" content="«Ortalyq Aziia» ortalyğy aşyldy">' in head
    assert '<meta name="twitter:title" content="«Ortalyq Aziia» ortalyğy aşyldy">' in head
    assert 'hreflang="kk-Latn"' in head
    data = [
        json.loads(script)
        for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]
    article = next(item for item in data if item["@type"] == "NewsArticle")
    assert article["inLanguage"] == "kk-Latn"
    assert article["headline"] == "«Ortalyq Aziia» ortalyğy aşyldy"
    assert article["url"].endswith(piece.url_in("kk-latn"))
    assert article["translationOfWork"]["inLanguage"] == "ru"


@pytest.mark.parametrize(
    "url",
    ["/kk-latn/", "/kk-latn/section/economy/", "/kk-latn/tag/central-asia/",
     "/kk-latn/archive/2025/"],
)  # fmt: skip
def test_list_pages_are_latin_and_say_kk_latn(client, piece, url):
    html = page(client, url).text
    no_cyrillic(html)
    assert '<html lang="kk-Latn">' in html
    assert "«Ortalyq Aziia» ortalyğy aşyldy" in html


def test_an_author_page_is_latin_with_its_breadcrumb_data(client, piece):
    author = piece.bylines.get().author
    html = page(client, f"/kk-latn/author/{author.slug}/").text
    no_cyrillic(html)
    crumbs = json.loads(re.search(r'ld\+json">(.*?)</script>', html).group(1))
    assert crumbs["itemListElement"][-1]["name"] == "Danira İskakova"


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("scope", ["", "section/economy/", "tag/central-asia/"])
def test_feeds_are_latin_and_declare_kk_latn(client, piece, kind, scope):
    for _ in range(2):  # the second time from the items kept as fragments
        response = page(client, f"/kk-latn/{scope}feed/{kind}/")
        no_cyrillic(response.text)
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.language == "kk-Latn"
        entry = parsed.entries[0]
        assert entry.title == "«Ortalyq Aziia» ortalyğy aşyldy"
        assert entry.link.endswith(piece.url_in("kk-latn"))
        assert "Rysmambetov" in entry.content[0].value
    root = ET.fromstring(response.content)
    if kind == "atom":
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "kk-Latn"
    else:
        assert root.find("channel/language").text == "kk-Latn"


def test_the_cyrillic_feeds_stay_cyrillic(client, piece):
    parsed = feedparser.parse(client.get("/kk/feed/rss/").content)
    assert parsed.feed.language == "kk"
    assert parsed.entries[0].title == "«Орталық Азия» орталығы ашылды"


def test_the_latin_editions_sitemap_lists_its_addresses_with_kk_latn_alternates(client, piece):
    response = client.get("/sitemap-articles-kk-latn.xml")
    assert response.status_code == 200
    no_cyrillic(response.text)
    urls = ET.fromstring(response.content).findall(f"{SM}url")
    assert [url.find(f"{SM}loc").text for url in urls] == [
        f"https://news.example.kz{piece.url_in('kk-latn')}"
    ]
    alternates = {
        link.get("hreflang"): link.get("href") for link in urls[0].findall(f"{XHTML}link")
    }
    assert alternates["kk-Latn"].endswith(piece.url_in("kk-latn"))
    assert alternates["kk"].endswith(piece.url_in("kk"))
    index = client.get("/sitemap.xml").text
    assert "sitemap-articles-kk-latn.xml" in index
    pages = client.get("/sitemap-pages.xml").text
    no_cyrillic(pages)
    assert "https://news.example.kz/kk-latn/section/economy/" in pages


@pytest.mark.parametrize(
    "query", ["Rysmambetov", "rysmambetov", "Рысмамбетов", "Rysmamb", "Mümkındık", "mumkindik"]
)
def test_latin_search_finds_the_piece_whatever_alphabet_the_query_is_in(client, piece, query):
    if query == "Rysmamb" and connection.vendor == "postgresql":
        pytest.skip("word beginnings are SQLite's matching; PostgreSQL's matches whole words")
    html = page(client, f"/kk-latn/search/?q={query}").text
    no_cyrillic(html)
    assert f'href="{piece.url_in("kk-latn")}"' in html


def test_latin_search_marks_the_matched_word_in_latin(client, piece):
    html = page(client, "/kk-latn/search/?q=Rysmambetov").text
    assert "<mark>Rysmambetov</mark>" in html


def test_a_latin_query_on_the_cyrillic_site_finds_nothing_new_and_a_cyrillic_one_works(
    client, piece
):
    assert piece.url_in("kk") in client.get("/kk/search/?q=Рысмамбетов").text
    assert piece.url_in("kk-latn") not in client.get("/kk-latn/search/?q=Joqsöz").text


def test_latin_search_follows_an_edited_piece(client, piece):
    piece.lead = "Экономист Асқар Жұмабаев пікір білдірді."
    piece.body = "<p>Жаңа орталық ашылды.</p>"
    piece.save()
    assert piece.url_in("kk-latn") in client.get("/kk-latn/search/?q=Jumabaev").text
    assert piece.url_in("kk-latn") not in client.get("/kk-latn/search/?q=Rysmambetov").text
    address = piece.url_in("kk-latn")
    piece.delete()
    assert address not in client.get("/kk-latn/search/?q=Jumabaev").text


def test_a_kazakh_slug_spells_the_editions_letters():
    assert latin_slug("Жаңа жыл: Шымкент", language="kk") == "jana-jyl-symkent"
    assert latin_slug("Жаңа жыл: Шымкент") == "zhana-zhyl-shymkent"  # Russian, English


def test_a_kazakh_pieces_slug_is_made_in_the_editions_letters(make_article):
    article = make_article(language="kk", headline="Жастар жиыны өтті")
    assert article.slug == "jastar-jiyny-otti"
    assert make_article(language="ru", headline="Жизнь").slug == "zhizn"


def test_a_kazakh_pieces_old_slug_moves_for_good_in_both_alphabets(client, make_article):
    article = make_article(language="kk", headline="Жастар жиыны өтті", slug="zhastar-zhiyny-otti")
    services.slug_to_edition_alphabet(article=article)
    article.refresh_from_db()
    assert article.slug == "jastar-jiyny-otti"
    assert SlugRedirect.objects.filter(language="kk", slug="zhastar-zhiyny-otti").exists()
    for edition in ("kk", "kk-latn"):
        response = client.get(f"/{edition}/news/zhastar-zhiyny-otti/")
        assert response.status_code == 301
        assert response["Location"] == f"/{edition}/news/jastar-jiyny-otti/"


def test_a_typed_kazakh_slug_is_left_as_the_editor_typed_it(make_article):
    article = make_article(language="kk", headline="Жастар жиыны өтті", slug="jastar-2025")
    services.slug_to_edition_alphabet(article=article)
    article.refresh_from_db()
    assert article.slug == "jastar-2025"
    assert not SlugRedirect.objects.exists()


def test_a_draft_with_an_old_kazakh_slug_gets_the_new_one_without_a_redirect(make_article):
    article = make_article(language="kk", headline="Жастар жиыны", slug="zhastar-zhiyny",
                           status=Article.Status.DRAFT, published_at=None)  # fmt: skip
    services.slug_to_edition_alphabet(article=article)
    article.refresh_from_db()
    assert article.slug == "jastar-jiyny"
    assert not SlugRedirect.objects.exists()


def test_partners_get_the_kazakh_pieces_in_latin_from_ninjs(client, piece):
    from articles.models.partners import partner_key_issue

    api = client.__class__(headers={"Authorization": f"Bearer {partner_key_issue(name='P')[1]}"})
    listed = api.get("/api/ninjs/", {"language": "kk-latn"})
    one = api.get(f"/api/ninjs/{piece.pk}/", {"language": "kk-latn"})
    for response in (listed, one):
        assert response.status_code == 200
        no_cyrillic(response.content.decode())
    [item] = listed.json()["items"]
    assert item == one.json()
    assert item["language"] == "kk-Latn"
    assert item["headlines"][0]["value"] == "«Ortalyq Aziia» ortalyğy aşyldy"
    assert item["altIds"] == [
        {"role": "url", "value": f"https://news.example.kz{piece.url_in('kk-latn')}"}
    ]
    assert api.get("/api/ninjs/", {"language": "kk"}).json()["items"][0]["language"] == "kk"
    russian = piece.story.articles.get(language="ru")
    assert api.get(f"/api/ninjs/{russian.pk}/", {"language": "kk-latn"}).status_code == 404


def test_the_upgrade_command_respells_old_kazakh_slugs_once(client, make_article):
    article = make_article(language="kk", headline="Жаңа жыл", slug="zhana-zhyl")
    russian = make_article(language="ru", headline="Жизнь")
    out = io.StringIO()
    call_command("kazakh_latin_slugs", stdout=out)
    assert out.getvalue().startswith("1 ")
    article.refresh_from_db()
    russian.refresh_from_db()
    assert (article.slug, russian.slug) == ("jana-jyl", "zhizn")
    assert client.get("/kk-latn/news/zhana-zhyl/")["Location"] == "/kk-latn/news/jana-jyl/"
    call_command("kazakh_latin_slugs", stdout=out)
    assert out.getvalue().endswith("0 Kazakh slug(s) respelt.\n")


def test_postgresqls_transliteration_spells_every_letter_as_the_edition_does():
    """Migration 0019 writes the letters out for PostgreSQL's own function (and SQLite's
    first filling of the Latin table): they must agree with the edition's letters."""
    migration = importlib.import_module("articles.migrations.0019_latin_edition_search")
    sql = migration._function_sql()
    # What PostgreSQL does with it: each replace(), innermost first, then translate().
    replaced = re.findall(r"'(.)', '(\w+)'\)", sql)
    source, target = re.search(r"'(\w+)', '(\w+)'\)$", sql).groups()
    table = str.maketrans(source[: len(target)], target, source[len(target) :])

    def postgresql(text: str) -> str:
        for cyrillic, latin in replaced:
            text = text.replace(cyrillic, latin)
        return text.translate(table)

    for cyrillic in CYRILLIC_TO_LATIN:
        expected = to_ascii_latin(cyrillic).lower()
        assert migration.fold(cyrillic).lower() == expected, cyrillic
        assert postgresql(cyrillic).lower() == expected, cyrillic
    assert postgresql("Рысмамбетов Өскеменде").lower() == "rysmambetov oskemende"


def test_the_parsed_check_sees_an_attribute_a_script_shows(piece):
    """The check looks at attribute values too, entities decoded."""
    with pytest.raises(AssertionError, match="data-live-new"):
        no_cyrillic_anywhere('<p data-live-new="&#1046;a&#1187;a">Jaña</p>')


@pytest.fixture
def latin_live(piece, make_article):
    """A Kazakh live page with an update, a pinned one, a gallery, and the most-read block."""
    live = make_article(
        language="kk",
        headline="Орталық Азия саммиті: тікелей эфир",
        is_live_page=True,
        published_at=timezone.now() - timedelta(hours=1),
    )
    for text, pinned in (("Президенттер келді", False), ("Орталық ашылды", True)):
        LiveUpdate.objects.create(article=live, body=f"<p>{text}</p>", is_pinned=pinned,
                                  posted_at=timezone.now(), title="Жаңалық")  # fmt: skip
    return live


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
def test_a_live_page_is_latin_in_its_text_and_in_what_its_script_shows(client, latin_live, closed):
    if closed:
        latin_live.live_closed_at = timezone.now()
        latin_live.save()
    html = page(client, latin_live.url_in("kk-latn")).text
    assert ("data-live-open" in html) is not closed
    no_cyrillic_anywhere(html)
    section = re.search(r'<section class="live"[^>]*>', html).group()
    with translation.override("kk"):  # {% translate %} asks for a literal % doubled
        fresh = gettext("New updates: %%(count)s — show them").replace("%%", "%")
        ended = gettext("Coverage has ended.")
    assert CYRILLIC.search(fresh)
    assert CYRILLIC.search(ended)
    assert f'data-live-new="{to_latin(fresh)}"' in section
    assert f'data-live-ended="{to_latin(ended)}"' in section
    with translation.override("kk-latn"):
        poll = reverse("articles:live_updates", kwargs={"slug": latin_live.slug})
    no_cyrillic_anywhere(page(client, poll + "?after=0").text)


def test_a_gallery_and_its_carousel_buttons_are_latin(client, piece, make_photo):
    first = make_photo(caption_kk="Қазақстан делегациясы", credit_kk="Ақорда",
                       alt_text_kk="Үлкен зал")  # fmt: skip
    photos = [first, make_photo(caption_kk="Екінші сурет")]
    for number, photo in enumerate(photos, start=1):
        GalleryPhoto.objects.create(article=piece, photo=photo, position=number)
    html = page(client, piece.url_in("kk-latn")).text
    assert "data-gallery-list" in html
    no_cyrillic_anywhere(html)


def test_the_most_read_block_is_latin(client, piece):
    from tests.reading.conftest import beacon, ranked

    beacon(piece)
    assert ranked("kk") == [piece.pk]
    for url in ("/kk-latn/", piece.url_in("kk-latn")):
        html = page(client, url).text
        assert 'class="most-read"' in html
        no_cyrillic_anywhere(html)
