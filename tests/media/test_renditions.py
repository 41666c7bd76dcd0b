"""Photos become small, clean, upright renditions, with nothing private left in them."""

import io
import json

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import Image, ImageCms, ImageDraw

from articles.media.images import (
    CARD_ASPECT,
    RENDITION_FORMATS,
    RENDITION_WIDTHS,
    Rendition,
    build_renditions,
    focal_crop_box,
    read_embedded_credits,
)
from tests.factories import (
    GPS_IFD,
    ORIENTATION,
    RED,
    encode,
    exif_with,
    iim,
    jpeg,
    with_iptc,
)

BLUE = (20, 20, 220)
GREEN = (20, 200, 20)
WHITE = (255, 255, 255)


# Building test files ----------------------------------------------------------------------


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path / "renditions")


def left_right(size, left=RED, right=BLUE) -> Image.Image:
    image = Image.new("RGB", size, right)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1]), fill=left)
    return image


def reopen(storage, rendition: Rendition) -> Image.Image:
    with storage.open(rendition.name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def near(color, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color[:3], expected, strict=True))


# focal_crop_box -----------------------------------------------------------------------------


def test_a_centred_focal_point_gives_the_centred_largest_box():
    assert focal_crop_box((2000, 1000), 1.0, (0.5, 0.5)) == (500, 0, 1500, 1000)
    assert focal_crop_box((1000, 1000), 16 / 9, (0.5, 0.5)) == (0, 219, 1000, 781)


def test_a_focal_point_at_the_left_edge_clamps_the_box_to_x_0():
    assert focal_crop_box((2000, 1000), 1.0, (0.0, 0.5)) == (0, 0, 1000, 1000)
    assert focal_crop_box((2000, 1000), 1.0, (0.1, 0.5)) == (0, 0, 1000, 1000)


def test_a_focal_point_at_the_bottom_right_clamps_the_box_to_those_edges():
    assert focal_crop_box((2000, 1000), 1.0, (1.0, 1.0)) == (1000, 0, 2000, 1000)
    assert focal_crop_box((1000, 2000), 1.0, (0.95, 0.98)) == (0, 1000, 1000, 2000)


def test_a_focal_point_away_from_the_edges_sits_in_the_middle_of_the_box():
    left, top, right, bottom = focal_crop_box((3000, 1000), 1.0, (0.4, 0.5))
    assert (left, right, top, bottom) == (700, 1700, 0, 1000)


def test_the_box_keeps_the_aspect_ratio_and_stays_inside_the_image():
    for size in [(1000, 1000), (1920, 1080), (1080, 1920), (333, 777), (5, 3)]:
        for focal in [(0, 0), (0.3, 0.7), (1, 1), (-2, 5)]:
            left, top, right, bottom = focal_crop_box(size, CARD_ASPECT, focal)
            assert 0 <= left < right <= size[0]
            assert 0 <= top < bottom <= size[1]
            assert right - left == size[0] or bottom - top == size[1]
            assert abs((right - left) / (bottom - top) - CARD_ASPECT) < 2 / (bottom - top)


def test_an_aspect_ratio_must_be_positive():
    with pytest.raises(ValueError, match="aspect"):
        focal_crop_box((100, 100), 0, (0.5, 0.5))


# build_renditions: sizes, formats, names ----------------------------------------------------


def test_a_2000_by_1000_photo_gets_three_widths_in_webp_and_in_jpeg(storage):
    renditions = build_renditions(
        jpeg((2000, 1000)), storage=storage, base_name="photos/2025/11/forum"
    )

    assert [(r.format, r.width, r.height) for r in renditions] == [
        ("webp", 480, 240),
        ("webp", 960, 480),
        ("webp", 1600, 800),
        ("jpeg", 480, 240),
        ("jpeg", 960, 480),
        ("jpeg", 1600, 800),
    ]
    assert [r.name for r in renditions] == [
        f"photos/2025/11/forum-{width}w.{ext}"
        for ext in ("webp", "jpg")
        for width in (480, 960, 1600)
    ]
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert image.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert image.size == (rendition.width, rendition.height)
        assert image.mode == "RGB"
        assert near(image.getpixel((10, 10)), RED)


