"""The desk in Chromium, checked with axe-core (WCAG 2.1 A/AA) as an editor, in Russian and
Kazakh: the front page, the article list, the article form (new and saved), the history."""

import json
import os

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles import services
from articles.models import Byline
from tests.e2e.conftest import screenshot
from tests.e2e.test_reader_site import AXE
from tests.e2e.test_review_workflow import newsroom_groups  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-staple-42"
AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    });
    return result.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""


@pytest.fixture
def desk(newsroom_groups, make_article, author, section, tag):  # noqa: F811
    editor = User.objects.create_user("olga", "olga@newsroom.example", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    article = make_article(section=section, tags=[tag], created_by=editor)
    Byline.objects.create(article=article, author=author, role=Byline.Role.AUTHOR)
    article.headline = "Центр открыт сегодня"
    services.article_save(article=article, user=editor)
    make_article(status="review", published_at=None, created_by=editor)
    return editor, article


@pytest.mark.parametrize("locale", ["ru-RU", "kk-KZ"])
def test_the_desk_has_no_serious_accessibility_violations(live_server, new_page, desk, locale):
    if not AXE.exists():
        message = f"ACCESSIBILITY TEST SKIPPED: {AXE} missing; run `npm install` (make test does)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
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
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN)
        if violations:
            screenshot(page, f"desk-{name.replace(' ', '-')}-{locale}")
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
