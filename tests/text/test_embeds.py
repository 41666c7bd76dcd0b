"""A link to a video or a post alone on its line becomes an embed; nothing else does, and no
posted markup can make the sanitizer write a provider, an id or an address of its choosing."""

import re
import time

import pytest

from articles.text import embeds
from articles.text.plain import plain_text
from articles.text.sanitize import sanitize_body

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "provider", "id", "canonical"),
    [
        (YOUTUBE, "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ",
         YOUTUBE),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?si=AbC-123_x", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/shorts/a1B2c3D4e5_", "youtube", "a1B2c3D4e5_",
         "https://www.youtube.com/watch?v=a1B2c3D4e5_"),
        ("https://www.youtube.com/live/Zx-9_Zx-9_Z?feature=shared", "youtube", "Zx-9_Zx-9_Z",
         "https://www.youtube.com/watch?v=Zx-9_Zx-9_Z"),
        ("https://t.me/akorda_press/1234", "telegram", "akorda_press/1234",
         "https://t.me/akorda_press/1234"),
        ("https://t.me/s/akorda_press/1234?single", "telegram", "akorda_press/1234",
         "https://t.me/akorda_press/1234"),
        ("https://telegram.me/durov/42/", "telegram", "durov/42", "https://t.me/durov/42"),
        ("https://x.com/TokayevKZ/status/1862000000000000000", "x", "1862000000000000000",
         "https://x.com/TokayevKZ/status/1862000000000000000"),
        ("https://twitter.com/jack/status/20?s=20", "x", "20", "https://x.com/jack/status/20"),
        ("https://mobile.twitter.com/jack/statuses/20/photo/1", "x", "20",
         "https://x.com/jack/status/20"),
        ("https://www.instagram.com/p/C1a2B3c4D5e/", "instagram", "C1a2B3c4D5e",
         "https://www.instagram.com/p/C1a2B3c4D5e/"),
        ("https://instagram.com/reel/C1a2B3c4D5e?igsh=abc", "instagram", "C1a2B3c4D5e",
         "https://www.instagram.com/reel/C1a2B3c4D5e/"),
        ("https://vk.com/video-12345_456239017", "vk", "-12345_456239017",
         "https://vk.com/video-12345_456239017"),
        ("https://vkvideo.ru/video-12345_456239017", "vk", "-12345_456239017",
         "https://vk.com/video-12345_456239017"),
        ("https://m.vk.com/video1_2", "vk", "1_2", "https://vk.com/video1_2"),
    ],
)  # fmt: skip
def test_each_providers_addresses_name_their_post(url, provider, id, canonical):
    embed = embeds.parse(url)
    assert (embed.provider, embed.id, embed.url) == (provider, id, canonical)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",  # not 11 characters
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&v=aaaaaaaaaaa",  # two videos
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22",  # an escaped quote
        "https://www.youtube.com/channel/UC123",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/shorts/../watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example\\@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.yоutube.com/watch?v=dQw4w9WgXcQ",  # a Cyrillic "о"
        "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ extra",
        'https://youtu.be/dQw4w9WgXcQ"onmouseover="x',
        "https://t.me/joinchat/12345",
        "https://t.me/c/1234567/89",  # a private channel
        "https://t.me/+AbCdEf",
        "https://t.me/durov",
        "https://t.me/durov/../../etc/passwd",
        "https://t.me/1durov/2",
        "https://x.com/jack",
        "https://x.com/jack/status/abc",
        "https://x.com/a_name_far_too_long_for_x/status/1",
        "https://instagram.com/nasa/",
        "https://www.instagram.com/p/../../x/",
        "https://www.instagram.com/stories/nasa/123/",
        "https://vk.com/wall-1_2",
        "https://vk.com/video-1_2_3",
        "https://vk.com/video_ext.php?oid=-1&id=2",
        "https://example.com/video-1_2",
    ],
)
def test_other_addresses_are_not_embeds(url):
    assert embeds.parse(url) is None


@pytest.mark.parametrize(
    "posted",
    [
        f"<p>{YOUTUBE}</p>",
        f"<p><a href='{YOUTUBE}'>{YOUTUBE}</a></p>",
        f'<p>&nbsp;<a href="{YOUTUBE}" target="_blank">{YOUTUBE}</a>&nbsp;<br></p>',
        f'<p lang="ru">  {YOUTUBE.replace("&", "&amp;")}\n</p>',
        f'<p><a href="{YOUTUBE}">{YOUTUBE.removeprefix("https://")}</a></p>',
        "<p>https://youtu.be/dQw4w9WgXcQ</p>",
    ],
)
def test_a_link_alone_on_its_line_becomes_an_embed_block(posted):
    assert sanitize_body(posted) == (
        f'<figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ">'
        f'<a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></figure>'
    )