def test_renditions_come_webp_first_then_jpeg_at_the_configured_widths():
    assert RENDITION_FORMATS == ("webp", "jpeg")
    assert RENDITION_WIDTHS == (480, 960, 1600)


def test_jpeg_renditions_are_progressive(storage):
    renditions = build_renditions(jpeg((1000, 500)), storage=storage, base_name="p")
    jpegs = [reopen(storage, r) for r in renditions if r.format == "jpeg"]
    assert jpegs
    assert all(image.info.get("progressive") for image in jpegs)


def test_a_photo_is_never_enlarged_only_widths_it_can_fill_are_made(storage):
    renditions = build_renditions(jpeg((1000, 750)), storage=storage, base_name="p")
    assert [(r.format, r.width, r.height) for r in renditions] == [
        ("webp", 480, 360),
        ("webp", 960, 720),
        ("jpeg", 480, 360),
        ("jpeg", 960, 720),
    ]


def test_a_tiny_300px_image_gets_one_rendition_per_format_at_its_own_width(storage):
    renditions = build_renditions(jpeg((300, 200)), storage=storage, base_name="tiny")
    assert [(r.name, r.format, r.width, r.height) for r in renditions] == [
        ("tiny-300w.webp", "webp", 300, 200),
        ("tiny-300w.jpg", "jpeg", 300, 200),
    ]
    assert reopen(storage, renditions[0]).size == (300, 200)


def test_a_photo_exactly_1600_wide_keeps_its_size_in_the_largest_rendition(storage):
    renditions = build_renditions(jpeg((1600, 900)), storage=storage, base_name="p")
    assert [(r.width, r.height) for r in renditions if r.format == "webp"] == [
        (480, 270),
        (960, 540),
        (1600, 900),
    ]


def test_a_rendition_serialises_to_json_for_a_jsonfield(storage):
    rendition = build_renditions(jpeg((300, 200)), storage=storage, base_name="p")[0]
    assert rendition.as_dict() == {
        "name": "p-300w.webp",
        "width": 300,
        "height": 200,
        "format": "webp",
    }
    assert json.loads(json.dumps([rendition.as_dict()])) == [rendition.as_dict()]


def test_an_existing_file_is_not_overwritten_the_storage_picks_a_free_name(storage):
    first = build_renditions(jpeg((300, 200)), storage=storage, base_name="p")
    second = build_renditions(jpeg((300, 200)), storage=storage, base_name="p")
    assert first[0].name == "p-300w.webp"
    assert second[0].name != first[0].name
    assert second[0].name.startswith("p-300w_")
    assert second[0].name.endswith(".webp")


def test_a_path_works_as_well_as_a_file_object(storage, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg((500, 250)).getvalue())
    renditions = build_renditions(path, storage=storage, base_name="p")
    assert [(r.width, r.height) for r in renditions] == [(480, 240), (480, 240)]
    assert build_renditions(str(path), storage=storage, base_name="q")[0].width == 480


def test_the_callers_file_is_left_where_it_was(storage):
    source = jpeg((300, 200))
    source.seek(7)
    build_renditions(source, storage=storage, base_name="p")
    read_embedded_credits(source)
    assert source.tell() == 7


def test_a_very_long_infographic_is_kept_in_jpeg_even_where_webp_cannot_hold_it(storage):
    renditions = build_renditions(jpeg((480, 17000)), storage=storage, base_name="long")
    assert [(r.format, r.width, r.height) for r in renditions] == [("jpeg", 480, 17000)]


# build_renditions: cropping -----------------------------------------------------------------


