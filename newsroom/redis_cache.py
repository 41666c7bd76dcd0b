"""Django's Redis cache, with one redis-py client per pool and keys kept in process memory.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for every cache
operation. With redis-py 8 that constructor fills a table of ~170 response callbacks each
time: measured here, 0.3 ms of a 0.8 ms page-cache hit. A client is only a thin, thread-safe
wrapper around its pool, so one per pool does the same work.

`get_tracked(key)` reads a small, hot key without a round trip: the value is kept in this
process and dropped the moment Redis says the key changed. `get_many_tracked(keys, prefix)`
does the same for every key under a prefix (the page cache's versions): any change under it
drops them all.
That is Redis's own server-assisted client-side caching (`CLIENT TRACKING ... BCAST`, RESP3,
Redis 6 or newer): Redis pushes an invalidation to every tracking connection when the key is
written, deleted, expires, is evicted or the database is flushed, in the same pass of its
event loop as its answer to the writer. One thread per process listens; a reader also polls
the socket for a notice not yet read, so a change is seen once its notice reaches this
machine. Whenever the listener is not connected, or has not heard from Redis for
SILENCE_LIMIT seconds (a connection that died without a word), `get_tracked` simply asks
Redis, as `get` does.
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
from redis.utils import str_if_bytes

logger = logging.getLogger(__name__)
PING_EVERY = 5.0  # seconds of silence before the listener checks its connection
SILENCE_LIMIT = 2 * PING_EVERY + 1  # seconds without a word before memory is not trusted
RETRY_AFTER = (0.5, 1, 2, 5)  # seconds between reconnection attempts, then every 5 s
REFUSED_RETRY_AFTER = 300
MAX_KEPT = 100_000  # keys a tracker keeps for get_many() before it starts afresh
MISSING = object()


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
        self._reset()
        # A forked child (gunicorn workers) has no listener thread and may inherit a held lock.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._lock = threading.RLock()  # the listener forgets while holding it
        self._epoch = 0  # bumped by every invalidation: a read that spans one is not kept
        self._known = False
        self._value = None
        self._many = {}  # get_many(): the values of keys under the prefix, MISSING if absent
        self._socket = None  # the listener's socket while tracking is on, else None
        self._heard = 0.0  # when the listener last heard from Redis (time.monotonic())
        self._started = False

    def get(self, load):
        """The key's value: from memory when Redis has said nothing since, else `load()`."""
        self._start_once()
        with self._lock:
            listening = self._socket is not None and self._fresh() and not self._notice_waiting()
            if listening and self._known:
                return self._value
            epoch = self._epoch
        value = load()
        with self._lock:
            if listening and epoch == self._epoch and self._socket is not None:
                self._value, self._known = value, True
        return value

    def get_many(self, names, load_many) -> dict:
        """`get_many` for keys under the tracked prefix: from memory those Redis has said
        nothing of since they were read, the rest with one `load_many(missing)`."""
        self._start_once()
        with self._lock:
            listening = self._socket is not None and self._fresh() and not self._notice_waiting()
            known = self._many if listening else {}
            found = {name: known[name] for name in names if name in known}
            epoch = self._epoch
        missing = [name for name in names if name not in found]
        if missing:
            loaded = load_many(missing)
            found.update((name, loaded.get(name, MISSING)) for name in missing)
            with self._lock:
                if listening and epoch == self._epoch and self._socket is not None:
                    if len(self._many) > MAX_KEPT:
                        self._many = {}
                    self._many.update((name, found[name]) for name in missing)
        return {name: value for name, value in found.items() if value is not MISSING}

    @property
    def listening(self) -> bool:
        """True while Redis is sending this process its notices about the key."""
        return self._socket is not None and self._fresh()

    @property
    def known(self) -> bool:
        """True while the next `get` will answer from memory."""
        return self._known and self.listening

    def forget(self) -> None:
        with self._lock:
            self._epoch += 1
            self._known, self._value, self._many = False, None, {}

    def _fresh(self) -> bool:
        """Redis answered the listener lately: a connection that died without a word (a
        partition, a host gone) stops being trusted within SILENCE_LIMIT seconds."""
        return time.monotonic() - self._heard < SILENCE_LIMIT

    def _notice_waiting(self) -> bool:
        """True if Redis has sent something the listener has not read yet (or we can't tell)."""
        try:
            poller = select.poll()
            poller.register(self._socket, select.POLLIN | select.POLLERR | select.POLLHUP)
            return bool(poller.poll(0))
        except (OSError, ValueError):
            return True

    def _start_once(self) -> None:
        if not self._started:
            with self._lock:
                if not self._started:
                    self._started = True
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
                    self._known, self._value, self._many = False, None, {}
                if connection is not None:
                    connection.disconnect()
            time.sleep(wait)

    def _connect(self):
        pool = redis.ConnectionPool.from_url(
            self.url, protocol=3, socket_keepalive=True,
            socket_timeout=PING_EVERY, socket_connect_timeout=PING_EVERY,
        )  # fmt: skip
        connection = pool.make_connection()
        connection.connect()
        connection._parser.set_invalidation_push_handler(lambda message: self.forget())
        connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.key)
        if str_if_bytes(connection.read_response()) != "OK":
            raise redis.exceptions.RedisError("CLIENT TRACKING was refused")
        with self._lock:
            self._epoch += 1
            self._known, self._value, self._many = False, None, {}
            self._socket, self._heard = connection._sock, time.monotonic()
        return connection

    def _listen(self, connection) -> None:
        """Handle Redis's notices as they come, pinging after PING_EVERY seconds of silence.

        Bytes are read off the socket only while holding the lock that readers take: a
        reader sees either the notice still waiting on the socket, or its key forgotten.
        """
        poller = select.poll()
        poller.register(connection._sock, select.POLLIN | select.POLLERR | select.POLLHUP)
        pinged = False
        while True:
            if not poller.poll(PING_EVERY * 1000):
                if pinged:
                    raise redis.exceptions.TimeoutError("Redis did not answer PING")
                connection.send_command("PING")
                pinged = True
                continue
            with self._lock:
                reply = connection.read_response(push_request=True, timeout=PING_EVERY)
                self._heard = time.monotonic()
            if str_if_bytes(reply) == "PONG":
                pinged = False