@pytest.mark.parametrize(
    "posted",
    [
        f"<p>Watch {YOUTUBE} now.</p>",
        f'<p>Watch <a href="{YOUTUBE}">{YOUTUBE}</a></p>',
        f'<p><a href="{YOUTUBE}">the speech</a></p>',  # a link with words of its own
        f'<p><a href="https://youtu.be/aaaaaaaaaaa">{YOUTUBE}</a></p>',  # text and link differ
        f"<p><strong>{YOUTUBE}</strong></p>",
        f"<h2>{YOUTUBE}</h2>",
        f"<p>{YOUTUBE}<br>{YOUTUBE}</p>",
        "<p>https://example.com/video</p>",
    ],
)
def test_links_inside_a_sentence_or_with_words_stay_as_they_are(posted):
    assert "data-embed" not in sanitize_body(posted)


def test_every_provider_is_recognised_in_a_body_and_paragraphs_around_stay():
    body = sanitize_body(
        "<p>Президент написал:</p>"
        "<p>https://t.me/akorda_press/1234</p>"
        '<p><a href="https://x.com/jack/status/20">https://x.com/jack/status/20</a></p>'
        "<p>https://www.instagram.com/reel/C1a2B3c4D5e/</p>"
        "<p>https://vkvideo.ru/video-12345_456239017</p>"
        "<p>Конец.</p>"
    )
    assert re.findall(r'data-embed-provider="(\w+)"', body) == ["telegram", "x", "instagram", "vk"]
    assert body.startswith("<p>Президент написал:</p><figure")
    assert body.endswith("</figure><p>Конец.</p>")


def test_cleaning_twice_gives_the_same_body():
    body = sanitize_body(f"<p>{YOUTUBE}</p><p>https://t.me/durov/42</p><p>Текст</p>")
    assert sanitize_body(body) == body


# ---- hostile reporters -----------------------------------------------------------------

FORGED = [
    # A forged provider or id on a real link: derived again from the link.
    '<figure class="embed" data-embed-provider="youtube" data-embed-id="&quot;&gt;&lt;script&gt;">'
    f'<a href="{YOUTUBE}">{YOUTUBE}</a></figure>',
    '<figure class="embed" data-embed-provider="evil" data-embed-id="dQw4w9WgXcQ">'
    f'<a href="{YOUTUBE}">{YOUTUBE}</a></figure>',
    '<figure class="embed" data-embed-provider="telegram" data-embed-id="../../admin/1">'
    f'<a href="{YOUTUBE}">{YOUTUBE}</a></figure>',
    '<figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ" '
    f'data-embed-src="https://evil.example/"><a href="{YOUTUBE}">{YOUTUBE}</a></figure>',
]
HARMLESS = [
    # Blocks whose link is not an embed's: no block is made.
    '<figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ">'
    '<a href="https://evil.example/">https://evil.example/</a></figure>',
    '<figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ">'
    '<a href="javascript:alert(1)">javascript:alert(1)</a></figure>',
    '<figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ"></figure>',
    '<figure class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ">'
    '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe></figure>',
    '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>',
    '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&quot;onload=&quot;x">'
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&quot;onload=&quot;x</a></p>",
    '<p class="embed" data-embed-provider="youtube" data-embed-id="dQw4w9WgXcQ">text</p>',
    '<p>data-embed-provider="youtube" <figure class="embed"></p>',
    "<p>https://t.me/durov/42/../../../evil</p>",
    "<p>https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>alert(1)</script>x</p>",
    "<p>https://youtu.be/dQw4w9WgXcQ?a=javascript:alert(1)</p>",  # ( ) are not in addresses
]


@pytest.mark.parametrize("posted", FORGED)
def test_a_forged_block_is_derived_again_from_its_link(posted):
    assert sanitize_body(posted) == embeds.block(embeds.parse(YOUTUBE))


