"""The reading beacon: what a reader's browser sends when a piece is shown, and what counts.

Every answer is an empty 204 that no cache keeps and that sets no cookie; only a reader of a
published piece, from our own pages, once per piece per clock hour, is counted.
"""

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import reading
from articles.models import Article, ReadCount
from tests.reading.conftest import beacon, ranked

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def reads(piece) -> int:
    return reading.read_counts([piece])[piece.pk]


def test_the_beacon_answers_an_empty_204_that_no_cache_keeps_and_sets_no_cookie(make_article):
    response = beacon(make_article())
    assert response.status_code == 204
    assert response.content == b""
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "X-Page-Cache" not in response
    assert "xkey" not in response


def test_a_reader_counts_once_per_piece_per_hour(make_article, monkeypatch):
    piece = make_article()
    for _ in range(3):
        assert beacon(piece).status_code == 204
    assert reads(piece) == 1

    later = timezone.now() + timedelta(hours=1)
    monkeypatch.setattr(reading.timezone, "now", lambda: later)
    beacon(piece)
    beacon(piece)
    assert reads(piece) == 2


def test_different_readers_count_apart(make_article):
    piece = make_article()
    beacon(piece, address="203.0.113.7", agent="Firefox/140")
    beacon(piece, address="203.0.113.8", agent="Firefox/140")  # another address
    beacon(piece, address="203.0.113.7", agent="Chrome/141")  # another browser behind it
    assert reads(piece) == 3


def test_one_reader_of_two_pieces_counts_for_each(make_article):
    first, second = make_article(), make_article()
    beacon(first)
    beacon(second)
    assert (reads(first), reads(second)) == (1, 1)


@pytest.mark.parametrize(
    ("status", "when"),
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.REVIEW, -1),
        (Article.Status.WITHDRAWN, -1),
        (Article.Status.PUBLISHED, +5),  # scheduled: not out yet
    ],
)
def test_a_piece_readers_may_not_see_is_not_counted_and_gets_the_same_answer(
    make_article, status, when
):
    hidden = make_article(status=status, published_at=timezone.now() + timedelta(hours=when))
    response = beacon(hidden)
    assert response.status_code == 204  # the same as a count: nothing tells it exists
    assert response.content == b""
    assert not ReadCount.objects.exists()
    assert ranked() == []


@pytest.mark.parametrize(
    "piece_id",
    ["0", "987654", "9223372036854775807", "9223372036854775808", "9" * 40],  # past any key
)
def test_unknown_and_absurd_ids_count_nothing_and_never_fail(db, piece_id):
    assert beacon(piece_id).status_code == 204
    assert not ReadCount.objects.exists()


@pytest.mark.parametrize("path", ["/read/-1/", "/read/abc/", "/read/1.0/",
                                  "/read/1/extra/"])  # fmt: skip
def test_addresses_that_are_not_a_piece_id_are_not_found(client, path):
    response = client.post(path, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 404
    assert not ReadCount.objects.exists()


@pytest.mark.parametrize("method", ["get", "head", "put", "delete", "patch", "options"])
def test_other_methods_are_refused_and_not_kept_by_any_cache(client, make_article, method):
    piece = make_article()
    for _ in range(2):
        response = getattr(client, method)(reverse("read_beacon", args=[piece.pk]))
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert response["Cache-Control"] == "no-store"
        assert "X-Page-Cache" not in response
    assert reads(piece) == 0


def test_whatever_body_the_beacon_carries_is_never_read(make_article):
    piece = make_article()
    response = Client().post(
        reverse("read_beacon", args=[piece.pk]),
        data=b'{"piece": 1, "count": 1000000}' + b"x" * 100_000,
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 204
    assert reads(piece) == 1


@pytest.mark.parametrize(
    ("headers", "counted"),
    [
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, True),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, False),  # a form or script on another site
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, False),  # a sibling subdomain
        ({"HTTP_SEC_FETCH_SITE": "none"}, False),  # typed in the address bar
        ({"HTTP_SEC_FETCH_SITE": "", "HTTP_ORIGIN": "https://news.example.kz"}, False),
        ({"HTTP_ORIGIN": "https://news.example.kz"}, True),  # an older browser, our page
        ({"HTTP_ORIGIN": "http://testserver"}, True),
        ({"HTTP_ORIGIN": "https://evil.example"}, False),
        ({"HTTP_ORIGIN": "null"}, False),
        ({}, True),  # no browser headers at all: bounded by the once-an-hour rule
    ],
)
def test_only_our_own_pages_beacons_count(make_article, headers, counted):
    piece = make_article()
    response = Client().post(
        reverse("read_beacon", args=[piece.pk]), REMOTE_ADDR="203.0.113.7", **headers
    )
    assert response.status_code == 204
    assert reads(piece) == (1 if counted else 0)


