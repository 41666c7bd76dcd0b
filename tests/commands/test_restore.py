"""History goes through the workflow: a restore is an edit, a recovery is an editor's.

Restoring a version loads its text into the form as the current user's edit, checked like
any save against the stored piece; it never moves a piece, never deletes its corrections or
bylines, is logged, and readers see it at once. Every history URL answers only for versions
of the piece it names; junk ids are 404s.
"""

import re

import pytest
import reversion
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import services
from articles.desk.admin.history import GuardedVersionAdmin
from articles.models import Article, ArticleEvent, Byline, Correction
from articles.text.notes import shown
from tests.factories import article_form

pytestmark = pytest.mark.django_db
Status = Article.Status


def versions(article: Article) -> list[Version]:
    """The piece's saved versions, newest first."""
    return list(Version.objects.get_for_object(article))


def revision_url(article_pk, version_pk) -> str:
    return reverse("admin:articles_article_revision", args=[article_pk, version_pk])


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def read(article: Article) -> str:
    """What an anonymous reader gets at the piece's address (through the page cache)."""
    response = Client().get(article.get_absolute_url())
    return response.text if response.status_code == 200 else f"HTTP {response.status_code}"


def reporters_piece_now_live(make_article, reporter, editor) -> tuple[Article, Version]:
    """A reporter's piece: drafted as "Черновик репортёра", published by an editor under
    another headline. Returns it and its draft version."""
    article = make_article(
        created_by=reporter, status=Status.DRAFT, published_at=None, headline="Черновик репортёра"
    )
    services.article_save(article=article, user=reporter)
    article.headline = "Заголовок, который видят читатели"
    services.article_publish(article=article, user=editor)
    return article, versions(article)[-1]


def snapshot(article: Article) -> tuple:
    article.refresh_from_db()
    return (
        article.status,
        article.headline,
        article.published_at,
        article.edit_token,
        ArticleEvent.objects.filter(article=article).count(),
        Version.objects.get_for_object(article).count(),
        article.bylines.count(),
        article.corrections.count(),
    )


# ---- restoring: reporters --------------------------------------------------------------


def test_reporter_cannot_restore_an_old_version_of_their_own_live_piece(
    reporter_client, reporter, editor, make_article
):
    article, draft_version = reporters_piece_now_live(make_article, reporter, editor)
    assert "Заголовок, который видят читатели" in read(article)
    before = snapshot(article)
    url = revision_url(article.pk, draft_version.pk)

    assert reporter_client.get(url).status_code == 403
    forged = article_form(article, headline="Черновик репортёра", status="draft")
    assert reporter_client.post(url, forged).status_code == 403

    assert snapshot(article) == before
    assert article.status == Status.PUBLISHED
    assert "Заголовок, который видят читатели" in read(article)


def test_reporter_cannot_rewrite_an_editors_live_piece_with_a_byline_version(
    reporter_client, reporter, editor, make_article, author
):
    """reversion's revision URL took any version whose object id matched the URL: a byline's
    version, whose id is the reporter's own draft's, reverted the editor's whole revision."""
    own_draft = make_article(created_by=reporter, status=Status.DRAFT, published_at=None)
    live = make_article(created_by=editor, status=Status.DRAFT, published_at=None)
    Byline.objects.create(pk=own_draft.pk, article=live, author=author)
    live.headline = "Старый черновик редактора"
    services.article_save(article=live, user=editor)
    live.headline = "Живой заголовок редактора"
    services.article_publish(article=live, user=editor)
    byline_version = Version.objects.get_for_object_reference(Byline, own_draft.pk).last()
    before = snapshot(live)
    url = revision_url(own_draft.pk, byline_version.pk)

    assert reporter_client.get(url).status_code == 404
    data = article_form(own_draft, status="draft")
    assert reporter_client.post(url, data).status_code == 404

    assert snapshot(live) == before
    assert live.status == Status.PUBLISHED
    assert "Живой заголовок редактора" in read(live)


