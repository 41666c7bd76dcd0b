"""Each backend's own machinery: PostgreSQL's windows of time and GIN indexes
(articles/search/postgres.py), SQLite's visibility index (articles/search/sqlite.py).

The PostgreSQL-only tests run in CI's second pass.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article, Story
from articles.search import common, postgres, sqlite
from tests.search.pages import POSTGRES

pytestmark = pytest.mark.django_db


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