@pytest.mark.parametrize("posted", HARMLESS)
def test_no_block_is_made_from_what_is_not_an_embed_link(posted):
    cleaned = sanitize_body(posted)
    assert not re.search(r"<[^>]*(class=|data-embed)", cleaned)  # in markup (text may say it)
    assert "<iframe" not in cleaned
    assert "<script" not in cleaned
    assert sanitize_body(cleaned) == cleaned


def test_what_a_block_carries_is_only_letters_digits_and_the_providers_own_marks():
    """Whatever surrounds an address, only a provider's name and a pattern's id reach the
    block's attributes, and its link is rebuilt, not copied."""
    noisy = [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&x=%22%3E%3Cscript%3E",
        "https://youtu.be/dQw4w9WgXcQ?a=javascript:alert%281%29",
        "https://t.me/durov/42?embed=1&x=//evil.example",
        "https://x.com/jack/status/20?ref=../../",
        "https://vk.com/video-1_2?list=;alert%281%29#<script>",
    ]
    for url in noisy:
        block = sanitize_body(f"<p>{url.replace('&', '&amp;')}</p>")
        provider, id, href = re.fullmatch(
            r'<figure class="embed" data-embed-provider="([a-z]+)" data-embed-id="([^"]+)">'
            r'<a href="([^"]+)" rel="noopener noreferrer">\3</a></figure>',
            block,
        ).groups()
        assert provider in embeds.PROVIDERS
        assert re.fullmatch(r"[A-Za-z0-9_/-]+", id)
        assert re.fullmatch(r"https://[a-z.]+/[A-Za-z0-9_/?=.-]+", href)
        for word in ("evil", "alert", "script"):
            assert word not in block


def test_player_addresses_are_the_providers_own_frames():
    players = {
        YOUTUBE: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        "https://t.me/durov/42": "https://t.me/durov/42?embed=1",
        "https://x.com/jack/status/20": "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true",
        "https://www.instagram.com/reel/C1a2B3c4D5e/":
            "https://www.instagram.com/p/C1a2B3c4D5e/embed/",
        "https://vk.com/video-12345_67": "https://vk.com/video_ext.php?oid=-12345&id=67",
    }  # fmt: skip
    for url, player in players.items():
        assert embeds.parse(url).player_url == player


def test_stored_blocks_are_read_back_only_if_their_link_names_them():
    good = sanitize_body(f"<p>{YOUTUBE}</p>")
    read = embeds.replace_blocks(good, lambda e: f"[{e.provider}:{e.id}]")
    assert read == "[youtube:dQw4w9WgXcQ]"
    # Written around the sanitizer (raw SQL, an old row): the id does not match the link.
    tampered = good.replace('data-embed-id="dQw4w9WgXcQ"', 'data-embed-id="x&quot;y"')
    assert embeds.replace_blocks(tampered, lambda e: "EMBED") == tampered


def test_feeds_and_plain_text_see_the_link():
    body = sanitize_body(f"<p>{YOUTUBE}</p><p>Дальше.</p>")
    assert embeds.as_links(body) == (
        f'<p><a href="{YOUTUBE}" rel="noopener noreferrer">{YOUTUBE}</a></p><p>Дальше.</p>'
    )
    assert plain_text(body) == f"{YOUTUBE}\nДальше."


def test_frame_origins_come_from_embeds_in_the_page_only():
    page = sanitize_body(f"<p>{YOUTUBE}</p><p>https://vk.com/video1_2</p>").encode()
    assert embeds.frame_origins(page) == [
        "https://www.youtube-nocookie.com", "https://vk.com", "https://vkvideo.ru",
    ]  # fmt: skip
    text = sanitize_body('<p>&lt;figure class="embed" data-embed-provider="x"&gt;</p>')
    assert embeds.frame_origins(text.encode()) == []


def test_a_huge_paragraph_is_looked_at_once_not_again_for_every_character():
    """A hostile body (long runs of spaces, a link among them) costs one pass, not a pass per
    character: saving it takes no longer than cleaning it."""
    bodies = [
        "<p>" + " " * 200_000 + "x</p>",
        "<p>" + "&nbsp;" * 50_000 + '<a href="https://x.kz">' + " " * 100_000 + "</a>y</p>",
        "<p>" + "<br>" * 50_000 + "x</p>",
    ]
    for body in bodies:
        cleaned = sanitize_body(body)
        started = time.perf_counter()
        embeds.make_blocks(cleaned)
        assert time.perf_counter() - started < 0.05
