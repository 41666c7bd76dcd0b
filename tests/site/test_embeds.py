"""Readers get a click-to-load placeholder for each embed: nothing on the page makes their
browser ask a third party, frames are allowed only from the providers the page shows, and the
Kazakh Latin edition leaves addresses and ids alone."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TELEGRAM = "https://t.me/akorda_press/1234"
BODY = f"<p>Президент написал:</p><p>{TELEGRAM}</p><p>Видео:</p><p>{YOUTUBE}</p>"


class Requests(HTMLParser):
    """What a browser would fetch on its own while showing the page (src, srcset, poster,
    data of objects, <link> stylesheets and hints), and where its links go."""

    FETCHED = {"src", "srcset", "poster", "data", "background"}
    FETCHING_LINKS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch",
                      "modulepreload", "icon"}  # fmt: skip

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in self.FETCHED & attrs.keys():
            self.fetched += [part.split()[0] for part in attrs[name].split(",") if part.strip()]
        if tag == "link" and self.FETCHING_LINKS & set((attrs.get("rel") or "").split()):
            self.fetched.append(attrs["href"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def requests_of(page: str) -> Requests:
    parser = Requests()
    parser.feed(page)
    return parser


def third_party(url: str) -> bool:
    host = urlsplit(url).hostname
    return host is not None and host != "news.example.kz"


@pytest.fixture
def embedded(make_article):
    return make_article(body=BODY)


def test_each_embed_is_a_placeholder_naming_its_provider_with_the_link_to_the_post(
    client, embedded
):
    page = client.get(embedded.get_absolute_url()).text
    placeholders = re.findall(r'<figure class="embed embed--(\w+)".*?</figure>', page, re.S)
    assert placeholders == ["telegram", "youtube"]
    youtube = page[page.index('<figure class="embed embed--youtube"') :]
    youtube = youtube[: youtube.index("</figure>")]
    # In the page's language (Russian here): what it is, what loading means, Load, the link.
    kind = _("YouTube video")
    assert f'<figcaption class="embed__kind">{kind}</figcaption>' in youtube
    notice = _(
        "Loading shows content from %(provider)s, which may set cookies and learn "
        "that you read this page."
    ) % {"provider": "YouTube"}
    assert notice in youtube
    button = (
        f'<button class="embed__load" type="button" aria-label="'
        f'{pgettext("embed", "Load: %(kind)s") % {"kind": kind}}">{pgettext("embed", "Load")}'
        "</button>"
    )
    assert '<div class="embed__placeholder" hidden>' in youtube
    assert button in youtube
    link = _("Open on %(provider)s") % {"provider": "YouTube"}
    assert f'<a href="{YOUTUBE}" rel="noopener noreferrer">{link}</a>' in youtube
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in (
        youtube
    )
    assert "<iframe" not in page


def test_nothing_on_the_page_is_fetched_from_a_third_party_before_a_click(client, embedded):
    page = client.get(embedded.get_absolute_url()).text
    found = requests_of(page)
    assert found.fetched, "the parser found the page's own files"
    assert [url for url in found.fetched if third_party(url)] == []
    # The only links to the providers are the posts themselves (and the share buttons).
    providers = {"www.youtube.com", "youtube.com", "t.me"}
    to_providers = [url for url in found.links if urlsplit(url).hostname in providers]
    assert [url for url in to_providers if not url.startswith("https://t.me/share/")] == [
        TELEGRAM, YOUTUBE,
    ]  # fmt: skip


def test_a_page_with_embeds_loads_our_embed_script_and_a_page_without_does_not(
    client, embedded, make_article
):
    with_embeds = client.get(embedded.get_absolute_url())
    assert re.search(r'<script src="/static/newsroom/embeds[^"]*\.js" defer></script>',
                     with_embeds.text)  # fmt: skip
    assert "script-src 'self'" in with_embeds["Content-Security-Policy"]
    without = client.get(make_article().get_absolute_url())
    assert "embeds" not in without.text  # (its reading beacon is a script of ours too)


def frame_src(response) -> str:
    directives = response["Content-Security-Policy"].split(";")
    policy = dict(directive.strip().split(" ", 1) for directive in directives)
    return policy["frame-src"]


def test_a_page_with_a_youtube_embed_allows_frames_from_youtube_nocookie_and_nothing_else(
    client, make_article
):
    article = make_article(body=f"<p>{YOUTUBE}</p>")
    assert frame_src(client.get(article.get_absolute_url())) == "https://www.youtube-nocookie.com"


def test_frames_are_allowed_from_each_provider_on_the_page_only(client, embedded):
    assert frame_src(client.get(embedded.get_absolute_url())) == (
        "https://www.youtube-nocookie.com https://t.me"
    )


def test_a_page_without_embeds_allows_no_frames(client, make_article):
    assert frame_src(client.get(make_article().get_absolute_url())) == "'none'"
    assert frame_src(client.get("/ru/")) == "'none'"


def test_a_cached_page_keeps_its_frame_policy(client, embedded):
    first = client.get(embedded.get_absolute_url())
    second = client.get(embedded.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert frame_src(second) == frame_src(first)


def test_text_that_reads_like_an_embed_opens_no_frames(client, make_article):
    article = make_article(
        body='<p>&lt;figure class="embed" data-embed-provider="youtube"&gt;</p>'
        '<p title="&lt;figure class=&quot;embed&quot; data-embed-provider=&quot;x&quot;">a</p>'
    )
    assert frame_src(client.get(article.get_absolute_url())) == "'none'"


def test_the_latin_edition_keeps_addresses_and_ids_byte_for_byte(client, make_article):
    article = make_article(language="kk", headline="Ақорда хабарлады", body=BODY)
    cyrillic = client.get(article.url_in("kk")).text
    latin = client.get(article.url_in("kk-latn")).text

    def embed_parts(page):
        addresses = re.findall(r'(?:data-embed-[a-z]+|href)="(https://(?:t\.me|www\.youtu)[^"]*)"',
                               page)  # fmt: skip
        return [address for address in addresses if "/share/" not in address]

    assert embed_parts(latin) == embed_parts(cyrillic)
    assert len(embed_parts(latin)) == 4  # two players, two links
    assert "akorda_press/1234" in latin
    assert "dQw4w9WgXcQ" in latin
    assert "Президент" not in latin  # the body's Kazakh/Russian text is in Latin letters
