"""Reporters write, editors decide: roles, states and the moves between them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, ArticleEvent
from tests.factories import article_form

pytestmark = pytest.mark.django_db
Status = Article.Status
ADD = reverse("admin:articles_article_add")


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def draft_by(user, make_article, **fields) -> Article:
    return make_article(created_by=user, status=Status.DRAFT, published_at=None, **fields)


def test_migration_creates_reporters_and_editors_with_the_publish_permission():
    editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    reporters = Group.objects.get(name="Reporters").permissions.values_list("codename", flat=True)
    assert "publish_article" in editors
    assert "publish_article" not in reporters
    assert {"add_article", "change_article"} <= set(reporters)


def test_reporter_writes_a_draft_and_sends_it_for_review(reporter_client, reporter):
    response = reporter_client.post(ADD, article_form(status="review"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Status.REVIEW
    assert article.created_by == reporter
    step = ArticleEvent.objects.get()
    assert (step.user, step.from_status, step.to_status) == (reporter, "draft", "review")


def test_reporter_is_offered_only_draft_and_review(reporter_client):
    page = reporter_client.get(ADD).text
    assert '<option value="draft" selected>' in page
    assert '<option value="review">' in page
    assert '<option value="published"' not in page
    assert 'name="published_at_0"' not in page  # scheduling is an editor's decision


def test_reporter_cannot_publish_by_forged_post(reporter_client):
    response = reporter_client.post(ADD, article_form(status="published"))
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_reporter_cannot_publish_own_draft_by_forged_post(reporter_client, reporter, make_article):
    draft = draft_by(reporter, make_article)
    response = reporter_client.post(change_url(draft), article_form(draft, status="published"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_reporter_cannot_schedule_by_forged_time(reporter_client):
    tomorrow = timezone.localtime() + timedelta(days=1)
    form = article_form(status="review", published_at_0=tomorrow.strftime("%Y-%m-%d"),
                        published_at_1="10:00:00")  # fmt: skip
    reporter_client.post(ADD, form)
    assert Article.objects.get().published_at is None


def test_reporter_cannot_edit_someone_elses_draft(reporter_client, other_reporter, make_article):
    draft = draft_by(other_reporter, make_article, headline="Чужой черновик")
    page = reporter_client.get(change_url(draft))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # read-only view
    assert "loaded_token" not in page.text
    assert "Comment for the desk" not in page.text
    response = reporter_client.post(change_url(draft), article_form(draft, headline="Моё!"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.headline == "Чужой черновик"


@pytest.mark.parametrize("status", [Status.REVIEW, Status.PUBLISHED])
def test_reporter_cannot_edit_own_piece_once_it_left_the_draft(
    reporter_client, reporter, make_article, status
):
    article = make_article(created_by=reporter, status=status)
    response = reporter_client.post(change_url(article), article_form(article, headline="Правка"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Правка"


def test_reporter_is_not_offered_publish_or_withdraw_actions(reporter_client, make_article):
    make_article()
    page = reporter_client.get(reverse("admin:articles_article_changelist")).text
    assert 'value="send_for_review"' in page
    assert 'value="publish_now"' not in page
    assert 'value="withdraw"' not in page


def test_reporter_cannot_withdraw_by_forged_action(reporter_client, make_article):
    live = make_article()
    reporter_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "withdraw", "_selected_action": [live.pk]},
    )
    live.refresh_from_db()
    assert live.is_live


def test_editor_publishes_a_piece_waiting_for_review(desk_client, editor, reporter, make_article):
    piece = make_article(created_by=reporter, status=Status.REVIEW, published_at=None)
    response = desk_client.post(change_url(piece), article_form(piece, status="published"))
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.is_live
    assert Client().get(piece.get_absolute_url()).status_code == 200
    assert piece.events.get().user == editor


def test_editor_sends_a_piece_back_with_a_comment_the_reporter_then_sees(
    desk_client, reporter_client, reporter, make_article
):
    piece = make_article(created_by=reporter, status=Status.REVIEW, published_at=None)
    form = article_form(piece, status="draft", workflow_comment="Нужен второй источник.")
    assert desk_client.post(change_url(piece), form).status_code == 302
    piece.refresh_from_db()
    assert piece.status == Status.DRAFT
    page = reporter_client.get(change_url(piece)).text
    assert "Sent back by olga: Нужен второй источник." in page
    assert 'name="_save"' in page  # the reporter can work on it again


def test_sending_back_without_a_comment_is_refused_with_a_message(
    desk_client, reporter, make_article
):
    piece = make_article(created_by=reporter, status=Status.REVIEW, published_at=None)
    response = desk_client.post(change_url(piece), article_form(piece, status="draft"))
    assert response.status_code == 200
    assert "Say why" in response.text
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW


def test_an_illegal_move_is_refused_with_a_clear_message(desk_client, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    form = article_form(draft, status="withdrawn", workflow_comment="x")
    response = desk_client.post(change_url(draft), form)
    assert response.status_code == 200
    assert "A piece that is “Draft” cannot become “Withdrawn”" in response.text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_service_refuses_illegal_moves_for_everyone(admin_user, make_article):
    draft = make_article(status=Status.DRAFT, published_at=None)
    with pytest.raises(services.TransitionError, match="нельзя перевести в «Снято с публикации»"):
        services.article_withdraw(article=draft, user=admin_user, reason="x")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_editor_withdraws_a_live_piece_and_readers_get_404(desk_client, make_article):
    live = make_article()
    form = article_form(live, status="withdrawn", workflow_comment="Ошибка в фактах.")
    assert desk_client.post(change_url(live), form).status_code == 302
    live.refresh_from_db()
    assert live.status == Status.WITHDRAWN
    assert Client().get(live.get_absolute_url()).status_code == 404
    assert live.events.get().comment == "Ошибка в фактах."


def test_bulk_actions_publish_send_for_review_and_withdraw(desk_client, make_article):
    changelist = reverse("admin:articles_article_changelist")
    draft = make_article(status=Status.DRAFT, published_at=None)
    desk_client.post(changelist, {"action": "send_for_review", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    desk_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_live
    desk_client.post(changelist, {"action": "withdraw", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN


def test_bulk_action_reports_pieces_it_could_not_move(desk_client, make_article):
    live = make_article(headline="Уже на сайте")
    response = desk_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "send_for_review", "_selected_action": [live.pk]},
        follow=True,
    )
    assert "«Уже на сайте»: A piece that is “Published” cannot become “In review”" in (
        response.text
    )


def test_editor_edit_of_a_live_piece_keeps_its_publication_time(desk_client, make_article):
    live = make_article(published_at=timezone.now() - timedelta(days=3))
    original_time = live.published_at
    form = article_form(live, headline="Уточнённый заголовок", published_at_0="", published_at_1="")
    assert desk_client.post(change_url(live), form).status_code == 302
    live.refresh_from_db()
    assert live.headline == "Уточнённый заголовок"
    assert live.published_at == original_time


def test_deleting_a_piece_keeps_its_steps_through_the_desk(editor_client, editor, make_article):
    piece = make_article(status=Status.REVIEW, published_at=None, headline="Пожар на складе")
    services.article_publish(article=piece, user=editor)
    piece_id = piece.pk
    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[piece_id]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=piece_id).exists()
    step = ArticleEvent.objects.get()
    assert step.article is None
    assert (step.article_ref, step.headline) == (piece_id, "Пожар на складе")
    assert (step.user, step.from_status, step.to_status) == (editor, "review", "published")


def test_a_recovered_piece_has_its_earlier_steps_back(
    editor_client, desk_client, editor, make_article
):
    piece = make_article(status=Status.REVIEW, published_at=None)
    services.article_publish(article=piece, user=editor)
    piece_id = piece.pk
    editor_client.post(reverse("admin:articles_article_delete", args=[piece_id]), {"post": "yes"})
    version = Version.objects.get_deleted(Article).get(object_id=str(piece_id))
    recovered = services.article_recover(version=version, user=editor)
    assert recovered.pk == piece_id
    moves = [(e.from_status, e.to_status) for e in recovered.events.order_by("id")]
    assert moves == [("review", "published"), ("", "draft")]
    page = desk_client.get(change_url(recovered)).text
    assert f"{Status.REVIEW.label} → {Status.PUBLISHED.label}" in page


def test_reporter_reads_her_piece_in_review_as_readers_will_see_it(
    reporter_client, reporter, make_article
):
    body = "<p>Первый&nbsp;абзац.</p><blockquote><p>— Цитата, — сказал он.</p></blockquote>"
    article = make_article(created_by=reporter, status=Status.REVIEW, body=body)
    # As if stored before sanitizing was strict: a script must still not reach the page.
    Article.objects.filter(pk=article.pk).update(body=body + "<script>alert(1)</script>")
    page = reporter_client.get(change_url(article)).text
    assert "<blockquote><p>— Цитата, — сказал он.</p></blockquote>" in page
    assert "&lt;p&gt;" not in page
    assert "&amp;nbsp;" not in page
    assert "alert(1)" not in page
    assert 'name="body"' not in page
