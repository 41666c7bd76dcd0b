"""Live pages on the desk: who posts, edits, pins, corrects and deletes updates, through the
admin's own URLs (add, change, delete, history, restore), and what a hostile reporter gets:
403 or a form error, and nothing changed."""

from datetime import timedelta

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import live, workflow
from articles.models import Article, Author, LiveUpdate

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def live_page(make_article, editor):
    return make_article(
        headline="Саммит: онлайн", is_live_page=True, created_by=editor,
        published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip


@pytest.fixture
def opened_to_reporter(live_page, reporter):
    live_page.live_contributors.add(reporter)
    return live_page


def add_form(article, **fields) -> dict:
    return {
        "article": str(article.pk), "title": "", "body": "Президенты прибыли.\n\nВторой абзац.",
        "photo": "", "embed_url": "", "authors": [], **fields,
    }  # fmt: skip


def change_form(update, **fields) -> dict:
    local = timezone.localtime(update.posted_at)
    return {
        "title": update.title, "body": "Исправленный текст", "photo": "", "embed_url": "",
        "authors": [], "posted_at_0": local.strftime("%Y-%m-%d"),
        "posted_at_1": local.strftime("%H:%M:%S"),
        "loaded_at": update.updated_at.isoformat(), **fields,
    }  # fmt: skip


ADD = reverse("admin:articles_liveupdate_add")


def change_url(update) -> str:
    return reverse("admin:articles_liveupdate_change", args=[update.pk])


# ---- editors ------------------------------------------------------------------------------


def test_editor_posts_an_update_from_the_short_form_and_returns_to_the_piece(
    desk_client, live_page, editor
):
    author = Author.objects.create(name="Ольга Редактор", user=editor)
    page = desk_client.get(reverse("admin:articles_article_change", args=[live_page.pk]))
    assert f"{ADD}?article={live_page.pk}" in page.text
    form = desk_client.get(ADD, {"article": live_page.pk})
    assert form.status_code == 200
    assert "ckeditor" not in form.text.split('name="body"')[1][:200]  # a plain text box
    response = desk_client.post(ADD, add_form(live_page, is_pinned="on", authors=[author.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("admin:articles_article_change", args=[live_page.pk]) + "#live"
    )
    update = LiveUpdate.objects.get()
    assert update.body == "<p>Президенты прибыли.</p><p>Второй абзац.</p>"
    assert update.is_pinned
    assert list(update.authors.all()) == [author]
    assert update.created_by == editor
    assert Version.objects.get_for_object(update).count() == 1
    listing = desk_client.get(reverse("admin:articles_article_change", args=[live_page.pk]))
    assert change_url(update) in listing.text


def test_the_pieces_list_of_updates_shows_the_newsrooms_time_not_utc(
    desk_client, live_page, editor, settings
):
    settings.TIME_ZONE = "Asia/Almaty"
    when = timezone.now().replace(hour=5, minute=5, second=0, microsecond=0)
    LiveUpdate.objects.create(article=live_page, body="<p>Утро.</p>", posted_at=when)
    page = desk_client.get(reverse("admin:articles_article_change", args=[live_page.pk]))
    local = timezone.localtime(when).strftime("%d.%m.%Y %H:%M")
    assert local.endswith("10:05")
    assert f"{local} · " in page.text


def test_editor_corrects_an_update_and_readers_see_the_note(desk_client, live_page, editor):
    update = live.live_update_post(article=live_page, user=editor, body="<p>Было</p>")
    response = desk_client.post(
        change_url(update), change_form(update, correction="Число участников уточнено")
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.correction == "Число участников уточнено"
    assert update.corrected_at is not None
    assert Version.objects.get_for_object(update).count() == 2
    assert "Число участников уточнено" in desk_client.get(live_page.get_absolute_url()).text


def test_two_editors_saving_one_update_the_second_is_told_and_keeps_their_text(
    desk_client, live_page, editor
):
    update = live.live_update_post(article=live_page, user=editor, body="<p>Было</p>")
    first, second = change_form(update, title="Первый"), change_form(update, title="Второй")
    assert desk_client.post(change_url(update), first).status_code == 302
    refused = desk_client.post(change_url(update), {**second, "body": "Мой вариант"})
    assert refused.status_code == 200
    assert "Someone saved this update after you opened it" in refused.text or (
        "после того, как вы его открыли" in refused.text
    )
    assert "Мой вариант" in refused.text  # nothing typed is lost
    update.refresh_from_db()
    assert update.title == "Первый"


def test_editor_deletes_an_update_and_a_revision_keeps_it(desk_client, live_page, editor):
    update = live.live_update_post(article=live_page, user=editor, body="<p>Ошибка</p>")
    delete = reverse("admin:articles_liveupdate_delete", args=[update.pk])
    assert desk_client.post(delete, {"post": "yes"}).status_code == 302
    assert not LiveUpdate.objects.exists()
    assert Version.objects.get_deleted(LiveUpdate).count() == 1


def test_editor_closes_the_page_and_it_takes_no_more_updates(live_page, editor):
    live.live_page_close(article=live_page, user=editor)
    with pytest.raises(workflow.TransitionError):
        live.live_update_post(article=live_page, user=editor, body="<p>Ещё</p>")


@pytest.mark.parametrize("state", ["not_live", "closed", "draft", "review", "withdrawn"])
def test_nobody_posts_to_a_piece_that_is_not_an_open_released_live_page(
    desk_client, live_page, editor, state
):
    match state:
        case "not_live":
            live_page.is_live_page = False
        case "closed":
            live_page.live_closed_at = timezone.now()
        case _:
            live_page.status = state
    live_page.save()
    response = desk_client.post(ADD, add_form(live_page))
    assert response.status_code == 200  # the form again, with an error
    assert "errornote" in response.text
    assert not LiveUpdate.objects.exists()
    with pytest.raises((PermissionDenied, workflow.TransitionError)):
        live.live_update_post(article=live_page, user=editor, body="<p>x</p>")


def test_list_of_articles_marks_live_pages(desk_client, live_page, make_article):
    make_article(headline="Обычная новость")
    html = desk_client.get(reverse("admin:articles_article_changelist")).text
    assert html.count("state--live-page") == 1


# ---- reporters ----------------------------------------------------------------------------


def test_reporter_not_allowed_by_an_editor_cannot_post(reporter_client, reporter, live_page):
    page = reporter_client.get(reverse("admin:articles_article_change", args=[live_page.pk]))
    assert f"{ADD}?article=" not in page.text
    response = reporter_client.post(ADD, add_form(live_page))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not LiveUpdate.objects.exists()
    with pytest.raises(PermissionDenied):
        live.live_update_post(article=live_page, user=reporter, body="<p>x</p>")


def test_reporters_short_form_leaves_out_what_they_may_not_set(
    reporter_client, opened_to_reporter, desk_client
):
    form = reporter_client.get(ADD, {"article": opened_to_reporter.pk})
    assert form.status_code == 200
    assert "field-is_pinned" not in form.text
    assert 'name="body"' in form.text
    assert "field-is_pinned" in desk_client.get(ADD, {"article": opened_to_reporter.pk}).text


def test_reporter_allowed_on_one_page_cannot_forge_anothers_id(
    reporter_client, opened_to_reporter, make_article
):
    other = make_article(is_live_page=True)
    response = reporter_client.post(ADD, add_form(other))
    assert "Select a valid choice" in response.text
    assert not LiveUpdate.objects.exists()


def test_reporter_allowed_posts_but_cannot_pin(reporter_client, reporter, opened_to_reporter):
    response = reporter_client.post(ADD, add_form(opened_to_reporter, is_pinned="on"))
    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert update.created_by == reporter
    assert not update.is_pinned


def test_reporter_edits_own_update_for_a_while_then_it_is_the_editors(
    reporter_client, reporter, opened_to_reporter
):
    update = live.live_update_post(article=opened_to_reporter, user=reporter, body="<p>Мой</p>")
    response = reporter_client.post(
        change_url(update), change_form(update, is_pinned="on", correction="Подделка")
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.body == "<p>Исправленный текст</p>"
    assert not update.is_pinned
    assert update.correction == ""
    LiveUpdate.objects.filter(pk=update.pk).update(
        created_at=timezone.now() - workflow.LIVE_EDIT_WINDOW - timedelta(minutes=1)
    )
    late = reporter_client.post(change_url(update), change_form(update, title="Поздно"))
    assert late.status_code == 403
    update.refresh_from_db()
    assert update.title == ""


def test_reporter_cannot_edit_delete_or_restore_someone_elses_update(
    reporter_client, reporter, opened_to_reporter, editor
):
    theirs = live.live_update_post(article=opened_to_reporter, user=editor, body="<p>Чужое</p>")
    assert reporter_client.post(change_url(theirs), change_form(theirs)).status_code == 403
    delete = reverse("admin:articles_liveupdate_delete", args=[theirs.pk])
    assert reporter_client.post(delete, {"post": "yes"}).status_code == 403
    version = Version.objects.get_for_object(theirs).get()
    revision = reverse("admin:articles_liveupdate_revision", args=[theirs.pk, version.pk])
    assert reporter_client.get(revision).status_code == 403
    assert reporter_client.post(revision, change_form(theirs)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.body == "<p>Чужое</p>"
    with pytest.raises(PermissionDenied):
        live.live_update_save(update=theirs, user=reporter)


def test_reporter_cannot_delete_even_their_own_update(
    reporter_client, reporter, opened_to_reporter
):
    own = live.live_update_post(article=opened_to_reporter, user=reporter, body="<p>Моё</p>")
    delete = reverse("admin:articles_liveupdate_delete", args=[own.pk])
    assert reporter_client.post(delete, {"post": "yes"}).status_code == 403
    assert LiveUpdate.objects.filter(pk=own.pk).exists()


def test_reporter_taken_off_the_page_or_page_closed_cannot_post_or_edit(
    reporter_client, reporter, opened_to_reporter, editor
):
    own = live.live_update_post(article=opened_to_reporter, user=reporter, body="<p>Моё</p>")
    live.live_page_close(article=opened_to_reporter, user=editor)
    assert reporter_client.post(change_url(own), change_form(own)).status_code == 403
    assert reporter_client.post(ADD, add_form(opened_to_reporter)).status_code == 200
    assert LiveUpdate.objects.count() == 1


def test_reporter_cannot_make_a_piece_live_or_open_it_to_themselves(reporter):
    assert {"is_live_page", "live_closed_at", "live_contributors"} <= set(
        workflow.locked_fields(reporter)
    )


def test_history_answers_only_for_versions_of_the_update_in_the_url(desk_client, live_page, editor):
    one = live.live_update_post(article=live_page, user=editor, body="<p>Одно</p>")
    other = live.live_update_post(article=live_page, user=editor, body="<p>Другое</p>")
    foreign = Version.objects.get_for_object(other).get()
    wrong = reverse("admin:articles_liveupdate_revision", args=[one.pk, foreign.pk])
    assert desk_client.get(wrong).status_code == 404
    junk = reverse("admin:articles_liveupdate_revision", args=[one.pk, "1e9"])
    assert desk_client.get(junk).status_code == 404
    history = desk_client.get(reverse("admin:articles_liveupdate_history", args=[one.pk]))
    assert history.status_code == 200


def test_restoring_an_update_version_loads_its_text_and_writes_nothing_on_get(
    desk_client, live_page, editor
):
    update = live.live_update_post(article=live_page, user=editor, body="<p>Первый текст</p>")
    update.body = "<p>Второй текст</p>"
    live.live_update_save(update=update, user=editor)
    first = Version.objects.get_for_object(update).last()
    url = reverse("admin:articles_liveupdate_revision", args=[update.pk, first.pk])
    page = desk_client.get(url)
    assert page.status_code == 200
    assert "Первый текст" in page.text
    update.refresh_from_db()
    assert update.body == "<p>Второй текст</p>"


def test_a_shell_write_is_kept_as_a_revision_only_through_the_service(live_page, editor):
    with reversion.create_revision():
        update = live.live_update_post(article=live_page, user=editor, body="<p>x</p>")
    assert Version.objects.get_for_object(update).get().revision.user == editor


def test_a_photo_shown_in_an_update_is_the_editors(reporter, opened_to_reporter, make_photo):
    photo = make_photo(uploaded_by=reporter)
    assert workflow.may_change_photo(reporter, photo)
    live.live_update_post(article=opened_to_reporter, user=reporter, body="", photo=photo)
    assert not workflow.may_change_photo(reporter, photo)
