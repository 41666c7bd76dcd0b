"""Django's file-based cache, with `add()` and `incr()` atomic between processes.

Without Redis, the cache is a folder that every process of the machine shares (settings).
Django's `FileBasedCache.add()` checks for the file and then writes it, and `incr()` reads
then writes: two processes can both "add" the same key, or hand out the same number. The
page cache takes its render locks with `add()` and numbers its purges with `incr()`
(articles/cache/page_cache.py), so here a file is added with a hard link, which the file system
refuses if the name exists, and numbers are counted under an exclusive lock of the folder.

Culling is changed too. Django's lists the whole folder on every `set()` (slow with a few
thousand pages and fragments, and a purge writes many versions: docs/benchmarks.md), and
when the folder is full it deletes a random third of the files, the page cache's versions
among them: a version gone is a purge forgotten. Here the folder is counted at most every
CULL_CHECK_SECONDS per process, expired files go first, and only files that expire (pages,
fragments, locks) are culled, never those kept without expiry (the page cache's versions and
sequence, a handful per piece).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import random
import tempfile
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_SECONDS = 10.0
_next_count: dict[str, float] = {}  # folder: when this process counts its files again


class NewsroomFileCache(FileBasedCache):
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        name = self._key_to_file(key, version)
        self._createdir()
        descriptor, written = tempfile.mkstemp(dir=self._dir)
        try:
            with open(descriptor, "wb") as file:
                self._write_content(file, timeout, value)
            for _attempt in range(2):
                try:
                    os.link(written, name)
                    return True
                except FileExistsError:
                    if self.has_key(key, version):
                        return False
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(name)  # expired: take its place
            return False
        finally:
            os.remove(written)

    def incr(self, key, delta=1, version=None):
        """Atomic between processes; the value is kept without expiry."""
        self._createdir()
        with open(os.path.join(self._dir, "incr.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            value = self.get(key, version=version)
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            self.set(key, value + delta, None, version=version)
            return value + delta

    def _cull(self):
        now = time.monotonic()
        if now < _next_count.get(self._dir, 0.0):
            return
        _next_count[self._dir] = now + CULL_CHECK_SECONDS
        names = self._list_cache_files()
        if len(names) < self._max_entries:
            return
        expiring, wall = [], time.time()
        for name in names:
            try:
                with open(name, "rb") as file:
                    expiry = pickle.load(file)
            except (OSError, EOFError, pickle.UnpicklingError):
                continue
            if expiry is None:
                continue  # kept until deleted: never culled
            if expiry < wall:
                self._delete(name)
            else:
                expiring.append(name)
        # Down to what Django's culling leaves: (1 - 1/CULL_FREQUENCY) of MAX_ENTRIES.
        keep = self._max_entries - self._max_entries // max(self._cull_frequency, 1)
        excess = len(expiring) - keep
        for name in random.sample(expiring, max(0, excess)):
            self._delete(name)
