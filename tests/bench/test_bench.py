"""`make bench`'s probe: what it reads inside an archive before wrk loads the pages.

The rest of the bench (gunicorn, wrk, minutes of load) is run by `make bench`, not here.
"""

import json

import pytest
from django.core.management import call_command

from articles.bench import UNCACHED
from articles.models import Tag

pytestmark = pytest.mark.django_db


def test_the_probe_names_a_page_of_each_kind_that_answers_and_logs_the_bench_editor_in(
    client, make_article, make_photo, section, tmp_path
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
