"""The benchmark lives in bench/, installed by bench.settings only: the product has no trace of
it. Its code names none of the bench's machinery, and production serves no floor view, honours
no bench header and has no bench command."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from bench.middleware import MISS_HEADER

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["articles", "newsroom"]
# Names only the bench has (a comment quoting a `make bench` figure is fine).
BENCH_ONLY = ["__bench__", "NEWSROOM_BENCH", "bench_views", "BENCH_MISS", "X-Bench",
              "articles.bench", "articles/bench", "from bench", "import bench", "bench.settings",
              "bench.urls", "BenchConfig", "BenchPageCache"]  # fmt: skip


def product_files():
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".txt", ".xml", ".js", ".vcl"}:
                yield path


def test_no_product_module_names_the_bench_or_its_machinery():
    files = list(product_files())
    assert len(files) > 50  # the walk found the product
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(name in line for name in BENCH_ONLY)
    ]
    assert found == []
    assert not (ROOT / "articles" / "bench").exists()


def test_production_settings_install_no_bench():
    assert not any(app.split(".")[0] == "bench" for app in settings.INSTALLED_APPS)
    assert not any(name.startswith("bench.") for name in settings.MIDDLEWARE)
    assert settings.ROOT_URLCONF == "newsroom.urls"
    assert not hasattr(settings, "NEWSROOM_BENCH_FLOOR")
    assert {"bench", "fill_archive", "loadtest"}.isdisjoint(get_commands())


@pytest.mark.django_db
def test_production_serves_no_floor_and_ignores_the_bench_miss_header(client, make_article):
    assert client.get("/__bench__/floor/100/").status_code == 404

    url = make_article(headline="Новость").get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url, headers={MISS_HEADER: "1"})["X-Page-Cache"] == "hit"
