"""Search: ranked, highlighted, in the page's language, published pieces only, never an error.

Runs on SQLite (FTS5) and, in CI's second pass, on PostgreSQL (full-text search with
Russian and English stemming and per-language GIN indexes).
"""

import importlib
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags

from articles import search
from articles.models import Article, Story
from articles.search import common, postgres, sqlite

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


class Results:
    """A search page as a reader reads it: its text without tags, and its raw HTML."""

    def __init__(self, response):
        self.html = response.content.decode()
        self.text = strip_tags(self.html)


def results(client, query, language="ru") -> Results:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return Results(response)


def test_search_finds_words_in_headline_lead_and_body_best_match_first(client, make_article):
    """Oldest first here, so that newness cannot explain the order: a headline naming the
    word beats a lead naming it, which beats a body-only mention (found all the same)."""
    now = timezone.now()
    make_article(headline="Поезд до Ташкента пошёл чаще", lead="Новое расписание.",
                 published_at=now - timedelta(hours=3))  # fmt: skip
    make_article(headline="Расписание меняется", lead="Поезда до Ташкента пойдут чаще.",
                 published_at=now - timedelta(hours=2))  # fmt: skip
    make_article(headline="Погода на выходные", lead="Ожидается снег.",
                 body="<p>В Ташкенте тепло.</p>",
                 published_at=now - timedelta(hours=1))  # fmt: skip
    text = results(client, "Ташкент").text
    assert text.index("Поезд до") < text.index("Расписание меняется") < text.index("Погода на")


def test_matches_are_highlighted_and_everything_else_escaped(client, make_article):
    make_article(headline="Центр «Центральная Азия» <открыт>", lead="Центр открыт сегодня.")
    html = results(client, "центр").html
    assert "<mark>Центр</mark>" in html
    assert "&lt;открыт&gt;" in html


def test_russian_stemming_finds_other_word_forms(client, make_article):
    make_article(headline="Инвесторы приходят в регион")
    assert "Инвесторы приходят" in results(client, "инвестор").text


def test_a_plural_finds_the_singular_and_marks_it(client, make_article):
    make_article(headline="Финансист Расул Рысмамбетов о центре", lead="Мнение финансиста.")
    found = results(client, "финансисты")
    assert "Рысмамбетов о центре" in found.text
    assert "<mark>Финансист</mark> Расул" in found.html
    assert "Мнение <mark>финансиста</mark>." in found.html


def test_english_stemming_finds_other_word_forms(client, make_article):
    make_article(language="en", headline="Kazakhstan launches a new grain corridor")
    assert "new grain corridor" in results(client, "launching", "en").text


@pytest.mark.skipif(POSTGRES, reason="the stems are SQLite's index; PostgreSQL stems itself")
def test_sqlite_indexes_russian_and_english_stems_and_kazakh_words(make_article):
    make_article(headline="Финансисты обсудили бюджет")
    make_article(language="en", headline="Ministers discussed budgets")
    make_article(language="kk", headline="Қаржыгерлер бюджетті талқылады")
    with connection.cursor() as cursor:
        rows = {
            code: cursor.execute(f"SELECT headline FROM {sqlite.FTS_TABLES[code]}").fetchone()[0]
            for code in ("ru", "en", "kk")
        }
    assert rows == {
        "ru": "финансист обсуд бюджет",
        "en": "minist discuss budget",
        "kk": "Қаржыгерлер бюджетті талқылады",  # no Kazakh stemmer: words as written
    }


@pytest.mark.skipif(POSTGRES, reason="the migration stems SQLite's rows only")
def test_the_migration_stems_what_was_indexed_before(client, make_article):
    migration = importlib.import_module("articles.migrations.0018_search_stems_on_sqlite")
    article = make_article(headline="Ёлочный базар открылся", lead="Лид.")
    with connection.cursor() as cursor:  # as indexed before migration 0018: words as written
        cursor.execute(
            "UPDATE articles_search_ru SET headline = %s, lead = %s, body = %s WHERE rowid = %s",
            [article.headline, article.lead, "Текст новости.", article.pk],
        )
    assert "Ёлочный базар" not in results(client, "ёлочные").text  # its stem is «елочн»

    migration.forwards(None, SimpleNamespace(connection=connection))
    cache.clear()  # the page above is kept: no save told the page cache of the new rows

    assert "Ёлочный базар" in results(client, "ёлочные").text