def test_reporter_restores_into_their_own_draft_and_the_desk_log_says_so(
    reporter_client, reporter, make_article
):
    article = make_article(
        created_by=reporter, status=Status.DRAFT, published_at=None, headline="Первый вариант"
    )
    services.article_save(article=article, user=reporter)
    article.headline = "Неудачный вариант"
    services.article_save(article=article, user=reporter)
    first = versions(article)[-1]
    url = revision_url(article.pk, first.pk)

    before = snapshot(article)
    page = reporter_client.get(url)
    assert page.status_code == 200
    assert "Первый вариант</textarea>" in page.text  # loaded into the headline box
    assert "Restoring an earlier version" in page.text
    assert snapshot(article) == before  # opening the restore page writes nothing

    token = re.search(r'name="loaded_token" value="([^"]+)"', page.text)[1]
    response = reporter_client.post(
        url, article_form(article, headline="Первый вариант", status="draft", loaded_token=token)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Первый вариант", Status.DRAFT)
    step = article.events.get()
    assert (step.user, step.from_status, step.to_status) == (reporter, "draft", "draft")
    assert shown(step.comment).startswith("Restored the version of")
    assert shown(versions(article)[0].revision.get_comment()).startswith("Restored the version of")
    desk_log = reporter_client.get(change_url(article)).text
    assert re.search(r"aigerim</strong>: Draft — <q>Restored the version of", desk_log)


def test_restoring_needs_the_forms_csrf_token(reporter, make_article):
    article = make_article(created_by=reporter, status=Status.DRAFT, published_at=None)
    services.article_save(article=article, user=reporter)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    url = revision_url(article.pk, versions(article)[0].pk)
    assert client.post(url, article_form(article, status="draft")).status_code == 403


# ---- restoring: editors ----------------------------------------------------------------


def test_editor_restore_keeps_a_live_piece_live_with_its_corrections_and_bylines(
    desk_client, editor, make_article, author
):
    article = make_article(created_by=editor, headline="Верный заголовок")
    services.article_save(article=article, user=editor)  # the version to restore: no extras
    old = versions(article)[0]
    Byline.objects.create(article=article, author=author)
    services.article_add_correction(article=article, user=editor, text="Уточнена дата.")
    article.headline = "Ошибочный заголовок"
    services.article_save(article=article, user=editor)
    published_at = article.published_at
    assert "Ошибочный заголовок" in read(article)  # now in the page cache

    url = revision_url(article.pk, old.pk)
    page = desk_client.get(url).text
    token = re.search(r'name="loaded_token" value="([^"]+)"', page)[1]
    response = desk_client.post(
        url, article_form(article, headline="Верный заголовок", loaded_token=token)
    )
    assert response.status_code == 302

    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.PUBLISHED, published_at)
    assert article.bylines.count() == 1
    assert article.corrections.get().text == "Уточнена дата."
    step = article.events.get()
    assert (step.user, step.from_status, step.to_status) == (editor, "published", "published")
    assert "Restored the version of" in shown(step.comment)
    page = read(article)
    assert "Верный заголовок" in page
    assert "Ошибочный заголовок" not in page
    assert "Уточнена дата." in page


def test_editor_restore_of_a_withdrawn_piece_keeps_it_withdrawn(desk_client, editor, make_article):
    article = make_article(created_by=editor, headline="Снятый материал")
    services.article_save(article=article, user=editor)
    live_version = versions(article)[0]
    services.article_withdraw(article=article, user=editor, reason="Ошибка в фактах.")
    assert read(article) == "HTTP 404"

    url = revision_url(article.pk, live_version.pk)
    page = desk_client.get(url).text
    token = re.search(r'name="loaded_token" value="([^"]+)"', page)[1]
    # Even a form that says "published": a restore never moves a piece.
    data = article_form(article, headline="Исправленный", status="published", loaded_token=token)
    assert desk_client.post(url, data).status_code == 302

    article.refresh_from_db()
    assert (article.headline, article.status) == ("Исправленный", Status.WITHDRAWN)
    assert read(article) == "HTTP 404"
    assert article.events.first().to_status == Status.WITHDRAWN


# ---- recovering deleted pieces ---------------------------------------------------------


def deleted_piece(make_article, editor, author) -> Version:
    article = make_article(created_by=editor, headline="Удалённый материал о тайном")
    Byline.objects.create(article=article, author=author)
    services.article_add_correction(article=article, user=editor, text="Поправка к удалённому.")
    with reversion.create_revision():
        article.save()
    version = versions(article)[0]
    article.delete()
    return version


def test_reporter_can_neither_list_nor_read_deleted_pieces(
    reporter_client, editor, make_article, author
):
    version = deleted_piece(make_article, editor, author)
    listing = reporter_client.get(reverse("admin:articles_article_recoverlist"))
    assert listing.status_code == 403
    response = reporter_client.get(reverse("admin:articles_article_recover", args=[version.pk]))
    assert response.status_code == 403
    assert "тайном" not in response.text
    recover = reverse("admin:articles_article_recover", args=[version.pk])
    assert reporter_client.post(recover).status_code == 403
    assert not Article.objects.exists()
    changelist = reporter_client.get(reverse("admin:articles_article_changelist")).text
    assert reverse("admin:articles_article_recoverlist") not in changelist


