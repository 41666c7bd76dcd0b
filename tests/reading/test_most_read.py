"""The "Most read" block: per language, in the order of the beacons, fresh within the refresh
interval without purging pages whose block did not change."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import reading
from articles.models import Article, ReadCount
from tests.reading.conftest import beacon, ranked

pytestmark = pytest.mark.django_db
BLOCK = re.compile(r'<ol class="most-read__list">(.*?)</ol>', re.S)


def most_read(html: str) -> list[str]:
    """The headlines of the page's "Most read" block, in order ([] if it has none)."""
    found = BLOCK.search(html)
    return re.findall(r">([^<]+)</a>", found.group(1)) if found else []


def read_by(piece, readers: int) -> None:
    for number in range(readers):
        beacon(piece, address=f"203.0.113.{number + 1}")


def refresh_due(language: str = "ru") -> None:
    """NEWSROOM_MOST_READ_REFRESH seconds have gone by: the next beacon ranks again."""
    cache.delete(reading.DUE_KEY + language)


@pytest.fixture
def pieces(make_article):
    return [make_article(headline=f"Читают {place}") for place in ("первым", "вторым", "третьим")]


def test_the_block_lists_the_most_read_pieces_in_order_on_home_and_article_pages(pieces):
    first, second, third = pieces
    read_by(third, 1)
    read_by(first, 3)
    read_by(second, 2)
    ranked()
    reader = Client()
    expected = [first.headline, second.headline, third.headline]
    assert most_read(reader.get("/ru/").text) == expected
    assert most_read(reader.get(third.get_absolute_url()).text) == expected


def test_the_block_shows_at_most_the_configured_number(make_article, settings):
    settings.NEWSROOM_MOST_READ_SIZE = 2
    for readers in (1, 2, 3):
        read_by(make_article(headline=f"Прочитан {readers} раз"), readers)
    ranked()
    assert most_read(Client().get("/ru/").text) == ["Прочитан 3 раз", "Прочитан 2 раз"]


def test_nothing_read_yet_shows_no_block(pieces):
    assert "most-read" not in Client().get("/ru/").text


def test_each_language_has_its_own_block_and_the_latin_edition_shows_the_kazakh_one(
    make_article,
):
    russian = make_article(headline="Новость по-русски")
    kazakh = make_article(language="kk", headline="Қазақша жаңалық")
    read_by(russian, 1)
    read_by(kazakh, 2)
    ranked("ru"), ranked("kk")
    reader = Client()
    assert most_read(reader.get("/ru/").text) == ["Новость по-русски"]
    assert most_read(reader.get("/kk/").text) == ["Қазақша жаңалық"]
    assert most_read(reader.get("/kk-latn/").text) == ["Qazaqşa jañalyq"]
    assert 'href="/kk-latn/news/' in BLOCK.search(reader.get("/kk-latn/").text).group(1)
    assert most_read(reader.get("/en/").text) == []


def test_a_withdrawn_piece_leaves_the_block_at_once(pieces):
    first, second, _ = pieces
    read_by(first, 2)
    read_by(second, 1)
    ranked()
    reader = Client()
    assert most_read(reader.get("/ru/").text) == [first.headline, second.headline]
    assert reader.get("/ru/")["X-Page-Cache"] == "hit"
    first.status = Article.Status.WITHDRAWN
    first.save()
    assert most_read(reader.get("/ru/").text) == [second.headline]
    assert most_read(reader.get(second.get_absolute_url()).text) == [second.headline]


def test_the_order_follows_new_reads_once_the_refresh_interval_is_over(pieces):
    first, second, _ = pieces
    read_by(first, 2)
    read_by(second, 1)
    ranked()
    reader = Client()
    assert most_read(reader.get("/ru/").text) == [first.headline, second.headline]
    piece_page = reader.get(first.get_absolute_url())

    # More readers of the second piece: within the interval the block is as it was, and
    # pages showing it stay cached.
    beacon(second, address="198.51.100.1")
    beacon(second, address="198.51.100.2")
    home = reader.get("/ru/")
    assert home["X-Page-Cache"] == "hit"
    assert most_read(home.text) == [first.headline, second.headline]

    # The interval is over: the next beacon ranks again, and every page showing the block
    # (the home page, the pieces' pages) is purged, in this language only.
    refresh_due()
    english = reader.get("/en/")
    beacon(second, address="198.51.100.3")
    home = reader.get("/ru/")
    assert home["X-Page-Cache"] == "miss"
    assert most_read(home.text) == [second.headline, first.headline]
    again = reader.get(first.get_absolute_url())
    assert again["X-Page-Cache"] == "miss"
    assert piece_page.content != again.content
    assert reader.get("/en/")["ETag"] == english["ETag"]
    assert reader.get("/en/")["X-Page-Cache"] == "hit"