def test_word_beginnings_find_longer_forms(client, make_article):
    make_article(headline="Казахстанские товары в Узбекистане")
    assert "Казахстанские товары" in results(client, "казахстанск").text


def test_search_shows_only_published_pieces_in_the_pages_language(client, make_article):
    make_article(headline="Ташкент опубликовано")
    make_article(headline="Ташкент черновик", status="draft", published_at=None)
    make_article(headline="Ташкент завтра", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Ташкент снято", status=Article.Status.WITHDRAWN)
    make_article(headline="Tashkent in English", language="en")
    text = results(client, "Ташкент").text
    assert "Ташкент опубликовано" in text
    for hidden in ("черновик", "Ташкент завтра", "Ташкент снято", "Tashkent in English"):
        assert hidden not in text
    assert "Tashkent in English" in results(client, "Tashkent", "en").text


def test_kazakh_search_matches_kazakh_words(client, make_article):
    make_article(language="kk", headline="Өнеркәсіптік орталық ашылды")
    assert "Өнеркәсіптік орталық" in results(client, "өнеркәсіптік", "kk").text


def test_an_edited_piece_is_found_by_its_new_words(client, make_article):
    article = make_article(headline="Старый заголовок")
    article.headline = "Свежий заголовок про Алматы"
    article.save()
    assert "Свежий заголовок" in results(client, "Алматы").text
    assert "Свежий заголовок" not in results(client, "Старый").text


@pytest.mark.parametrize(
    "query",
    ["", "   ", '"', "'", "*", "NEAR(", "a OR", "-", "()", "\x00\x01", "<script>alert(1)</script>",
     "Ташкент" * 200, "a " * 500, "%", "\\", "AND OR NOT", "🙂",
     "'; DROP TABLE articles_article;--"],
)  # fmt: skip
def test_empty_hostile_or_absurd_queries_get_a_normal_page(client, make_article, query):
    make_article(headline="Обычная новость")
    response = results(client, query)
    assert "<script>alert" not in response.html
    assert Article.objects.count() == 1


def test_the_first_window_holds_the_newest_pieces_readers_see_whatever_their_span(
    make_article, monkeypatch
):
    """PostgreSQL's first window of matches reaches back as far as the newest
    FIRST_WINDOW_PIECES pieces of the language readers may see; the span is remembered for
    a while (a hint: any span gives the same results), and an archive with fewer pieces is
    read in one window."""
    monkeypatch.setattr(postgres, "FIRST_WINDOW_PIECES", 3)
    now = timezone.now()
    for days in (1, 2, 3, 4):
        make_article(headline=f"Сводка {days}", published_at=now - timedelta(days=days))
    make_article(headline="Черновик", status="draft", published_at=None)
    make_article(headline="Завтра", published_at=now + timedelta(days=1))
    make_article(language="kk", headline="Бүгін", published_at=now - timedelta(hours=1))
    published = Article.objects.published()
    span = postgres.first_span(published, "ru")
    assert timedelta(days=3) - timedelta(minutes=1) < span < timedelta(days=3, minutes=1)
    make_article(headline="Только что")  # remembered: the next search reads the same span
    assert postgres.first_span(published, "ru") == span
    assert postgres.first_span(published, "en") is None  # fewer pieces than a window holds


@pytest.mark.skipif(not POSTGRES, reason="SQLite's newest are by id, PostgreSQL's by time")
def test_equal_ranks_come_newest_first_by_publication_time(client, make_article):
    now = timezone.now()
    for hours in (1, 3, 2):  # entered in another order than published
        make_article(headline=f"Сводка {hours}", lead="Погода.", body="<p>Ташкент.</p>",
                     published_at=now - timedelta(hours=hours))  # fmt: skip
    text = results(client, "Ташкент").text
    assert text.index("Сводка 1") < text.index("Сводка 2") < text.index("Сводка 3")


def test_windows_cover_all_time_once_and_reach_back_at_most_64_years():
    now = timezone.now()
    for first in (timedelta(hours=1), timedelta(days=30), postgres.MAX_FIRST_WINDOW):
        bounds = list(postgres.window_bounds(now, first))
        assert len(bounds) == postgres.WINDOWS
        assert bounds[0] == (now - first, None)  # up to now
        assert bounds[-1][0] is None  # and everything older
        for (start, _), (_, end) in zip(bounds, bounds[1:], strict=False):
            assert end == start  # each window starts where the next, older one ends
        assert now - bounds[-1][1] <= timedelta(days=64 * 365)
    assert list(postgres.window_bounds(now, None)) == [(None, None)]  # one window, all time


@pytest.mark.parametrize("remembered", ["nonsense", float("nan"), float("inf"), [1], -5.0])
def test_a_span_the_cache_should_not_hold_is_looked_up_again(make_article, remembered):
    now = timezone.now()
    for days in range(3):
        make_article(headline=f"Сводка {days}", published_at=now - timedelta(days=days * 400))
    published = Article.objects.published()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(postgres, "FIRST_WINDOW_PIECES", 3)
        span = postgres.first_span(published, "ru")  # 800 days back: held to a year
        assert span == postgres.MAX_FIRST_WINDOW
        cache.set(postgres.span_key(published.db, "ru"), remembered)
        assert postgres.first_span(published, "ru") == postgres.MAX_FIRST_WINDOW


def test_search_answers_while_the_cache_is_down(client, make_article, settings):
    """The first window's span is remembered in the cache; without one, it is looked up."""
    make_article(headline="Ташкент без кэша")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    assert "без кэша" in results(client, "Ташкент").text


def test_queries_are_bounded(make_article):
    assert len(common.clean_query("x" * 10_000)) == common.MAX_QUERY_LENGTH
    assert len(common.query_terms(" ".join(["слово"] * 100))) == common.MAX_TERMS


def test_results_paginate_and_keep_the_query(client, make_article):
    for number in range(25):
        make_article(headline=f"Ташкент {number}")
    page = results(client, "Ташкент")
    assert "Найдено 25 материалов." in page.text
    assert "самые новые" not in page.text  # all of them, not just the newest
    assert 'href="?q=%D0%A2%D0%B0%D1%88%D0%BA%D0%B5%D0%BD%D1%82&amp;page=2"' in page.html


@pytest.mark.skipif(not POSTGRES, reason="EXPLAIN of the GIN index is for PostgreSQL")
def test_postgresql_uses_the_languages_full_text_index(make_article):
    now = timezone.now()
    stories = Story.objects.bulk_create(Story(working_title=f"{n}") for n in range(3000))
    Article.objects.bulk_create(
        Article(story=stories[n], language="ru", slug=f"a{n}", headline=f"Сводка погоды {n}",
                lead="Ясно.", body="<p>Без осадков.</p>", status="published",
                published_at=now - timedelta(minutes=n))
        for n in range(3000)
    )  # fmt: skip
    make_article(headline="Редкая новость про Уральск")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    published = Article.objects.published().in_language("ru")
    assert "article_fts_ru" in search.candidates(published, "Уральск", "ru").explain()
    assert [a.headline for a in search.search(published, "Уральск", "ru")] == [
        "Редкая новость про Уральск"
    ]


@pytest.mark.skipif(POSTGRES, reason="the visibility index is SQLite's")
def test_sqlite_checks_what_readers_may_see_in_its_visibility_index(make_article):
    shown = make_article(headline="Уральск принимает форум")
    make_article(headline="Уральск: черновик", status="draft", published_at=None)
    make_article(headline="Уральск завтра", published_at=timezone.now() + timedelta(days=1))
    make_article(headline="Uralsk hosts a forum", language="en")
    published = Article.objects.published().in_language("ru")
    candidates = search.candidates(published, "Уральск", "ru")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + candidates.raw_query, candidates.params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    # Looked up id by id in the index (SEARCH … (id=?), not a SCAN of it).
    assert "SEARCH articles_article USING COVERING INDEX article_visibility (id=?" in plan
    assert sqlite.visible_ids(candidates) == {shown.pk}


@pytest.mark.skipif(POSTGRES, reason="the visibility check is SQLite's")
def test_sqlite_checks_a_window_of_400_ids_with_the_same_query_as_one_of_4(make_article):
    shown = make_article(headline="Уральск принимает форум")
    draft = make_article(headline="Уральск: черновик", status="draft", published_at=None)
    published = Article.objects.published().in_language("ru")
    few = sqlite.visible_candidates(published, [shown.pk, draft.pk, 10**6, 10**6 + 1])
    many = sqlite.visible_candidates(published, [shown.pk, draft.pk, *range(10**6, 10**6 + 398)])
    # One JSON array parameter, not an IN list the ORM compiles value by value.
    assert few.raw_query == many.raw_query
    assert len(few.params) == len(many.params)
    assert sqlite.visible_ids(few) == sqlite.visible_ids(many) == {shown.pk}


def test_highlights_ignore_case_and_accents_like_the_index(client, make_article):
    make_article(headline="Ёлочный базар открылся", lead="Казахстанские ели на ЁЛОЧНОМ базаре.")
    make_article(language="en", headline="Almaty’s café owners meet", lead="Cafés reopen.")
    html = results(client, "ёлочн").html
    assert "<mark>Ёлочный</mark> базар" in html
    assert "на <mark>ЁЛОЧНОМ</mark> базаре" in html
    if POSTGRES:
        return  # PostgreSQL's English dictionary keeps accents (no unaccent extension)
    html = results(client, "CAFE", "en").html
    assert "Almaty’s <mark>café</mark> owners" in html
    assert "<mark>Cafés</mark> reopen" in html


@pytest.mark.skipif(POSTGRES, reason="the word rule is SQLite's; PostgreSQL parses queries itself")
def test_words_of_one_or_two_letters_are_matched_whole(client, make_article):
    make_article(headline="ЕС и Казахстан обсудили транзит")
    make_article(headline="Есиль вышел из берегов")
    text = results(client, "ЕС").text
    assert "ЕС и Казахстан" in text
    assert "Есиль" not in text


def test_only_the_newest_matches_are_ranked(client, make_article, monkeypatch):
    monkeypatch.setattr(common, "MAX_CANDIDATES", 3)
    now = timezone.now()
    for days in range(4, -1, -1):  # written in the order they were published
        make_article(headline=f"Ташкент, выпуск {days}", published_at=now - timedelta(days=days))
    text = results(client, "Ташкент").text
    assert "Найдено 3 материала. Это самые новые из них; добавьте слово-другое" in text
    assert "выпуск 0" in text
    assert "выпуск 2" in text
    assert "выпуск 3" not in text
    assert "выпуск 4" not in text


def test_newer_pieces_readers_cannot_see_do_not_crowd_out_older_published_ones(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(common, "MAX_CANDIDATES", 2)
    older = timezone.now() - timedelta(days=3)
    make_article(headline="Шымкент: первая новость", published_at=older)
    make_article(headline="Шымкент: вторая новость", published_at=older)
    for number in range(3):
        make_article(language="kk", headline=f"Шымкент: қазақша {number}")
    make_article(headline="Шымкент: черновик", status="draft", published_at=None)
    text = results(client, "Шымкент").text
    assert "первая новость" in text
    assert "вторая новость" in text
    assert "черновик" not in text
    assert "самые новые" not in text  # both Russian matches are shown; none older remain


def test_a_piece_moved_to_another_language_is_found_in_that_language_only(client, make_article):
    article = make_article(headline="Ташкент: язык поменяли")
    article.language = "kk"
    article.save()
    assert "язык поменяли" not in results(client, "Ташкент").text
    assert "язык поменяли" in results(client, "Ташкент", "kk").text


def test_a_deleted_piece_leaves_the_search(client, make_article):
    article = make_article(headline="Ташкент: удалённая новость")
    article.delete()
    assert "удалённая новость" not in results(client, "Ташкент").text
    if not POSTGRES:
        with connection.cursor() as cursor:
            for table in sqlite.FTS_TABLES.values():
                cursor.execute(f"SELECT count(*) FROM {table} WHERE rowid = %s", [article.pk])
                assert cursor.fetchone()[0] == 0


def test_ranked_results_index_like_a_list(make_article):
    for number in range(3):
        make_article(headline=f"Ташкент {number}")
    found = search.search(Article.objects.published(), "Ташкент", "ru")
    assert len(found) == 3
    assert found[-1].headline == found[2].headline
    assert [piece.headline for piece in found] == [found[n].headline for n in range(3)]
    with pytest.raises(IndexError):
        found[3]
    with pytest.raises(IndexError):
        found[-4]


def test_search_reads_older_windows_until_enough_pieces_readers_may_see(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(common, "MAX_CANDIDATES", 1)  # windows of 2 matches
    make_article(headline="Шымкент: опубликовано давно")
    for number in range(3):  # newer matches readers may not see
        make_article(headline=f"Шымкент: черновик {number}", status="draft", published_at=None)
    text = results(client, "Шымкент").text
    assert "опубликовано давно" in text
    assert "черновик" not in text


# Days before now of the Russian pieces naming the city, oldest first: a few in the last days,
# more over the next year, and some older than five years, where only a read of the whole
# archive finds them. The tests size PostgreSQL's first window in pieces (FIRST_WINDOW_PIECES)
# so that matches fall in every window, the last included.
ARCHIVE_DAYS = [4000, 2500, 1900, 900, 400, 200, 100, 45, 31, 29, 10, 2, 0.5]


def small_archive(make_article):
    """Matches published over eleven years, in publication order, among pieces readers may
    not see (drafts, withdrawn, scheduled, other languages) and pieces without the word."""
    now = timezone.now()
    for days in ARCHIVE_DAYS:
        when = now - timedelta(days=days)
        make_article(headline=f"Шымкент, {days} дн. назад", published_at=when)
        make_article(headline=f"Тараз, {days} дн. назад", published_at=when)
        make_article(language="kk", headline=f"Шымкент қаласы {days}", published_at=when)
    make_article(headline="Шымкент: черновик", status="draft", published_at=None)
    make_article(headline="Шымкент: снято", status=Article.Status.WITHDRAWN)
    make_article(language="en", headline="Шымкент in English")
    for days in (1, 40):
        make_article(headline=f"Шымкент: в плане, {days}", published_at=now + timedelta(days=days))


def newest_published(word: str, count: int) -> list[int]:
    """The straightforward answer: the newest `count` Russian pieces readers see with `word`
    in the headline."""
    found = Article.objects.published().filter(language="ru", headline__contains=word)
    return list(found.order_by("-published_at", "-id").values_list("pk", flat=True)[:count])


def assert_ranks_the_newest_readers_see(
    monkeypatch, max_candidates: int, first_window_pieces: int = 3
) -> None:
    """Searching "Шымкент" ranks exactly the newest `max_candidates` pieces readers see, and
    says so when older ones match too."""
    monkeypatch.setattr(common, "MAX_CANDIDATES", max_candidates)
    monkeypatch.setattr(postgres, "FIRST_WINDOW_PIECES", first_window_pieces)
    found = search.search(Article.objects.published().in_language("ru"), "Шымкент", "ru")
    newest = newest_published("Шымкент", max_candidates + 1)
    assert sorted(piece.pk for piece in found) == sorted(newest[:max_candidates])
    assert found.more == (len(newest) > max_candidates)


# PostgreSQL's first window: 1 or 3 pieces, windows everywhere; 2,500, one window of all time.
@pytest.mark.parametrize("first_window_pieces", [1, 3, 2500] if POSTGRES else [2500])
@pytest.mark.parametrize("max_candidates", [1, 2, 3, 5, 8, 12, 13, 14, 200])
def test_the_pieces_ranked_are_the_newest_matches_readers_may_see(
    make_article, monkeypatch, max_candidates, first_window_pieces
):
    small_archive(make_article)
    assert_ranks_the_newest_readers_see(monkeypatch, max_candidates, first_window_pieces)


@pytest.mark.skipif(not POSTGRES, reason="SQLite's windows follow ids, PostgreSQL's time")
@pytest.mark.parametrize("max_candidates", [1, 4, 9, 15])
def test_pieces_entered_late_take_their_place_by_publication_time(
    make_article, monkeypatch, max_candidates
):
    small_archive(make_article)
    now = timezone.now()
    for days in (3, 60, 3000):  # entered after newer pieces, with an earlier time
        make_article(headline=f"Шымкент, задним числом {days}",
                     published_at=now - timedelta(days=days))  # fmt: skip
    assert_ranks_the_newest_readers_see(monkeypatch, max_candidates)


def bulk_reports(now, city) -> None:
    """4,000 Russian reports, one every 4 hours back from `now`, the n-th naming `city(n)`."""
    stories = Story.objects.bulk_create(Story(working_title=f"{n}") for n in range(4000))
    Article.objects.bulk_create(
        Article(story=stories[n], language="ru", slug=f"a{n}", status="published",
                headline=f"{city(n)}: сводка {n}", lead="Ясно.",
                body="<p>Без осадков.</p>", published_at=now - timedelta(hours=4 * n))
        for n in range(4000)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's windows")
def test_a_word_in_many_new_pieces_is_read_from_the_first_window_alone(monkeypatch):
    monkeypatch.setattr(postgres, "FIRST_WINDOW_PIECES", 300)
    bulk_reports(timezone.now(), city=lambda n: "Шымкент")
    with CaptureQueriesContext(connection) as ran:
        found = search.search(Article.objects.published().in_language("ru"), "Шымкент", "ru")
    windows = [q["sql"] for q in ran.captured_queries if "window_" in q["sql"]]
    assert len(found) == common.MAX_CANDIDATES
    assert found.more
    assert len(windows) == 1  # the first window only: window_1 and older are never asked


@pytest.mark.skipif(not POSTGRES, reason="EXPLAIN of PostgreSQL's plans")
def test_postgresql_reads_windows_of_time_and_stops_at_the_first_with_enough_matches(
    make_article, monkeypatch
):
    """Every other piece of the last 667 days names the city. The first window holds the
    newest 300 pieces (150 matches), the second reaches four times as far back: the newest
    201 matches lie in those two, and older windows are never read. Asked instead for the
    newest matches of all time, PostgreSQL walks the time index and tests each piece's
    search document, read from TOAST in a real archive (20–35 ms at 100,000)."""
    monkeypatch.setattr(postgres, "FIRST_WINDOW_PIECES", 300)
    now = timezone.now()
    bulk_reports(now, city=lambda n: "Шымкент" if n % 2 else "Тараз")
    published = Article.objects.published().in_language("ru")
    with CaptureQueriesContext(connection) as ran:
        found = search.search(published, "Шымкент", "ru")
    first = next(q["sql"] for q in ran.captured_queries if "window_0" in q["sql"])
    newest_matches = next(q["sql"] for q in ran.captured_queries if "window_1" in q["sql"])
    assert "window_1" not in first  # the first window is read on its own, then the others
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {newest_matches}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert len(found) == common.MAX_CANDIDATES
    assert found.more
    assert "CTE Scan on window_1" in plan
    for window in range(2, postgres.WINDOWS):
        assert re.search(rf"CTE Scan on window_{window} .*\(never executed\)", plan)
    assert not re.match(r"Limit .*\n +->  Index Scan", plan)  # no walk of a time index
