"""Editors write, attribute and publish in the Django admin."""

import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from tests.factories import article_form

pytestmark = pytest.mark.django_db


def test_add_page_renders_ckeditor_with_a_news_toolbar(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert 'data-type="ckeditortype"' in response.text
    assert "ckeditor/ckeditor/ckeditor.js" in response.text
    config = json.loads(html.unescape(re.search(r'data-config="([^"]*)"', response.text)[1]))
    toolbar = [button for group in config["toolbar_" + config["toolbar"]] for button in group]
    for button in ["Format", "Bold", "Italic", "Link", "NumberedList", "Blockquote", "Image"]:
        assert button in toolbar
    for button in ["Font", "FontSize", "TextColor", "BGColor", "Smiley", "Flash"]:
        assert button not in toolbar
    assert config["entities"] is False  # « » and — stay characters


def test_add_page_reads_like_the_story_story_attribution_bylines_media_publishing(editor_client):
    text = editor_client.get(reverse("admin:articles_article_add")).text
    landmarks = ["Story", "Attribution", 'id="bylines-group"', "Media", "Publishing"]
    positions = [text.find(landmark) for landmark in landmarks]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_add_page_hints_at_headline_and_lead_length(editor_client):
    text = editor_client.get(reverse("admin:articles_article_add")).text
    assert 'data-length-max="90"' in text
    assert 'data-length-max="300"' in text
    assert "admin-length-hints.js" in text


def test_change_page_renders_for_an_existing_story(editor_client, central_asia_story):
    response = editor_client.get(
        reverse("admin:articles_article_change", args=[central_asia_story.pk])
    )
    assert response.status_code == 200
    assert 'data-type="ckeditortype"' in response.text
    assert central_asia_story.get_absolute_url() in response.text  # "view on site"


def test_publishing_through_the_admin_puts_the_piece_on_the_site(editor_client, author):
    form = article_form(
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(author.pk),
            "bylines-0-role": "author",
            "bylines-0-position": "0",
        }
    )
    response = editor_client.post(reverse("admin:articles_article_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.is_live
    assert article.slug == "otkryt-tsentr-tsentralnaya-aziya"
    assert list(article.bylines.values_list("author__name", "role")) == [
        ("Данира Искакова", Byline.Role.AUTHOR)
    ]
    reader = Client()
    assert "Открыт центр «Центральная Азия»" in reader.get("/ru/").text
    page = reader.get(article.get_absolute_url()).text
    assert "— Это шанс для бизнеса, — сказал эксперт." in page
    assert "Данира Искакова" in page


def test_a_future_time_schedules_the_piece_instead(editor_client):
    tomorrow = timezone.localtime() + timedelta(days=1)
    form = article_form(
        published_at_0=tomorrow.strftime("%Y-%m-%d"), published_at_1=tomorrow.strftime("%H:%M:%S")
    )
    assert editor_client.post(reverse("admin:articles_article_add"), form).status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled
    listing = editor_client.get(reverse("admin:articles_article_changelist")).text
    assert f"Scheduled for {tomorrow:%d.%m.%Y %H:%M}" in listing
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_hostile_body_posted_through_the_admin_is_stored_clean(editor_client):
    form = article_form(body='<p>Текст</p><script>alert(1)</script><img src=x onerror="alert(1)">')
    editor_client.post(reverse("admin:articles_article_add"), form)
    body = Article.objects.get().body
    assert "<script" not in body
    assert "onerror" not in body
    assert "<p>Текст</p>" in body


def test_publish_now_action_releases_selected_drafts(editor_client, make_article):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_live


def test_article_list_answers_what_is_live_and_whose_it_is(editor_client, central_asia_story):
    text = editor_client.get(reverse("admin:articles_article_changelist")).text
    assert "Live" in text
    assert "Данира Искакова" in text


def test_article_list_row_checkboxes_are_djangos_own_markup(editor_client, make_article):
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin

    article = make_article(headline="Центр «Центральная Азия» открыт")
    html = editor_client.get(reverse("admin:articles_article_changelist")).text
    django_checkbox = ModelAdmin.action_checkbox(admin.site._registry[Article], article)
    assert django_checkbox in html
    assert f'name="_selected_action" value="{article.pk}"' in html


def test_photo_list_shows_thumbnails(editor_client, make_photo):
    make_photo()
    text = editor_client.get(reverse("admin:articles_photo_changelist")).text
    assert "<img src=" in text
    assert "portrait" in text


def test_hero_photo_picker_answers_with_thumbnails(editor_client, make_photo):
    photo = make_photo(caption_ru="Финансист Расул Рысмамбетов")
    add_page = editor_client.get(reverse("admin:articles_article_add")).text
    assert "photo-picker" in add_page
    assert "admin-photo-picker.js" in add_page
    response = editor_client.get(
        reverse("admin:articles_photo_picker"),
        {"term": "Рысмамбетов", "app_label": "articles", "model_name": "article",
         "field_name": "hero_photo"},
    )  # fmt: skip
    [result] = response.json()["results"]
    assert result["id"] == str(photo.pk)
    assert result["thumb"] == photo.image.url
    assert "Фото: facebook.com/rassul.rysmambetov" in result["text"]


def test_the_editor_writes_in_the_article_pages_own_body_styles(
    editor_client, client, central_asia_story
):
    page = editor_client.get(reverse("admin:articles_article_add")).text
    config = json.loads(html.unescape(re.search(r'data-config="([^"]*)"', page)[1]))
    assert config["bodyClass"] == "story__body"
    shared = "newsroom/article-body.css"
    assert any(css.endswith(shared) for css in config["contentsCss"])
    assert "blockquote" in Path(finders.find(shared)).read_text()
    assert shared in client.get(central_asia_story.get_absolute_url()).text  # the same file


def test_a_headline_typed_over_two_lines_is_saved_as_one(editor_client):
    form = article_form(headline="Открыт центр\r\n«Центральная Азия»", status="draft")
    assert editor_client.post(reverse("admin:articles_article_add"), form).status_code == 302
    assert Article.objects.get().headline == "Открыт центр «Центральная Азия»"


def test_hero_preview_endpoint_gives_a_photos_thumbnail_to_staff_only(
    editor_client, reporter_client, make_photo
):
    photo = make_photo(alt_text_ru="Пограничный пункт")
    url = reverse("admin:articles_photo_thumb", args=[photo.pk])
    answer = editor_client.get(url).json()
    assert answer == {"thumb": photo.image.url, "alt": "Пограничный пункт"}
    assert reporter_client.get(url).status_code == 200  # reporters pick hero photos too
    assert Client().get(url).status_code == 302  # to the login page
    gone = reverse("admin:articles_photo_thumb", args=[photo.pk + 100])
    assert editor_client.get(gone).status_code == 404
    page = editor_client.get(reverse("admin:articles_article_add")).text
    assert 'data-thumb-url="/admin/articles/photo/__id__/thumb/"' in page
    assert "newsroom/admin-article-form.js" in page