def test_the_desk_reading_its_own_pieces_is_not_counted(make_article, editor_client):
    piece = make_article()
    assert beacon(piece, client=editor_client).status_code == 204
    assert reads(piece) == 0


def test_no_address_is_stored_in_the_database_or_the_cache(make_article, settings, tmp_path):
    address, agent = "198.51.100.23", "Mozilla/5.0 (X11) Reader"
    piece = make_article()
    beacon(piece, address=address, agent=agent)
    ranked()
    assert reads(piece) == 1
    assert_nothing_names(address, agent)


def assert_nothing_names(*secrets: str) -> None:
    """No row of any table and no key or value of the cache holds any of `secrets`."""
    from django.apps import apps
    from django.core.cache import cache
    from django.core.serializers import serialize

    for model in apps.get_models():
        dumped = serialize("json", model.objects.all())
        assert not any(secret in dumped for secret in secrets), model
    if hasattr(cache, "run"):  # Redis: every key and value
        everything = cache.run(
            lambda client, key: [
                (name, client.dump(name) or b"") for name in client.scan_iter(count=1000)
            ]
        )
        stored = b"".join(name + value for name, value in everything)
    else:  # the file cache: every file
        from pathlib import Path

        stored = b"".join(
            path.read_bytes() for path in Path(cache._dir).rglob("*") if path.is_file()
        )
    for secret in secrets:
        assert secret.encode() not in stored


# ---- counts are not lost when workers count at once -------------------------------------

COUNT_AT_ONCE = """
import threading, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
call_command("migrate", verbosity=0)
from articles import reading
from articles.models import Article, ReadCount
piece = Article.objects.create(language="ru", headline="Читают все", lead="Лид",
    body="<p>Текст</p>", status="published", published_at=timezone.now())
hour = reading.hour_of(timezone.now())
start, errors = threading.Barrier(8), []
def count():
    try:
        start.wait()
        for _ in range(25):
            reading.DatabaseCounts().add(piece.pk, "ru", hour)
    except Exception as error:  # noqa: BLE001 - reported to the test
        errors.append(repr(error))
    finally:
        connection.close()
threads = [threading.Thread(target=count) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print("errors", errors)
print("counted", ReadCount.objects.get(article=piece).count)
"""


def test_eight_workers_counting_at_once_lose_no_count_in_the_database(tmp_path):
    """As the site runs without Redis: one SQLite file (WAL, IMMEDIATE, waiting when busy;
    the suite's in-memory database locks tables instead), eight threads counting one piece
    in one hour, the first of them all making its row."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [sys.executable, "-c", COUNT_AT_ONCE],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'reads.sqlite3'}",
             "NEWSROOM_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True, text=True, check=False, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "errors []" in result.stdout, result.stdout
    assert "counted 200" in result.stdout


@pytest.mark.django_db(transaction=True)
def test_workers_counting_at_once_lose_no_count_in_postgresql(make_article):
    if connection.vendor != "postgresql":
        pytest.skip("the suite's SQLite is in memory: the test above counts in a SQLite file")
    piece = make_article()
    hour = reading.hour_of(timezone.now())
    workers, each = 8, 25
    start = threading.Barrier(workers)
    failures = []

    def count():
        try:
            start.wait()
            for _ in range(each):
                reading.DatabaseCounts().add(piece.pk, "ru", hour)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=count) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert ReadCount.objects.get(article=piece).count == workers * each


# ---- with Redis ---------------------------------------------------------------------------


def test_with_redis_reads_are_counted_there_once_per_reader_and_not_in_the_database(
    redis_counts, make_article
):
    piece, other = make_article(), make_article()
    for _ in range(2):
        beacon(piece, address="203.0.113.7")
        beacon(piece, address="203.0.113.8")
        beacon(other, address="203.0.113.7")
    assert reading.read_counts([piece, other]) == {piece.pk: 2, other.pk: 1}
    assert not ReadCount.objects.exists()
    assert ranked() == [piece.pk, other.pk]
    assert_nothing_names("203.0.113.7", "203.0.113.8")


def test_with_redis_down_a_beacon_still_gets_its_204_and_nothing_is_counted(
    redis_counts, make_article
):
    piece = make_article()
    redis_counts.kill()
    assert beacon(piece).status_code == 204
    assert not ReadCount.objects.exists()
    redis_counts.start()  # for the fixture's own kill
