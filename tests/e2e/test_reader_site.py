"""The reader's site in Chromium: layout on a phone and a desktop, and WCAG 2.1 AA (axe-core)."""

import json

import pytest
from django.core.management import call_command

from articles.models import Article, Section
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(settings, live_server):
    settings.NEWSROOM_SERVE_MEDIA = True
    call_command("load_demo", "--no-admin", verbosity=0)
    story = Article.objects.published().get(
        language="ru", headline__contains="Центральная Азия", is_live_page=False
    )
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
def test_pages_have_no_serious_accessibility_violations(axe, demo_site, new_page, width):
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
        violations = axe(page)
        if violations:
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
