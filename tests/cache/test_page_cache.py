"""Readers get cached pages that are never stale, conditional GETs and CDN-friendly headers."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.cache import page_cache
from articles.models import Article
from tests.factories import article_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(
    reader, make_article, django_assert_num_queries
):
    article = make_article(headline="Кэшируемая новость")
    first = reader.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = reader.get(article.get_absolute_url())
    assert second.content == first.content
    assert "Кэшируемая новость" in second.content.decode()


def test_a_page_kept_under_another_site_address_is_not_served(reader, make_article, settings):
    article = make_article(headline="Адрес сайта")
    settings.NEWSROOM_SITE_URL = "http://127.0.0.1:8000"
    reader.get(article.get_absolute_url())  # kept with the old address in its head

    settings.NEWSROOM_SITE_URL = "https://news.example.kz"
    page = reader.get(article.get_absolute_url()).content.decode()

    assert 'rel="canonical" href="https://news.example.kz/' in page
    assert "127.0.0.1:8000" not in page


def cache_control(response) -> dict[str, str]:
    directives = (d.strip().partition("=") for d in response["Cache-Control"].split(","))
    return {name: value for name, _, value in directives}


def test_public_pages_let_a_cdn_keep_them_briefly(reader, make_article):
    response = reader.get(make_article().get_absolute_url())
    assert cache_control(response) == {"public": "", "max-age": "0", "s-maxage": "60"}
    assert response["ETag"]
    assert response["Last-Modified"]


def test_an_editor_checking_a_fix_in_the_same_browser_sees_it_at_once(
    reader, make_article, admin_user
):
    """The browser keeps its copy but must ask again (max-age=0): the fixed page comes back
    at once, an unchanged one as a 304."""
    article = make_article(headline="Опечатка в заголвке")
    url = article.get_absolute_url()
    first = reader.get(url)
    assert cache_control(first)["max-age"] == "0"
    assert reader.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    article.headline = "Опечатка исправлена"
    services.article_save(article=article, user=admin_user)

    again = reader.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Опечатка исправлена" in again.content.decode()


def test_admin_and_previews_are_never_cached(editor_client, make_article):
    draft = make_article(status="draft", published_at=None)
    for url in (reverse("admin:articles_article_changelist"),
                reverse("admin:articles_article_preview", args=[draft.pk])):  # fmt: skip
        cache_control = editor_client.get(url)["Cache-Control"]
        assert "no-cache" in cache_control or "no-store" in cache_control
        assert "public" not in cache_control


def test_matching_etag_gets_304(reader, make_article):
    url = make_article().get_absolute_url()
    etag = reader.get(url)["ETag"]
    response = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert reader.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_gets_304_until_the_site_changes(reader, make_article, admin_user):
    article = make_article()
    url = article.get_absolute_url()
    last_modified = reader.get(url)["Last-Modified"]
    assert reader.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(5)):
        article.headline = "Новая редакция"
        services.article_save(article=article, user=admin_user)
        assert reader.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_publishing_shows_on_the_next_request(reader, make_article, admin_user):
    assert "Только что вышло" not in reader.get("/ru/").content.decode()
    draft = make_article(headline="Только что вышло", status="draft", published_at=None)
    reader.get("/ru/")  # cached again, without it
    services.article_publish(article=draft, user=admin_user)
    assert "Только что вышло" in reader.get("/ru/").content.decode()


def test_an_edit_through_the_admin_shows_on_the_next_request(reader, editor_client, make_article):
    article = make_article(headline="Старый заголовок")
    assert "Старый заголовок" in reader.get(article.get_absolute_url()).content.decode()
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor_client.post(url, article_form(article, headline="Новый заголовок", slug=article.slug))
    page = reader.get(article.get_absolute_url()).content.decode()
    assert "Новый заголовок" in page
    assert "Новый заголовок" in reader.get("/ru/feed/rss/").content.decode()


def test_withdrawing_removes_the_piece_at_once(reader, make_article, admin_user):
    article = make_article(headline="Снимаемая новость")
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert "Снимаемая новость" in reader.get("/ru/").content.decode()
    services.article_withdraw(article=article, user=admin_user, reason="Ошибка")
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Снимаемая новость" not in reader.get("/ru/").content.decode()


def test_a_scheduled_piece_appears_on_time_even_from_the_cache(reader, make_article, admin_user):
    draft = make_article(headline="Под эмбарго", status="draft", published_at=None)
    services.article_publish(
        article=draft, user=admin_user, when=timezone.now() + timedelta(minutes=30)
    )
    assert "Под эмбарго" not in reader.get("/ru/").content.decode()  # cached without it
    later = timezone.now() + timedelta(minutes=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Под эмбарго" in reader.get("/ru/").content.decode()


def test_deleting_in_the_admin_removes_the_piece_at_once(reader, make_article, admin_user):
    article = make_article(headline="Удаляемая новость")
    assert "Удаляемая новость" in reader.get("/ru/").content.decode()
    client = Client()
    client.force_login(admin_user)
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert "Удаляемая новость" not in reader.get("/ru/").content.decode()


def test_renaming_a_section_shows_at_once(reader, make_article, section, admin_user):
    make_article(section=section)
    assert "Экономика" in reader.get("/ru/").content.decode()
    client = Client()
    client.force_login(admin_user)
    client.post(reverse("admin:articles_section_change", args=[section.pk]),
                {"slug": "economy", "name_ru": "Деньги", "name_kk": "", "name_en": "",
                 "position": "0"})  # fmt: skip
    assert "Деньги" in reader.get("/ru/").content.decode()


def test_logged_in_staff_bypass_the_cache(editor_client, make_article):
    article = make_article(headline="Первая версия")
    Client().get(article.get_absolute_url())  # cached for readers
    Article.objects.filter(pk=article.pk).update(headline="Правка без сервиса")
    response = editor_client.get(article.get_absolute_url())
    assert "Правка без сервиса" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert cache_control(response) == {"private": "", "no-store": ""}


def test_logged_in_staff_never_get_a_readers_copy_even_when_their_browser_has_one(
    editor_client, make_article
):
    article = make_article(headline="Версия для читателей")
    anonymous = Client().get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(headline="Версия после правки")
    for url in (article.get_absolute_url(), "/ru/"):
        response = editor_client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])
        assert response.status_code == 200
        assert "Версия после правки" in response.content.decode()
        assert "ETag" not in response


def test_the_site_keeps_serving_when_redis_is_down(reader, make_article, settings, caplog):
    article = make_article(headline="Без кэша")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = reader.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Без кэша" in response.content.decode()
    assert "Page cache unavailable" in caplog.text


def test_a_translation_published_later_shows_in_the_language_links_at_once(
    reader, make_article, admin_user
):
    russian = make_article(headline="Новость на русском")
    kazakh = make_article(
        language="kk", headline="Қазақша жаңалық", status="draft", published_at=None,
        story=russian.story,
    )  # fmt: skip
    url = russian.get_absolute_url()
    before = reader.get(url)
    assert 'href="/kk/"' in before.content.decode()  # no Kazakh version yet: its home page
    assert page_cache.article_keys(kazakh) >= {f"story:{russian.story_id}"}
    assert f"story:{russian.story_id}" in before["Surrogate-Key"].split()

    services.article_publish(article=kazakh, user=admin_user)

    after = reader.get(url).content.decode()
    kazakh.refresh_from_db()
    assert f'href="{kazakh.get_absolute_url()}" lang="kk"' in after
    assert 'href="/kk/"' not in after
