"""Versions kept in process memory are never older than Redis's, whoever wrote them: the
property that made us keep our own tracker rather than redis-py's client-side cache (README,
"Why not redis-py's client-side cache").

Each test starts its own redis-server on a free port, as tests/cache/test_redis_outage.py does.
"""

import contextlib
import os
import shutil
import time

import pytest
import redis
from redis.cache import CacheConfig
from redis.connection import CacheProxyConnection

from articles.cache.page_cache import VERSION_PREFIX
from newsroom.redis_cache import NewsroomRedisCache, forget_server
from tests.factories import PrivateRedis

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs the redis-server binary"
)
NAMES = [f"{VERSION_PREFIX}#sequence", f"{VERSION_PREFIX}article:1"]


@pytest.fixture
def server():
    server = PrivateRedis()
    server.start()
    yield server
    forget_server(server.url)
    server.kill()


def versions_cache(url: str) -> NewsroomRedisCache:
    """The backend as settings.py makes it with REDIS_URL."""
    options = {"socket_timeout": 0.25, "socket_connect_timeout": 0.25, "retry_seconds": 1}
    return NewsroomRedisCache(url, {"KEY_PREFIX": "client-cache-test", "OPTIONS": options})


def held_in_memory(cache: NewsroomRedisCache) -> None:
    """Read the versions until the tracker keeps them (its listener is up)."""
    tracker = cache.tracker(VERSION_PREFIX)
    for _ in range(500):
        cache.get_many_tracked(NAMES, VERSION_PREFIX)
        if tracker.listening and set(tracker._many) >= set(NAMES):
            return
        time.sleep(0.01)  # the listener connects in its own thread
    raise AssertionError("the versions were never kept in memory")


@contextlib.contextmanager
def forked_child(read):
    """A forked child process (a preloaded gunicorn worker) that calls `read()` once the
    block ends: yields a list that then holds what it read."""
    go_read, go_write = os.pipe()
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: wait for the parent's turn, read, tell, and leave at once
        try:
            os.close(go_write)
            if os.read(go_read, 1):
                os.write(answer_write, repr(read()).encode())
        finally:
            os._exit(0)
    os.close(go_read)
    os.close(answer_write)
    answer = []
    try:
        yield answer
        os.write(go_write, b"x")
    finally:
        os.close(go_write)  # an early failure: the child reads nothing and leaves
        os.waitpid(pid, 0)
        answer.append(os.read(answer_read, 100).decode())
        os.close(answer_read)


def reads_at_once(read, expected) -> None:
    """The parent, who handles Redis's notices, reads `expected` (within a second)."""
    deadline = time.monotonic() + 1
    while read() != expected:
        assert time.monotonic() < deadline, "this process never saw the write"
        time.sleep(0.001)


def test_a_version_written_by_another_server_is_read_at_once(server):
    cache = versions_cache(server.url)
    cache.set_many({name: 0 for name in NAMES}, None)
    held_in_memory(cache)
    other_server = redis.Redis.from_url(server.url)  # no notice through this process
    key = cache.make_key(NAMES[1])
    stale = 0
    for number in range(1, 301):
        other_server.set(key, cache._cache._serializer.dumps(number))
        stale += cache.get_many_tracked(NAMES, VERSION_PREFIX)[NAMES[1]] != number
    assert stale == 0


def test_a_forked_worker_never_reads_a_version_its_parent_held(server):
    cache = versions_cache(server.url)
    cache.set_many({name: "old" for name in NAMES}, None)
    held_in_memory(cache)
    read = lambda: cache.get_many_tracked(NAMES, VERSION_PREFIX)[NAMES[1]]  # noqa: E731
    with forked_child(read) as child_read:
        new = cache._cache._serializer.dumps("new")
        redis.Redis.from_url(server.url).set(cache.make_key(NAMES[1]), new)
        reads_at_once(read, "new")  # the parent takes Redis's notice off the socket
    assert child_read == ["'new'"]


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="redis-py's client-side cache: a forked child keeps its parent's entries and reads "
    "invalidations off the parent's sockets. If this passes, redis-py fixed it: see README.",
)
def test_redis_pys_client_cache_never_gives_a_forked_worker_its_parents_stale_value(server):
    # redis-py refuses Redis older than 7.4 for its cache; CLIENT TRACKING itself is Redis 6+.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CacheProxyConnection, "MIN_ALLOWED_VERSION", "6.0.0")
        reader = redis.Redis.from_url(server.url, protocol=3, cache_config=CacheConfig())
        writer = redis.Redis.from_url(server.url)
        writer.set("version", "old")
        assert reader.get("version") == b"old"  # now in the reader's memory
        with forked_child(lambda: reader.get("version")) as child_read:
            writer.set("version", "new")
            reads_at_once(lambda: reader.get("version"), b"new")
    assert child_read == ["b'new'"]