def test_editor_recovers_a_deleted_piece_as_a_draft_with_its_bylines_and_corrections(
    desk_client, editor, make_article, author
):
    version = deleted_piece(make_article, editor, author)
    listing = desk_client.get(reverse("admin:articles_article_recoverlist")).text
    assert "Удалённый материал о тайном" in listing
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert "Recover as a draft" in desk_client.get(url).text
    assert not Article.objects.exists()  # looking changes nothing

    assert desk_client.post(url).status_code == 302
    article = Article.objects.get()
    assert article.pk == int(version.object_id)
    assert (article.status, article.published_at) == (Status.DRAFT, None)
    assert article.bylines.get().author == author
    assert article.corrections.get().text == "Поправка к удалённому."
    step = article.events.get()
    assert (step.user, step.to_status) == (editor, Status.DRAFT)
    assert "Recovered after deletion" in shown(step.comment)
    assert read(article) == "HTTP 404"


# ---- every history URL is about the piece it names -------------------------------------


def test_versions_of_other_objects_are_not_found(desk_client, editor, make_article, author):
    article = make_article(created_by=editor)
    other = make_article(created_by=editor)
    services.article_save(article=article, user=editor)
    services.article_save(article=other, user=editor)
    Byline.objects.create(pk=article.pk, article=other, author=author)
    Correction.objects.create(pk=article.pk, article=other, text="Чужая поправка.")
    with reversion.create_revision():
        other.save()
    own = versions(article)[0]
    byline_version = Version.objects.get_for_object_reference(Byline, article.pk).get()
    correction_version = Version.objects.get_for_object_reference(Correction, article.pk).get()
    foreign = [versions(other)[0], byline_version, correction_version]

    for version in foreign:
        assert desk_client.get(revision_url(article.pk, version.pk)).status_code == 404
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        assert desk_client.get(compare, {"from": version.pk, "to": own.pk}).status_code == 404
        recover = reverse("admin:articles_article_recover", args=[version.pk])
        assert desk_client.get(recover).status_code == 404  # not a deleted piece
    history = desk_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert f"/history/{own.pk}/" in history.text
    assert all(f"/history/{version.pk}/" not in history.text for version in foreign)


JUNK = ["abc", "99999999999999999999", "-1", "0", "1e3", "%20"]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_ids_in_history_urls_are_404(desk_client, editor, make_article, junk):
    article = make_article(created_by=editor)
    services.article_save(article=article, user=editor)
    own = versions(article)[0]
    prefix = reverse("admin:articles_article_changelist")
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    urls = [
        f"{prefix}{article.pk}/history/{junk}/",
        f"{prefix}{junk}/history/{own.pk}/",
        f"{prefix}{junk}/history/",
        f"{prefix}recover/{junk}/",
        f"{compare}?from={junk}&to={own.pk}",
        f"{prefix}{junk}/history/compare/?from={own.pk}&to={own.pk}",
    ]
    for url in urls:
        assert desk_client.get(url).status_code == 404, url


def test_every_versioned_admin_is_guarded():
    """reversion's own views revert first and check after: no model admin may use them."""
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, VersionAdmin):
            assert isinstance(model_admin, GuardedVersionAdmin), type(model_admin).__name__


def test_a_restore_that_collides_keeps_the_restored_text_and_the_other_editors_change(
    desk_client, editor, make_article
):
    """Olga opens an old version to restore it; meanwhile a colleague fixes the lead. Olga's
    save is refused and merged: the restored headline stays hers, the new lead stays theirs."""
    from tests.factories import client_for, member_of, posted_from

    article = make_article(created_by=editor, headline="Верный заголовок")
    services.article_save(article=article, user=editor)
    old = versions(article)[0]
    article.headline = "Ошибочный заголовок"
    services.article_save(article=article, user=editor)

    url = revision_url(article.pk, old.pk)
    restoring = posted_from(desk_client.get(url).text)
    assert restoring["headline"] == "Верный заголовок"

    colleague = member_of("Editors", "marat")
    opened = posted_from(client_for(colleague).get(change_url(article)).text)
    opened["lead"] = "Лид, уточнённый коллегой."
    assert client_for(colleague).post(change_url(article), opened).status_code == 302

    refused = desk_client.post(url, restoring)
    assert refused.status_code == 200  # told, not overwritten
    merged = posted_from(refused.text)
    assert merged["headline"] == "Верный заголовок"
    assert merged["lead"] == "Лид, уточнённый коллегой."
    assert desk_client.post(url, merged).status_code == 302

    article.refresh_from_db()
    assert (article.headline, article.lead) == ("Верный заголовок", "Лид, уточнённый коллегой.")
    assert "Верный заголовок" in read(article)
