"""A staff member's upload can never run as a page on the site's origin.

Finding 1 of issue 15: a reporter uploaded `x.html`, an animated GIF with a <script> appended,
through the editor's image upload; it was stored byte for byte under its own name and served
as text/html from the site's origin, where an admin who opened it ran the script. Now every
stored upload is Pillow's re-encoding, named by the detected format, and media are served
with an image type (or as a download), `nosniff` and a sandboxing policy.
"""

import io
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from articles.models import Author, Photo
from tests.factories import SCRIPT, image_bytes, polyglot_gif

pytestmark = pytest.mark.django_db

MEDIA_POLICY = "default-src 'none'; sandbox"
HOSTILE_NAMES = [
    "x.html",
    "x.svg",
    ".htaccess",
    "x.gif.html",
    "x.html.gif",
    "../../x.html",
    "..\\..\\x.html",
    "x.php\x00.gif",
    "x.HTML",
    "x",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_served(settings):
    settings.NEWSROOM_SERVE_MEDIA = True


def polyglot(name: str = "x.html", content_type: str = "text/html") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, polyglot_gif(), content_type=content_type)


def assert_harmless(stored: Path, sent: bytes, *, image_format: str = "GIF", frames: int = 3):
    """The stored file is pixels in an image format named by its extension, nothing else."""
    data = stored.read_bytes()
    assert stored.suffix == {"GIF": ".gif", "JPEG": ".jpg", "PNG": ".png"}[image_format]
    assert data != sent
    assert b"<script" not in data.lower()
    with Image.open(stored) as image:
        assert image.format == image_format
        assert getattr(image, "n_frames", 1) == frames


