"""What the tests build: images and photo files with EXIF and IPTC in them, the article form's
POST, desk users and their browsers, the POST a browser makes from a page, a newsroom with
unpublished pieces, a private redis-server.

Plain functions and classes, imported by the tests (`from tests.factories import ...`); the
fixtures of tests/conftest.py build on them.
"""

from __future__ import annotations

import io
import signal
import socket
import struct
import subprocess
import time
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils import timezone
from PIL import Image

from articles import services
from articles.models import Article, Author, Byline, Photo, Section, SlugRedirect, Tag
from articles.models.partners import partner_key_issue

# The site's configured address (NEWSROOM_SITE_URL): every absolute URL is on it, whatever
# Host a request names (the test client's is "testserver").
SITE_URL = "https://news.example.kz"


# ---- images ------------------------------------------------------------------------------------


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(30, 90, 160)) -> bytes:
    """A one-colour picture, encoded as `fmt` (a Pillow format name)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name: str = "photo.jpg", fmt: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    """`image_bytes` as a browser uploads them, with the content type of `fmt`."""
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


# ---- photo files with embedded metadata --------------------------------------------------------

RED = (220, 20, 20)
# EXIF tags, by the names `exif_with` takes.
ARTIST = 0x013B
COPYRIGHT = 0x8298
IMAGE_DESCRIPTION = 0x010E
ORIENTATION = 0x0112
GPS_IFD = 0x8825


def encode(image: Image.Image, fmt: str = "JPEG", **params) -> io.BytesIO:
    """`image` saved as `fmt` (Pillow's save options in `params`), a file read from its start."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    buffer.seek(0)
    return buffer


def jpeg(size=(64, 48), color=RED, **params) -> io.BytesIO:
    """A one-colour JPEG file (`exif=` and Pillow's other save options in `params`)."""
    return encode(Image.new("RGB", size, color), "JPEG", **params)


def exif_with(**tags) -> Image.Exif:
    """EXIF with text written as UTF-8 bytes: Pillow would write a str as ASCII, "?" for "Ф"."""
    exif = Image.Exif()
    for tag, value in tags.items():
        exif[globals()[tag]] = value.encode() if isinstance(value, str) else value
    return exif


def iim(dataset: int, value: str | bytes) -> bytes:
    """One IPTC-IIM record of the application record (2), for `with_iptc`."""
    data = value.encode() if isinstance(value, str) else value
    return bytes([0x1C, 2, dataset]) + struct.pack(">H", len(data)) + data


def with_iptc(jpeg_bytes: bytes, *records: bytes) -> io.BytesIO:
    """The JPEG with an APP13 "Photoshop 3.0" segment holding an 8BIM 0x0404 (IPTC) resource,
    inserted right after SOI."""
    iptc = b"".join(records)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    resource += iptc + (b"\x00" if len(iptc) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg_bytes[:2] == b"\xff\xd8"
    return io.BytesIO(jpeg_bytes[:2] + segment + jpeg_bytes[2:])


# ---- the desk: the article form, its users and their browsers ----------------------------------


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
    for prefix in ("bylines", "gallery", "corrections"):
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
    """A staff user of `group` ("Reporters", "Editors"), whose password is "x"."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@newsroom.example", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def client_for(user):
    """A test client logged in as `user`, whose browser asks for the admin in English."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# What a browser posts from a page's form: every field as the page shows it.


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data = QueryDict(mutable=True)
        self.textarea = self.select = None
        self.text: list[str] = []
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or attrs.get("disabled") is not None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.appendlist(name, attrs.get("value") or "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.data.appendlist(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select, self.options = (name, "multiple" in attrs), []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value") or "", "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            text = "".join(self.text)
            self.data.appendlist(self.textarea, text[1:] if text.startswith("\n") else text)
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]  # a browser posts the first option
            for value in chosen:
                self.data.appendlist(name, value)
            self.select = None


def posted_from(html: str, form_id: str = "article_form") -> QueryDict:
    """The POST a browser sends from the form `form_id` of the page `html`, unchanged."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.data


# ---- a newsroom with unpublished pieces ---------------------------------------------------------

CONTENT_LANGUAGES = [code for code, _name in settings.NEWSROOM_CONTENT_LANGUAGES]
UNPUBLISHED_KINDS = ("draft", "review", "withdrawn", "scheduled")
COMMON_WORD = "Quillwort"  # in every piece, published or not: a search that finds many
SECRET_PHOTO_MARKER = "SECRETHEROPHOTO"

NATIVE = {
    "ru": ("Новость о мосте через Ишим", "Короткий лид о том, что произошло.", "Текст новости."),
    "kk": ("Есіл өзені арқылы көпір туралы жаңалық", "Не болғаны туралы қысқа лид.", "Мәтін."),
    "en": ("News of a bridge over the Ishim", "A short lead on what happened.", "The text."),
}


def visible_marker(language: str) -> str:
    return f"VISIBLEPIECE{language}"


def secret_marker(kind: str, language: str) -> str:
    return f"SECRET{kind.upper()}{language}"


@dataclass
class Newsroom:
    """What `build_newsroom` made, and the markers a page must (not) show."""

    visible: dict[str, Article]  # content language → the published piece
    unpublished: dict[str, Article]  # marker → the piece
    section: Section
    tag: Tag
    author: Author
    shared_photo: Photo
    secret_photo: Photo
    partner_key: str
    secret_markers: list[str] = field(default_factory=list)
    visible_markers: list[str] = field(default_factory=list)

    @property
    def secret_photo_paths(self) -> list[str]:
        """Every address of the unpublished-only photo (original and all renditions)."""
        photo = self.secret_photo
        names = [photo.image.name] + [
            r["name"] for r in [*photo.renditions, *photo.card_renditions]
        ]
        return [default_storage.url(name) for name in names]

    @property
    def shared_photo_paths(self) -> list[str]:
        return [default_storage.url(r["name"]) for r in self.shared_photo.renditions]


def _newsroom_photo(marker: str, filename: str) -> Photo:
    """A photo with renditions made the way the admin makes them."""
    photo = Photo(
        caption_ru=f"Подпись {marker}",
        credit_ru=f"Фото: {marker}",
        alt_text_ru=f"Описание {marker}",
    )
    photo.image.save(filename, image_upload(filename, size=(80, 60)), save=False)
    return services.photo_save(photo=photo)


def _newsroom_piece(language: str, marker: str, **fields) -> Article:
    headline, lead, body = NATIVE[language]
    article = Article.objects.create(
        language=language,
        headline=f"{marker} {headline}",
        lead=f"{marker} {lead} {COMMON_WORD}.",
        body=f"<p>{marker} {body}</p><p>{COMMON_WORD} {marker}.</p>",
        dateline=f"Астана {marker}",
        source=f"Агентство {marker}",
        seo_description=f"{marker} {lead}",
        **fields,
    )
    return article


def build_newsroom(*, section: Section, tag: Tag, author: Author) -> Newsroom:
    """A small newsroom (needs the `db` fixture), for tests that nothing unpublished leaks.

    Each content language has one piece of every kind: the published one readers may see, a
    draft, one in review, a withdrawn one and one scheduled for later. Each carries a marker
    word of its own in headline, lead, body (and caption, dateline, source, SEO fields), and
    the unpublished ones share everything they can with the visible piece: section, tag,
    author, hero photo and, as translations, its story. One more unpublished piece has a hero
    photo nobody else uses.
    """
    now = timezone.now()
    shared_photo = _newsroom_photo("SHAREDPHOTO", "shared.jpg")
    secret_photo = _newsroom_photo(SECRET_PHOTO_MARKER, "secret-hero.jpg")
    visible, unpublished = {}, {}

    for index, language in enumerate(CONTENT_LANGUAGES):
        piece = _newsroom_piece(
            language,
            visible_marker(language),
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=1 + index),
            section=section,
            hero_photo=shared_photo,
            is_featured=True,
            is_breaking=True,
        )
        piece.tags.set([tag])
        Byline.objects.create(article=piece, author=author)
        visible[language] = piece
        # A published piece renamed after publication keeps its old address as a 301.
        SlugRedirect.objects.create(article=piece, language=language, slug=f"old-{piece.slug}")

    # Unpublished pieces join the visible pieces' stories as translations while a story has
    # no version in their language yet; the rest are stories of their own.
    free_slots = {language: set(CONTENT_LANGUAGES) - {language} for language in visible}
    hours = {"draft": 3, "review": 5, "withdrawn": 30, "scheduled": -2}
    for index, language in enumerate(CONTENT_LANGUAGES):
        for kind in UNPUBLISHED_KINDS:
            story = None
            for owner, languages in free_slots.items():
                if language in languages:
                    languages.discard(language)
                    story = visible[owner].story
                    break
            status = Article.Status.PUBLISHED if kind == "scheduled" else kind
            when = now - timedelta(hours=hours[kind], days=3 * index)
            if kind == "scheduled":
                when = now + timedelta(hours=2, days=index)
            if kind == "draft" and language == "en":
                when = None  # a draft that was never given a time
            marker = secret_marker(kind, language)
            piece = _newsroom_piece(
                language,
                marker,
                status=status,
                published_at=when,
                section=section,
                hero_photo=shared_photo,
                hero_caption=f"Подпись {marker}",
                story=story,
                is_featured=True,
                is_breaking=True,
            )
            piece.tags.set([tag])
            Byline.objects.create(article=piece, author=author)
            unpublished[marker] = piece
    withdrawn = unpublished[secret_marker("withdrawn", "ru")]
    SlugRedirect.objects.create(article=withdrawn, language="ru", slug=f"old-{withdrawn.slug}")

    # A piece in review with a photo, section, tag and author of its own.
    lonely_section = Section.objects.create(slug="lonely-section", name_ru="Пустая рубрика")
    lonely_tag = Tag.objects.create(slug="lonely-tag", name_ru="Пустая метка")
    lonely_author = Author.objects.create(name="Айдос Секретов", name_latin="Aidos Sekretov")
    hero_piece = _newsroom_piece(
        "ru",
        SECRET_PHOTO_MARKER,
        status=Article.Status.REVIEW,
        published_at=now - timedelta(days=10),
        section=lonely_section,
        hero_photo=secret_photo,
    )
    hero_piece.tags.set([lonely_tag])
    Byline.objects.create(article=hero_piece, author=lonely_author)
    unpublished[SECRET_PHOTO_MARKER] = hero_piece

    _key, raw_key = partner_key_issue(name="Leak check partner")
    return Newsroom(
        visible=visible,
        unpublished=unpublished,
        section=section,
        tag=tag,
        author=author,
        shared_photo=shared_photo,
        secret_photo=secret_photo,
        partner_key=raw_key,
        secret_markers=list(unpublished),
        visible_markers=[visible_marker(language) for language in visible],
    )


# ---- a redis-server of a test's own ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own on a free port (never the shared one on 6379), that
    the test starts, kills (SIGKILL), pauses (SIGSTOP) and resumes."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


# The data migrations that make the groups and grant them each model's permissions.
GROUP_MIGRATIONS = [
    ("0003_newsroom_groups", "create_groups"),
    ("0015_reporter_rights", "forwards"),
    ("0023_live_pages", "grant"),
    ("0024_galleries", "grant"),
    ("0025_wire_intake", "grant"),
    ("0026_partner_deliveries", "editors_see_deliveries"),
]


def put_back_groups() -> None:
    """Run the migrations that make the groups and their rights again, in their order (each
    later one adds its models' rights): a flush (a transactional test's end) removes them."""
    import importlib

    from django.apps import apps

    for name, function in GROUP_MIGRATIONS:
        getattr(importlib.import_module(f"articles.migrations.{name}"), function)(apps, None)
