"""Where uploaded files go, under names a person can read."""

import os
import secrets

from django.utils import timezone

from .text import latin_slug


def readable_filename(filename: str) -> str:
    """`Рысмамбетов фото.JPG` → `rysmambetov-foto.jpg` (a random stem only if nothing is left)."""
    stem, extension = os.path.splitext(os.path.basename(filename))
    stem = latin_slug(stem, max_length=60) or secrets.token_hex(4)
    return f"{stem}{extension.lower()}"


def photo_upload_to(instance, filename: str) -> str:
    return timezone.now().strftime("photos/%Y/%m/") + readable_filename(filename)


def portrait_upload_to(instance, filename: str) -> str:
    return "authors/" + readable_filename(filename)


def editor_upload_filename(filename: str, request) -> str:
    """CKEditor's uploader calls this (CKEDITOR_FILENAME_GENERATOR) for images in bodies."""
    return readable_filename(filename)
