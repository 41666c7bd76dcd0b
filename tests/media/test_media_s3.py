"""Media on an S3-compatible store: uploads, renditions, their types and backups work there.

moto's S3 server runs on 127.0.0.1 (a free port) for this module; django-storages and boto3
talk to it over HTTP as they would to S3, with the settings production uses
(`articles.media.storage.MediaS3Storage`). Each test gets a bucket of its own.
"""

import io
import json
import os
import urllib.request
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from tests.factories import SCRIPT, polyglot_gif

try:
    import boto3
    import storages  # noqa: F401
    from moto.server import ThreadedMotoServer
except ImportError as error:  # pragma: no cover - only on a machine without the dev tools
    message = (
        f"S3 MEDIA TESTS SKIPPED: {error.name} is not installed. "
        "Install the test tools with `pip install -r requirements-dev.txt`."
    )
    if os.environ.get("CI"):
        raise ImportError(message.replace("SKIPPED", "CANNOT RUN")) from error
    pytest.skip(message, allow_module_level=True)

pytestmark = pytest.mark.django_db

KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
IMMUTABLE = "public, max-age=31536000, immutable"
ONE_DAY = "public, max-age=86400"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def s3_client(s3_endpoint):
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)


class Bucket:
    def __init__(self, client, name: str):
        self.name = name
        self.client = client
        self.client.create_bucket(Bucket=name)
        # Readable by anyone, as a bucket behind a CDN (or serving media itself) is.
        statement = {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{name}/*",
        }
        policy = {"Version": "2012-10-17", "Statement": [statement]}
        self.client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))

    def stored_keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return sorted(item["Key"] for item in listing)

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def contents(self) -> dict[str, tuple[bytes, str]]:
        """Each object's bytes and type."""
        return {key: (self.read(key), self.head(key)["ContentType"]) for key in self.stored_keys()}

    def empty(self) -> None:
        for key in self.stored_keys():
            self.client.delete_object(Bucket=self.name, Key=key)


@pytest.fixture
def bucket(settings, s3_endpoint, s3_client) -> Bucket:
    """A fresh bucket, and the default storage pointed at it as NEWSROOM_S3_BUCKET would."""
    bucket = Bucket(s3_client, f"media-{uuid.uuid4().hex[:12]}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "articles.media.storage.MediaS3Storage",
            "OPTIONS": {
                "bucket_name": bucket.name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    return bucket


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    """The object over plain HTTP, as a CDN in front of the bucket would get it."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server)
        return response.read(), {name.lower(): value for name, value in response.headers.items()}


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 14.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), (40, 90, 160)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def upload_photo(client, upload) -> Photo:
    response = client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload,
            "caption_ru": "Площадь",
            "credit_ru": "Фото: агентство",
            "alt_text_ru": "Площадь в Астане",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    return Photo.objects.get()


def test_a_library_photo_and_its_renditions_are_stored_in_s3_with_their_types(
    desk_client, bucket, media_in_tmp
):
    photo = upload_photo(
        desk_client, SimpleUploadedFile("Площадь.jpg", jpeg_with_gps(), "text/html")
    )

    assert not any(media_in_tmp.rglob("*.*"))  # nothing went to the local folder
    original = bucket.head(photo.image.name)
    assert photo.image.name.endswith("/ploshchad.jpg")
    assert original["ContentType"] == "image/jpeg"  # not the type the browser claimed
    assert original["CacheControl"] == ONE_DAY
    assert b"Exif" not in bucket.read(photo.image.name)  # re-encoded: no camera GPS
    assert (photo.width, photo.height) == (1000, 600)

    renditions = photo.renditions + photo.card_renditions
    assert {r["format"] for r in renditions} == {"webp", "jpeg"}
    for rendition in renditions:
        stored = bucket.head(rendition["name"])
        assert (
            stored["ContentType"]
            == {"webp": "image/webp", "jpeg": "image/jpeg"}[rendition["format"]]
        )
        assert stored["CacheControl"] == IMMUTABLE

    body, headers = fetch(default_storage.url(renditions[0]["name"]))
    assert headers["content-type"] == "image/webp"
    assert headers["cache-control"] == IMMUTABLE
    assert body[:4] == b"RIFF"


def test_a_polyglot_reaches_s3_only_as_an_image(reporter_client, bucket):
    photo = upload_photo(
        reporter_client, SimpleUploadedFile("x.pdf", polyglot_gif(), "application/pdf")
    )

    assert photo.image.name.endswith("/x.gif")
    assert b"<script" not in bucket.read(photo.image.name)
    body, headers = fetch(photo.image.url)
    assert headers["content-type"] == "image/gif"
    assert "content-encoding" not in headers
    assert body[:6] == b"GIF89a"


def test_an_image_dropped_into_the_editor_lands_in_s3(reporter_client, bucket):
    response = reporter_client.post(
        reverse("ckeditor_upload"),
        {"upload": SimpleUploadedFile("x.html", polyglot_gif(), "text/html")},
    )

    data = response.json()
    assert data["uploaded"] == 1, data
    keys = bucket.stored_keys()
    assert [key.rsplit("/", 1)[1] for key in keys] == ["x.gif", "x_thumb.gif"]
    assert all(key.startswith("uploads/") for key in keys)
    for key in keys:
        assert bucket.head(key)["ContentType"] == "image/gif"
        assert b"<script" not in bucket.read(key)
    body, headers = fetch(data["url"])
    assert headers["content-type"] == "image/gif"
    assert Image.open(io.BytesIO(body)).n_frames == 3


def test_anything_else_in_the_store_is_typed_as_a_download(bucket):
    for name in ["uploads/old.html", "uploads/logo.svg", "backups/site.tar.gz", "notes"]:
        stored = default_storage.save(name, ContentFile(SCRIPT))

        head = bucket.head(stored)
        assert head["ContentType"] == "application/octet-stream", name
        assert head["ContentDisposition"] == "attachment"
        assert "ContentEncoding" not in head
        _, headers = fetch(default_storage.url(stored))
        assert headers["content-type"] == "application/octet-stream"


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_carry_the_media_in_s3(editor_client, bucket, tmp_path):
    # editor_client (a superuser): after other tests flushed the database, no groups are left.
    photo = upload_photo(editor_client, SimpleUploadedFile("astana.jpg", jpeg_with_gps()))
    before = bucket.contents()
    assert len(before) > 1 + len(photo.renditions)  # the original, renditions, card crops
    archive = tmp_path / "newsroom.tar.gz"

    # An object store takes any key; a restore could not place these, so they are skipped.
    for key in ("uploads/../evil.html", "/rooted.gif"):
        bucket.client.put_object(Bucket=bucket.name, Key=key, Body=SCRIPT)
    warnings = io.StringIO()
    call_command("backup_newsroom", str(archive), verbosity=0, stderr=warnings)
    assert warnings.getvalue().count("Skipped") == 2
    bucket.empty()
    Photo.objects.all().delete()
    call_command("restore_newsroom", str(archive), force=True, verbosity=0)

    assert bucket.contents() == before
    restored = Photo.objects.get()
    assert restored.image.name == photo.image.name
    assert restored.renditions == photo.renditions
