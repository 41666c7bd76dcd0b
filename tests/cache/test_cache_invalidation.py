"""A change is noticed wherever it is made, and purges only the pages that show it.

Each cached page records surrogate keys for what it shows; a write purges the keys it
touches (articles/cache/invalidation.py), whoever makes it: the admin, a service, a plain
`save()` in a shell, `loaddata`, `restore_newsroom`.
"""

import io
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from articles import page_keys, services
from articles.cache import page_cache
from articles.models import Article, Byline, Correction

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


def keys_of(response) -> set[str]:
    return set(response["xkey"].split())


def served_from_cache(reader, url, django_assert_num_queries) -> str:
    with django_assert_num_queries(0):
        return reader.get(url).content.decode()


# ---- keys ---------------------------------------------------------------------------------


def test_an_article_page_records_the_keys_of_everything_it_shows(
    reader, central_asia_story, make_article, tag
):
    other = make_article(headline="Соседняя новость", tags=[tag])
    article = central_asia_story
    keys = keys_of(reader.get(article.get_absolute_url()))
    author = article.bylines.get().author_id
    assert {
        f"article:{article.pk}",
        f"photo:{article.hero_photo_id}",
        f"author:{author}",
        f"section:{article.section_id}",
        f"tag:{tag.pk}",
        f"story:{article.story_id}",
        f"tag:{tag.pk}:ru",  # its related block: the newest pieces sharing a tag
        f"article:{other.pk}",  # ... which shows this one
        "site",
    } <= keys
    response = reader.get(article.get_absolute_url())  # from the cache: the same keys
    assert keys_of(response) == keys
    assert response["Surrogate-Key"] == response["xkey"]
    assert set(response["Cache-Tag"].split(",")) == keys


def test_list_pages_record_the_lists_they_are_and_each_piece_on_them(
    reader, make_article, section, tag, author
):
    article = make_article(section=section, tags=[tag])
    Byline.objects.create(article=article, author=author, position=0)
    assert {"home:ru", f"article:{article.pk}"} <= keys_of(reader.get("/ru/"))
    assert f"section:{section.pk}:ru" in keys_of(reader.get(section.get_absolute_url()))
    assert f"tag:{tag.pk}:ru" in keys_of(reader.get(tag.get_absolute_url()))
    assert f"author:{author.pk}:ru" in keys_of(reader.get(author.get_absolute_url()))
    assert "home:ru" in keys_of(reader.get("/ru/feed/rss/"))
    assert {"home:kk", "site"} <= keys_of(reader.get("/kk/"))


# ---- precision ----------------------------------------------------------------------------


def test_an_edit_purges_the_piece_and_its_lists_but_not_an_unrelated_page(
    reader, make_article, admin_user, django_assert_num_queries
):
    edited = make_article(headline="Правим эту")
    unrelated = make_article(headline="Эту не трогаем", language="kk")
    for url in (edited.get_absolute_url(), unrelated.get_absolute_url(), "/ru/", "/kk/"):
        reader.get(url)
    edited.headline = "Поправленный заголовок"
    services.article_save(article=edited, user=admin_user)
    assert "Поправленный заголовок" in reader.get(edited.get_absolute_url()).content.decode()
    assert "Поправленный заголовок" in reader.get("/ru/").content.decode()
    assert "Эту не трогаем" in served_from_cache(
        reader, unrelated.get_absolute_url(), django_assert_num_queries
    )
    served_from_cache(reader, "/kk/", django_assert_num_queries)


def test_a_caption_edit_purges_the_pages_showing_that_photo_only(
    reader, make_article, make_photo, django_assert_num_queries
):
    photo = make_photo(caption_ru="Старая подпись")
    with_photo = make_article(hero_photo=photo)
    without = make_article(headline="Без фотографии")
    assert "Старая подпись" in reader.get(with_photo.get_absolute_url()).content.decode()
    reader.get(without.get_absolute_url())
    photo.caption_ru = "Новая подпись"
    services.photo_save(photo=photo)
    assert "Новая подпись" in reader.get(with_photo.get_absolute_url()).content.decode()
    served_from_cache(reader, without.get_absolute_url(), django_assert_num_queries)


def test_editing_a_draft_purges_nothing(
    reader, make_article, admin_user, django_assert_num_queries
):
    live = make_article(headline="Живая новость")
    draft = make_article(headline="Черновик", status="draft", published_at=None)
    reader.get(live.get_absolute_url())
    reader.get("/ru/")
    draft.headline = "Черновик, вторая редакция"
    services.article_save(article=draft, user=admin_user)
    served_from_cache(reader, live.get_absolute_url(), django_assert_num_queries)
    served_from_cache(reader, "/ru/", django_assert_num_queries)


