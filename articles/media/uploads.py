"""Where uploaded files go, under names a person can read, and how they are stored and served.

Every file a person uploads (library photos, author portraits, images in article bodies) is
re-encoded by Pillow before it is stored, and named by the format Pillow found, never by the
name the browser sent: an HTML page posing as `x.gif`, or a GIF with a script appended named
`x.html`, is stored as pixels in a `.gif` (or `.jpg`...). Media are then served with the type
that extension gives, `nosniff`, and a policy that runs nothing (MEDIA_HEADERS), wherever they
are served from: our media view, nginx, or S3 behind a CDN (docs/deploy.md).
"""

import os
import posixpath
import secrets

from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils import timezone

from articles.media.images import STORED_FORMATS, reencode_image
from articles.text.slugs import latin_slug

# Extension -> media type for what may be served as an image; anything else is a download.
IMAGE_CONTENT_TYPES: dict[str, str] = {
    **{f".{extension}": content_type for extension, content_type in STORED_FORMATS.values()},
    ".jpeg": "image/jpeg",  # stored by earlier versions
}
DOWNLOAD_CONTENT_TYPE = "application/octet-stream"
# Sent with every media file. Even if a file somehow held markup, a browser that opens it
# neither guesses another type (nosniff) nor runs anything in it, and it has no origin
# (sandbox), so it cannot read or post the desk's pages.
MEDIA_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def media_content_type(name: str) -> str:
    """`image/...` for the image extensions we store, else `application/octet-stream`."""
    return IMAGE_CONTENT_TYPES.get(posixpath.splitext(name)[1].lower(), DOWNLOAD_CONTENT_TYPE)


def media_headers(name: str) -> dict[str, str]:
    """The headers a media file is served with: its safe type, and MEDIA_HEADERS."""
    headers = {"Content-Type": media_content_type(name), **MEDIA_HEADERS}
    if headers["Content-Type"] == DOWNLOAD_CONTENT_TYPE:
        headers["Content-Disposition"] = "attachment"
    return headers


def readable_stem(filename: str) -> str:
    """`Рысмамбетов фото.JPG` → `rysmambetov-foto` (a random stem only if nothing is left)."""
    stem = os.path.splitext(os.path.basename(filename.replace("\\", "/")))[0]
    return latin_slug(stem, max_length=60) or secrets.token_hex(4)


def readable_filename(filename: str) -> str:
    """`Рысмамбетов фото.JPG` → `rysmambetov-foto.jpg`.

    The extension is kept only if it is one of the image extensions we store (ReencodedImage
    FieldFile passes the detected format's); anything else gives a name with no extension,
    which is served as a download.
    """
    extension = os.path.splitext(filename)[1].lower()
    extension = extension if extension in IMAGE_CONTENT_TYPES else ""
    return f"{readable_stem(filename)}{extension}"


def photo_upload_to(instance, filename: str) -> str:
    return timezone.now().strftime("photos/%Y/%m/") + readable_filename(filename)


def portrait_upload_to(instance, filename: str) -> str:
    return "authors/" + readable_filename(filename)


def editor_upload_filename(filename: str, request) -> str:
    """CKEditor's uploader calls this (CKEDITOR_FILENAME_GENERATOR) for images in bodies."""
    return readable_filename(filename)


class ReencodedImageFieldFile(ImageFieldFile):
    """Stores Pillow's re-encoding of the file it is given, named by the detected format.

    Every way a file reaches an image field goes through save(): the admin's forms (on model
    save), the services, the demo loader, a shell. Validate the upload first
    (validate_image_upload); read its IPTC/EXIF credits first too, re-encoding drops them.
    """

    def save(self, name, content, save=True):
        image = reencode_image(content)
        name = f"{readable_stem(name)}.{image.extension}"
        # Named: ImageFieldFile reads the width and height from this content, if it has a name.
        super().save(name, ContentFile(image.data, name=name), save)


class ReencodedImageField(models.ImageField):
    """An ImageField whose stored files are re-encoded by Pillow (ReencodedImageFieldFile)."""

    attr_class = ReencodedImageFieldFile
