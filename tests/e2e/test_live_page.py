"""A live page open in a reader's browser gets an editor's new update without a reload."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, LiveUpdate
from tests.e2e.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_page(make_article, settings):
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    page = make_article(
        headline="Саммит «Центральная Азия»: онлайн",
        is_live_page=True,
        published_at=timezone.now() - timedelta(hours=1),
    )
    LiveUpdate.objects.create(
        article=page, body="<p>Лидеры прибывают в Астану.</p>", is_pinned=True,
        posted_at=timezone.now() - timedelta(minutes=30),
    )  # fmt: skip
    LiveUpdate.objects.create(
        article=page, title="Начало", body="<p>Саммит начался.</p>",
        posted_at=timezone.now() - timedelta(minutes=10),
    )  # fmt: skip
    return page


def test_an_update_posted_in_the_admin_appears_on_an_open_page_without_a_reload(
    live_server, new_page, django_user_model, live_page
):
    django_user_model.objects.create_superuser("editor", "editor@example.kz", PASSWORD)
    reader = new_page(locale="ru-RU", width=375, height=812)  # the site's own CSP, no bypass
    refused = []
    reader.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    reader.goto(live_server.url + live_page.get_absolute_url())
    reader.evaluate("window.notReloaded = true")
    assert reader.locator("#live-updates .live-update").count() == 2

    editor = new_page(locale="en-US")
    log_in(editor, live_server, "editor", f"/admin/articles/article/{live_page.pk}/change/")
    editor.click("text=Post an update")
    editor.fill("#id_title", "Подписан меморандум")
    editor.fill("#id_body", "Стороны подписали меморандум о сотрудничестве.")
    editor.click("input[name=_save]")
    editor.wait_for_load_state()
    assert editor.url.endswith(f"/admin/articles/article/{live_page.pk}/change/#live")
    assert LiveUpdate.objects.filter(title="Подписан меморандум").exists()

    more = reader.locator("[data-live-status] button")
    more.wait_for(timeout=8_000)  # within a few poll intervals of a second
    assert "1" in more.inner_text()
    assert reader.locator("text=Стороны подписали меморандум").count() == 0  # not pushed in
    more.click()
    first = reader.locator("[data-live-stream] .live-update").first
    assert "Стороны подписали меморандум о сотрудничестве." in first.inner_text()
    assert first.evaluate("node => node === document.activeElement")
    assert reader.evaluate("window.notReloaded") is True
    assert refused == []
    screenshot(reader, "live-page-new-update")


def test_closing_coverage_stops_the_page_asking(live_server, new_page, live_page):
    reader = new_page()
    reader.goto(live_server.url + live_page.get_absolute_url())
    asked = []
    reader.on("request", lambda r: asked.append(r.url) if "/live/updates/" in r.url else 0)
    Article.objects.filter(pk=live_page.pk).update(live_closed_at=timezone.now())
    live_page.refresh_from_db()
    live_page.save()  # through the model, so that the cached pages are purged
    reader.wait_for_selector("[data-live-status] p", timeout=8_000)
    count = len(asked)
    reader.wait_for_timeout(2_500)
    assert len(asked) == count


def test_live_page_has_no_serious_accessibility_violations(live_server, new_page, axe, live_page):
    reader = new_page(bypass_csp=True)
    reader.goto(live_server.url + live_page.get_absolute_url())
    assert axe(reader) == []


def test_an_embed_in_an_update_that_arrives_later_gets_its_load_button(
    live_server, new_page, django_user_model, live_page
):
    from articles import live

    editor = django_user_model.objects.create_superuser("editor", "editor@example.kz", PASSWORD)
    reader = new_page(locale="ru-RU", width=375, height=812)
    reader.goto(live_server.url + live_page.get_absolute_url())
    live.live_update_post(
        article=live_page, user=editor, body="<p>Сюжет телеканала.</p>",
        embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )  # fmt: skip
    more = reader.locator("[data-live-status] button")
    more.wait_for(timeout=8_000)
    more.click()
    load = reader.locator("[data-live-stream] .live-update").first.locator(".embed__load")
    assert load.is_visible()
    load.click()
    frame = reader.locator("[data-live-stream] iframe").first
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
