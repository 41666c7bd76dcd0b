"""Checks every uploaded image must pass before it is stored."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from articles.media.images import TooManyFrames, TooManyPixels, limited_frames

# MPO: a phone's JPEG with extra pictures in it (stored as the JPEG of the first).
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}


def validate_image_upload(file) -> None:
    """Refuse files that are not images, or are absurdly large in bytes or in pixels.

    The file is opened with Pillow and fully decoded, so a file that merely claims to be
    an image (by its name or its first bytes) or is truncated is refused as well; every frame
    of an animation is decoded, and all its frames together count against the pixel limit;
    an animation of more than NEWSROOM_MAX_IMAGE_FRAMES frames is refused too.

    A file already in storage (an existing photo saved again with a new caption) is not an
    upload: it passed these checks when it arrived, and is left alone.
    """
    if isinstance(file, FieldFile) and file._committed:
        return
    max_bytes = settings.NEWSROOM_MAX_UPLOAD_BYTES
    max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s. Export a smaller copy.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _(
                            "This image is %(width)s × %(height)s pixels; at most %(limit)s "
                            "megapixels are accepted. Resize it and upload it again."
                        )
                        % {"width": width, "height": height, "limit": max_pixels // 1_000_000},
                        code="too_many_pixels",
                    )
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(
                        _("%(format)s files are not accepted: upload a JPEG, PNG, WebP or GIF.")
                        % {"format": image_format},
                        code="bad_format",
                    )
                # Decodes every pixel of every frame: truncated or corrupt files fail here.
                # Frames are counted as they are decoded, and the file is refused as soon as
                # there are too many (n_frames would walk all of them first). An MPO is stored
                # as its first picture, so only that one is read.
                frames = [image] if image_format == "MPO" else limited_frames(image)
                for frame in frames:
                    frame.load()
    except TooManyFrames as error:
        raise ValidationError(
            _(
                "This animation has more than %(limit)s frames; at most %(limit)s are "
                "accepted. Make it shorter, or upload a still image."
            )
            % {"limit": error.limit},
            code="too_many_frames",
        ) from None
    except TooManyPixels as error:
        raise ValidationError(
            _(
                "This animation's frames of %(width)s × %(height)s pixels add up to more than "
                "the %(limit)s megapixels accepted in all. Make it shorter or smaller, or "
                "upload a still image."
            )
            % {"width": error.size[0], "height": error.size[1], "limit": error.limit // 1_000_000},
            code="too_many_frames",
        ) from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This image is damaged or incomplete. Export it again and upload the new copy."),
            code="broken_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)
