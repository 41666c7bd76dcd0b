"""An animation of very many tiny frames cannot tie up a worker.

Red team on issue 15: a GIF of 100,000 frames of 1 × 1 pixel is 1.5 MB and only 0.1
megapixels in all, yet decoding and re-encoding every frame took longer than gunicorn's worker
timeout. Frames are now counted while they are read, and the upload is refused as soon as the
count passes NEWSROOM_MAX_IMAGE_FRAMES, on every way an image reaches storage.
"""

import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from articles.media.images import reencode_image
from articles.media.validators import validate_image_upload
from articles.models import Author, Photo

pytestmark = pytest.mark.django_db

MANY = 100_000
REFUSED = "This animation has more than 300 frames"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def tiny_frames_gif(frames: int) -> bytes:
    """A GIF of `frames` frames of 1 × 1 pixel, 15 bytes each, written by hand (fast)."""
    header = b"GIF89a" + b"\x01\x00\x01\x00" + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
    frame = b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00" + b"\x02\x02\x44\x01\x00"
    return header + frame * frames + b"\x3b"


def upload(frames: int = MANY) -> SimpleUploadedFile:
    return SimpleUploadedFile("long.gif", tiny_frames_gif(frames), content_type="image/gif")


@pytest.fixture
def stopwatch():
    started = time.monotonic()
    yield
    assert time.monotonic() - started < 2, "a long animation kept the worker busy"


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


def test_an_animation_of_very_many_frames_is_refused_at_once(stopwatch):
    with pytest.raises(ValidationError) as refused:
        validate_image_upload(upload())

    assert refused.value.code == "too_many_frames"
    assert REFUSED in refused.value.messages[0]


def test_an_animation_at_the_frame_limit_is_accepted(settings, media_in_tmp):
    settings.NEWSROOM_MAX_IMAGE_FRAMES = 5
    validate_image_upload(upload(5))

    assert reencode_image(upload(5)).frames == 5
    with pytest.raises(ValidationError):
        validate_image_upload(upload(6))


def test_the_editor_upload_refuses_a_long_animation(reporter_client, media_in_tmp, stopwatch):
    response = reporter_client.post(reverse("ckeditor_upload"), {"upload": upload()})

    assert REFUSED in json.loads(response.content)["error"]["message"]
    assert not stored_files(media_in_tmp)


def test_the_photo_library_refuses_a_long_animation(reporter_client, media_in_tmp, stopwatch):
    response = reporter_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload(),
            "caption_ru": "",
            "credit_ru": "x",
            "alt_text_ru": "y",
            "focal_x": "0.5",
        },  # fmt: skip
    )

    assert response.status_code == 200
    assert REFUSED in str(response.context["adminform"].form.errors["image"])
    assert not Photo.objects.exists()
    assert not stored_files(media_in_tmp)


def test_a_portrait_cannot_be_a_long_animation(desk_client, media_in_tmp, stopwatch):
    response = desk_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Данира Искакова", "name_latin": "Danira Iskakova", "portrait": upload()},
    )

    assert response.status_code == 200
    assert REFUSED in str(response.context["adminform"].form.errors["portrait"])
    assert not Author.objects.exists()


def test_code_that_stores_a_long_animation_directly_is_refused_too(media_in_tmp, stopwatch):
    photo = Photo(credit_ru="x", alt_text_ru="y")
    with pytest.raises(ValueError, match="more than 300 frames"):
        photo.image.save("long.gif", upload(), save=False)

    assert not stored_files(media_in_tmp)
