"""Control characters never reach what the site writes: stored clean, written clean."""

import importlib
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models import Article, Author, Byline, Correction, Photo, Section, Story, Tag
from articles.models.partners import partner_key_issue
from articles.text.clean import clean_text
from tests.factories import article_form, image_upload

pytestmark = pytest.mark.django_db

# What the review pasted: a vertical tab (Word's line break), a unit separator, and others.
DIRTY = "Фото:\x0bРеспублика\x1f «Жибек\x00 Жолы»\x7f\x85\ufffe"
CLEAN = "Фото: Республика «Жибек Жолы» "


def test_clean_text_keeps_tabs_and_line_breaks_and_drops_the_rest():
    assert clean_text(DIRTY) == CLEAN
    assert clean_text("a\tb\r\nc\u2028d") == "a\tb\r\nc\u2028d"
    assert clean_text("lone \ud800 surrogate\uffff") == "lone  surrogate"


def test_text_saved_through_the_admin_is_stored_clean(desk_client, make_article, author):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = article_form(
        article,
        headline=f"Заголовок\x1f{DIRTY.replace(chr(0), '')}",
        lead="Лид\x0bс переносом",
        source="Источник\x01",
        **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(author.pk),
           "bylines-0-role": "author", "bylines-0-position": "0"},
    )  # fmt: skip
    assert desk_client.post(url, form).status_code == 302
    article.refresh_from_db()
    assert article.headline == f"Заголовок{CLEAN}".strip()  # forms strip, as they always did
    assert article.lead == "Лид с переносом"
    assert article.source == "Источник"


@pytest.mark.parametrize("headline", ["\x1f\x01", "Заголовок\x00"])
def test_a_headline_of_control_characters_only_or_with_nul_is_refused(
    desk_client, make_article, headline
):
    article = make_article(headline="Было")
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = desk_client.post(url, article_form(article, headline=headline))
    assert response.status_code == 200
    assert "headline" in response.context["adminform"].form.errors  # empty, or a forged NUL
    assert Article.objects.get(pk=article.pk).headline == "Было"


