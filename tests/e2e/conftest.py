"""Playwright driving Debian's Chromium against pytest-django's live server.

Skipped, loudly, only when Chromium is absent on a developer's machine; in CI
(`CI` set) a missing browser is a failure, so the browser tests always run there.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
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
