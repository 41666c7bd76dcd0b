"""The file cache's swap (newsroom/file_cache.py `replace`) under several processes at once.

Writers set one key kept without expiry (as the page cache's purge versions are) while others
add, delete and cull expiring keys in the same folder, and readers read the key throughout:
once a set has returned, a reader never finds the key missing (a purge lost) nor older than
that set (a stale page), nor a file half written; no swapped-out file is left behind.
"""

import multiprocessing
import os
import time

import pytest

from newsroom import file_cache

SECONDS = 1.5
WRITERS = 2


def _cache(folder):
    file_cache._next_count.clear()
    return file_cache.NewsroomFileCache(folder, {"OPTIONS": {"MAX_ENTRIES": 40}})


def _write(folder, index, done, stop):
    cache, number = _cache(folder), 0
    while not stop.is_set():
        number += 1
        cache.set(f"version-{index}", (index, number, "x" * 4000), None)
        done[index] = number  # this set has returned
        cache.set(f"page-{index}-{number % 100}", number, 1)  # expiring: culled in turn
        file_cache._next_count.clear()  # count the folder at every write


def _add_and_delete(folder, stop):
    cache, number = _cache(folder), 0
    while not stop.is_set():
        number += 1
        cache.add(f"lock-{number % 5}", number, 1)
        cache.delete(f"lock-{(number + 2) % 5}")


def _read(folder, done, stop, wrong):
    cache, reads = _cache(folder), 0
    while not stop.is_set():
        for index in range(WRITERS):
            returned = done[index]
            try:
                value = cache.get(f"version-{index}")
            except Exception as error:  # a file read half written
                wrong.put(f"read failed: {error!r}")
                continue
            reads += 1
            if returned and value is None:
                wrong.put(f"version-{index} missing after set {returned} returned")
            elif value is not None and value[1] < returned:
                wrong.put(f"version-{index} was {value[1]} after set {returned} returned")
    wrong.put(reads)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks the test's process")
def test_readers_never_miss_nor_see_an_older_value_while_processes_write_at_once(tmp_path):
    folder = str(tmp_path)
    context = multiprocessing.get_context("fork")
    done, stop, wrong = context.Array("q", WRITERS), context.Event(), context.Queue()
    processes = [context.Process(target=_write, args=(folder, i, done, stop)) for i in (0, 1)]
    processes.append(context.Process(target=_add_and_delete, args=(folder, stop)))
    processes += [context.Process(target=_read, args=(folder, done, stop, wrong)) for _ in "ab"]
    for process in processes:
        process.start()
    time.sleep(SECONDS)
    stop.set()
    found = []  # each reader's problems, then its number of reads
    while sum(isinstance(item, int) for item in found) < 2:
        found.append(wrong.get(timeout=30))
    for process in processes:
        process.join(timeout=30)

    problems = [item for item in found if not isinstance(item, int)]
    reads = sum(item for item in found if isinstance(item, int))
    assert problems == []
    assert reads > 100  # the processes did run into each other
    assert min(done) > 10
    assert [name for name in os.listdir(folder) if not name.endswith(".djcache")] == []
