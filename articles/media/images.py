"""Renditions of uploaded photos, the re-encoded originals they are made from, and the
caption and credit a photographer embedded in them.

Pure functions on top of Pillow: no models here. Renditions are written through Django's
`Storage` API, so the caller decides where they live (MEDIA_ROOT in production, a temporary
folder in tests).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageOps, ImageSequence
from PIL.IptcImagePlugin import getiptcinfo

RENDITION_WIDTHS: tuple[int, ...] = (480, 960, 1600)
RENDITION_FORMATS: tuple[str, ...] = ("webp", "jpeg")  # WebP first, JPEG fallback
CARD_ASPECT: float = 16 / 9

QUALITY = 80
# Pillow format name, file extension and the largest side the format can hold, per format.
_PILLOW_FORMAT = {"webp": "WEBP", "jpeg": "JPEG"}
_EXTENSION = {"webp": "webp", "jpeg": "jpg"}
_MAX_SIDE = {"webp": 16383, "jpeg": 65535}
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "webp": {"quality": QUALITY, "method": 4},
    "jpeg": {"quality": QUALITY, "optimize": True, "progressive": True},
}

# What an upload may be stored as: Pillow's format name -> (file extension, media type). The
# stored file's name and the type it is served with both come from here, never from the
# name or type the browser sent.
STORED_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
# A phone's JPEG often holds more pictures (a preview, a depth map): Pillow calls it MPO. It is
# stored as the JPEG of its first picture.
STORED_AS = {"MPO": "JPEG"}
ANIMATED_FORMATS = frozenset({"GIF", "PNG", "WEBP"})
ORIGINAL_QUALITY = 90  # originals are what renditions are made from: keep them sharp
_ORIGINAL_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": ORIGINAL_QUALITY},
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": ORIGINAL_QUALITY, "method": 4},
    "GIF": {},
}

# IPTC IIM datasets (record 2) and EXIF IFD0 tags read by read_embedded_credits.
IPTC_CAPTION = (2, 120)
IPTC_BYLINE = (2, 80)
IPTC_CREDIT = (2, 110)
IPTC_SOURCE = (2, 115)
IPTC_COPYRIGHT = (2, 116)
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298

# What cameras and phone apps write into ImageDescription/Artist when nobody typed anything.
_CAMERA_DEFAULTS = {
    "camera",
    "dcim",
    "default",
    "digital camera",
    "olympus digital camera",
    "sony dsc",
    "unknown",
    "untitled",
}


@dataclass(frozen=True)
class Rendition:
    """One resized copy of a photo, as saved to storage."""

    name: str  # storage path, as returned by Storage.save()
    width: int
    height: int
    format: str  # "webp" or "jpeg"

    def as_dict(self) -> dict:
        """`{"name": ..., "width": ..., "height": ..., "format": ...}`, ready for a JSONField."""
        return asdict(self)


def focal_crop_box(
    size: tuple[int, int], aspect: float, focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of the given aspect ratio inside `size`, placed so that the focal point
    (fractions 0..1 of width and height) is as close to the centre as the edges allow.

    Returns Pillow's `(left, upper, right, lower)`. Focal fractions outside 0..1 are clamped.
    """
    width, height = size
    if width < 1 or height < 1:
        raise ValueError(f"image size must be positive, got {size!r}")
    if not aspect > 0:
        raise ValueError(f"aspect ratio must be positive, got {aspect!r}")
    if width / height > aspect:  # too wide: keep the whole height
        box_width, box_height = max(1, min(width, round(height * aspect))), height
    else:  # too tall (or exact): keep the whole width
        box_width, box_height = width, max(1, min(height, round(width / aspect)))
    focal_x, focal_y = (min(1.0, max(0.0, float(f))) for f in focal)
    left = _clamp(round(focal_x * width - box_width / 2), 0, width - box_width)
    top = _clamp(round(focal_y * height - box_height / 2), 0, height - box_height)
    return left, top, left + box_width, top + box_height


