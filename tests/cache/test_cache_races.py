"""Races between a purge and a page being rendered (articles/cache/page_cache.py, fragments.py).

A purge takes a number from the shared sequence, then writes its versions: a page that
begins in between must not end up kept with the purge's versions and the text before it.
Each test stops a render at the moment a real server (five workers on SQLite and a folder
of files, an editor saving every few seconds) was seen to hit, then asks for the page again
as the next reader would, once the save has returned.
"""

import os
import pickle
import threading
import time
import zlib
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from articles.cache import fragments, page_cache
from articles.models import Article
from newsroom import file_cache

pytestmark = pytest.mark.django_db
OLD, NEW = "Центр «Центральная Азия» открыт", "Центр открыт: первые проекты подписаны"


@pytest.fixture
def piece(make_article):
    return make_article(headline=OLD, body="<p>Текст о центре.</p>")


def headline_changed_with_no_purge_yet(piece) -> None:
    """The save's row, committed; its purge not yet written (it comes next)."""
    Article.objects.filter(pk=piece.pk).update(headline=NEW, updated_at=timezone.now())


def purge_writes(piece, number: int) -> None:
    """What the save's purge numbered `number` writes, then the sequence moving on."""
    version = (number, "written-late", False, time.time())
    names = [page_cache.VERSION_PREFIX + key for key in page_cache.article_keys(piece)]
    cache.set_many(dict.fromkeys(names, version), None)
    page_cache._next_number()


def test_a_body_kept_before_a_purge_still_being_written_is_not_kept_into_the_page(piece):
    url = piece.get_absolute_url()
    reader = Client()
    reader.get(url + "?first")  # the body and meta fragments kept at the piece's version
    headline_changed_with_no_purge_yet(piece)
    number = page_cache._next_number()  # the purge has its number: the page reads it...
    fetch, raced = fragments.Batch._fetch, []

    def found_then_the_purge_writes(batch, keys):
        fetch(batch, keys)  # ...finds the old body still current...
        if not raced:
            raced.append(True)
            purge_writes(piece, number)  # ...and the purge writes its versions right after

    with mock.patch.object(fragments.Batch, "_fetch", found_then_the_purge_writes):
        reader.get(url + "?raced")  # begun before the save returned: it may show the old body
    assert raced

    after = reader.get(url + "?raced").content.decode()

    assert f'<h1 class="story__headline">{NEW}</h1>' in after
    assert OLD not in after


def test_a_version_gone_after_a_purge_is_not_taken_for_a_first_one(piece, settings):
    """Versions may be evicted (a full cache): one found missing when a page is kept must
    not let a page rendered before the purge be kept as current."""
    settings.NEWSROOM_FRAGMENT_CACHE = False
    url = piece.get_absolute_url()
    keep, raced = page_cache._versions_to_keep, []

    def saved_purged_and_evicted_while_rendering(keys):
        if not raced:
            raced.append(True)
            headline_changed_with_no_purge_yet(piece)
            purged = page_cache.article_keys(piece)
            page_cache.purge(purged)
            cache.delete_many([page_cache.VERSION_PREFIX + key for key in purged])
        return keep(keys)

    with mock.patch.object(
        page_cache, "_versions_to_keep", saved_purged_and_evicted_while_rendering
    ):
        Client().get(url)  # rendered from the row before the save
    assert raced

    assert NEW in Client().get(url).content.decode()


def test_two_purges_of_one_key_leave_the_later_ones_version_current(piece):
    """One purge slow to write its versions (a busy cache) and another one after it: the
    later number must win, whatever order they finish in."""
    key = f"article:{piece.pk}"
    slow = threading.Event()

    class SlowFirstWrite:
        def __getattr__(self, name):
            return getattr(cache, name)

        def set_many(self, values, timeout=None):
            if not slow.is_set():
                slow.set()
                time.sleep(0.3)  # the first purge has its number and is still writing
            return cache.set_many(values, timeout)

    with mock.patch.object(page_cache, "cache", SlowFirstWrite()):
        first = threading.Thread(target=page_cache._bump, args=(frozenset({key}), False))
        first.start()
        slow.wait(2)
        page_cache._bump(frozenset({key}), False)
        first.join()

    versions = page_cache.current_versions([key])
    assert versions[key][0] == max(cache.get(page_cache.SEQUENCE_KEY) - 1, 0)


def test_a_full_file_cache_culls_pages_but_never_the_purge_versions(tmp_path):
    files = file_cache.NewsroomFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 30}})
    versions = {f"{page_cache.VERSION_PREFIX}article:{n}": (n, "v", False, 0) for n in range(10)}
    files.set_many(versions, None)
    files.set("expired-page", "old", 1)
    time.sleep(1.1)
    for number in range(40):
        file_cache._next_count.clear()  # count at every write, as if time had passed
        files.set(f"page-{number}", "<html>", 600)

    assert files.get_many(list(versions)) == versions
    assert files.get("expired-page") is None
    assert len(list(tmp_path.glob("*.djcache"))) <= 30 + 1  # culled before each write


def test_a_file_cache_counts_its_files_now_and_then_not_at_every_write(tmp_path):
    files = file_cache.NewsroomFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000}})
    file_cache._next_count.clear()
    with mock.patch.object(files, "_list_cache_files", wraps=files._list_cache_files) as listed:
        for number in range(50):
            files.set(f"page-{number}", "<html>", 600)
    assert listed.call_count == 1


def test_a_file_cache_write_replaces_the_file_whole_and_leaves_nothing_behind(tmp_path):
    files = file_cache.NewsroomFileCache(str(tmp_path), {})
    name = files._key_to_file("page")
    files.set("page", "old", 600)
    with open(name, "rb") as opened:  # a reader that opened the file before the write
        files.set("page", "new", 600)
        files.set("other", "first", 600)  # no file to replace yet
        assert files._is_expired(opened) is False
        assert pickle.loads(zlib.decompress(opened.read())) == "old"  # the whole old file

    assert files.get("page") == "new"
    assert files.get("other") == "first"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        os.path.basename(files._key_to_file(key)) for key in ("page", "other")
    )  # no temporary file left


def test_a_file_cache_write_renames_over_where_files_cannot_be_swapped(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "_swap_works", False)
    files = file_cache.NewsroomFileCache(str(tmp_path), {})
    files.set("page", "old", 600)
    files.set("page", "new", 600)
    assert files.get("page") == "new"
    assert len(list(tmp_path.iterdir())) == 1