def test_moving_a_piece_to_another_section_updates_both_sections(
    reader, make_article, section, admin_user
):
    from articles.models import Section

    other = Section.objects.create(slug="politics", name_ru="Политика")
    article = make_article(headline="Переезжающая новость", section=section)
    assert "Переезжающая новость" in reader.get(section.get_absolute_url()).content.decode()
    assert "Переезжающая новость" not in reader.get(other.get_absolute_url()).content.decode()
    article.section = other
    services.article_save(article=article, user=admin_user)
    assert "Переезжающая новость" not in reader.get(section.get_absolute_url()).content.decode()
    assert "Переезжающая новость" in reader.get(other.get_absolute_url()).content.decode()


def test_a_page_rendered_while_its_piece_changed_is_not_kept(reader, make_article):
    """A change committed while a page renders from the old data: that page is not stored."""
    article = make_article(headline="До правки")
    url = article.get_absolute_url()
    original = page_cache.PublicPageCacheMiddleware._storable

    def change_meanwhile(response):
        Article.objects.filter(pk=article.pk).update(headline="После правки")
        page_cache.purge({f"article:{article.pk}"})
        return original(response)

    page_cache.PublicPageCacheMiddleware._storable = staticmethod(change_meanwhile)
    try:
        assert "До правки" in reader.get(url).content.decode()  # rendered before the change
    finally:
        page_cache.PublicPageCacheMiddleware._storable = staticmethod(original)
    assert "После правки" in reader.get(url).content.decode()


# ---- every write path ---------------------------------------------------------------------


def test_a_plain_save_in_a_shell_shows_at_once(reader, make_article):
    article = make_article(headline="Из оболочки: до")
    reader.get(article.get_absolute_url())
    reader.get("/ru/")
    article = Article.objects.get(pk=article.pk)  # as `manage.py shell` would
    article.headline = "Из оболочки: после"
    article.save()
    assert "Из оболочки: после" in reader.get(article.get_absolute_url()).content.decode()
    assert "Из оболочки: после" in reader.get("/ru/").content.decode()


def test_a_withdrawal_or_deletion_in_a_shell_removes_the_piece_at_once(reader, make_article):
    withdrawn = make_article(headline="Снята в оболочке")
    deleted = make_article(headline="Удалена в оболочке")
    for url in (withdrawn.get_absolute_url(), deleted.get_absolute_url(), "/ru/"):
        assert reader.get(url).status_code == 200
    withdrawn.status = Article.Status.WITHDRAWN
    withdrawn.save()
    deleted.delete()
    assert reader.get(withdrawn.get_absolute_url()).status_code == 404
    assert reader.get(deleted.get_absolute_url()).status_code == 404
    home = reader.get("/ru/").content.decode()
    assert "Снята в оболочке" not in home
    assert "Удалена в оболочке" not in home


def test_tags_bylines_and_corrections_changed_in_a_shell_show_at_once(
    reader, make_article, tag, author, admin_user
):
    article = make_article(headline="Со всеми связями", tags=[tag])
    assert "Со всеми связями" in reader.get(tag.get_absolute_url()).content.decode()
    assert "Со всеми связями" not in reader.get(author.get_absolute_url()).content.decode()
    reader.get(article.get_absolute_url())
    article.tags.remove(tag)
    Byline.objects.create(article=article, author=author, position=0)
    Correction.objects.create(article=article, text="Исправлена дата.", created_by=admin_user)
    assert "Со всеми связями" not in reader.get(tag.get_absolute_url()).content.decode()
    assert "Со всеми связями" in reader.get(author.get_absolute_url()).content.decode()
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "Исправлена дата." in page
    assert author.name in page


def test_renaming_an_author_in_a_shell_shows_on_the_pages_naming_them(reader, make_article, author):
    article = make_article()
    Byline.objects.create(article=article, author=author, position=0)
    assert author.name in reader.get(article.get_absolute_url()).content.decode()
    author.name = "Переименованный Автор"
    author.save()
    assert "Переименованный Автор" in reader.get(article.get_absolute_url()).content.decode()


def test_loaddata_shows_at_once(reader, make_article, tmp_path):
    article = make_article(headline="До загрузки")
    reader.get(article.get_absolute_url())
    reader.get("/ru/")
    out = io.StringIO()
    call_command("dumpdata", "articles.article", f"--pks={article.pk}", stdout=out)
    rows = json.loads(out.getvalue())
    rows[0]["fields"]["headline"] = "После загрузки"
    fixture = tmp_path / "edit.json"
    fixture.write_text(json.dumps(rows), encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)
    assert "После загрузки" in reader.get(article.get_absolute_url()).content.decode()
    assert "После загрузки" in reader.get("/ru/").content.decode()