def test_a_card_crop_of_a_wide_photo_with_the_focal_point_left_keeps_the_left_side(storage):
    source = Image.new("RGB", (2000, 1000), GREEN)
    draw = ImageDraw.Draw(source)
    draw.rectangle((0, 0, 99, 999), fill=RED)  # a red stripe at the far left
    draw.rectangle((1900, 0, 1999, 999), fill=BLUE)  # a blue stripe at the far right
    renditions = build_renditions(
        encode(source), storage=storage, base_name="card", aspect=CARD_ASPECT, focal=(0.1, 0.5)
    )
    # the box is 1778 x 1000 at x = 0: the red stripe stays, the blue one is cut off
    assert [(r.width, r.height) for r in renditions if r.format == "jpeg"] == [
        (480, 270),
        (960, 540),
        (1600, 900),
    ]
    image = reopen(storage, renditions[-1])
    assert near(image.getpixel((20, 450)), RED)
    assert near(image.getpixel((1595, 450)), GREEN)


def test_a_card_crop_of_a_square_photo_keeps_the_full_width_and_cuts_top_and_bottom(storage):
    # A 16:9 box inside a 1000 x 1000 square is the full width, so a focal point on the left
    # cannot move it sideways: it is 1000 x 562, centred on the focal point's height.
    source = Image.new("RGB", (1000, 1000), GREEN)
    draw = ImageDraw.Draw(source)
    draw.rectangle((0, 0, 999, 199), fill=RED)  # top band, cut off
    draw.rectangle((0, 800, 999, 999), fill=BLUE)  # bottom band, cut off
    renditions = build_renditions(
        encode(source), storage=storage, base_name="card", aspect=16 / 9, focal=(0.1, 0.5)
    )
    assert focal_crop_box((1000, 1000), 16 / 9, (0.1, 0.5)) == (0, 219, 1000, 781)
    assert [(r.format, r.width, r.height) for r in renditions] == [
        ("webp", 480, 270),
        ("webp", 960, 540),
        ("jpeg", 480, 270),
        ("jpeg", 960, 540),
    ]
    image = reopen(storage, renditions[1])
    assert abs(image.width / image.height - 16 / 9) < 0.01
    assert near(image.getpixel((5, 5)), GREEN)
    assert near(image.getpixel((955, 535)), GREEN)


def test_a_focal_point_low_in_a_square_photo_moves_the_card_crop_down(storage):
    source = Image.new("RGB", (1000, 1000), GREEN)
    ImageDraw.Draw(source).rectangle((0, 0, 999, 399), fill=RED)
    renditions = build_renditions(
        encode(source), storage=storage, base_name="card", aspect=16 / 9, focal=(0.5, 0.9)
    )
    image = reopen(storage, renditions[0])
    assert near(image.getpixel((240, 3)), GREEN)  # the crop starts below the red top


# build_renditions: orientation, modes, frames -----------------------------------------------


def test_exif_orientation_6_is_applied_so_renditions_come_out_upright(storage):
    # stored 1000 x 600 with red on the left; orientation 6 means "turn 90° clockwise to view"
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    source = encode(left_right((1000, 600)), exif=exif)
    renditions = build_renditions(source, storage=storage, base_name="turned")

    assert [(r.format, r.width, r.height) for r in renditions] == [
        ("webp", 480, 800),
        ("jpeg", 480, 800),
    ]
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert image.size == (480, 800)
        assert near(image.getpixel((240, 20)), RED)  # the left side is now on top
        assert near(image.getpixel((240, 780)), BLUE)
        assert ORIENTATION not in image.getexif()


def test_a_png_with_transparency_is_flattened_onto_white(storage):
    source = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    ImageDraw.Draw(source).rectangle((200, 100, 399, 299), fill=(*RED, 255))
    renditions = build_renditions(encode(source, "PNG"), storage=storage, base_name="logo")
    assert [(r.format, r.width, r.height) for r in renditions] == [
        ("webp", 480, 320),
        ("jpeg", 480, 320),
    ]
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert image.mode == "RGB"
        assert near(image.getpixel((5, 5)), WHITE, tolerance=8)  # not black
        assert near(image.getpixel((240, 160)), RED)