# One tracker per (server, key) in the process: Django makes a cache backend per thread.
_trackers: dict[tuple[str, str], KeyTracker] = {}
_trackers_lock = threading.Lock()


class NewsroomRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get_tracked(self, key, default=None, version=None):
        """`get()`, answered from memory while Redis reports the key unchanged. With more
        than one server (replicas), a plain `get()`: a replica could answer from before the
        change Redis just reported."""
        if len(self._servers) > 1:
            return self.get(key, default, version)
        return self.tracker(key, version).get(lambda: self.get(key, default, version))

    def get_many_tracked(self, keys, prefix, version=None):
        """`get_many()` of keys that all start with `prefix`, answered from memory while
        Redis reports nothing changed under it (see `get_tracked`)."""
        if len(self._servers) > 1:
            return self.get_many(keys, version)
        tracker = self.tracker(prefix, version)
        return tracker.get_many(keys, lambda missing: self.get_many(missing, version))

    def tracker(self, key, version=None) -> KeyTracker:
        where = (self._servers[0], self.make_and_validate_key(key, version=version))
        with _trackers_lock:
            if where not in _trackers:
                _trackers[where] = KeyTracker(*where)
            return _trackers[where]

    # Writes from this process are seen at once, without waiting for Redis's notice.
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version)
        self._forget(key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = super().set_many(data, timeout, version)
        for key in data:
            self._forget(key, version)
        return failed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version)
        self._forget(key, version)
        return added

    def incr(self, key, delta=1, version=None):
        value = super().incr(key, delta, version)
        self._forget(key, version)
        return value

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._forget(key, version)
        return deleted

    def clear(self):
        cleared = super().clear()
        for (server, _key), tracker in list(_trackers.items()):
            if server == self._servers[0]:
                tracker.forget()
        return cleared

    def _forget(self, key, version) -> None:
        """Forget `key` in the trackers of it, or of a prefix of it."""
        server, made = self._servers[0], self.make_and_validate_key(key, version=version)
        for (where, tracked), tracker in list(_trackers.items()):
            if where == server and made.startswith(tracked):
                tracker.forget()
