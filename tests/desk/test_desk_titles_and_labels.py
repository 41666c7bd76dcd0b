"""Names the desk did not write itself read in the desk's language: permissions on a group's
delete page, third-party apps' permissions, reversion's titles; page titles start with a
capital in every language."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from reversion.models import Version

from articles import live
from articles.desk.admin.labels import permission_label
from tests.factories import client_for

pytestmark = pytest.mark.django_db


def page(user, url, language="kk") -> str:
    response = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def in_kazakh(text_of) -> str:
    with translation.override("kk"):
        return text_of()


def test_a_groups_delete_page_names_its_permissions_in_the_desks_words(admin_user):
    group = Group.objects.create(name="Фоторедакторы")
    permission = Permission.objects.get(codename="add_galleryphoto")
    group.permissions.add(permission)
    html = page(admin_user, reverse("admin:auth_group_delete", args=[group.pk]))
    assert escape(in_kazakh(lambda: permission_label(permission))) in html
    assert "Can add gallery photo" not in html


def test_background_task_permissions_are_named_in_the_desks_words(admin_user):
    html = page(admin_user, reverse("admin:auth_group_add"))
    assert "Tasks Database Backend" not in html
    assert "Task Result" not in html
    permission = Permission.objects.get(codename="view_dbtaskresult")
    label = in_kazakh(lambda: permission_label(permission))
    assert label == in_kazakh(
        lambda: f"{gettext('Background tasks')} | {gettext('task result')} | {gettext('may view')}"
    )
    assert escape(label) in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_add_change_and_delete_titles_start_with_a_capital(admin_user, make_article, language):
    piece = make_article()
    for url in (
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[piece.pk]),
        reverse("admin:articles_liveupdate_add"),
        reverse("admin:auth_group_add"),
    ):
        html = page(admin_user, url, language)
        h1 = re.search(r"<h1[^>]*>\s*(\w)", html)[1]
        title = re.search(r"<title>\s*(\w)", html)[1]
        assert h1.isupper(), (url, language)
        assert title.isupper(), (url, language)


def test_reversions_revert_title_reads_in_kazakh(editor, make_article):
    live_page = make_article(is_live_page=True, published_at=timezone.now() - timedelta(hours=1))
    update = live.live_update_post(article=live_page, user=editor, body="Кортеж прибыл.")
    version = Version.objects.get_for_object(update).first()
    html = page(editor, reverse("admin:articles_liveupdate_revision", args=[update.pk, version.pk]))
    with translation.override("ru"):
        russian = gettext("Revert %(name)s") % {"name": version.object_repr}
    with translation.override("kk"):
        kazakh = gettext("Revert %(name)s") % {"name": version.object_repr}
    assert kazakh != russian
    assert escape(russian) not in html


def test_the_kazakh_article_form_says_no_language_called_none(editor):
    """select2 has no Kazakh: the autocomplete boxes then carry no `lang`, never lang="None"."""
    page = (
        client_for(editor)
        .get(reverse("admin:articles_article_add"), HTTP_ACCEPT_LANGUAGE="kk")
        .content.decode()
    )
    assert 'data-theme="admin-autocomplete"' in page  # the autocomplete boxes are there
    assert 'lang="None"' not in page
