"""Hostile and absurd requests get an ordinary answer: never a 5xx, never an unpublished piece.

Property tests (hypothesis) against the newsroom `build_newsroom` makes (a visible piece and a
draft, one in review, a withdrawn and a scheduled piece per language, each with a marker
word): random paths under every language prefix, random query strings, archive dates,
headers and methods. Whatever arrives, the answer is below 500 and carries no marker of an
unpublished piece (unless the request itself carried it: a page may repeat the reader's own
input). The partner API's keys and parameters: test_hostile_partner_requests.py; oversized
bodies: test_oversized_bodies.py.

pytest-django's database is per test function, so each test builds the newsroom first and
then runs its `@given` function, defined inside the test, against it.
"""

from __future__ import annotations

import string

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.http import parse_cookie
from hypothesis import example, given
from hypothesis import strategies as st

from tests.http.hostile import (
    READER_LANGUAGES,
    any_text,
    assert_safe,
    header_text,
    hostile,
    long_segment,
    nasty_pieces,
    numbers,
    path_strategy,
    public_pages,
)

pytestmark = pytest.mark.django_db

METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")
ON_POSTGRESQL = connection.vendor == "postgresql"
# Printable ASCII on the wire; Django's cookie parser turns the octal escape into NUL.
NUL_SESSION_COOKIE = 'sessionid="\\000aaaaaaaaa"'


def has_nul_session_key(cookie: str) -> bool:
    return "\x00" in parse_cookie(cookie).get(django_settings.SESSION_COOKIE_NAME, "")


# ---- property tests --------------------------------------------------------------------


def test_random_paths_under_every_language_prefix(client, newsroom):
    @hostile(600)
    @given(path=path_strategy(newsroom))
    @example(path="/ru/news/" + "a" * 5000 + "/")
    @example(path="/kk-latn/%00/")
    @example(path="/ru/../../etc/passwd")
    @example(path="/ru/section/%2e%2e/%2e%2e/")
    @example(path="/%ff%fe/")
    def check(path):
        response = client.get(path)
        assert_safe(response, newsroom, path)

    check()


def test_random_query_strings(client, newsroom):
    pages = st.sampled_from(
        ["", "section/economy/", "tag/central-asia/", f"author/{newsroom.author.slug}/",
         "archive/2025/", "search/", "feed/rss/", "section/economy/feed/atom/"]
    )  # fmt: skip
    words = st.one_of(any_text, nasty_pieces, numbers, st.sampled_from(newsroom.secret_markers))
    params = st.dictionaries(
        st.sampled_from(["page", "q", "year", "month", "day", "language", "utm_source", "q[]"]),
        st.one_of(words, st.lists(words, max_size=3), long_segment),
        max_size=4,
    )
    raw = st.text(st.sampled_from("=&;%+?#" + string.ascii_letters + string.digits), max_size=60)

    @hostile(400)
    @given(language=st.sampled_from(READER_LANGUAGES), page=pages, query=params, extra=raw)
    @example(language="ru", page="search/", query={"q": "x" * 100_000}, extra="")
    @example(language="kk", page="", query={"page": "9" * 400}, extra="")
    @example(language="en", page="search/", query={"q": "\x00", "page": "\x00"}, extra="")
    @example(language="ru", page="", query={}, extra="&".join(f"a{n}=1" for n in range(1500)))
    def check(language, page, query, extra):
        path = f"/{language}/{page}" + (f"?{extra}" if extra else "")
        response = client.get(path, query)
        sent = " ".join(str(value) for value in query.values())
        assert_safe(response, newsroom, sent, extra)
        if page == "search/" and response.status_code == 200 and response.context:
            assert not [a for a in response.context["results"] if not a.is_live]

    check()


def test_archive_dates_of_any_shape(client, newsroom):
    @hostile(400)
    @given(
        language=st.sampled_from(READER_LANGUAGES),
        parts=st.lists(numbers, min_size=1, max_size=4),
    )
    @example(language="ru", parts=["1", "1", "1"])
    @example(language="ru", parts=["0001", "01", "01"])
    @example(language="kk", parts=["9999", "12", "31"])
    @example(language="kk", parts=["9999", "12", "30"])
    @example(language="en", parts=["9999", "12"])
    @example(language="en", parts=["9999"])
    @example(language="ru", parts=["1"])
    @example(language="ru", parts=["1", "1"])
    @example(language="ru", parts=["2025", "02", "29"])
    @example(language="ru", parts=["2024", "02", "29"])
    @example(language="kk-latn", parts=["-1", "-1", "-1"])
    @example(language="ru", parts=["9" * 30, "1", "1"])
    def check(language, parts):
        path = f"/{language}/archive/" + "/".join(parts) + "/"
        response = client.get(path)
        assert_safe(response, newsroom, path)

    check()


@pytest.mark.parametrize("language", READER_LANGUAGES)
def test_last_day_of_the_calendar_in_the_archive_is_a_404(client, language):
    """Found by the property above: date + 1 day overflowed in Django's DayArchiveView."""
    response = client.get(f"/{language}/archive/9999/12/31/")
    assert response.status_code == 404


