"""Fixtures shared by the suite; what they build comes from tests/factories.py."""

import itertools
import os
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone, translation

from articles.models import Article, Author, Byline, Photo, Section, Tag
from tests.factories import (
    SITE_URL,
    Newsroom,
    build_newsroom,
    client_for,
    image_upload,
    member_of,
    put_back_groups,
)

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads of a test go to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def russian_by_default():
    """Each test starts in the site's default language, whatever the last request chose."""
    with translation.override("ru"):
        yield


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory):
    """Each test run has a cache of its own, so that two runs at once (SQLite and PostgreSQL,
    or the workers of `pytest -n 2`, each clearing the cache around every test) never clear
    each other's: without Redis a folder of files per run; with Redis a database per worker
    (`REDIS_URL`'s number plus the worker's), also for the servers tests start."""
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("FileCache"):
        folder = tmp_path_factory.mktemp("cache")
        with override_settings(CACHES={"default": {**default, "LOCATION": str(folder)}}):
            yield
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    url = os.environ.get("REDIS_URL", "")
    base = re.fullmatch(r"(rediss?://[^/]+)/(\d+)", url)
    if worker == "gw0":
        yield
        return
    if not base:  # the workers would share one database, each clearing the others' cache
        pytest.exit(f"pytest -n with Redis: REDIS_URL must end in a database number: {url!r}")
    own = f"{base[1]}/{int(base[2]) + int(worker.removeprefix('gw'))}"
    _redis_answers(own)
    os.environ["REDIS_URL"] = own
    try:
        with override_settings(CACHES={"default": {**default, "LOCATION": own}}):
            yield
    finally:
        os.environ["REDIS_URL"] = url


def _redis_answers(url: str) -> None:
    """A worker's Redis database must exist: the cache answers without Redis when it cannot
    reach it (newsroom/redis_cache.py), and the worker's tests would pass with no cache at
    all (REDIS_URL=.../15 under -n 2 gives gw1 database 16, out of range by default)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.exit(f"pytest -n with Redis: this worker's database {url} fails: {error}")


@pytest.fixture(autouse=True)
def groups_after_a_flush(request):
    """A transactional test (browser tests, threads, processes) ends with a flush, which removes
    what the data migrations wrote: the Editors and Reporters groups and their rights. Run alone,
    pytest-django orders those tests last; under `pytest -n` a worker's next file may follow one,
    so every database test finds the groups there, put back when a flush took them."""
    uses_db = {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None and not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Editors").exists():
        put_back_groups()


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_page_warming(settings):
    """Pages are rendered ahead of readers only where a test asks for it
    (tests/cache/test_page_warming.py): elsewhere a background render would race the test's own
    requests and its uncommitted transaction."""
    settings.NEWSROOM_WARM_PAGES = False


@pytest.fixture(autouse=True)
def site_url_configured(settings):  # after fresh_cache (autouse runs by name)
    settings.NEWSROOM_SITE_URL = SITE_URL
    return SITE_URL


@pytest.fixture
def make_photo(db):
    def make(**fields) -> Photo:
        defaults = {
            "caption_ru": "Финансист Расул Рысмамбетов",
            "credit_ru": "Фото: facebook.com/rassul.rysmambetov",
            "alt_text_ru": "Мужчина в костюме говорит в студии",
        }
        photo = Photo(**{**defaults, **fields})
        photo.image.save("portrait.jpg", image_upload(), save=False)
        photo.save()
        return photo

    return make


@pytest.fixture
def make_article(db):
    """`make_article(status="draft", published_at=...)`: a live Russian piece by default."""

    def make(**fields) -> Article:
        number = next(_counter)
        defaults = {
            "language": "ru",
            "headline": f"Новость номер {number}",
            "lead": "Короткий лид о том, что произошло сегодня.",
            "body": "<p>Текст новости.</p>",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(hours=1),
        }
        tags = fields.pop("tags", [])
        article = Article.objects.create(**{**defaults, **fields})
        article.tags.set(tags)  # saves purge the pages they touch (articles/cache/invalidation.py)
        return article

    return make


@pytest.fixture
def author(db) -> Author:
    return Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")


@pytest.fixture
def section(db) -> Section:
    return Section.objects.create(slug="economy", name_ru="Экономика", name_en="Economy")


@pytest.fixture
def tag(db) -> Tag:
    return Tag.objects.create(slug="central-asia", name_ru="Центральная Азия")


@pytest.fixture
def central_asia_story(make_article, make_photo, author, section, tag) -> Article:
    """The reference piece, in miniature: every part of its shape is filled in."""
    earlier = make_article(
        headline="Токаев и Мирзиёев дали старт совместным проектам",
        published_at=timezone.now() - timedelta(days=1),
    )
    article = make_article(
        headline="Центр «Центральная Азия»: что он даст казахстанцам",
        lead="Президенты Казахстана и Узбекистана запустили центр промышленной кооперации.",
        body=(
            "<p>Экономист Расул Рысмамбетов выступил в эфире телеканала «Jibek Joly».</p>"
            "<p>— Главное — вместе привлекать инвестиции, — считает Рысмамбетов.</p>"
        ),
        dateline="Астана",
        source="Телеканал «Jibek Joly»; передаёт корреспондент агентства",
        hero_photo=make_photo(),
        section=section,
        earlier=earlier,
        tags=[tag],
        published_at=timezone.make_aware(timezone.datetime(2025, 11, 16, 14, 30)),
    )
    Byline.objects.create(article=article, author=author, role=Byline.Role.AUTHOR)
    return article


@pytest.fixture
def editor_client(client, admin_user):
    """A logged-in superuser whose browser asks for the admin in English."""
    client.force_login(admin_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def reporter(db):
    return member_of("Reporters", "aigerim")


@pytest.fixture
def other_reporter(db):
    return member_of("Reporters", "timur")


@pytest.fixture
def editor(db):
    return member_of("Editors", "olga")


@pytest.fixture
def reporter_client(reporter):
    return client_for(reporter)


@pytest.fixture
def desk_client(editor):
    """An editor of the Editors group (not a superuser), browsing the admin in English."""
    return client_for(editor)


@pytest.fixture
def newsroom(section, tag, author) -> Newsroom:
    """A piece of every kind, published or not, per content language (`build_newsroom`)."""
    return build_newsroom(section=section, tag=tag, author=author)
