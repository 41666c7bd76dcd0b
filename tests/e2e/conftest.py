"""Playwright driving Debian's Chromium against pytest-django's live server.

Skipped, loudly, only when Chromium is absent on a developer's machine; in CI
(`CI` set) a missing browser is a failure, so the browser tests always run there.
"""

import os
from pathlib import Path

import pytest

from tests.factories import put_back_groups

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# The serious and critical WCAG 2.1 A/AA violations of the page, five elements of each named.
AXE_RUN = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    });
    return result.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""
PASSWORD = "correct-horse-battery-staple-42"
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root on CI machines
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM}. "
            "Install it with `apt-get install chromium` (or set NEWSROOM_CHROMIUM)."
        )
        if os.environ.get("CI"):
            pytest.fail(message.replace("SKIPPED", "CANNOT RUN"))
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # are still synchronous, so Django's async-safety guard is lifted for these tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser):
    """`new_page(locale=..., width=...)`: a fresh browser context (own cookies) and page."""
    contexts = []

    def make(locale: str = "ru-RU", width: int = 1280, height: int = 900, bypass_csp=False):
        context = browser.new_context(
            locale=locale, viewport={"width": width, "height": height}, bypass_csp=bypass_csp
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def media_served_by_the_site(settings, monkeypatch):
    """/media/ answered by the site's own media view, as `make serve` does.

    The live server otherwise answers /media/ itself (Django's test-only _MediaFilesHandler:
    Python's guessed type, none of the site's headers), which is not what readers or editors
    ever get.
    """
    from django.test import testcases

    settings.NEWSROOM_SERVE_MEDIA = True
    monkeypatch.setattr(testcases._MediaFilesHandler, "_should_handle", lambda self, path: False)


def log_in(page, live_server, username: str, next_url: str):
    """Log `username` (whose password is PASSWORD) in through the admin's login form."""
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


@pytest.fixture
def newsroom_groups():
    """The migrations' groups and their rights, which browser tests' flushes remove (tests/
    conftest.py's `groups_after_a_flush` puts them back before every database test)."""
    put_back_groups()


@pytest.fixture
def axe():
    """`axe(page)`: the serious and critical WCAG 2.1 A/AA violations axe-core finds on the page
    open now. axe is injected as an inline script: open the page with `bypass_csp=True`.

    Skipped, loudly, when axe-core is not installed; in CI (`CI` set) that is a failure.
    """
    if not AXE.exists():
        message = f"ACCESSIBILITY TEST SKIPPED: {AXE} missing; run `npm install` (make test does)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def violations(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        return page.evaluate(AXE_RUN)

    return violations
