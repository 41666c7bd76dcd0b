"""Images are opened with Pillow before they are stored; anything else is refused clearly."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from articles.media.validators import validate_image_upload
from articles.models import Photo
from tests.factories import image_bytes, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English here; their translations are the catalogues' job."""
    with translation.override("en"):
        yield


def fake(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_real_jpeg_passes():
    validate_image_upload(image_upload())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (fake("notes.jpg", b"Just some text pretending to be a photo"), "not an image"),
        (fake("cut.jpg", image_bytes(size=(400, 300))[:400]), "damaged or incomplete"),
        (fake("page.jpg", b"<svg onload='alert(1)'></svg>", "image/svg+xml"), "not an image"),
        (fake("old.bmp", image_bytes("BMP")), "BMP files are not accepted"),
    ],
    ids=["text-as-jpeg", "truncated", "svg", "bmp"],
)
def test_a_file_that_is_not_a_usable_image_is_refused_with_a_reason(upload, message):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)
    assert message in " ".join(error.value.messages)


def test_too_many_bytes_is_refused(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="at most 1000"):
        validate_image_upload(image_upload(size=(300, 300)))


def test_too_many_pixels_is_refused(settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(ValidationError, match="2000 × 1000 pixels"):
        validate_image_upload(image_upload(fmt="PNG", size=(2000, 1000)))


def test_editor_uploads_a_hero_photo_through_the_admin(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": image_upload("Рысмамбетов.jpg", size=(800, 450)),
            "caption_ru": "Финансист Расул Рысмамбетов",
            "credit_ru": "Фото: facebook.com/rassul.rysmambetov",
            "alt_text_ru": "Портрет",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (800, 450)
    assert photo.image.name.endswith("/rysmambetov.jpg")


def test_admin_refuses_a_text_file_posing_as_a_photo_and_says_why(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": fake("photo.jpg", b"not an image at all"),
            "caption_ru": "x",
            "credit_ru": "y",
            "alt_text_ru": "z",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert "Upload a valid image" in response.text or "not an image" in response.text


def test_editor_image_upload_stores_a_png_under_a_readable_name(editor_client, media_in_tmp):
    response = editor_client.post(
        reverse("ckeditor_upload"), {"upload": image_upload("Астана вечером.png", fmt="PNG")}
    )
    data = json.loads(response.content)
    assert data["uploaded"] == 1
    assert data["url"].endswith("/astana-vecherom.png")
    stored = sorted(media_in_tmp.rglob("astana-vecherom*"))
    assert [path.name for path in stored] == ["astana-vecherom.png", "astana-vecherom_thumb.png"]
    for path in stored:  # the image and its thumbnail, each really a PNG
        with Image.open(path) as image:
            assert image.format == "PNG"


def test_editor_image_upload_refuses_a_non_image_with_ckeditors_error_shape(editor_client):
    response = editor_client.post(
        reverse("ckeditor_upload"), {"upload": fake("doc.jpg", b"%PDF-1.4 not an image")}
    )
    data = json.loads(response.content)
    assert data["uploaded"] == 0
    assert "not an image" in data["error"]["message"]


def test_editor_image_upload_answers_the_dialog_callback_with_the_reason(editor_client):
    response = editor_client.post(
        reverse("ckeditor_upload") + "?CKEditorFuncNum=3",
        {"upload": fake("doc.jpg", b"nope")},
    )
    assert 'callFunction(3, "",' in response.text
    assert "not an image" in response.text


@pytest.mark.parametrize("name", ["ckeditor_upload", "ckeditor_browse"])
def test_editor_upload_endpoints_are_staff_only(client, name):
    response = client.post(reverse(name), {"upload": image_upload()})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
