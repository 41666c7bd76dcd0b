"""The reader's site in Chromium: layout on a phone and a desktop, and WCAG 2.1 AA (axe-core)."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Section
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def demo_site(settings, live_server):
    settings.NEWSROOM_SERVE_MEDIA = True
    call_command("load_demo", "--no-admin", verbosity=0)
    story = Article.objects.published().get(language="ru", headline__contains="Центральная Азия")
    return live_server.url, story


@pytest.mark.parametrize("width", [375, 1280])
def test_home_and_article_fit_the_screen_with_the_headline_and_hero_in_view(
    demo_site, new_page, width
):
    base, story = demo_site
    page = new_page(width=width, height=900)
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_violations.append(message.text)
        ),
    )
    for name, url in [("home", "/ru/"), ("article", story.get_absolute_url())]:
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls"
        if name == "article":
            headline = page.locator("h1.story__headline")
            hero = page.locator(".story__hero img")
        else:
            headline = page.locator(".home-lead .card__headline")
            hero = page.locator(".home-lead img")
        assert headline.is_visible()
        box = hero.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width
        assert box["width"] > width * 0.5
        assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", hero.element_handle())
    assert not csp_violations, csp_violations  # the strict policy breaks nothing readers use


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_have_no_serious_accessibility_violations(demo_site, new_page, width):
    if not AXE.exists():
        message = f"ACCESSIBILITY TEST SKIPPED: {AXE} missing; run `npm install` (make test does)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base, story = demo_site
    section = Section.objects.get(slug="economy")
    pages = {
        "home": "/ru/",
        "article": story.get_absolute_url(),
        "section": section.get_absolute_url(),
        "search": "/ru/search/?q=центр",
        "404": "/ru/news/no-such-piece/",
        "kazakh home": "/kk/",
        "english article": story.translations().get(language="en").get_absolute_url(),
    }
    page = new_page(width=width, bypass_csp=True)  # axe is injected as an inline script
    found = {}
    for name, url in pages.items():
        page.goto(base + url)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => {
                const result = await axe.run(document, {
                    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                });
                return result.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
            }"""
        )
        if violations:
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
