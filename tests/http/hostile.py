"""Hypothesis strategies for hostile requests, and the check every answer to one must pass.

Used by tests/http/test_hostile_requests.py and test_hostile_partner_requests.py.
"""

from __future__ import annotations

import string

from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.factories import Newsroom

READER_LANGUAGES = [code for code, _name in django_settings.LANGUAGES]


def hostile(max_examples: int):
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,  # write nothing into the project (no .hypothesis/ folder)
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


# ---- strategies ------------------------------------------------------------------------

# Any character a URL can carry once percent-decoded (no lone surrogates: not UTF-8).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# What a header can carry: HTTP/1.1 servers hand Django latin-1 text without CR, LF or NUL.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=200)
nasty_pieces = st.sampled_from(
    [
        "..",
        ".",
        "%",
        "%%",
        "%00",
        "%2e%2e",
        "%2F",
        "%5C",
        "%ZZ",
        "%c0%af",
        "%ff%fe",
        "%e2%80%ae",
        "~",
        "//",
        "\\",
        ";",
        ";jsessionid=1",
        "?",
        "#",
        "&",
        "=",
        " ",
        "+",
        "*",
        "'",
        '"',
        "<",
        "<script>",
        "${7*7}",
        "{{7*7}}",
        "\u202e",
        "\ufeff",
        "ǅ",
        "İ",
        "ß",
        "…",
        "қазақ",
        "日本",
        "index.php",
        ".env",
        "wp-admin",
        "feed",
        "rss",
        "atom",
        "news",
        "page",
        "0",
        "-1",
        "9" * 40,
    ]
)
long_segment = st.text(
    st.sampled_from(string.ascii_letters + "-_.%éқ"), min_size=200, max_size=3000
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=10000).map(lambda n: f"{n:05d}"),
    st.sampled_from(
        [
            "0",
            "00",
            "-0",
            "1",
            "01",
            "001",
            "12",
            "13",
            "28",
            "29",
            "30",
            "31",
            "32",
            "99",
            "1970",
            "2024",
            "2025",
            "2026",
            "9999",
            "10000",
            "0001",
            "0000",
            "1e3",
            "1.5",
            "0x10",
            " 1",
            "1 ",
            "+1",
            "١٢",
            "²",
            "½",
            "NaN",
            "inf",
            "last",
            "",
            "x",
        ]
    ),  # fmt: skip
    any_text,
)
prefixes = st.one_of(
    st.sampled_from([*READER_LANGUAGES, "", "RU", "Ru", "kk-LATN", "kk_latn", "kk-cyrl", "ru-RU",
                     "xx", "en-us", "zh-hans", "api", "static", "media", "admin", "..", "%2e%2e"]),
    st.text(st.sampled_from(string.ascii_letters + "-_"), max_size=12),
)  # fmt: skip


def path_strategy(newsroom: Newsroom):
    """Random paths, mostly under a language prefix, often starting like a real route."""
    slugs = [a.slug for a in [*newsroom.unpublished.values(), *newsroom.visible.values()]]
    routes = st.sampled_from(
        ["", "news/", "section/", "tag/", "author/", "archive/", "search/", "feed/rss/",
         "feed/atom/", "section/economy/", "tag/central-asia/", "section/economy/feed/rss/",
         "author/x/feed/atom/", "archive/2025/", "archive/2025/11/", "api/ninjs/",
         "sitemap-pages.xml", "robots.txt"]
        + [f"news/{slug}/" for slug in slugs]
    )  # fmt: skip
    segment = st.one_of(
        any_text, nasty_pieces, long_segment, st.sampled_from(slugs), numbers.filter(bool)
    )

    @st.composite
    def paths(draw):
        prefix = draw(prefixes)
        route = draw(routes)
        segments = draw(st.lists(segment, max_size=5))
        tail = "/" if draw(st.booleans()) else ""
        start = f"/{prefix}/" if prefix else "/"
        return start + route + "/".join(segments) + (tail if segments else "")

    return paths()


def public_pages(newsroom: Newsroom) -> list[str]:
    pages = ["/", "/robots.txt", "/sitemap.xml", "/sitemap-articles-ru.xml", "/news-sitemap.xml"]
    for language in READER_LANGUAGES:
        pages += [
            f"/{language}/",
            f"/{language}/section/{newsroom.section.slug}/",
            f"/{language}/tag/{newsroom.tag.slug}/",
            f"/{language}/author/{newsroom.author.slug}/",
            f"/{language}/search/?q=Quillwort",
            f"/{language}/feed/rss/",
            f"/{language}/section/{newsroom.section.slug}/feed/atom/",
            f"/{language}/archive/2025/",
        ]
    for article in [*newsroom.visible.values(), *newsroom.unpublished.values()]:
        pages.append(article.get_absolute_url())
    return pages


# ---- checks ----------------------------------------------------------------------------


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def assert_safe(response, newsroom: Newsroom, *sent: str) -> str:
    """Below 500, and nothing unpublished in the body unless the request carried it."""
    request = f"{response.request.get('REQUEST_METHOD')} {response.request.get('PATH_INFO')!r}"
    assert response.status_code < 500, f"{request} → {response.status_code}"
    body = body_of(response)
    sent_text = " ".join(sent)
    shown = [
        marker
        for marker in [*newsroom.secret_markers, *newsroom.secret_photo_paths]
        if marker in body and marker not in sent_text
    ]
    assert not shown, f"{request} → {response.status_code} shows {shown}"
    return body