def assert_served_as_image(client, url: str, content_type: str = "image/gif"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_POLICY
    return response


def test_reporter_uploads_a_script_as_an_image_and_gets_only_pixels_stored(
    reporter_client, media_in_tmp
):
    sent = polyglot_gif()
    response = reporter_client.post(
        reverse("ckeditor_upload"),
        {"upload": SimpleUploadedFile("x.html", sent, content_type="text/html")},
    )

    data = json.loads(response.content)
    assert data["uploaded"] == 1, data
    assert data["url"].endswith("/x.gif")
    [stored] = [p for p in media_in_tmp.rglob("*") if p.is_file() and "_thumb" not in p.name]
    assert stored.name == "x.gif"
    assert_harmless(stored, sent)  # an animation stays one, frame by frame
    [thumbnail] = media_in_tmp.rglob("x_thumb.*")
    assert_harmless(thumbnail, sent, frames=1)
    assert_served_as_image(reporter_client, data["url"])


def test_the_editor_dialog_upload_stores_the_same_way(reporter_client, media_in_tmp):
    response = reporter_client.post(
        reverse("ckeditor_upload") + "?CKEditorFuncNum=7", {"upload": polyglot()}
    )

    assert response.text.startswith("<script>window.parent.CKEDITOR.tools.callFunction(7, ")
    assert '/x.gif");</script>' in response.text
    assert [p.name for p in media_in_tmp.rglob("*.*")] != []
    assert not [p for p in media_in_tmp.rglob("*") if p.is_file() and p.suffix != ".gif"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_no_client_file_name_chooses_the_stored_extension(reporter_client, media_in_tmp, name):
    response = reporter_client.post(
        reverse("ckeditor_upload"),
        {"upload": SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/svg+xml")},
    )

    assert json.loads(response.content)["uploaded"] == 1
    stored = [p for p in media_in_tmp.rglob("*") if p.is_file()]
    assert len(stored) == 2  # the image and its thumbnail
    for path in stored:
        assert path.suffix == ".png", path
        assert path.resolve().is_relative_to((media_in_tmp / "uploads").resolve())
        assert ".." not in path.name
        assert "\x00" not in path.name


def test_a_photo_uploaded_to_the_library_is_stored_as_pixels(reporter_client, media_in_tmp):
    sent = polyglot_gif()
    response = reporter_client.post(
        reverse("admin:articles_photo_add"),
        {
            # Django's form allows any extension Pillow knows, PDF included.
            "image": SimpleUploadedFile("x.pdf", sent, content_type="application/pdf"),
            "caption_ru": "Площадь",
            "credit_ru": "Фото: агентство",
            "alt_text_ru": "Площадь в Астане",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    photo = Photo.objects.get()
    assert photo.image.name.endswith("/x.gif")
    assert_harmless(media_in_tmp / photo.image.name, sent)
    assert_served_as_image(reporter_client, photo.image.url)
    for rendition in photo.renditions:
        content_type = {"webp": "image/webp", "jpeg": "image/jpeg"}[rendition["format"]]
        assert_served_as_image(reporter_client, f"/media/{rendition['name']}", content_type)


def test_an_author_portrait_is_stored_as_pixels(desk_client, media_in_tmp):
    sent = polyglot_gif()
    response = desk_client.post(
        reverse("admin:articles_author_add"),
        {
            "name": "Данира Искакова",
            "name_latin": "Danira Iskakova",
            "slug": "",
            "title_ru": "",
            "bio_ru": "",
            "portrait": SimpleUploadedFile("x.pdf", sent, content_type="application/pdf"),
            "user": "",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    author = Author.objects.get()
    assert author.portrait.name == "authors/x.gif"
    assert_harmless(media_in_tmp / author.portrait.name, sent)
    assert_served_as_image(desk_client, author.portrait.url)


def test_code_that_stores_a_file_directly_gets_it_re_encoded_too(media_in_tmp):
    photo = Photo(credit_ru="x", alt_text_ru="y")
    photo.image.save("shell.html", SimpleUploadedFile("shell.html", polyglot_gif()), save=False)

    assert photo.image.name.endswith("/shell.gif")
    assert_harmless(media_in_tmp / photo.image.name, polyglot_gif())
    assert (photo.width, photo.height) == (48, 32)


def test_an_original_keeps_no_camera_gps(media_in_tmp):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 14.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(buffer, format="JPEG", exif=exif)
    photo = Photo(credit_ru="x", alt_text_ru="y")
    photo.image.save("gps.jpg", SimpleUploadedFile("gps.jpg", buffer.getvalue()), save=False)

    with Image.open(media_in_tmp / photo.image.name) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert b"Exif" not in (media_in_tmp / photo.image.name).read_bytes()


def test_an_animation_too_big_in_all_its_frames_is_refused_with_a_reason(
    reporter_client, settings, media_in_tmp
):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 3000  # one 48 × 32 frame passes, three do not
    response = reporter_client.post(reverse("ckeditor_upload"), {"upload": polyglot()})

    message = json.loads(response.content)["error"]["message"]
    # Frames are counted as they are read, so the message names their size, not their number.
    assert "frames of 48 × 32 pixels add up to more than" in message
    assert not [p for p in media_in_tmp.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("uploads/2024/01/01/old.html", SCRIPT),
        ("uploads/2024/01/01/logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'>" + SCRIPT),
        ("backups/site.tar.gz", b"\x1f\x8b" + SCRIPT),
        ("uploads/notes.txt", SCRIPT),
        ("uploads/no-extension", SCRIPT),
    ],
)
def test_a_file_on_disk_that_is_not_an_image_is_only_ever_a_download(
    client, media_in_tmp, name, data
):
    path = media_in_tmp / name
    path.parent.mkdir(parents=True)
    path.write_bytes(data)

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == MEDIA_POLICY
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    "number", ["²", "1);alert(1);//", "99999999999999999999", "١", "1\n", "-1", "0x1", " 1"]
)
def test_a_malformed_editor_callback_number_is_refused_and_never_echoed(
    reporter_client, media_in_tmp, number
):
    query = urlencode({"CKEditorFuncNum": number})
    for url in (reverse("ckeditor_upload"), reverse("ckeditor_browse")):
        response = reporter_client.post(f"{url}?{query}", {"upload": polyglot()})

        assert response.status_code == 400, url
        assert response["Content-Type"] == "application/json"
        message = "This upload came from an editor window we do not recognise. Reload the page."
        assert json.loads(response.content) == {"uploaded": 0, "error": {"message": message}}
    assert not [p for p in media_in_tmp.rglob("*") if p.is_file()]


def test_an_editor_fixes_a_caption_without_choosing_a_new_file(desk_client, make_photo):
    photo = make_photo()
    name, renditions = photo.image.name, photo.renditions

    response = desk_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        {
            "caption_ru": "Финансист Расул Рысмамбетов в студии",
            "credit_ru": "Фото: агентство",
            "alt_text_ru": "Мужчина в костюме",
            "focal_x": "0.3",
            "focal_y": "0.6",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    photo.refresh_from_db()
    assert photo.caption_ru == "Финансист Расул Рысмамбетов в студии"
    assert (photo.credit_ru, photo.alt_text_ru) == ("Фото: агентство", "Мужчина в костюме")
    assert (photo.focal_x, photo.focal_y) == (0.3, 0.6)
    assert photo.image.name == name  # the same file...
    assert photo.renditions != renditions or photo.card_renditions  # ...and crops made anew


def test_an_editor_fixes_an_authors_title_without_a_new_portrait(desk_client, media_in_tmp):
    author = Author(name="Данира Искакова", name_latin="Danira Iskakova")
    author.portrait.save("danira.jpg", SimpleUploadedFile("d.jpg", image_bytes()), save=False)
    author.save()

    response = desk_client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {
            "name": author.name,
            "name_latin": author.name_latin,
            "slug": author.slug,
            "title_ru": "Корреспондент в Астане",
            "bio_ru": "",
            "user": "",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    author.refresh_from_db()
    assert author.title_ru == "Корреспондент в Астане"
    assert author.portrait.name == "authors/danira.jpg"


def two_pictures(image_format: str) -> bytes:
    pictures = [Image.new("RGB", (40, 30), color) for color in ((200, 30, 30), (30, 30, 200))]
    buffer = io.BytesIO()
    pictures[0].save(buffer, image_format, save_all=True, append_images=pictures[1:])
    return buffer.getvalue() + SCRIPT


@pytest.mark.parametrize(
    ("image_format", "stored_format", "frames"),
    [("WEBP", "WEBP", 2), ("PNG", "PNG", 2), ("MPO", "JPEG", 1)],
    ids=["animated-webp", "animated-png", "phone-jpeg-with-a-depth-map"],
)
def test_other_many_picture_files_are_re_encoded_too(
    reporter_client, media_in_tmp, image_format, stored_format, frames
):
    sent = two_pictures(image_format)
    response = reporter_client.post(
        reverse("ckeditor_upload"), {"upload": SimpleUploadedFile("x.html", sent)}
    )

    assert json.loads(response.content)["uploaded"] == 1
    [stored] = [p for p in media_in_tmp.rglob("x.*") if p.is_file()]
    extension = {"WEBP": ".webp", "PNG": ".png", "JPEG": ".jpg"}[stored_format]
    assert stored.suffix == extension
    data = stored.read_bytes()
    assert b"<script" not in data
    with Image.open(stored) as image:
        assert image.format == stored_format
        assert getattr(image, "n_frames", 1) == frames
