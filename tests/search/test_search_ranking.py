"""Search ranking: best match first, only the newest matches readers may see are ranked.

Runs on SQLite (FTS5, bm25) and, in CI's second pass, on PostgreSQL (ts_rank on the stored
summary of headline and lead).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import common, postgres
from tests.search.pages import POSTGRES, results

pytestmark = pytest.mark.django_db


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


@pytest.mark.skipif(not POSTGRES, reason="SQLite's newest are by id, PostgreSQL's by time")
def test_equal_ranks_come_newest_first_by_publication_time(client, make_article):
    now = timezone.now()
    for hours in (1, 3, 2):  # entered in another order than published
        make_article(headline=f"Сводка {hours}", lead="Погода.", body="<p>Ташкент.</p>",
                     published_at=now - timedelta(hours=hours))  # fmt: skip
    text = results(client, "Ташкент").text
    assert text.index("Сводка 1") < text.index("Сводка 2") < text.index("Сводка 3")


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
