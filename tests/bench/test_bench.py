"""`make bench`'s probe (what it reads inside an archive before wrk loads the pages), and
what the bench app adds to the product: the floor view and the page rendered as on a miss.

The rest of the bench (gunicorn, wrk, minutes of load) is run by `make bench`, not here.
"""

import json

import pytest
from django.core.management import call_command

from articles.models import Tag
from bench import UNCACHED
from bench.middleware import MISS_HEADER

pytestmark = pytest.mark.django_db


def test_the_probe_names_a_page_of_each_kind_that_answers_and_logs_the_bench_editor_in(
    bench_app, client, make_article, make_photo, section, tmp_path
):
    tag = Tag.objects.create(slug="industry", name_ru="Промышленность")
    for number in range(3):
        make_article(headline=f"Шымкент: новость {number}", lead="Шымкент сегодня.",
                     section=section, hero_photo=make_photo(), tags=[tag])  # fmt: skip
    probe_file = tmp_path / "probe.json"
    call_command("bench", "--probe", str(probe_file))
    probe = json.loads(probe_file.read_text())

    assert set(probe["urls"]) == set(UNCACHED) - {"floor"}  # the floor is sized later
    client.cookies[probe["cookie_name"]] = probe["session"]  # as wrk sends it to the admin
    for kind, url in probe["urls"].items():
        response = client.get(url)
        assert response.status_code == 200, f"{kind}: {url} answered {response.status_code}"
    assert ": новость 2" in client.get(probe["urls"]["search"]).content.decode()  # it finds
    assert probe["matches"] == 3
    assert probe["published_ru"] == 3
    assert probe["db_bytes"] > 0
    assert len(probe["plans"]) == 5
    assert all(plan.strip() for plan in probe["plans"].values())  # an EXPLAIN for each query


def test_the_floor_answers_the_bytes_asked_for_and_is_never_cached(bench_app, client):
    response = client.get("/__bench__/floor/2048/")

    assert response.status_code == 200
    assert response.content == b"x" * 2048
    assert "X-Page-Cache" not in response  # like the admin: the page cache lets it through
    assert len(client.get("/__bench__/floor/5000000/").content) == 1_000_000


def test_a_page_asked_for_as_a_miss_is_rendered_again_while_the_cache_stays_warm(
    bench_app, client, make_article
):
    bench_app.NEWSROOM_PAGE_CACHE = True
    url = make_article(headline="Новость").get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    again = client.get(url, headers={MISS_HEADER: "1"})

    assert again.status_code == 200
    assert again["X-Page-Cache"] == "miss"  # rendered, whatever the cache held
    assert "Новость" in again.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"  # and stored, as a miss stores it


def test_fill_live_makes_a_live_page_whose_poll_answers_304_from_the_cache(
    bench_app, client, make_article, make_photo, author, tmp_path
):
    for number in range(2):
        make_article(headline=f"Саммит {number}", hero_photo=make_photo())
    out = tmp_path / "live.json"
    call_command("fill_live", "--updates", "40", "--out", str(out))
    urls = json.loads(out.read_text())
    live = client.get(urls["live"])
    assert live.status_code == 200
    assert live.content.decode().count('data-update="') == 20  # a page of updates
    assert client.get(urls["article"]).status_code == 200
    first = client.get(urls["poll"])
    assert first.status_code == 200
    assert client.get(urls["poll"], HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