def build_renditions(
    source,
    *,
    storage: Storage,
    base_name: str,
    aspect: float | None = None,
    focal: tuple[float, float] = (0.5, 0.5),
) -> list[Rendition]:
    """Open `source` (a file-like object or path) with Pillow, apply EXIF orientation
    (ImageOps.exif_transpose), convert to RGB (flatten transparency onto white), optionally
    crop to `aspect` around `focal`, and save one file per width in RENDITION_WIDTHS that is
    not larger than the (cropped) image — plus always at least one rendition at the image's
    own width if it is smaller than the smallest width — in each of RENDITION_FORMATS, to
    `storage` under f"{base_name}-{width}w.{ext}" (ext webp/jpg). Quality ~80 for both,
    JPEG progressive+optimize. Metadata (EXIF incl. GPS, IPTC, XMP) is NOT copied into the
    renditions. Returns them sorted by format then width. Uses Image.thumbnail/resize with
    LANCZOS. Must handle animated GIF (use the first frame), palette and CMYK images.

    "Sorted by format" means in the order of RENDITION_FORMATS (WebP, then JPEG), the order
    of `<source>` elements in a `<picture>`. Names are whatever `storage.save()` returns, so
    an existing file is never overwritten (the storage picks a free name instead). Pillow's
    errors on unreadable files (UnidentifiedImageError, OSError, DecompressionBombError)
    reach the caller: validate uploads first.
    """
    image = _open_as_rgb(source)
    if aspect is not None:
        image = image.crop(focal_crop_box(image.size, aspect, focal))

    width, height = image.size
    widths = [w for w in RENDITION_WIDTHS if w <= width] or [width]
    renditions = []
    for fmt in RENDITION_FORMATS:
        for target_width in widths:
            target_height = max(1, round(height * target_width / width))
            if max(target_width, target_height) > _MAX_SIDE[fmt]:
                continue  # e.g. a very long infographic: WebP cannot hold it, JPEG still can
            if (target_width, target_height) == image.size:
                resized = image
            else:
                resized = image.resize(
                    (target_width, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0
                )
            buffer = io.BytesIO()
            resized.save(buffer, format=_PILLOW_FORMAT[fmt], **_SAVE_OPTIONS[fmt])
            name = storage.save(
                f"{base_name}-{target_width}w.{_EXTENSION[fmt]}", ContentFile(buffer.getvalue())
            )
            renditions.append(Rendition(name, target_width, target_height, fmt))
    return renditions


@dataclass(frozen=True)
class Reencoded:
    """An uploaded image written out anew by Pillow, ready to store."""

    data: bytes
    format: str  # Pillow's name: "JPEG", "PNG", "WEBP" or "GIF"
    width: int
    height: int
    frames: int

    @property
    def extension(self) -> str:
        return STORED_FORMATS[self.format][0]

    @property
    def content_type(self) -> str:
        return STORED_FORMATS[self.format][1]


class TooManyFrames(ValueError):
    """An animation with more frames than the limit; raised on reading the first one over."""

    def __init__(self, limit: int):
        super().__init__(f"This animation has more than {limit} frames")
        self.limit = limit


class TooManyPixels(ValueError):
    """An animation whose frames add up to more pixels than the limit."""

    def __init__(self, limit: int, size: tuple[int, int]):
        super().__init__(f"This animation's {size[0]} × {size[1]} frames exceed {limit} pixels")
        self.limit = limit
        self.size = size


def limited_frames(
    opened: Image.Image, *, max_frames: int | None = None, max_pixels: int | None = None
) -> Iterator[Image.Image]:
    """The frames of `opened`, one by one, refusing (TooManyFrames, TooManyPixels) as soon as
    their count or their pixels in all pass the limits (NEWSROOM_MAX_IMAGE_FRAMES and
    NEWSROOM_MAX_IMAGE_PIXELS by default).

    Frames are counted as they are read, never beforehand: Pillow's `n_frames` walks (and for
    a GIF decodes) the whole file, which is the very cost the limit is there to bound.
    """
    from django.conf import settings  # read at call time: tests and deployments change them

    if max_frames is None:
        max_frames = settings.NEWSROOM_MAX_IMAGE_FRAMES
    if max_pixels is None:
        max_pixels = settings.NEWSROOM_MAX_IMAGE_PIXELS
    width, height = opened.size
    for number, frame in enumerate(ImageSequence.Iterator(opened), start=1):
        if number > max_frames:
            raise TooManyFrames(max_frames)
        if number > 1 and number * width * height > max_pixels:
            raise TooManyPixels(max_pixels, (width, height))
        yield frame


def reencode_image(source) -> Reencoded:
    """The pixels of `source` (a file-like object or path) encoded again by Pillow, in the
    format Pillow detected it as (one of STORED_FORMATS; anything else is a ValueError).

    Only pixels travel: whatever else the file held (bytes after the image's end, comments,
    EXIF with GPS, XMP, IPTC, colour profiles, unknown chunks) is left behind, so no byte
    sequence a client chose can reach storage as it was sent. A still is turned upright
    (EXIF orientation) and moved into sRGB; an animation (GIF, WebP, PNG) is re-encoded frame
    by frame with its frame durations and loop count. Read credits from the file before.
    Pillow's errors on unreadable files reach the caller: validate uploads first. Whatever
    path the file took, an animation over the frame or pixel limits is refused here too
    (TooManyFrames, TooManyPixels: both ValueErrors), so the work done is always bounded.
    """
    with _rewound(source), Image.open(source) as opened:
        image_format = _stored_format(opened)
        animated = image_format in ANIMATED_FORMATS and getattr(opened, "is_animated", False)
        buffer = io.BytesIO()
        frames = 1
        if animated:
            first, frames = _write_animation(opened, image_format, buffer)
        else:
            first = _still(opened, image_format)
            first.save(buffer, format=image_format, **_ORIGINAL_OPTIONS[image_format])
    return Reencoded(buffer.getvalue(), image_format, *first.size, frames)


def make_thumbnail(source, size: tuple[int, int]) -> Reencoded:
    """A still of `source`'s first frame fitting in `size`, in `source`'s own format (so a
    `_thumb.gif` holds a GIF, a `_thumb.png` a PNG), with no metadata."""
    with _rewound(source), Image.open(source) as opened:
        image_format = _stored_format(opened)
        image = _still(opened, image_format)
    image.thumbnail(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **_ORIGINAL_OPTIONS[image_format])
    return Reencoded(buffer.getvalue(), image_format, *image.size, 1)


def read_embedded_credits(source) -> dict[str, str]:
    """Caption and credit found in the file's IPTC (IIM: 2:120 caption/abstract, 2:80 by-line,
    2:110 credit, 2:115 source, 2:116 copyright notice) or EXIF (0x010E ImageDescription,
    0x013B Artist, 0x8298 Copyright; also XPComment/XPAuthor are not needed). Returns a dict
    with keys among "caption" and "credit" (only those found, stripped, non-empty). Credit
    preference: IPTC credit, else IPTC by-line, else EXIF Artist, each combined with the
    copyright notice when present and different (e.g. "Photo: A. Sultanov / © Kazinform").
    Decode bytes as UTF-8 first, then cp1251 as a fallback (Russian/Kazakh files); ignore
    undecodable junk. Never raises on odd or missing metadata: return {} instead. Use
    PIL.IptcImagePlugin.getiptcinfo and Image.getexif().

    The copyright notice is the IPTC one, else EXIF Copyright; with no credit at all it is
    the credit on its own. IPTC source (2:115) is the last resort for a credit. Placeholders
    cameras write ("OLYMPUS DIGITAL CAMERA", "SONY DSC") are not captions.
    """
    try:
        with _rewound(source), Image.open(source) as image:
            iptc = _read_iptc(image)
            exif = image.getexif()
            exif_fields = {
                tag: _text(exif.get(tag))
                for tag in (EXIF_IMAGE_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT)
            }
    except Exception:  # Pillow raises many kinds of errors on odd files; metadata is optional
        return {}

    def iptc_text(dataset: tuple[int, int]) -> str:
        return _text(iptc.get(dataset))

    found: dict[str, str] = {}
    caption = iptc_text(IPTC_CAPTION) or exif_fields[EXIF_IMAGE_DESCRIPTION]
    if caption:
        found["caption"] = caption
    credit = (
        iptc_text(IPTC_CREDIT)
        or iptc_text(IPTC_BYLINE)
        or exif_fields[EXIF_ARTIST]
        or iptc_text(IPTC_SOURCE)
    )
    notice = iptc_text(IPTC_COPYRIGHT) or exif_fields[EXIF_COPYRIGHT]
    if credit and notice and _comparable(notice) not in _comparable(credit):
        credit = f"{credit} / {notice}"
    credit = credit or notice
    if credit:
        found["credit"] = credit
    return found


# Helpers ---------------------------------------------------------------------------------


def _clamp(value: int, lowest: int, highest: int) -> int:
    return max(lowest, min(highest, value))


@contextmanager
def _rewound(source) -> Iterator[None]:
    """Leaves a caller's file object where it was; paths pass through untouched."""
    try:
        position = source.tell()
    except (AttributeError, OSError, ValueError):
        position = None
    try:
        yield
    finally:
        if position is not None:
            # closed by the caller meanwhile: nothing to restore
            with suppress(OSError, ValueError):
                source.seek(position)


def _open_as_rgb(source) -> Image.Image:
    """The first frame of `source`, upright, in RGB, with no metadata left in `info`."""
    with _rewound(source), Image.open(source) as opened:
        image = _upright_srgb(opened)  # animated GIF/WebP/PNG: the first frame
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode != "RGB":
        image = image.convert("RGB")
    # convert()/copy()/resize() carry `info` along, and JPEG's save() writes info["comment"]
    # back out; EXIF, XMP and ICC only travel as save() arguments, which we never pass.
    image.info = {}
    return image


def _upright_srgb(opened: Image.Image) -> Image.Image:
    """The first frame of `opened`, turned upright, 8 bits per channel, in sRGB."""
    opened.seek(0)
    icc_profile = opened.info.get("icc_profile")
    try:
        image = ImageOps.exif_transpose(opened)
    except Exception:  # a malformed orientation tag must not lose the photo
        image = opened.copy()
    image = _eight_bit(image)
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        image = _to_srgb(image, icc_profile)
    return image


def _stored_format(opened: Image.Image) -> str:
    image_format = STORED_AS.get(opened.format, opened.format)
    if image_format not in STORED_FORMATS:
        raise ValueError(f"{opened.format} is not a format uploads are stored in")
    return image_format


def _still(opened: Image.Image, image_format: str) -> Image.Image:
    """The first frame, upright, in sRGB, in a mode `image_format` holds, with empty `info`."""
    image = _upright_srgb(opened)
    transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image_format == "JPEG":
        image = image.convert("L" if image.mode in ("1", "L") else "RGB")
    else:
        image = image.convert("RGBA" if transparent else "RGB")
    image.info = {}  # save() writes some of `info` back out (comments, for one)
    return image


def _write_animation(
    opened: Image.Image, image_format: str, buffer: io.BytesIO
) -> tuple[Image.Image, int]:
    """Every frame of an animation, as RGBA, saved to `buffer`; returns the first frame and
    the number of frames."""
    frames, durations = [], []
    for frame in limited_frames(opened):
        durations.append(int(frame.info.get("duration") or 100))
        rgba = frame.convert("RGBA")
        rgba.info = {}
        frames.append(rgba)
    options: dict[str, Any] = {
        **_ORIGINAL_OPTIONS[image_format],
        "save_all": True,
        "append_images": frames[1:],
        "duration": durations,
    }
    if "loop" in opened.info:  # without it a GIF plays once; Pillow's default loops forever
        options["loop"] = int(opened.info["loop"] or 0)
    if image_format == "GIF":
        options["disposal"] = 2  # each frame is whole: clear to the background before the next
    frames[0].save(buffer, format=image_format, **options)
    return frames[0], len(frames)


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale (e.g. some PNG scans) as 8-bit: Pillow's convert() would clip it white."""
    if image.mode == "I" or image.mode.startswith("I;16"):
        image = image.convert("I")
        if image.getextrema()[1] > 255:
            image = image.point(lambda value: value / 256)
        image = image.convert("L")
    return image


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Colours from an embedded profile (Adobe RGB, a print CMYK...) moved into sRGB.

    Browsers assume sRGB for untagged files, and the renditions carry no profile. If the
    profile cannot be used, Pillow's plain conversion is the fallback.
    """
    try:
        from PIL import ImageCms

        converted = ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except Exception:  # no LittleCMS, a broken profile, or one for another colour space
        return image
    return converted if converted is not None else image


def _read_iptc(image: Image.Image) -> dict[tuple[int, int], Any]:
    """The IIM datasets of a JPEG/TIFF, keeping what precedes a damaged record."""
    try:
        return getiptcinfo(image) or {}
    except Exception:  # getiptcinfo gives up on the whole block at the first bad record
        photoshop = image.info.get("photoshop") or {}
        return _parse_iim(photoshop.get(0x0404) or b"")


def _parse_iim(data: bytes) -> dict[tuple[int, int], list[bytes]]:
    """Standard-length IIM records (0x1C, record, dataset, 2-byte length, data) until junk."""
    records: dict[tuple[int, int], list[bytes]] = {}
    offset = 0
    while offset + 5 <= len(data) and data[offset] == 0x1C:
        length = int.from_bytes(data[offset + 3 : offset + 5], "big")
        if length & 0x8000:  # extended length: only used for image data, not for text
            break
        key = (data[offset + 1], data[offset + 2])
        records.setdefault(key, []).append(data[offset + 5 : offset + 5 + length])
        offset += 5 + length
    return records


def _text(value) -> str:
    """A metadata value as clean text; "" if missing, undecodable or a camera's placeholder.

    IPTC gives bytes, or a list of bytes for a repeated dataset (several by-lines), which
    are joined with commas. EXIF ASCII fields come from Pillow as str decoded as Latin-1,
    so they are turned back into their bytes first: that is how UTF-8 or cp1251 text
    written by Russian and Kazakh software survives. Photographer and editor copyrights,
    which EXIF separates with NUL, are joined with " / ".
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        parts = [_text(item) for item in value if isinstance(item, (bytes, str))]
        return ", ".join(dict.fromkeys(part for part in parts if part))
    if isinstance(value, str):
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError:
            return _clean(value)
    if not isinstance(value, bytes):
        return ""
    for encoding in ("utf-8", "cp1251"):
        try:
            return _clean(value.decode(encoding))
        except UnicodeDecodeError:
            continue
    return ""


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    parts = (_CONTROL_CHARACTERS.sub("", part).strip() for part in text.split("\x00"))
    text = " / ".join(part for part in parts if part)
    if text.casefold() in _CAMERA_DEFAULTS:
        return ""
    return text


def _comparable(text: str) -> str:
    """Lower-case letters and digits only, without the ©/(c)/"copyright" decoration."""
    text = re.sub(r"\(c\)|©|copyright", "", text.casefold())
    return "".join(character for character in text if character.isalnum())
