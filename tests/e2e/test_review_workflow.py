"""A reporter submits, an editor publishes from the review queue, a reader reads it."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.e2e.conftest import PASSWORD, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def staff(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_reporter_submits_editor_publishes_reader_reads_reporter_is_locked_out(
    live_server, new_page, django_user_model, newsroom_groups
):
    staff(django_user_model, "aigerim", "Reporters")
    staff(django_user_model, "olga", "Editors")

    reporter = new_page()
    log_in(reporter, live_server, "aigerim", "/admin/articles/article/add/")
    reporter.wait_for_selector("iframe.cke_wysiwyg_frame")
    reporter.fill("#id_headline", "В Уральске открылся узбекский торговый дом")
    reporter.fill("#id_lead", "Предприниматели двух стран открыли в Уральске торговый дом.")
    reporter.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
    reporter.keyboard.type("Первые поставки фруктов ожидаются в декабре.")
    options = reporter.locator("#id_status option").all_inner_texts()
    assert options == ["Черновик", "На проверке"]  # no "publish" for a reporter
    reporter.select_option("#id_status", "review")
    reporter.click("input[name=_save]")
    reporter.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW

    editor = new_page()
    log_in(editor, live_server, "olga", "/admin/")
    editor.click("text=/жд(ёт|ут) проверки/")  # «1 материал ждёт», «2 материала ждут»
    assert "queue=review" in editor.url
    screenshot(editor, "review-queue")
    editor.click(f"text={article.headline}")
    editor.wait_for_selector("iframe.cke_wysiwyg_frame")
    editor.select_option("#id_status", "published")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.is_live

    reader = new_page(width=375, height=812)
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.inner_text("h1") == article.headline
    assert "Первые поставки фруктов ожидаются в декабре." in reader.inner_text(".story__body")

    reporter.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    assert reporter.locator("input[name=_save]").count() == 0  # read-only for her now
    assert reporter.locator("iframe.cke_wysiwyg_frame").count() == 0
    screenshot(reporter, "reporter-locked-out")
