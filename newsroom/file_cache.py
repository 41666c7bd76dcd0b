"""Django's file-based cache, with `add()` and `incr()` atomic between processes.

Without Redis, the cache is a folder that every process of the machine shares (settings).
Django's `FileBasedCache.add()` checks for the file and then writes it, and `incr()` reads
then writes: two processes can both "add" the same key, or hand out the same number. The
page cache takes its render locks with `add()` and numbers its purges with `incr()`
(articles/page_cache.py), so here a file is added with a hard link, which the file system
refuses if the name exists, and numbers are counted under an exclusive lock of the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


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
