"""Django's Redis cache, with one redis-py client per pool and keys kept in process memory.

Why this is hand-written and not redis-py's own client-side cache (`cache_config=`):
docs/caching.md, "Why not redis-py's client-side cache" (figures in docs/benchmarks.md).

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for every cache
operation. With redis-py 8 that constructor fills a table of ~170 response callbacks each
time, a large part of a page-cache hit (docs/benchmarks.md). A client is only a thin, thread-safe
wrapper around its pool, so one per pool does the same work.

`get_many_tracked(keys, prefix)` reads small, hot keys (the page cache's versions) without a
round trip: their values are kept in this process, and any change under the prefix drops
them all. That is Redis's own server-assisted client-side caching (`CLIENT TRACKING ... BCAST
PREFIX`, RESP3, Redis 6 or newer): Redis pushes an invalidation to every tracking connection
when a key under the prefix is written, deleted, expires, is evicted or the database is
flushed. In BCAST mode it writes that notice to the socket before the writer's own reply, so
a process that reads after another's write has returned finds the notice waiting. One thread
per process listens; a reader also polls the socket for a notice not yet read. Whenever the
listener is not connected, or has not heard from Redis for SILENCE_LIMIT seconds (a
connection that died without a word), the keys are simply read from Redis. A forked child
(gunicorn's workers, preloaded) starts with nothing in memory and its own listener.

Redis is optional for the site (`NewsroomRedisCache` fails soft): every call waits at most a
short socket timeout (OPTIONS socket_timeout, 250 ms in settings), and after a failure the
backend answers every call at once, as a miss, for RETRY_SECONDS; then one call tries Redis
again. Writes that could not be made (sets, deletes, a clear) are remembered, and their keys
deleted when Redis answers again, before anything is read: a value written during the outage,
or one that should have been deleted, is never served afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
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
# What a Redis outage looks like to a client: refused, reset, timed out, or a broken reply.
REDIS_ERRORS = (OSError, redis.exceptions.RedisError)
# What a cache outage looks like to a caller of Django's cache (Redis down or unreachable):
# the page cache and search then serve uncached. Here, where no model is imported, so that
# both can import it.
CACHE_ERRORS = REDIS_ERRORS
LOST_KEYS_LIMIT = 10_000  # keys remembered for deletion; beyond, every key of ours is dropped
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
    """The values of keys under one prefix, held in this process while Redis reports no
    change under it."""

    def __init__(self, url: str, prefix: str):
        self.url, self.prefix = url, prefix
        self._reset()
        # A forked child (gunicorn workers) has no listener thread and may inherit a held lock.
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._lock = threading.RLock()  # the listener forgets while holding it
        self._epoch = 0  # bumped by every invalidation: a read that spans one is not kept
        self._many = {}  # the values of keys under the prefix read so far, MISSING if absent
        self._socket = None  # the listener's socket while tracking is on, else None
        self._heard = 0.0  # when the listener last heard from Redis (time.monotonic())
        self._started = False
        self._stopped = False

    def stop(self) -> None:
        """End the listener (a server that is gone for good; tests)."""
        self._stopped = True
        with self._lock:
            sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the listener's poll

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
        """True while Redis is sending this process its notices about the prefix."""
        return self._socket is not None and self._fresh()

    def forget(self) -> None:
        with self._lock:
            self._epoch += 1
            self._many = {}

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
                    name = f"redis-tracking:{self.prefix}"
                    threading.Thread(target=self._listen_forever, name=name, daemon=True).start()

    def _listen_forever(self) -> None:
        failures = 0
        while not self._stopped:
            connection = None
            wait = RETRY_AFTER[min(failures, len(RETRY_AFTER) - 1)]
            try:
                connection = self._connect()
                if failures and (breaker := _breakers.get(self.url)) is not None:
                    breaker.retry_now()  # Redis is back: the next call need not wait to try
                failures = 0
                self._listen(connection)
            except Exception as error:  # noqa: BLE001 - the listener must outlive any failure
                if self._stopped:
                    continue
                failures += 1
                if isinstance(error, redis.exceptions.ResponseError):
                    wait = REFUSED_RETRY_AFTER  # the server refuses tracking: don't insist
                logger.warning("Redis key tracking stopped (%s); retrying in %s s", error, wait)
            finally:
                with self._lock:
                    self._socket = None
                    self._epoch += 1
                    self._many = {}
                if connection is not None:
                    connection.disconnect()
            if not self._stopped:
                time.sleep(wait)

    def _connect(self):
        pool = redis.ConnectionPool.from_url(
            self.url, protocol=3, socket_keepalive=True,
            socket_timeout=PING_EVERY, socket_connect_timeout=PING_EVERY,
        )  # fmt: skip
        connection = pool.make_connection()
        connection.connect()
        connection._parser.set_invalidation_push_handler(lambda message: self.forget())
        connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.prefix)
        if str_if_bytes(connection.read_response()) != "OK":
            raise redis.exceptions.RedisError("CLIENT TRACKING was refused")
        with self._lock:
            self._epoch += 1
            self._many = {}
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
        while not self._stopped:
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


class Breaker:
    """One Redis server's health as this process sees it: a circuit breaker, and the writes
    lost while the circuit was open (shared by every thread's backend for that server)."""

    def __init__(self, server: str, retry_seconds: float):
        self.server, self.retry_seconds = server, retry_seconds
        self._lock = threading.Lock()
        self.failing = False
        self._open_until = 0.0
        self._lost: set[str] = set()
        self._lost_everything = False
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self._lock = threading.Lock()

    def allows(self) -> bool:
        """May this call go to Redis? While failing, one call per retry_seconds does."""
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return False
            if self.failing:  # this caller probes; the others keep answering at once
                self._open_until = now + self.retry_seconds
            return True

    def retry_now(self) -> None:
        with self._lock:
            self._open_until = 0.0

    def trip(self, error: BaseException) -> None:
        with self._lock:
            first = not self.failing
            self.failing = True
            self._open_until = time.monotonic() + self.retry_seconds
        if first:
            logger.warning(
                "Redis cache unavailable (%s): answering without it, retrying every %s s",
                error, self.retry_seconds,
            )  # fmt: skip

    def closed(self) -> None:
        if self.failing:
            with self._lock:
                self.failing, self._open_until = False, 0.0
            logger.warning("Redis cache available again")

    def lose(self, keys) -> None:
        """These keys' writes did not reach Redis: drop them there once it answers again."""
        with self._lock:
            if keys is ALL_KEYS or len(self._lost) + len(keys) > LOST_KEYS_LIMIT:
                self._lost_everything, self._lost = True, set()
            elif not self._lost_everything:
                self._lost.update(keys)

    def repair(self, backend: NewsroomRedisCache) -> None:
        """Delete what was written, or should have been deleted, while Redis was away."""
        with self._lock:
            everything, lost = self._lost_everything, list(self._lost)
        if not (everything or lost):
            return
        client = backend._cache.get_client(write=True)
        if everything:
            pattern = f"{backend.key_prefix}:*" if backend.key_prefix else "*"
            batch = []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    client.delete(*batch)
                    batch = []
            if batch:
                client.delete(*batch)
        for start in range(0, len(lost), 1000):
            client.delete(*lost[start : start + 1000])
        with self._lock:  # keys lost meanwhile (by another thread) stay for the next repair
            if everything:
                self._lost_everything = False
            self._lost.difference_update(lost)
        for key in lost:
            forget_tracked(self.server, key)
        logger.warning("Redis cache: %s keys written during the outage dropped", len(lost))


ALL_KEYS = object()
_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def forget_tracked(server: str, made_key: str) -> None:
    """Drop what the trackers of `made_key` (a full Redis key), or of a prefix of it, hold."""
    for (where, tracked), tracker in list(_trackers.items()):
        if where == server and made_key.startswith(tracked):
            tracker.forget()


def forget_server(server: str) -> None:
    """Stop listening to `server` and forget its state in this process."""
    with _trackers_lock:
        for where in [where for where in _trackers if where[0] == server]:
            _trackers.pop(where).stop()
    with _breakers_lock:
        _breakers.pop(server, None)


class _Unavailable(Exception):
    """Redis did not answer (or is not asked while the circuit is open)."""


# One tracker per (server, key) in the process: Django makes a cache backend per thread.
_trackers: dict[tuple[str, str], KeyTracker] = {}
_trackers_lock = threading.Lock()


class NewsroomRedisCache(RedisCache):
    """Django's Redis cache, failing soft: Redis down or slow answers misses, never errors."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        options = dict(self._options)  # a copy: the settings' dict stays as it is
        retry_seconds = float(options.pop("retry_seconds", 5.0))
        self._options = options
        with _breakers_lock:
            if self._servers[0] not in _breakers:
                _breakers[self._servers[0]] = Breaker(self._servers[0], retry_seconds)
            self._breaker = _breakers[self._servers[0]]

    # Every operation goes through _call: at most one socket timeout, then misses for a while.
    def _call(self, operation, *args, writes=()):
        breaker = self._breaker
        if not breaker.allows():
            if writes:
                breaker.lose(writes)
            raise _Unavailable
        try:
            breaker.repair(self)
            result = getattr(super(), operation)(*args)
        except REDIS_ERRORS as error:
            breaker.trip(error)
            if writes:
                breaker.lose(writes)
            raise _Unavailable from error
        except Exception:
            # Redis answered; the operation itself failed (incr() of a missing key raises
            # ValueError). A probe that ends so must still close the circuit, or a process
            # whose only calls are such probes would answer misses for good.
            breaker.closed()
            raise
        breaker.closed()
        return result

    def _soft(self, default, operation, *args, writes=()):
        try:
            return self._call(operation, *args, writes=writes)
        except _Unavailable:
            return default

    def _keys(self, keys, version) -> list[str]:
        return [self.make_and_validate_key(key, version=version) for key in keys]

    def get(self, key, default=None, version=None):
        return self._soft(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._soft({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._soft(False, "has_key", key, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(False, "touch", key, timeout, version, writes=self._keys([key], version))

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._soft(None, "delete_many", keys, version, writes=self._keys(keys, version))
        self._forget_all(keys, version)

    def run(self, work, default=None):
        """`work(client, key)` with the redis-py client and a function making our full key
        names, failing soft like every call: Redis's own structures (the sorted sets that
        count reads, articles/reading.py) for callers the cache API does not serve. What it
        writes is not remembered during an outage: counts may be lost, never served stale."""
        if not self._breaker.allows():
            return default
        try:
            self._breaker.repair(self)
            result = work(self._cache.get_client(write=True), self.make_and_validate_key)
        except REDIS_ERRORS as error:
            self._breaker.trip(error)
            return default
        self._breaker.closed()
        return result

    @property
    def unavailable(self) -> bool:
        """True while Redis is failing (its calls answer misses; see the module's docstring)."""
        return self._breaker.failing

    def get_many_tracked(self, keys, prefix, version=None):
        """`get_many()` of keys that all start with `prefix`, answered from memory while
        Redis reports nothing changed under it. With more than one server (replicas), a plain
        `get_many()`: a replica could answer from before the change Redis just reported. While
        Redis is failing, a plain (soft) `get_many()` too: misses must not be kept in memory."""
        if len(self._servers) > 1 or self._breaker.failing:
            return self.get_many(keys, version)

        def load_many(missing):
            found = self.get_many(missing, version)
            if self._breaker.failing:
                raise _Unavailable  # misses for want of Redis: not to be kept as values
            return found

        try:
            return self.tracker(prefix, version).get_many(keys, load_many)
        except _Unavailable:
            return {}

    def tracker(self, prefix, version=None) -> KeyTracker:
        where = (self._servers[0], self.make_and_validate_key(prefix, version=version))
        with _trackers_lock:
            if where not in _trackers:
                _trackers[where] = KeyTracker(*where)
            return _trackers[where]

    # Writes from this process are seen at once, without waiting for Redis's notice.
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        writes = self._keys([key], version)
        self._soft(None, "set", key, value, timeout, version, writes=writes)
        self._forget(key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        writes = self._keys(data, version)
        failed = self._soft(list(data), "set_many", data, timeout, version, writes=writes)
        self._forget_all(data, version)
        return failed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        writes = self._keys([key], version)
        added = self._soft(False, "add", key, value, timeout, version, writes=writes)
        self._forget(key, version)
        return added

    def incr(self, key, delta=1, version=None):
        try:
            value = self._call("incr", key, delta, version, writes=self._keys([key], version))
        except _Unavailable:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)") from None
        self._forget(key, version)
        return value

    def delete(self, key, version=None):
        deleted = self._soft(False, "delete", key, version, writes=self._keys([key], version))
        self._forget(key, version)
        return deleted

    def clear(self):
        cleared = self._soft(False, "clear", writes=ALL_KEYS)
        for (server, _key), tracker in list(_trackers.items()):
            if server == self._servers[0]:
                tracker.forget()
        return cleared

    def _forget(self, key, version) -> None:
        """Forget `key` in the trackers of it, or of a prefix of it."""
        forget_tracked(self._servers[0], self.make_and_validate_key(key, version=version))

    def _forget_all(self, keys, version) -> None:
        for key in keys:
            self._forget(key, version)
