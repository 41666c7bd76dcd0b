"""Home, sections, tags, authors, archive and related pieces, as readers find them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Byline, Section, Tag
from articles.search import postgres

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def test_home_has_a_lead_the_latest_and_a_block_per_section(client, make_article, section):
    politics = Section.objects.create(slug="politics", name_ru="Политика", position=2)
    make_article(
        headline="Главное за день", is_featured=True, published_at=NOW - timedelta(hours=5)
    )
    make_article(headline="Свежая экономика", section=section)
    make_article(headline="Свежая политика", section=politics)
    page = client.get("/ru/").text
    assert page.index("Главное за день") < page.index('id="latest-title"')  # featured leads
    assert 'id="section-economy"' in page
    assert 'id="section-politics"' in page
    block = page[page.index('id="section-politics"') :]
    assert "Свежая политика" in block


def test_newest_piece_leads_when_nothing_is_featured(client, make_article):
    make_article(headline="Старое", published_at=NOW - timedelta(days=1))
    make_article(headline="Самое новое", published_at=NOW - timedelta(minutes=1))
    page = client.get("/ru/").text
    lead = page[page.index('class="home-lead"') : page.index('id="latest-title"')]
    assert "Самое новое" in lead


def test_breaking_strip_shows_only_when_a_piece_is_flagged(client, make_article):
    make_article(headline="Обычная новость")
    assert 'class="breaking"' not in client.get("/ru/").text
    make_article(headline="Срочно: землетрясение", is_breaking=True)
    page = client.get("/ru/").text
    assert 'class="breaking"' in page
    assert "Срочно: землетрясение" in page[page.index('class="breaking"') :]


def test_unpublished_pieces_are_in_no_block_of_the_home_page(client, make_article, section):
    make_article(headline="Черновик с флагом", status="draft", published_at=None,
                 is_breaking=True, is_featured=True, section=section)  # fmt: skip
    make_article(headline="Завтрашняя", published_at=NOW + timedelta(days=1), section=section)
    page = client.get("/ru/").text
    assert "Черновик с флагом" not in page
    assert "Завтрашняя" not in page


def test_tag_page_lists_its_published_pieces(client, make_article, tag):
    make_article(headline="С тегом", tags=[tag])
    make_article(headline="Без тега")
    page = client.get(tag.get_absolute_url()).text
    assert "С тегом" in page
    assert "Без тега" not in page
    assert "<title>Центральная Азия" in page


def test_author_page_shows_role_bio_and_the_authors_pieces(client, make_article):
    author = Author.objects.create(name="Данира Искакова", title_ru="Корреспондент в Астане",
                                   bio_ru="Пишет об экономике.")  # fmt: skip
    mine = make_article(headline="Её материал")
    Byline.objects.create(article=mine, author=author)
    make_article(headline="Чужой материал")
    page = client.get(author.get_absolute_url()).text
    assert "Корреспондент в Астане" in page
    assert "Пишет об экономике." in page
    assert "Её материал" in page
    assert "Чужой материал" not in page


def test_article_links_to_author_tag_and_related_pieces(client, central_asia_story, make_article):
    tag = central_asia_story.tags.get()
    related = make_article(headline="Ещё про Центральную Азию", tags=[tag])
    make_article(headline="Совсем про другое")
    page = client.get(central_asia_story.get_absolute_url()).text
    author = central_asia_story.bylines.get().author
    assert f'href="{author.get_absolute_url()}"' in page
    assert f'href="{tag.get_absolute_url()}"' in page
    section = page[page.index('class="related"') :]
    assert related.headline in section
    assert "Совсем про другое" not in section


def test_reading_time_is_computed_for_the_language(make_article):
    words = " ".join(["слово"] * 540)
    assert make_article(language="ru", lead="", body=f"<p>{words}</p>").reading_minutes == 3
    english = " ".join(["word"] * 690)
    assert make_article(language="en", lead="", body=f"<p>{english}</p>").reading_minutes == 3


def test_article_page_says_how_long_it_takes_to_read(client, make_article):
    article = make_article(body="<p>" + " ".join(["слово"] * 400) + "</p>")
    assert "2 минуты чтения" in client.get(article.get_absolute_url()).text


def test_archive_by_year_month_and_day(client, make_article):
    when = timezone.make_aware(timezone.datetime(2025, 11, 16, 14, 30))
    make_article(headline="Шестнадцатое ноября", published_at=when)
    make_article(headline="Пятнадцатое ноября", published_at=when - timedelta(days=1))
    year = client.get("/ru/archive/2025/").text
    assert "Шестнадцатое ноября" in year
    assert "/ru/archive/2025/11/" in year
    month = client.get("/ru/archive/2025/11/").text
    assert "Пятнадцатое ноября" in month
    assert "/ru/archive/2025/11/16/" in month
    day = client.get("/ru/archive/2025/11/16/").text
    assert "Шестнадцатое ноября" in day
    assert "Пятнадцатое ноября" not in day


@pytest.mark.parametrize("path", ["2025/13/", "2025/02/30/", "0/1/1/", "99999/", "2025/00/"])
def test_impossible_archive_dates_are_404(client, path):
    assert client.get(f"/ru/archive/{path}").status_code == 404


def test_lists_paginate_with_plain_page_links(client, make_article, section):
    for number in range(25):
        make_article(headline=f"Экономика {number}", section=section)
    first = client.get(section.get_absolute_url()).text
    assert 'href="?page=2"' in first
    second = client.get(section.get_absolute_url() + "?page=2").text
    assert "Экономика 0" in second
    assert "Страница 2 из 2" in second
    assert client.get(section.get_absolute_url() + "?page=99").status_code == 404


# ---- constant work per page ------------------------------------------------------------


def fill(make_article, make_photo, count: int):
    """`count` pieces in one section, each with its own photo, author and three tags."""
    section = Section.objects.get_or_create(slug="economy", defaults={"name_ru": "Экономика"})[0]
    photo = make_photo()
    for number in range(count):
        tags = [Tag.objects.get_or_create(slug=f"t{number}-{k}", name_ru=f"Тег {k}")[0]
                for k in range(3)]  # fmt: skip
        tags.append(Tag.objects.get_or_create(slug="common")[0])
        article = make_article(
            headline=f"Новость {number}", section=section, hero_photo=photo, tags=tags
        )
        author = Author.objects.create(name=f"Автор {number}")
        Byline.objects.create(article=article, author=author)
    return article, author, section


PAGES = {
    "home": lambda article, author, section: "/ru/",
    "article": lambda article, author, section: article.get_absolute_url(),
    "section": lambda article, author, section: section.get_absolute_url(),
    "tag": lambda article, author, section: "/ru/tag/common/",
    "author": lambda article, author, section: author.get_absolute_url(),
    "archive": lambda article, author, section: (
        f"/ru/archive/{timezone.localtime(article.published_at):%Y/%m}/"
    ),
    "search": lambda article, author, section: "/ru/search/?q=Новость",
}
# Search on SQLite: FTS5 ranking, which of those readers may see, the page's pieces, sections;
# on PostgreSQL: the newest matches, their ranks, the page's pieces, sections (how far back the
# first window of matches reaches is one more query once in SPAN_SECONDS: remembered here, as
# for nearly every request; tests/search/test_search_backends.py checks the lookup).
# Article: the piece with its versions, its bylines, tags and corrections, related pieces,
# sections (and the earlier piece, when there is one).
BOUNDS = {"home": 6, "article": 6, "section": 4, "tag": 4, "author": 4, "archive": 4, "search": 4}


@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_runs_the_same_few_queries_for_5_or_50_articles(
    client, make_article, make_photo, page, settings
):
    counts = []
    for total in (5, 50):
        Article.objects.all().delete()
        url = PAGES[page](*fill(make_article, make_photo, total))
        settings.NEWSROOM_RELEASE = f"cold-{total}"  # a cold render: no fragment kept
        postgres.first_span(Article.objects.published(), "ru")  # remembered for SPAN_SECONDS
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 5, {counts[1]} for 50"
    assert counts[1] <= BOUNDS[page]


def test_an_older_featured_piece_leads_and_the_newest_breaking_ones_stay_on_the_strip(
    client, make_article
):
    make_article(headline="Давний главный", is_featured=True, published_at=NOW - timedelta(days=9))
    for day in (5, 6, 7, 8):
        make_article(
            headline=f"Срочно {day}", is_breaking=True, published_at=NOW - timedelta(days=day)
        )
    for hour in range(1, 16):  # more than the home page lists
        make_article(headline=f"Свежее {hour}", published_at=NOW - timedelta(hours=hour))
    page = client.get("/ru/").text
    lead = page[page.index('class="home-lead"') : page.index('id="latest-title"')]
    assert "Давний главный" in lead
    strip = page[page.index('class="breaking"') : page.index("</section>")]
    assert [day for day in (5, 6, 7, 8) if f"Срочно {day}" in strip] == [5, 6, 7]
    assert strip.index("Срочно 5") < strip.index("Срочно 6") < strip.index("Срочно 7")


def test_a_section_pages_through_its_pieces_and_a_page_past_the_last_is_not_found(
    client, make_article, section
):
    for hour in range(1, 22):  # one more than a page holds
        make_article(
            headline=f"Выпуск {hour:02}", section=section, published_at=NOW - timedelta(hours=hour)
        )
    first = client.get("/ru/section/economy/").text
    assert "Выпуск 01" in first
    assert "Выпуск 21" not in first
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/ru/section/economy/?page=2").text
    assert "Выпуск 21" in second
    assert "Выпуск 01" not in second
    assert 'rel="prev" href="?page=1"' in second
    assert 'rel="next"' not in second
    assert client.get("/ru/section/economy/?page=3").status_code == 404
    assert client.get("/ru/section/economy/?page=0").status_code == 404
