"""The "Most read" block in Chromium: the real beacon script counts readers, the home page's
order follows, and the block passes axe."""

import time

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REFRESH = 1  # seconds between rankings, short for the test


@pytest.fixture
def reader_browser(browser):
    """`reader(n)`: a page in a browser of its own, as reader number `n` (its User-Agent)."""
    contexts = []

    def make(number: int):
        agent = f"Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36 Reader/{number}"
        context = browser.new_context(locale="ru-RU", user_agent=agent)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def read(page, base: str, piece) -> None:
    """Open `piece`'s page and wait for its beacon's answer."""
    with page.expect_response(lambda response: "/read/" in response.url) as answer:
        page.goto(base + piece.get_absolute_url())
    assert answer.value.status == 204
    assert answer.value.request.method == "POST"


def test_the_home_pages_most_read_order_follows_what_browsers_read(
    live_server, settings, make_article, reader_browser, new_page, axe
):
    settings.NEWSROOM_MOST_READ_REFRESH = REFRESH
    less = make_article(headline="Прочитали один раз")
    more = make_article(headline="Прочитали дважды")
    most = make_article(headline="Прочитали трижды")
    base = live_server.url
    readers = [reader_browser(number) for number in range(3)]
    for piece, how_many in ((less, 1), (more, 2), (most, 3)):
        for page in readers[:how_many]:
            read(page, base, piece)
            read(page, base, piece)  # the same reader again within the hour: not counted
    assert all(page.context.cookies() == [] for page in readers)  # no cookie, ever

    time.sleep(REFRESH + 0.2)  # the interval is over: the next beacon ranks again
    read(reader_browser(3), base, less)

    home = new_page(bypass_csp=True)  # axe is injected as an inline script
    home.goto(base + "/ru/")
    block = home.locator(".most-read")
    assert block.get_attribute("aria-labelledby") == "most-read-title"  # named by its heading
    assert home.locator("#most-read-title").is_visible()
    assert block.locator("li a").all_inner_texts() == [
        "Прочитали трижды",
        "Прочитали дважды",
        "Прочитали один раз",
    ]
    assert axe(home) == []
