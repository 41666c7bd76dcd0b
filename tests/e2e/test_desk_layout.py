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


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [1280, 1024])
def test_object_tools_leave_a_long_headline_readable(
    live_server, new_page, editor, make_article, width
):
    """Preview, History, View on site sat over the piece's headline; the corrections table
    ran past the save bar."""
    article = a_story(make_article, editor)  # published: the corrections inline is there
    page = new_page(width=width)
    log_in(page, live_server, "olga", f"/admin/articles/article/{article.pk}/change/")
    page.wait_for_selector("iframe.cke_wysiwyg_frame")

    tools = [link.bounding_box() for link in page.locator(".object-tools a").all()]
    assert len(tools) >= 3
    for heading in page.locator("#content > h1, #content > h2").all():
        box = heading.bounding_box()
        assert not any(boxes_overlap(box, tool) for tool in tools), heading.inner_text()
    subtitle = page.locator("#content > h2")
    assert HEADLINE_90 in subtitle.inner_text()
    assert page.eval_on_selector("#content > h2", "el => el.scrollWidth <= el.clientWidth")

    save_bar = page.locator(".submit-row").last.bounding_box()
    corrections = page.locator("#corrections-group")
    assert corrections.count() == 1
    for box in [corrections.bounding_box(), corrections.locator("table").bounding_box()]:
        assert box["x"] + box["width"] <= save_bar["x"] + save_bar["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if width == 1280:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "article-form-top-1280.png"))  # the form's top


def columns_fit(page, columns: list[str], lines: int = 3) -> None:
    """Every named column in view inside the list's box, the box not scrolled sideways, and
    no cell taller than `lines` lines of text."""
    page.wait_for_selector("#result_list")
    table_right = page.eval_on_selector(".results", "el => el.getBoundingClientRect().right")
    for column in columns:
        box = page.locator(f"#result_list th.column-{column}").bounding_box()
        assert box["x"] + box["width"] <= table_right + 1, column  # not cut off
    sizes = page.eval_on_selector(".results", "el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    content = page.locator("#content").bounding_box()
    for box in page.locator("#changelist > *, #changelist-filter > *").all():
        edge = box.bounding_box()
        assert edge["x"] + edge["width"] <= content["x"] + content["width"] + 1  # inside the page
    line = page.eval_on_selector(
        "#result_list tbody td",
        "el => { const s = getComputedStyle(el);"
        " return parseFloat(s.lineHeight) || 1.3 * parseFloat(s.fontSize); }",
    )
    for row in page.locator("#result_list tbody tr").all():
        for cell in row.locator("th, td").all():
            height = cell.evaluate(
                "el => { const r = document.createRange(); r.selectNodeContents(el);"
                " return r.getBoundingClientRect().height; }"
            )
            assert height <= lines * line + 1, cell.inner_text()


def test_wires_inbox_shows_every_column_at_1280_px(live_server, new_page, editor):
    from articles import wire
    from articles.models import WireSource

    source = WireSource.objects.create(
        name="Казинформ — лента новостей", kind="folder", folder="kazinform",
        source_line="Kazinform",
    )  # fmt: skip
    for number in range(4):
        wire.wire_item_receive(
            source=source,
            incoming=wire.Incoming(
                guid=f"urn:kz:{number}", version="3", language="ru",
                headline=f"{HEADLINE_90[:84]} №{number}",
                lead="Первые резиденты подписали соглашения.", body="<p>Центр работает.</p>",
            ),
        )  # fmt: skip
    page = new_page(width=1280)
    log_in(page, live_server, "olga", "/admin/articles/wireitem/")
    columns = ["headline_cell", "source", "language", "received_at", "version_cell", "state"]
    columns_fit(page, columns)
    shot(page, "wires-1280")


def test_delivery_log_shows_every_column_at_1280_px(live_server, new_page, editor, make_article):
    from articles.models import Delivery, PartnerSubscription

    article = a_story(make_article, editor)
    subscription = PartnerSubscription.objects.create(
        name="Тенгриньюс", endpoint="https://partner.example/hook", languages=["ru", "kk"]
    )
    now = timezone.now()
    for number in range(3):
        Delivery.objects.create(
            subscription=subscription, article=article, article_ref=article.pk,
            reason=Delivery.Reason.CHANGE, state=Delivery.State.PENDING, kind="usable",
            version=str(number), attempts=2, last_status="503",
            next_attempt_at=now + timedelta(minutes=5),
        )  # fmt: skip
    page = new_page(width=1280)
    log_in(page, live_server, "olga", "/admin/articles/delivery/")
    columns_fit(
        page,
        ["created_at", "subscription", "piece", "reason", "state", "attempts",
         "last_answer", "next_attempt_at", "delivered_at"],
        lines=4,  # nine columns: the piece's number and a 90-character headline in four
    )  # fmt: skip
    shot(page, "deliveries-1280")


def test_live_updates_list_shows_every_column_at_1280_px(
    live_server, new_page, editor, make_article
):
    from articles.models import LiveUpdate

    article = a_story(make_article, editor, is_live_page=True)
    for number in range(4):
        LiveUpdate.objects.create(
            article=article, title=f"Делегации подписали соглашение о центре №{number}",
            body="<p>Текст.</p>", created_by=editor, posted_at=timezone.now(),
        )  # fmt: skip
    page = new_page(width=1280)
    log_in(page, live_server, "olga", "/admin/articles/liveupdate/")
    columns_fit(page, ["__str__", "article", "posted_at", "is_pinned", "created_by"])
    shot(page, "live-updates-1280")