def test_a_palette_png_with_a_transparent_index_is_flattened_onto_white(storage):
    source = Image.new("P", (500, 300), 0)
    source.putpalette([0, 0, 0, *RED] + [0] * (256 - 2) * 3)
    ImageDraw.Draw(source).rectangle((200, 100, 299, 199), fill=1)
    buffer = encode(source, "PNG", transparency=0)
    assert Image.open(buffer).mode == "P"
    renditions = build_renditions(buffer, storage=storage, base_name="chart")
    image = reopen(storage, renditions[-1])
    assert near(image.getpixel((5, 5)), WHITE, tolerance=8)
    assert near(image.getpixel((240, 145)), RED)


def test_a_cmyk_jpeg_becomes_rgb_with_about_the_right_colours(storage):
    source = Image.new("CMYK", (600, 400), (0, 255, 255, 0))  # pure red in print terms
    buffer = encode(source)
    assert Image.open(buffer).mode == "CMYK"
    renditions = build_renditions(buffer, storage=storage, base_name="print")
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert image.mode == "RGB"
        assert near(image.getpixel((100, 100)), (255, 0, 0))


def test_an_animated_gif_gives_renditions_of_its_first_frame(storage):
    frames = [Image.new("RGB", (600, 300), color) for color in (RED, BLUE, GREEN)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    buffer.seek(0)
    assert Image.open(buffer).n_frames == 3
    renditions = build_renditions(buffer, storage=storage, base_name="anim")
    assert [(r.format, r.width, r.height) for r in renditions] == [
        ("webp", 480, 240),
        ("jpeg", 480, 240),
    ]
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert getattr(image, "n_frames", 1) == 1
        assert near(image.getpixel((100, 100)), RED)


def test_a_16_bit_greyscale_png_stays_grey_instead_of_turning_white(storage):
    source = Image.new("I;16", (500, 300), 32768)  # mid-grey on a 0..65535 scale
    renditions = build_renditions(encode(source, "PNG"), storage=storage, base_name="scan")
    assert near(reopen(storage, renditions[-1]).getpixel((10, 10)), (128, 128, 128), 10)


# build_renditions: nothing private leaves with the renditions -------------------------------


def test_gps_and_all_other_exif_are_stripped_from_renditions(storage):
    exif = exif_with(ARTIST="Асхат Сулейменов", IMAGE_DESCRIPTION="Астана")
    exif[GPS_IFD] = {1: "N", 2: (51.0, 10.0, 0.0), 3: "E", 4: (71.0, 26.0, 0.0)}
    source = encode(left_right((1000, 500)), exif=exif)
    assert Image.open(source).getexif().get_ifd(GPS_IFD)  # the original does have GPS

    renditions = build_renditions(source, storage=storage, base_name="secret")
    assert len(renditions) == 4
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert "exif" not in image.info
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        with storage.open(rendition.name) as file:
            raw = file.read()
        assert b"Exif" not in raw
        assert "Сулейменов".encode() not in raw


def test_iptc_xmp_comments_and_icc_profiles_are_not_copied_into_renditions(storage):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Sultanov</dc:creator></x:xmpmeta>'
    plain = jpeg((600, 400), xmp=xmp, comment="shot at a secret location", icc_profile=srgb)
    source = with_iptc(plain.getvalue(), iim(80, "Asqat Sultanov"), iim(120, "Secret caption"))
    opened = Image.open(source)
    assert {"xmp", "comment", "icc_profile", "photoshop"} <= set(opened.info)

    renditions = build_renditions(source, storage=storage, base_name="clean")
    for rendition in renditions:
        image = reopen(storage, rendition)
        assert not {"xmp", "comment", "icc_profile", "photoshop", "exif"} & set(image.info)
        assert near(image.getpixel((10, 10)), RED)
        with storage.open(rendition.name) as file:
            raw = file.read()
        for secret in (b"Sultanov", b"secret", b"Secret", b"8BIM"):
            assert secret not in raw
