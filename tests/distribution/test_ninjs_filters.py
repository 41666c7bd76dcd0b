"""The partner feed's filters (language, section, since) and its cursor pages."""

import base64
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, Section
from tests.distribution.conftest import LIST, headlines, items

pytestmark = pytest.mark.django_db


# Filters and pages -------------------------------------------------------------------------


def test_language_filter(api, make_article):
    make_article(language="ru", headline="По-русски")
    make_article(language="kk", headline="Қазақша")
    make_article(language="en", headline="In English")
    assert headlines(api, language="kk") == ["Қазақша"]
    assert sorted(headlines(api)) == sorted(["По-русски", "Қазақша", "In English"])


def test_section_filter(api, make_article, section):
    politics = Section.objects.create(slug="politics", name_ru="Политика")
    make_article(headline="Про экономику", section=section)
    make_article(headline="Про политику", section=politics)
    assert headlines(api, section="economy") == ["Про экономику"]


def test_since_filter_returns_new_and_corrected_pieces(api, make_article):
    now = timezone.now()
    untouched = make_article(headline="Старая", published_at=now - timedelta(days=3))
    corrected = make_article(headline="Исправленная", published_at=now - timedelta(days=3))
    make_article(headline="Свежая", published_at=now - timedelta(hours=1))
    Article.objects.filter(pk=untouched.pk).update(updated_at=untouched.published_at)
    Article.objects.filter(pk=corrected.pk).update(updated_at=now - timedelta(minutes=10))
    since = (now - timedelta(hours=2)).isoformat()
    assert headlines(api, since=since) == ["Свежая", "Исправленная"]
    for item in items(api, since=since):
        assert datetime.fromisoformat(item["versionCreated"]) >= now - timedelta(hours=2)


def test_since_survives_an_unencoded_plus_in_the_offset(api, make_article):
    make_article(headline="Свежая")
    moment = timezone.localtime() - timedelta(days=1)
    response = api.get(f"{LIST}?since={moment.replace(microsecond=0).isoformat()}")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


def test_cursor_pages_walk_every_item_exactly_once(api, make_article):
    now = timezone.now()
    same_moment = now - timedelta(hours=2)
    for hours in (1, 3, 4, 5):
        make_article(published_at=now - timedelta(hours=hours))
    for _ in range(3):  # ties on published_at are broken by id
        make_article(published_at=same_moment)
    make_article(language="en", published_at=now - timedelta(minutes=5))
    expected = list(
        Article.objects.published()
        .in_language("ru")
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )

    seen, url, pages = [], f"{LIST}?language=ru&limit=3", 0
    while url:
        page = api.get(url).json()
        seen += [int(item["uri"].rsplit(":", 1)[1]) for item in page["items"]]
        url, pages = page["next"], pages + 1
        if url:
            assert url.startswith("https://news.example.kz/api/ninjs/?")
            assert "language=ru" in url
    assert seen == expected
    assert len(set(seen)) == 7
    assert pages == 3


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("cursor", "!!!not-base64!!!"),
        ("cursor", cursor("garbage")),
        ("cursor", cursor("2025-11-16T10:00:00+00:00|x")),
        ("cursor", cursor("2025-11-16T10:00:00|5")),
        ("cursor", cursor("2025-11-16T10:00:00+00:00|99999999999999999999999")),
        ("cursor", cursor("0001-01-01T00:00:00+05:00|1")),
        ("cursor", base64.urlsafe_b64encode(b"\xff\xfe|1").decode()),
        ("limit", "0"),
        ("limit", "101"),
        ("limit", "ten"),
        ("limit", "-1"),
        ("since", "yesterday"),
        ("since", "2025-11-16T14:30:00"),
        ("since", "2025-13-01T00:00:00Z"),
        ("language", "de"),
        ("language", "kk-Latn"),
        ("section", "no-such-section"),
    ],
)
def test_bad_parameters_get_400_json(api, make_article, name, value):
    make_article()
    response = api.get(LIST, {name: value})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_parameter"
    assert name in response.json()["error"]["message"]


def test_query_count_does_not_grow_with_the_number_of_items(
    api, make_article, make_photo, author, section, tag, django_assert_max_num_queries
):
    def publish(count: int) -> None:
        for _ in range(count):
            article = make_article(section=section, tags=[tag], hero_photo=make_photo())
            Byline.objects.create(article=article, author=author)

    publish(3)
    assert len(items(api, limit=100)) == 3  # also records the key's last use
    with CaptureQueriesContext(connection) as three:
        assert len(items(api, limit=100)) == 3
    publish(27)
    with django_assert_max_num_queries(len(three)):
        assert len(items(api, limit=100)) == 30