def test_random_headers_on_public_pages(client, newsroom):
    pages = public_pages(newsroom)
    etag = client.get(f"/ru/section/{newsroom.section.slug}/").get("ETag", '"x"')
    http_dates = st.sampled_from(
        ["Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Sun, 06 Nov 1994 "
         "08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
         "Mon, 32 Jan 2024 99:99:99 GMT", "-1", "0", "9" * 40, ""]
    )  # fmt: skip
    headers = st.fixed_dictionaries(
        {},
        optional={
            "accept-language": st.one_of(
                header_text,
                st.sampled_from(
                    [
                        "kk",
                        "kk-Latn",
                        "kk-latn;q=1",
                        "ru;q=abc",
                        "*",
                        "en;q=-1",
                        "ru;q=1e999",
                        "xx-YY-ZZ",
                        ",,,;;;",
                        "ru," * 400,
                        "kk;q=0.5, en;q=0.9, *;q=0.1",
                    ]
                ),
            ),  # fmt: skip
            "if-none-match": st.one_of(
                header_text, st.sampled_from(["*", etag, f"W/{etag}", f"{etag}, *", '"', ""])
            ),
            "if-modified-since": st.one_of(header_text, http_dates),
            "range": st.one_of(
                header_text,
                st.sampled_from(["bytes=0-0", "bytes=-1", "bytes=9-1", "bytes=0-", "lines=1-2"]),
            ),
            "host": st.sampled_from(
                ["testserver", "testserver:80", "TESTSERVER", "testserver:8000"]
            ),
            "user-agent": header_text,
            "x-forwarded-proto": st.sampled_from(["https", "http", "ftp", ""]),
            "cookie": st.one_of(
                header_text,
                st.sampled_from(
                    [
                        'sessionid="\\377\\376aaaaaaaa"',
                        "sessionid=" + "a" * 5000,
                        "csrftoken=\\000",
                        "django_language=kk-latn",
                        "django_language=xx",
                        'django_language="\\000"',
                        "sessionid=;;;=;",
                        NUL_SESSION_COOKIE,
                    ]
                ),
            ),  # fmt: skip
        },
    )

    @hostile(400)
    @given(page=st.sampled_from(pages), sent=headers, method=st.sampled_from(["GET", "HEAD"]))
    @example(page="/ru/", sent={"if-none-match": "*"}, method="GET")
    @example(page="/", sent={"accept-language": "kk-Latn,kk;q=0.9"}, method="GET")
    def check(page, sent, method):
        response = client.generic(method, page, headers=sent)
        assert_safe(response, newsroom, page)
        if response.status_code == 304:
            assert "if-none-match" in sent or "if-modified-since" in sent

    check()


def test_any_method_on_public_pages(stranger, newsroom):
    pages = public_pages(newsroom) + ["/api/ninjs/", f"/api/ninjs/{newsroom.visible['ru'].pk}/"]
    bodies = st.one_of(st.binary(max_size=2000), any_text.map(str.encode))
    content_types = st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
         "multipart/form-data", "application/json", "text/plain", "", "x/x; charset=nope"]
    )  # fmt: skip

    @hostile(400)
    @given(
        method=st.sampled_from(METHODS),
        page=st.sampled_from(pages),
        body=bodies,
        content_type=content_types,
    )
    def check(method, page, body, content_type):
        response = stranger.generic(method, page, body, content_type=content_type)
        assert_safe(response, newsroom, page)
        if method not in ("GET", "HEAD", "OPTIONS"):
            assert response.status_code in {301, 302, 400, 401, 403, 404, 405}, (
                method,
                page,
                response.status_code,
            )

    check()


# ---- NUL characters on PostgreSQL ------------------------------------------------------

NUL_ON_POSTGRESQL = (
    "PostgreSQL text cannot hold NUL: psycopg raises DataError (a 500) when a request's %s "
    "reaches a query unchecked; SQLite answers normally"
)


@pytest.mark.parametrize("path", ["/ru/", "/kk-latn/search/?q=x", "/admin/login/"])
def test_nul_in_the_session_cookie_is_not_a_server_error(client, newsroom, path):
    """`Cookie: sessionid="\\000aaaaaaaaa"`: SessionMiddleware looks the key up in the DB.

    Every public page asks `request.user.is_authenticated` (the page cache does), so on
    PostgreSQL one such header turns any page into a 500.
    """
    assert has_nul_session_key(NUL_SESSION_COOKIE)
    response = client.get(path, headers={"cookie": NUL_SESSION_COOKIE})
    assert_safe(response, newsroom, path)
    assert response.status_code in {200, 302}


def test_nul_in_the_api_section_parameter_is_a_400(client, newsroom):
    """`GET /api/ninjs/?section=economy%00`: `Section.objects.filter(slug=...)` in _filtered."""
    headers = {"authorization": f"Bearer {newsroom.partner_key}"}
    response = client.get("/api/ninjs/", {"section": "economy\x00"}, headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"