def test_every_admin_form_cleans_posted_text(admin_client, section):
    response = admin_client.post(
        reverse("admin:articles_photo_add"),
        {"image": image_upload(), "caption_ru": "Подпись\x1f", "credit_ru": "Фото:\x0bАвтор",
         "alt_text_ru": "Текст\x02", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 302
    photo = Photo.objects.get()
    texts = (photo.caption_ru, photo.credit_ru, photo.alt_text_ru)
    assert texts == ("Подпись", "Фото: Автор", "Текст")
    response = admin_client.post(
        reverse("admin:articles_author_add"), {"name": "Имя\x1f", "bio_ru": "Био\x0c", "slug": ""}
    )
    assert response.status_code == 302
    assert Author.objects.values_list("name", "bio_ru").get() == ("Имя", "Био")


def test_services_and_the_shell_store_text_clean(make_article, make_photo, editor):
    article = make_article()
    services.article_add_correction(article=article, user=editor, text="Исправлено\x1f")
    assert Correction.objects.get().text == "Исправлено"
    photo = make_photo()
    photo.credit_ru = "Фото:\x0bТАСС"
    services.photo_save(photo=photo, user=editor)
    assert Photo.objects.get(pk=photo.pk).credit_ru == "Фото: ТАСС"
    author = Author.objects.create(name="Данира\x0bИскакова", title_ru="\x1fКорр")
    assert (author.name, author.title_ru) == ("Данира Искакова", "Корр")
    assert Author.objects.get(pk=author.pk).name == "Данира Искакова"
    assert Tag.objects.create(slug="t", name_ru="Тег\x1f").name_ru == "Тег"
    assert Story.objects.create(working_title="Сюжет\x01").working_title == "Сюжет"


def test_loaddata_stores_text_clean(tmp_path):
    fixture = tmp_path / "sections.json"
    rows = [{"model": "articles.section", "pk": 77,
             "fields": {"slug": "s", "name_ru": "Раздел\u001f", "position": 0}}]  # fmt: skip
    fixture.write_text(json.dumps(rows))
    call_command("loaddata", str(fixture), verbosity=0)
    assert Section.objects.get(pk=77).name_ru == "Раздел"


def test_the_migration_cleans_rows_stored_before(make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(headline="Старый\x1fзаголовок", lead="Лид\x0b")
    migration = importlib.import_module("articles.migrations.0017_clean_control_characters")
    from django.apps import apps

    migration.forwards(apps, SimpleNamespace(connection=connection))
    assert Article.objects.values_list("headline", "lead").get(pk=article.pk) == (
        "Старыйзаголовок",
        "Лид ",
    )


# Output: feeds, sitemaps, API -------------------------------------------------------------


@pytest.fixture
def dirty_site(make_article, make_photo, section, tag, author):
    """A live piece in each language whose text got control characters past the models
    (raw SQL), in every part a feed, a sitemap or the API writes out."""
    photo = make_photo()
    services.photo_save(photo=photo)  # renditions: the feeds' enclosure and media:content
    for language in ("ru", "kk", "en"):
        article = make_article(
            language=language, section=section, tags=[tag], hero_photo=photo,
            headline=f"Заголовок {language}",
        )  # fmt: skip
        Byline.objects.create(article=article, author=author)
    with connection.cursor() as cursor:
        for table, column in [
            ("articles_article", "headline"), ("articles_article", "lead"),
            ("articles_article", "body"), ("articles_article", "hero_caption"),
            ("articles_photo", "credit_ru"), ("articles_photo", "caption_ru"),
            ("articles_author", "name"), ("articles_author", "name_latin"),
            ("articles_section", "name_ru"), ("articles_section", "name_kk"),
            ("articles_section", "name_en"), ("articles_tag", "name_ru"),
            ("articles_tag", "name_en"),
        ]:  # fmt: skip
            cursor.execute(
                f"UPDATE {table} SET {column} = {column} || %s", ["\x0b\x1f\x01\x7f\ufffe"]
            )
    services.site_content_changed()


def _feed_urls(language: str) -> list[str]:
    with translation.override(language):
        urls = [reverse("articles:feed_rss"), reverse("articles:feed_atom")]
        for kind, slug in [("section", "economy"), ("tag", "central-asia"),
                           ("author", Author.objects.get().slug)]:  # fmt: skip
            for flavour in ("rss", "atom"):
                urls.append(reverse(f"articles:{kind}_feed_{flavour}", kwargs={"slug": slug}))
    return urls


@pytest.mark.parametrize("language", ["ru", "kk", "kk-latn", "en"])
def test_every_feed_parses_whatever_text_got_into_the_database(client, dirty_site, language):
    for url in _feed_urls(language):
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.entries, url
        for entry in parsed.entries:
            assert "\x0b" not in entry.title
            assert "\x1f" not in entry.summary
        ET.fromstring(response.content)


def test_sitemaps_and_the_news_sitemap_parse_whatever_text_got_in(client, dirty_site):
    index = client.get(reverse("sitemap_index"))
    assert index.status_code == 200
    locations = [
        loc.text for loc in ET.fromstring(index.content).iter()
        if loc.tag.endswith("loc")
    ]  # fmt: skip
    assert locations
    for location in locations:
        response = client.get(location)
        assert response.status_code == 200, location
        ET.fromstring(response.content)
    news = client.get(reverse("news_sitemap"))
    titles = [e.text for e in ET.fromstring(news.content).iter() if e.tag.endswith("title")]
    assert len(titles) == 3
    assert not [title for title in titles if "\x0b" in title]


def test_the_ninjs_api_answers_valid_json_whatever_text_got_in(dirty_site):
    from django.test import Client

    api = Client(headers={"Authorization": f"Bearer {partner_key_issue(name='P')[1]}"})
    response = api.get(reverse("api:ninjs_list"))
    assert response.status_code == 200
    assert len(json.loads(response.content)["items"]) == 3


def test_every_admin_and_inline_of_the_newsroom_cleans_posted_text():
    from django.contrib import admin

    from articles.desk.forms import CleanTextAdminMixin

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label == "articles":
            assert isinstance(model_admin, CleanTextAdminMixin), type(model_admin)
            for inline in model_admin.inlines:
                assert issubclass(inline, CleanTextAdminMixin), inline
