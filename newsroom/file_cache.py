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

And writing is cheaper. A file is replaced by swapping it with the new one (`renameat2` with
RENAME_EXCHANGE, then the old one is unlinked), not by renaming over it: ext4 (auto_da_alloc)
starts writing a file's data out to disk when it is renamed over another, which made each
write of a version or a page wait up to milliseconds; readers still see the old file or the
new one, never none. Values are compressed at zlib's fastest level, which on a large page
(the RSS feed) took a quarter of the default level's time (docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import pickle
import random
import tempfile
import time
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_SECONDS = 10.0
COMPRESS_LEVEL = 1
_next_count: dict[str, float] = {}  # folder: when this process counts its files again


def _renameat2():
    """glibc's renameat2 (Linux), or None where there is none."""
    try:
        function = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    path, flags = ctypes.c_char_p, ctypes.c_uint
    function.argtypes = [ctypes.c_int, path, ctypes.c_int, path, flags]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2
_swap_works = _RENAMEAT2 is not None


def replace(written: str, name: str) -> None:
    """`written` becomes `name`, atomically, as `os.replace` does: an existing `name` is
    swapped with it and then unlinked, so the file system does not flush the new file's data
    first (ext4's auto_da_alloc on a rename over an existing file)."""
    global _swap_works
    if _swap_works:
        if _RENAMEAT2(_AT_FDCWD, os.fsencode(written), _AT_FDCWD, os.fsencode(name),
                      _RENAME_EXCHANGE) == 0:  # fmt: skip
            os.remove(written)  # now the old file
            return
        error = ctypes.get_errno()
        if error in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
            _swap_works = False  # this file system cannot swap: rename over, as Django does
        elif error != errno.ENOENT:  # ENOENT: no file to swap with, a plain rename then
            raise OSError(error, os.strerror(error), name)
    os.replace(written, name)


class NewsroomFileCache(FileBasedCache):
    def _write_content(self, file, timeout, value):
        expiry = self.get_backend_timeout(timeout)
        file.write(pickle.dumps(expiry, self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), COMPRESS_LEVEL))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Django's, with the file replaced by `replace`."""
        self._createdir()  # the folder may have been deleted
        name = self._key_to_file(key, version)
        self._cull()
        descriptor, written = tempfile.mkstemp(dir=self._dir)
        try:
            with open(descriptor, "wb") as file:
                self._write_content(file, timeout, value)
            replace(written, name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(written)
            raise

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
