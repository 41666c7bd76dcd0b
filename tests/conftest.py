"""Small factories and fixtures shared by the suite."""

import io
import itertools
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation
from PIL import Image

from articles.models import Article, Author, Byline, Photo, Section, Tag

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
    """Without Redis the cache is a folder of files: one per test run, so that two runs at
    once (SQLite and PostgreSQL, say) do not clear each other's."""
    default = settings.CACHES["default"]
    if not default["BACKEND"].endswith("FileCache"):
        yield
        return
    folder = tmp_path_factory.mktemp("cache")
    with override_settings(CACHES={"default": {**default, "LOCATION": str(folder)}}):
        yield


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


# The site's configured address (NEWSROOM_SITE_URL): every absolute URL is on it, whatever
# Host a request names (the test client's is "testserver").
SITE_URL = "https://news.example.kz"


@pytest.fixture(autouse=True)
def site_url_configured(settings):  # after fresh_cache (autouse runs by name)
    settings.NEWSROOM_SITE_URL = SITE_URL
    return SITE_URL


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


SCRIPT = b"<script>document.title = 'pwned'</script>"


def polyglot_gif(script: bytes = SCRIPT) -> bytes:
    """An animated GIF (three frames) with an HTML script appended: what Pillow calls a GIF,
    and what a browser told it is text/html runs as a page."""
    frames = [Image.new("RGB", (48, 32), color) for color in ((200, 30, 30), (30, 200, 30))]
    frames.append(Image.new("RGB", (48, 32), (30, 30, 200)))
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue() + b"\n" + script


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


def article_form(article: Article | None = None, **overrides) -> dict:
    """The POST an editor's browser sends from the article form (add, or change `article`)."""
    data = {
        "language": "ru",
        "headline": "Открыт центр «Центральная Азия»",
        "lead": "Президенты двух стран запустили центр промышленной кооперации.",
        "body": "<p>— Это шанс для бизнеса, — сказал эксперт.</p>",
        "dateline": "Астана",
        "source": "Телеканал «Jibek Joly»",
        "earlier": "",
        "hero_photo": "",
        "hero_caption": "",
        "status": "published",
        "workflow_comment": "",
        "published_at_0": "",
        "published_at_1": "",
        "section": "",
        "slug": "",
        "story": "",
        "seo_title": "",
        "seo_description": "",
        "loaded_token": "",
    }
    if article is not None:
        local = timezone.localtime(article.published_at) if article.published_at else None
        data.update(
            {
                "language": article.language,
                "headline": article.headline,
                "lead": article.lead,
                "body": article.body,
                "status": article.status,
                "slug": article.slug,
                "story": str(article.story_id),
                "published_at_0": local.strftime("%Y-%m-%d") if local else "",
                "published_at_1": local.strftime("%H:%M:%S") if local else "",
                "loaded_token": str(article.edit_token),
            }
        )
    for prefix in ("bylines", "corrections"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


def member_of(group: str, username: str):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@newsroom.example", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def reporter(db):
    return member_of("Reporters", "aigerim")


@pytest.fixture
def other_reporter(db):
    return member_of("Reporters", "timur")


@pytest.fixture
def editor(db):
    return member_of("Editors", "olga")


def client_for(user):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def reporter_client(reporter):
    return client_for(reporter)


@pytest.fixture
def desk_client(editor):
    """An editor of the Editors group (not a superuser), browsing the admin in English."""
    return client_for(editor)