def test_a_ranking_worked_out_again_in_the_same_order_purges_no_page(pieces):
    first, second, _ = pieces
    read_by(first, 3)
    read_by(second, 1)
    ranked()
    reader = Client()
    reader.get("/ru/")
    refresh_due()
    beacon(first, address="198.51.100.9")  # ranks again: the order is the same
    assert not reading.ranking_refresh(language="ru", force=True)
    assert reader.get("/ru/")["X-Page-Cache"] == "hit"


def test_the_ranking_is_worked_out_at_most_once_per_interval(pieces):
    first, second, _ = pieces
    read_by(first, 1)  # the first beacon ranks: first is alone
    assert reading.ranking(language="ru") == [first.pk]
    read_by(second, 3)
    assert reading.ranking(language="ru") == [first.pk]  # not again within the interval
    refresh_due()
    beacon(second, address="198.51.100.1")
    assert reading.ranking(language="ru") == [second.pk, first.pk]


def test_reads_older_than_a_day_leave_the_ranking_and_old_counts_are_pruned(pieces, monkeypatch):
    first, second, _ = pieces
    read_by(first, 3)
    read_by(second, 1)
    now = timezone.now()
    monkeypatch.setattr(reading.timezone, "now", lambda: now + timedelta(hours=24))
    assert ranked() == []  # they were read in the hour 24 hours ago: out of the window
    assert reading.read_counts([first])[first.pk] == 0
    monkeypatch.setattr(
        reading.timezone, "now", lambda: now + timedelta(hours=reading.KEEP_HOURS + 1)
    )
    ranked()
    assert not ReadCount.objects.exists()


def test_the_block_costs_one_query_and_nothing_when_nothing_was_read(pieces, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    first = pieces[0]

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in ("/ru/", first.get_absolute_url())}
    read_by(first, 1)
    ranked()
    for url, count in before.items():
        assert queries(url) == count + 1, url


def test_pages_with_the_block_are_the_same_with_and_without_kept_fragments(make_article, settings):
    russian = make_article(headline="Читаемое")
    kazakh = make_article(language="kk", headline="Оқылған")
    read_by(russian, 1)
    read_by(kazakh, 1)
    ranked("ru"), ranked("kk")
    reader = Client()
    pages = ["/ru/", russian.get_absolute_url(), "/kk/", kazakh.get_absolute_url(),
             "/kk-latn/", kazakh.url_in("kk-latn")]  # fmt: skip
    for number, url in enumerate(pages):
        kept = reader.get(f"{url}?fresh={number}")  # fragments kept...
        kept = reader.get(f"{url}?again={number}")  # ...and used
        settings.NEWSROOM_FRAGMENT_CACHE = False
        scratch = reader.get(f"{url}?scratch={number}")
        settings.NEWSROOM_FRAGMENT_CACHE = True
        assert most_read(kept.text), url
        assert kept.content == scratch.content, url


def test_the_article_page_loads_the_beacon_script_and_names_its_piece(pieces):
    piece = pieces[0]
    response = Client().get(piece.get_absolute_url())
    assert f'data-read-url="/read/{piece.pk}/"' in response.text
    assert '<script src="/static/newsroom/beacon.js" defer></script>' in response.text
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    home = Client().get("/ru/")
    assert "beacon.js" not in home.text
    assert "script-src 'none'" in home["Content-Security-Policy"]


def test_with_redis_the_block_follows_the_beacons_too(redis_counts, pieces):
    first, second, third = pieces
    read_by(second, 2)
    read_by(third, 1)
    ranked()
    reader = Client()
    assert most_read(reader.get("/ru/").text) == [second.headline, third.headline]
    read_by(first, 3)
    refresh_due()
    beacon(first, address="198.51.100.1")
    assert most_read(reader.get("/ru/").text) == [first.headline, second.headline, third.headline]
