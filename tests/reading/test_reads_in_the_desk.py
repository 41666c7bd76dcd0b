"""Editors see each piece's reads of the last 24 hours in the article list, at no cost per row."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reading.conftest import beacon

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def reads_column(html: str) -> dict[str, str]:
    """Headline: its "Reads (24 h)" cell, for each row of the list."""
    rows = re.findall(r'<th class="field-headline"><a href="[^"]*">([^<]+)</a></th>'
                      r'.*?<td class="field-reads">([^<]*)</td>', html, re.S)  # fmt: skip
    return dict(rows)


def test_the_article_list_shows_each_pieces_reads_of_the_last_24_hours(editor_client, make_article):
    read_twice, read_once = make_article(headline="Дважды"), make_article(headline="Однажды")
    make_article(headline="Никем")
    beacon(read_twice, address="203.0.113.1")
    beacon(read_twice, address="203.0.113.2")
    beacon(read_once)
    html = editor_client.get(CHANGELIST).text
    assert "Reads (24 h)" in html
    assert reads_column(html) == {"Дважды": "2", "Однажды": "1", "Никем": "0"}


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CHANGELIST).status_code == 200
    return len(captured)


def test_the_reads_column_costs_one_query_for_the_whole_page(editor_client, make_article):
    for number in range(2):
        beacon(make_article(), address=f"203.0.113.{number}")
    few = changelist_queries(editor_client)
    for number in range(8):
        beacon(make_article(), address=f"198.51.100.{number}")
    many = changelist_queries(editor_client)
    # The list's own 12, and one for every row's reads (none when they are in Redis).
    expected = 12 if hasattr(cache, "run") else 13
    assert (few, many) == (expected, expected)


def test_with_redis_the_column_reads_redis_once_and_the_database_not_at_all(
    redis_counts, editor_client, make_article
):
    piece = make_article(headline="Из Redis")
    beacon(piece, address="203.0.113.1")
    beacon(piece, address="203.0.113.2")
    assert reads_column(editor_client.get(CHANGELIST).text) == {"Из Redis": "2"}
    for _ in range(5):
        make_article()
    with CaptureQueriesContext(connection) as captured:
        editor_client.get(CHANGELIST)
    assert not any("read_count" in query["sql"].lower() for query in captured)
    assert changelist_queries(editor_client) == 12  # the list's own, and none for the reads