# flush and loaddata run in the command's own transaction, committed as in production (as in
# tests/commands/test_backup.py); inside a rolled-back test they would leave cached content
# types behind.
@pytest.mark.django_db(transaction=True)
def test_a_restore_shows_the_restored_newsroom_at_once(reader, make_article, tmp_path):
    article = make_article(headline="Как в архиве")
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup_newsroom", str(archive), verbosity=0)
    Article.objects.filter(pk=article.pk).update(headline="Правка после архива")
    page_cache.purge({f"article:{article.pk}", "home:ru"})
    assert "Правка после архива" in reader.get(article.get_absolute_url()).content.decode()
    assert "Правка после архива" in reader.get("/ru/").content.decode()
    call_command("restore_newsroom", str(archive), "--force", stdout=io.StringIO())
    assert "Как в архиве" in reader.get(article.get_absolute_url()).content.decode()
    assert "Как в архиве" in reader.get("/ru/").content.decode()


def test_a_piece_scheduled_in_a_shell_appears_on_time(reader, make_article):
    from unittest import mock

    reader.get("/ru/")
    make_article(headline="Эмбарго из оболочки", published_at=timezone.now() + timedelta(hours=1))
    assert "Эмбарго из оболочки" not in reader.get("/ru/").content.decode()
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Эмбарго из оболочки" in reader.get("/ru/").content.decode()


# ---- one render per change ----------------------------------------------------------------


def test_concurrent_misses_of_a_page_render_it_once(settings):
    renders = []

    def slow_view(request):
        renders.append(request.path)
        page_keys.shows("article:999999")
        time.sleep(0.3)
        return HttpResponse("<p>Срочно</p>")

    middleware = page_cache.PublicPageCacheMiddleware(slow_view)

    def read(_):
        request = RequestFactory().get("/ru/news/srochno/")
        request.user = AnonymousUser()
        return middleware(request)

    with ThreadPoolExecutor(20) as pool:
        responses = list(pool.map(read, range(20)))
    assert len(renders) == 1
    assert {r.content for r in responses} == {"<p>Срочно</p>".encode()}
    assert sorted(r["X-Page-Cache"] for r in responses) == ["miss"] + ["waited"] * 19


def test_a_list_may_be_served_as_it_was_while_it_renders_but_never_after_a_withdrawal(
    reader, make_article, admin_user, settings
):
    first = make_article(headline="Первая")
    reader.get("/ru/")
    key = page_cache.RENDER_LOCK_PREFIX + page_cache._page_key(RequestFactory().get("/ru/"))
    make_article(headline="Вторая")  # purges the home page
    cache.add(key, 1, 10)  # another worker is rendering it
    settings.NEWSROOM_PAGE_CACHE_WAIT = 0.1
    response = reader.get("/ru/")
    assert response["X-Page-Cache"] == "stale"
    assert "Вторая" not in response.content.decode()
    services.article_withdraw(article=first, user=admin_user, reason="Ошибка")
    response = reader.get("/ru/")
    assert response["X-Page-Cache"] == "miss"  # waited its 0.1 s, then rendered it itself
    assert "Первая" not in response.content.decode()
    assert "Вторая" in response.content.decode()
    cache.delete(key)


# ---- the front cache ----------------------------------------------------------------------


@pytest.fixture
def front_cache(settings):
    """A stand-in for Varnish that records the purges it is sent."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 - the method's name
            received.append(set(self.headers["xkey-purge"].split()))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSROOM_FRONT_CACHE = [f"http://127.0.0.1:{server.server_port}"]
    yield received
    server.shutdown()


def test_the_front_cache_is_purged_by_key_once_the_change_commits(
    front_cache, make_article, django_capture_on_commit_callbacks
):
    article = make_article(headline="Для Varnish")
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Для Varnish, поправлено"
        article.save()
        assert front_cache == []  # not before the commit: Varnish would fetch the old page
    assert len(front_cache) == 1
    assert {f"article:{article.pk}", "home:ru", f"story:{article.story_id}"} <= front_cache[0]


def test_the_front_cache_keeps_a_page_no_later_than_the_next_release(
    front_cache, reader, make_article, settings
):
    make_article()
    assert "s-maxage=600" in reader.get("/ru/")["Cache-Control"]
    make_article(published_at=timezone.now() + timedelta(seconds=100))
    s_maxage = int(reader.get("/ru/")["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 90 <= s_maxage <= 100


def test_a_piece_whose_related_block_is_full_of_tag_mates_ignores_its_section_list(
    reader, make_article, section, tag, django_assert_num_queries
):
    article = make_article(section=section, tags=[tag], published_at=timezone.now() - timedelta(2))
    for _ in range(4):
        make_article(tags=[tag])
    keys = keys_of(reader.get(article.get_absolute_url()))
    assert f"tag:{tag.pk}:ru" in keys
    assert f"section:{section.pk}:ru" not in keys  # four pieces share its tag: enough
    make_article(section=section)  # a new piece in its section, without its tag
    served_from_cache(reader, article.get_absolute_url(), django_assert_num_queries)
    lonely = make_article(section=section, headline="Без тегов")
    assert f"section:{section.pk}:ru" in keys_of(reader.get(lonely.get_absolute_url()))
