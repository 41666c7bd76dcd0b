"""Embeds in Chromium: nothing is asked of a third party until the reader presses Load, then
the provider's player comes in a frame the page's CSP allows; without JavaScript the
placeholder is a link to the post; and the placeholders pass axe."""

import json
from urllib.parse import urlsplit

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def load_name(kind: str) -> str:
    """A Load button's accessible name in the page's language (Russian, the tests' default)."""
    return pgettext("embed", "Load: %(kind)s") % {"kind": _(kind)}


YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TELEGRAM = "https://t.me/akorda_press/1234"
BODY = (
    "<p>Президент написал в своём канале:</p>"
    f'<p><a href="{TELEGRAM}">{TELEGRAM}</a></p>'  # as CKEditor pastes a link
    "<p>Запись трансляции:</p>"
    f"<p>{YOUTUBE}</p>"
    "<p>Конец сообщения.</p>"
)


@pytest.fixture
def embedded(live_server, make_article):
    article = make_article(headline="Саммит: прямые включения", body=BODY)
    return live_server.url + article.get_absolute_url()


def third_party(url: str, live_server) -> bool:
    return urlsplit(url).hostname != urlsplit(live_server.url).hostname


def test_nothing_third_party_loads_before_the_click_then_the_youtube_player_does(
    live_server, new_page, embedded
):
    page = new_page()
    requested, csp_violations = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and csp_violations.append(message.text)
        ),
    )
    # The network here reaches no provider: answer for them, so the player's frame loads.
    page.context.route(
        lambda url: third_party(url, live_server),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>player</p>"),
    )
    page.goto(embedded)
    page.wait_for_load_state("networkidle")
    load = page.get_by_role("button", name=load_name("YouTube video"))
    load.wait_for()
    assert page.get_by_role("button", name=load_name("Telegram post")).is_visible()
    assert page.locator("iframe").count() == 0
    assert [url for url in requested if third_party(url, live_server)] == []

    load.click()
    frame = page.locator("figure.embed--youtube iframe")
    frame.wait_for()
    src = frame.get_attribute("src")
    assert src == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert frame.get_attribute("title") == _("YouTube video")
    assert "allow-scripts" in frame.get_attribute("sandbox")
    assert "allow-top-navigation" not in frame.get_attribute("sandbox")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('figure.embed--youtube iframe')")
    for _attempt in range(50):
        if any(urlsplit(url).hostname == "www.youtube-nocookie.com" for url in requested):
            break
        page.wait_for_timeout(100)
    hosts = {urlsplit(url).hostname for url in requested if third_party(url, live_server)}
    assert hosts == {"www.youtube-nocookie.com"}  # the Telegram post was not asked for
    assert (
        page.get_by_role(
            "link", name=_("Open on %(provider)s") % {"provider": "YouTube"}
        ).get_attribute("href")
        == YOUTUBE
    )
    assert page.get_by_role("button", name=load_name("Telegram post")).is_visible()
    assert not csp_violations, csp_violations


def test_without_javascript_the_placeholder_is_a_link_to_the_post(browser, embedded):
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(embedded)
        assert page.get_by_role("button").filter(has_text=pgettext("embed", "Load")).count() == 0
        link = page.get_by_role("link", name=_("Open on %(provider)s") % {"provider": "Telegram"})
        assert link.is_visible()
        assert link.get_attribute("href") == TELEGRAM
        assert page.locator(".embed--youtube .embed__kind").inner_text() == _("YouTube video")
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_page_with_embeds_has_no_serious_accessibility_violations(axe, new_page, embedded, width):
    page = new_page(width=width, bypass_csp=True)  # axe is injected as an inline script
    page.route("**/*", lambda route: route.continue_())
    page.goto(embedded)
    page.get_by_role("button", name=load_name("YouTube video")).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    violations = axe(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
