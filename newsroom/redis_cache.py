"""Django's Redis cache, with one redis-py client per pool and keys kept in process memory.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for every cache
operation. With redis-py 8 that constructor fills a table of ~170 response callbacks each
time: measured here, 0.3 ms of a 0.8 ms page-cache hit. A client is only a thin, thread-safe
wrapper around its pool, so one per pool does the same work.

`get_tracked(key)` reads a small, hot key (the page cache's site generation) without a round
trip: the value is kept in this process and dropped the moment Redis says the key changed.
That is Redis's own server-assisted client-side caching (`CLIENT TRACKING ... BCAST`, RESP3,
Redis 6 or newer): Redis pushes an invalidation to every tracking connection when the key is
written, deleted, expires, is evicted or the database is flushed, before it answers the
writer. A thread per process listens; a reader also looks for a notice already waiting on the
socket, so a change is seen as soon as it reaches this machine. Whenever the listener is not
connected, `get_tracked` simply asks Redis, as `get` does.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)
PING_EVERY = 5.0  # seconds of silence before the listener checks its connection
RETRY_AFTER = (0.5, 1, 2, 5)  # seconds between reconnection attempts, then every 5 s
REFUSED_RETRY_AFTER = 300


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class KeyTracker:
    """One Redis key's value, held in this process while Redis reports no change to it."""

    def __init__(self, url: str, key: str):
        self.url, self.key = url, key
        self._lock = threading.Lock()
        self._epoch = 0  # bumped by every invalidation: a read that spans one is not kept
        self._known = False
        self._value = None
        self._socket = None  # the listener's socket while tracking is on, else None
        self._pid = None

    def get(self, load):
        """The key's value: from memory when Redis has said nothing since, else `load()`."""
        self._start_once_per_process()
        with self._lock:
            listening = self._socket is not None and not self._notice_waiting()
            if listening and self._known:
                return self._value
            epoch = self._epoch
        value = load()
        with self._lock:
            if listening and epoch == self._epoch and self._socket is not None:
                self._value, self._known = value, True
        return value

    @property
    def listening(self) -> bool:
        """True while Redis is sending this process its notices about the key."""
        return self._socket is not None

    def forget(self) -> None:
        with self._lock:
            self._epoch += 1
            self._known, self._value = False, None

    def _notice_waiting(self) -> bool:
        """True if Redis has sent something the listener has not read yet (or we can't tell)."""
        try:
            return bool(select.select([self._socket], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def _start_once_per_process(self) -> None:
        # After a fork (gunicorn workers) the parent's thread does not exist in the child.
        if self._pid != os.getpid():
            with self._lock:
                if self._pid != os.getpid():
                    self._pid, self._socket = os.getpid(), None
                    self._known, self._value = False, None
                    name = f"redis-tracking:{self.key}"
                    threading.Thread(target=self._listen_forever, name=name, daemon=True).start()

    def _listen_forever(self) -> None:
        failures = 0
        while True:
            connection = None
            wait = RETRY_AFTER[min(failures, len(RETRY_AFTER) - 1)]
            try:
                connection = self._connect()
                failures = 0
                self._listen(connection)
            except Exception as error:  # noqa: BLE001 - the listener must outlive any failure
                failures += 1
                if isinstance(error, redis.exceptions.ResponseError):
                    wait = REFUSED_RETRY_AFTER  # the server refuses tracking: don't insist
                logger.warning("Redis key tracking stopped (%s); retrying in %s s", error, wait)
            finally:
                with self._lock:
                    self._socket = None
                    self._epoch += 1
                    self._known, self._value = False, None
                if connection is not None:
                    connection.disconnect()
            time.sleep(wait)

    def _connect(self):
        pool = redis.ConnectionPool.from_url(self.url, protocol=3, socket_keepalive=True)
        connection = pool.make_connection()
        connection.connect()
        connection._parser.set_invalidation_push_handler(lambda message: self.forget())
        connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.key)
        if connection.read_response() != b"OK":
            raise redis.exceptions.RedisError("CLIENT TRACKING was refused")
        with self._lock:
            self._epoch += 1
            self._known, self._value = False, None
            self._socket = connection._sock
        return connection

    def _listen(self, connection) -> None:
        while True:
            if connection.can_read(timeout=PING_EVERY):
                connection.read_response(push_request=True)  # an invalidation: forget()
            else:
                connection.send_command("PING")
                connection.read_response()  # notices that come first are handled on the way


class NewsroomRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._trackers: dict[str, KeyTracker] = {}

    def get_tracked(self, key, default=None, version=None):
        """`get()`, answered from memory while Redis reports the key unchanged."""
        return self.tracker(key, version).get(lambda: self.get(key, default, version))

    def tracker(self, key, version=None) -> KeyTracker:
        full_key = self.make_and_validate_key(key, version=version)
        tracker = self._trackers.get(full_key)
        if tracker is None:
            tracker = self._trackers.setdefault(full_key, KeyTracker(self._servers[0], full_key))
        return tracker

    # Writes from this process are seen at once, without waiting for Redis's notice.
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version)
        self._forget(key, version)

    def delete(self, key, version=None):
        self._forget(key, version)
        return super().delete(key, version)

    def clear(self):
        for tracker in self._trackers.values():
            tracker.forget()
        return super().clear()

    def _forget(self, key, version) -> None:
        tracker = self._trackers.get(self.make_and_validate_key(key, version=version))
        if tracker is not None:
            tracker.forget()
