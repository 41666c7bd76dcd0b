"""Every screen of the desk a Kazakh editor can reach reads in Kazakh (tests/desk/desk_walk.py)."""

import re
from datetime import timedelta

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Byline, Correction
from articles.models.partners import partner_key_issue
from tests.desk.desk_walk import read, summary, untranslated, walk
from tests.factories import article_form, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_desk(admin_user, editor, make_article, make_photo, author, section, tag):
    """A desk with one of everything: pieces with history, a deleted one, photos, keys,
    failed logins, so that every list, form and confirmation has something to show."""
    section.name_kk = "Экономика саласы"
    section.save()
    story_piece = make_article(
        headline="Центр открыт", hero_photo=make_photo(), section=section, tags=[tag],
        created_by=editor,
    )  # fmt: skip
    Byline.objects.create(article=story_piece, author=author, role=Byline.Role.AUTHOR)
    Correction.objects.create(article=story_piece, text="Уточнено название центра.")
    client = client_for(editor)
    for headline in ("Центр открыт сегодня", "Центр открыт в Астане"):
        story_piece.refresh_from_db()
        form = article_form(story_piece, headline=headline, section=str(section.pk))
        assert (
            client.post(
                reverse("admin:articles_article_change", args=[story_piece.pk]), form
            ).status_code
            == 302
        )
    gone = make_article(headline="Снятая новость", created_by=editor)
    with reversion.create_revision():
        gone.save()
    services.article_delete(articles=gone, user=editor)
    make_article(status="draft", published_at=None, headline="Черновик", created_by=editor)
    make_article(published_at=timezone.now() + timedelta(hours=3), headline="Завтрашняя")
    partner_key_issue(name="Казинформ", user=admin_user)
    attempt = {"user_agent": "Mozilla", "ip_address": "10.0.0.1", "username": "timur",
               "http_accept": "*/*", "path_info": "/admin/login/"}  # fmt: skip
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=3)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    return story_piece


def data_words() -> set[str]:
    """Words that are the desk's data, not its interface: logins, names, slugs, agents."""
    words = set()
    for model in [*admin.site._registry, Group, User]:
        for row in model.objects.values():
            for value in row.values():
                if isinstance(value, str):
                    words |= set(re.findall(r"[^\W\d_]+", value))
    return {word.lower() for word in words}


def compare_url(article):
    versions = list(reversion.models.Version.objects.get_for_object(article)[:2])
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?from={versions[1].pk}&to={versions[0].pk}"


def screens_of(article):
    """The busiest piece's screens first, so that the walk reads them rather than others."""
    return [
        reverse(f"admin:articles_article_{view}", args=[article.pk])
        for view in ("change", "delete", "history")
    ] + [compare_url(article)]


def test_superuser_sees_every_desk_screen_in_kazakh(admin_user, busy_desk):
    pages = walk(client_for(admin_user), extra=screens_of(busy_desk))
    names = " ".join(pages)
    for screen in ("/admin/axes/", "/password_change/", "/history/", "/delete/", "/recover/"):
        assert screen in names, screen  # the walk did reach them
    assert len(pages) > 40
    found = untranslated(pages, data_words())
    assert not found, summary(found)


def test_editor_sees_every_desk_screen_in_kazakh(editor, busy_desk):
    pages = walk(client_for(editor), extra=screens_of(busy_desk))
    assert "/admin/axes/" not in " ".join(pages)
    found = untranslated(pages, data_words())
    assert not found, summary(found)


def test_the_walk_would_notice_english_russian_and_object_reprs():
    same = "<p>Can add article</p><p>Связи article-tag</p><li>Article_tags object (3)</li>"
    kk, ru = same + "<p>Жаңа</p>", same + "<p>Новый</p>"
    en = "<p>Can add article</p><p>Article-tag relationships</p><li>x</li><p>New</p>"
    found = untranslated({"/admin/x/": {"kk": kk, "ru": ru, "en": en}}, set())
    assert found == [
        "/admin/x/: repr: Article_tags object (3)",
        "/admin/x/: English: Can add article",
        "/admin/x/: Russian: Связи article-tag",
    ]


def test_the_walk_reads_tooltips_and_skips_scripts_and_the_language_switcher():
    texts = read(
        '<a title="Добавить ещё" href="/admin/">+</a><script>var x = "English";</script>'
        '<form class="admin-language"><option>English</option></form><p>Тексты</p>'
    ).texts
    assert texts == ["Добавить ещё", "Тексты"]
