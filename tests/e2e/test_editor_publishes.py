"""An editor writes a piece in CKEditor, publishes it, and a reader opens it."""

import pytest

from articles.models import Article, Author
from tests.e2e.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_editor_writes_in_ckeditor_publishes_and_a_reader_reads_it(
    live_server, new_page, django_user_model, make_photo
):
    django_user_model.objects.create_superuser("editor", "editor@example.kz", PASSWORD)
    Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    photo = make_photo(caption_ru="Финансист Расул Рысмамбетов")

    editor = new_page()
    log_in(editor, live_server, "editor", "/admin/articles/article/add/")
    editor.wait_for_selector("iframe.cke_wysiwyg_frame")  # CKEditor is up

    editor.fill("#id_headline", "Ташкент стал ближе: заработал центр «Центральная Азия»")
    editor.fill("#id_lead", "Президенты Казахстана и Узбекистана открыли центр кооперации.")
    assert "символов" not in editor.inner_text(".field-headline")  # the hint is in Russian
    assert "знаков" in editor.inner_text(".field-headline")

    body = editor.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    editor.keyboard.type("— Поездки в Ташкент станут проще, — считает эксперт. ")
    editor.click("a.cke_button__bold")
    editor.keyboard.type("Это важно.")
    editor.click("a.cke_button__bold")

    editor.locator("#id_bylines-0-author + .select2").click()
    editor.fill(".select2-container--open .select2-search__field", "Иска")
    editor.click(".select2-results__option:has-text('Данира Искакова')")
    editor.select_option("#id_bylines-0-role", "author")
    editor.locator("#id_hero_photo + .select2").click()
    editor.fill(".select2-container--open .select2-search__field", "Рысмам")
    option = editor.locator(".select2-results__option:has-text('Рысмамбетов')")
    assert option.locator("img").get_attribute("src") == photo.image.url  # a thumbnail
    option.click()
    assert editor.locator(".field-hero_preview img").get_attribute("src") == photo.image.url

    editor.select_option("#id_status", "published")
    screenshot(editor, "admin-article-filled")

    editor.click("input[name=_save]")
    editor.wait_for_load_state()
    screenshot(editor, "admin-after-publish")
    assert editor.locator(".messagelist .success").count() == 1, editor.inner_text("#content")

    article = Article.objects.get()
    assert article.is_live
    assert article.hero_photo == photo
    assert "<strong>Это важно.</strong>" in article.body
    assert "— Поездки в Ташкент станут проще, — считает эксперт." in article.body

    reader = new_page(locale="ru-RU", width=375, height=812)
    reader.goto(live_server.url + "/")
    reader.click(f"text={article.headline}")
    assert reader.url == live_server.url + article.get_absolute_url()
    assert reader.inner_text("h1") == article.headline
    assert reader.inner_text(".story__body strong") == "Это важно."
    assert "Данира Искакова" in reader.inner_text(".bylines")
    assert "Автор" in reader.inner_text(".bylines")
    assert "Фото: facebook.com/rassul.rysmambetov" in reader.inner_text(".story__hero")
    screenshot(reader, "reader-article-375")
