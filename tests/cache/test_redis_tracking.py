"""With Redis, a cache hit asks Redis nothing, and a change made anywhere is still seen at once.

Each app process keeps the versions of the page cache's keys and the pages it served in
memory; Redis tells every process the moment a version changes (CLIENT TRACKING). Runs only
with REDIS_URL.
"""

import os
import threading
import time
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from articles.cache.page_cache import SEQUENCE_KEY, VERSION_PREFIX
from articles.models import Article
from newsroom.redis_cache import SILENCE_LIMIT

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (Redis)"),
]


def listening_tracker():
    """The page cache's tracker for its versions, once Redis is sending it notices."""
    tracker = caches["default"].tracker(VERSION_PREFIX)
    Client().get("/ru/news/")  # starts the listener in this process, if not yet started
    deadline = time.monotonic() + 5
    while not tracker.listening:
        assert time.monotonic() < deadline, "the tracking connection never came up"
        time.sleep(0.01)
    return tracker


def settled(url):
    """Once Redis's notices of the writes so far are handled, a reader's read of the versions
    is kept in memory; wait for a hit that asks Redis nothing (it takes microseconds)."""
    deadline = time.monotonic() + 5
    while True:
        Client().get(url)
        if not asks_redis(lambda: Client().get(url)):
            return
        assert time.monotonic() < deadline, "the versions never settled in memory"
        time.sleep(0.01)


def asks_redis(request) -> bool:
    backend = caches["default"]
    with (
        mock.patch.object(backend, "get", wraps=backend.get) as get,
        mock.patch.object(backend, "get_many", wraps=backend.get_many) as get_many,
    ):
        request()
    return get.called or get_many.called


def change_from_another_server(article) -> None:
    """What another app server's purge sends Redis: a new version of the piece's key, then
    the purge sequence moved on, written without passing through this process's cache
    backend (which would forget at once)."""
    backend = caches["default"]
    key = backend.make_and_validate_key(f"{VERSION_PREFIX}article:{article.pk}")
    backend._cache.set(key, (0, "from-another-server", False, 0), None)  # same bytes on the wire
    backend._cache.incr(backend.make_and_validate_key(SEQUENCE_KEY), 1)


def test_a_cached_page_is_served_from_memory_without_asking_redis(make_article):
    listening_tracker()
    url = make_article(headline="Из памяти процесса").get_absolute_url()
    first = Client().get(url)
    settled(url)
    backend = caches["default"]
    with (
        mock.patch.object(backend, "get", side_effect=AssertionError("asked Redis")),
        mock.patch.object(backend, "get_many", side_effect=AssertionError("asked Redis")),
    ):
        second = Client().get(url)
    assert second.content == first.content
    assert "Из памяти процесса" in second.content.decode()


def test_a_change_made_on_another_server_shows_on_the_next_request(make_article):
    listening_tracker()
    article = make_article(headline="Старый заголовок")
    url = article.get_absolute_url()
    settled(url)  # the versions are in memory: only Redis's notice can change that
    assert "Старый заголовок" in Client().get(url).content.decode()
    Article.objects.filter(pk=article.pk).update(headline="Заголовок с другого сервера")
    change_from_another_server(article)
    assert "Заголовок с другого сервера" in Client().get(url).content.decode()


def test_when_the_tracking_connection_drops_readers_still_get_fresh_pages(make_article):
    tracker = listening_tracker()
    article = make_article(headline="До обрыва")
    url = article.get_absolute_url()
    Client().get(url)
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    tracking = [c["id"] for c in client.client_list() if "t" in c["flags"]]
    for client_id in tracking:
        client.client_kill_filter(_id=client_id)
    Article.objects.filter(pk=article.pk).update(headline="После обрыва")
    change_from_another_server(article)
    assert "После обрыва" in Client().get(url).content.decode()
    deadline = time.monotonic() + 10
    while not tracker.listening:  # and the listener comes back by itself
        assert time.monotonic() < deadline, "the tracking connection did not come back"
        time.sleep(0.05)


def test_every_thread_of_a_process_shares_one_tracker():
    """Django makes a cache backend per thread; the tracker (a thread and a connection to
    Redis) must still be one per process, or a threaded server would open one per request."""
    mine = caches["default"].tracker(VERSION_PREFIX)
    theirs = []
    thread = threading.Thread(
        target=lambda: theirs.append(caches["default"].tracker(VERSION_PREFIX))
    )
    thread.start()
    thread.join()
    assert theirs == [mine]


def test_a_listener_that_has_heard_nothing_for_too_long_is_not_trusted(make_article):
    """A connection that died without a word (a partition) must not keep old pages alive."""
    tracker = listening_tracker()
    url = make_article(headline="Тишина в канале").get_absolute_url()
    settled(url)
    tracker._heard -= SILENCE_LIMIT + 1
    assert not tracker.listening
    assert asks_redis(lambda: Client().get(url))  # the versions came from Redis, not memory
