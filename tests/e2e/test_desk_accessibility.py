"""The desk in Chromium, checked with axe-core (WCAG 2.1 A/AA) as an editor, in Russian and
Kazakh: the front page, the article list, the article form (new and saved), the history."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles import services
from articles.models import Byline
from tests.e2e.conftest import PASSWORD, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(newsroom_groups, make_article, author, section, tag):
    editor = User.objects.create_user("olga", "olga@newsroom.example", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    article = make_article(section=section, tags=[tag], created_by=editor)
    Byline.objects.create(article=article, author=author, role=Byline.Role.AUTHOR)
    article.headline = "Центр открыт сегодня"
    services.article_save(article=article, user=editor)
    make_article(status="review", published_at=None, created_by=editor)
    # A version in another language: the form lists it, a link in a line of text.
    make_article(language="kk", story=article.story, headline="Орталық бүгін ашылды")
    return editor, article


@pytest.mark.parametrize("locale", ["ru-RU", "kk-KZ"])
def test_the_desk_has_no_serious_accessibility_violations(axe, live_server, new_page, desk, locale):
    _editor, article = desk
    screens = {
        "desk front page": reverse("admin:index"),
        "article list": reverse("admin:articles_article_changelist"),
        "new article": reverse("admin:articles_article_add"),
        "article": reverse("admin:articles_article_change", args=[article.pk]),
        "history": reverse("admin:articles_article_history", args=[article.pk]),
    }
    page = new_page(locale=locale, bypass_csp=True)  # axe is injected as an inline script
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    found = {}
    for name, url in screens.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == locale[:2]
        violations = axe(page)
        if violations:
            screenshot(page, f"desk-{name.replace(' ', '-')}-{locale}")
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
