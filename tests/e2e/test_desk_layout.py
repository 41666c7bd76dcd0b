"""The desk at a laptop's width: the article form fits a story, the list fits a desk."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Author, Byline, Photo, Section
from tests.e2e.conftest import PASSWORD, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-deskform")
HEADLINE_90 = (
    "Ташкент и Астана открыли центр «Центральная Азия»: первые заявки ждут уже к декабрю 2026 г"
)
LEAD_300 = (
    "Президенты Казахстана и Узбекистана запустили международный центр промышленной "
    "кооперации «Центральная Азия» на границе двух стран. Предприниматели смогут "
    "торговать без виз, а первые заводы на его территории, по словам министра, "
    "начнут работать в следующем году, когда будут готовы склады и дороги."
)


@pytest.fixture
def editor(django_user_model, newsroom_groups):
    user = django_user_model.objects.create_user("olga", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def shot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def a_story(make_article, editor, **fields) -> Article:
    names = {"name_ru": "Экономика", "name_kk": "Экономика", "name_en": "Economy"}
    section = Section.objects.get_or_create(slug="economy", defaults=names)[0]
    author = Author.objects.get_or_create(name="Данира Искакова")[0]
    article = make_article(
        headline=fields.pop("headline", HEADLINE_90),
        lead=fields.pop("lead", LEAD_300),
        body="<p>— Это шанс для бизнеса, — сказал эксперт.</p>"
        "<blockquote><p>Поездки в Ташкент станут проще.</p></blockquote>",
        dateline="Астана",
        source="Телеканал «Jibek Joly», пресс-служба Министерства торговли и интеграции",
        section=section,
        created_by=editor,
        **fields,
    )
    Byline.objects.create(article=article, author=author, role="author")
    return article


def fits(page, selector: str) -> bool:
    """The box shows all of its text: nothing scrolled out of sight."""
    return page.eval_on_selector(
        selector, "el => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth"
    )


def test_article_form_shows_a_whole_story_at_1280_px(live_server, new_page, editor, make_article):
    assert len(HEADLINE_90) == 90
    assert 290 <= len(LEAD_300) <= 300
    article = a_story(make_article, editor)
    page = new_page(width=1280)
    log_in(page, live_server, "olga", f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")

    assert page.input_value("#id_headline") == HEADLINE_90
    assert fits(page, "#id_headline")  # the 90 characters the form recommends, all in view
    assert fits(page, "#id_lead")
    hint = page.locator(".field-headline .length-hint")
    assert "90" in hint.inner_text()
    line = page.eval_on_selector(".field-headline .length-hint", "el => el.offsetHeight")
    assert line < 24  # one line, under the box
    assert fits(page, "#id_source")
    assert page.eval_on_selector("#id_source", "el => el.clientWidth") > 500

    quote = page.frame_locator("iframe.cke_wysiwyg_frame").locator("blockquote")
    style = quote.evaluate(
        "el => [getComputedStyle(el).fontStyle, getComputedStyle(el).borderLeftStyle]"
    )
    assert style == ["normal", "solid"]  # as the article page draws a quote
    shot(page, "article-form-1280")


def test_changelist_shows_every_column_at_1280_px(live_server, new_page, editor, make_article):
    for number in range(6):
        a_story(make_article, editor, headline=f"{HEADLINE_90[:84]} №{number}")
    a_story(
        make_article, editor, headline="Саммит в Самарканде",
        published_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    page = new_page(width=1280)
    log_in(page, live_server, "olga", "/admin/articles/article/")
    page.wait_for_selector("#result_list")

    table_right = page.eval_on_selector(".results", "el => el.getBoundingClientRect().right")
    for column in ["headline", "created_by", "updated"]:
        header = page.locator(f"#result_list th.column-{column}")
        box = header.bounding_box()
        assert box["x"] + box["width"] <= table_right + 1, column  # not cut off
    assert page.eval_on_selector(".results", "el => el.scrollWidth <= el.clientWidth")
    line = page.eval_on_selector(
        "#result_list th.field-headline a", "el => parseFloat(getComputedStyle(el).lineHeight)"
    )
    for cell in page.locator("#result_list th.field-headline a").all():
        assert cell.bounding_box()["height"] <= 3 * line + 1  # a 90-character headline
    for cell in page.locator("#result_list td.field-updated time").all():
        assert cell.bounding_box()["height"] <= 2 * line + 1  # date over time, no more

    scheduled = page.locator(".state--scheduled")
    assert scheduled.locator("img.state__icon").get_attribute("alt") == ""
    assert scheduled.locator("img.state__icon").evaluate("el => el.naturalWidth") > 0
    assert "Запланировано на" in scheduled.inner_text()
    shot(page, "changelist-1280")


def test_translate_into_english_keeps_the_unsaved_headline_edit(
    live_server, new_page, editor, make_article
):
    article = a_story(make_article, editor, headline="Центр открыт")
    page = new_page(width=1280)
    log_in(page, live_server, "olga", f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    page.fill("#id_headline", "Центр «Центральная Азия» открыт в Хоргосе")
    page.click("button[name=_translate][value=en]")
    page.wait_for_selector(".messagelist .success")

    english = Article.objects.get(language="en")
    assert page.url.endswith(f"/admin/articles/article/{english.pk}/change/")
    article.refresh_from_db()
    assert article.headline == "Центр «Центральная Азия» открыт в Хоргосе"  # the edit is kept
    assert page.input_value("#id_headline") == article.headline  # the text to translate
    messages = page.inner_text(".messagelist")
    assert "Центр «Центральная Азия» открыт в Хоргосе" in messages


def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (30, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_hero_photo_added_through_plus_shows_in_the_preview_at_once(
    live_server, new_page, editor, make_article
):
    article = a_story(make_article, editor)
    page = new_page(width=1280)
    log_in(page, live_server, "olga", f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")
    assert page.inner_text(".field-hero_preview .readonly").strip() == "—"

    with page.expect_popup() as opened:
        page.click("#add_id_hero_photo")
    popup = opened.value
    popup.set_input_files(
        "#id_image", files=[{"name": "hero.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    popup.fill("#id_caption_ru", "Граница Казахстана и Узбекистана")
    popup.fill("#id_credit_ru", "Фото: пресс-служба")
    popup.fill("#id_alt_text_ru", "Пограничный пункт")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    preview = page.locator(".field-hero_preview img")
    preview.wait_for()  # before the piece is saved
    assert Article.objects.get(pk=article.pk).hero_photo_id is None
    assert page.input_value("#id_hero_photo") == str(Photo.objects.get().pk)
    assert preview.get_attribute("src") == Photo.objects.get().image.url
    assert preview.get_attribute("alt") == "Пограничный пункт"
