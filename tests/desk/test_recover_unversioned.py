"""A deleted piece can always be recovered, even one that never had a version before."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils.translation import gettext
from reversion.models import Version

from articles.models import Article, Byline
from articles.text.notes import shown

pytestmark = pytest.mark.django_db
Status = Article.Status


def _unversioned_piece(author) -> Article:
    """As `load_demo` or an archive import leaves a piece: rows only, no revision."""
    article = Article.objects.create(
        language="ru", headline="Архивный материал", body="<p>Текст.</p>", status=Status.DRAFT
    )
    Byline.objects.create(article=article, author=author, role=Byline.Role.AUTHOR)
    assert not Version.objects.get_for_object(article).exists()
    return article


def _delete_in_the_view(client, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert "Архивный материал" in client.get(url).text  # the confirmation still shows
    return client.post(url, {"post": "yes"})


def _delete_with_the_action(client, article):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [article.pk], "post": "yes"},
    )


@pytest.mark.parametrize("delete", [_delete_in_the_view, _delete_with_the_action])
def test_an_unversioned_piece_deleted_in_the_admin_is_recovered_with_its_bylines(
    editor_client, admin_user, desk_client, author, delete
):
    article = _unversioned_piece(author)

    assert delete(editor_client, article).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()

    listing = desk_client.get(reverse("admin:articles_article_recoverlist")).text
    assert "Архивный материал" in listing
    version = Version.objects.get_deleted(Article).get(object_id=str(article.pk))
    assert version.revision.user == admin_user
    assert shown(version.revision.comment) == gettext("Deleted")  # in the reader's language
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert desk_client.post(url).status_code == 302
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.status == Status.DRAFT
    assert recovered.bylines.get().author == author


def test_a_piece_deleted_outside_the_admin_is_offered_for_recovery_too(author):
    article = _unversioned_piece(author)
    pk = article.pk
    article.delete()
    version = Version.objects.get_deleted(Article).get(object_id=str(pk))
    assert version.revision.user is None
    assert version.field_dict["headline"] == "Архивный материал"
