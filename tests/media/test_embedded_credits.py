"""A photo's embedded caption and credit (EXIF, IPTC) are read, whatever state they are in."""

import io

import pytest
from PIL import Image

from articles.media.images import read_embedded_credits
from tests.factories import (
    ARTIST,
    IMAGE_DESCRIPTION,
    encode,
    exif_with,
    iim,
    jpeg,
    with_iptc,
)

def test_exif_artist_copyright_and_description_in_cyrillic_utf8_are_read():
    exif = exif_with(
        ARTIST="Асхат Сулейменов",
        COPYRIGHT="© Казинформ",
        IMAGE_DESCRIPTION="  Финансист Расул Рысмамбетов в Астане  ",
    )
    assert read_embedded_credits(jpeg(exif=exif)) == {
        "caption": "Финансист Расул Рысмамбетов в Астане",
        "credit": "Асхат Сулейменов / © Казинформ",
    }


def test_exif_written_in_cp1251_by_older_software_is_read_too():
    exif = Image.Exif()
    exif[ARTIST] = "Асхат Сулейменов".encode("cp1251")
    exif[IMAGE_DESCRIPTION] = "Астана, Дворец независимости".encode("cp1251")
    assert read_embedded_credits(jpeg(exif=exif)) == {
        "caption": "Астана, Дворец независимости",
        "credit": "Асхат Сулейменов",
    }


def test_iptc_caption_credit_and_copyright_are_read():
    source = with_iptc(
        jpeg().getvalue(),
        iim(120, "Президенты запустили Центр «Центральная Азия»"),
        iim(80, "Асхат Сулейменов"),
        iim(110, "Фото: А. Султанов"),
        iim(115, "Kazinform"),
        iim(116, "© Казинформ"),
    )
    assert read_embedded_credits(source) == {
        "caption": "Президенты запустили Центр «Центральная Азия»",
        "credit": "Фото: А. Султанов / © Казинформ",
    }


def test_the_iptc_byline_is_the_credit_when_there_is_no_iptc_credit():
    source = with_iptc(jpeg().getvalue(), iim(80, "Photo: A. Sultanov"), iim(116, "© Kazinform"))
    assert read_embedded_credits(source) == {"credit": "Photo: A. Sultanov / © Kazinform"}


def test_several_iptc_bylines_are_listed_together():
    source = with_iptc(jpeg().getvalue(), iim(80, "A. Sultanov"), iim(80, "D. Iskakova"))
    assert read_embedded_credits(source) == {"credit": "A. Sultanov, D. Iskakova"}


def test_iptc_wins_over_exif_for_both_caption_and_credit():
    exif = exif_with(ARTIST="Camera Owner", IMAGE_DESCRIPTION="Old caption")
    source = with_iptc(
        jpeg(exif=exif).getvalue(), iim(120, "Desk caption"), iim(110, "Desk credit")
    )
    assert read_embedded_credits(source) == {"caption": "Desk caption", "credit": "Desk credit"}


def test_exif_fills_in_what_iptc_lacks():
    exif = exif_with(ARTIST="Асхат Сулейменов", COPYRIGHT="Kazinform")
    source = with_iptc(jpeg(exif=exif).getvalue(), iim(120, "Подпись"))
    assert read_embedded_credits(source) == {
        "caption": "Подпись",
        "credit": "Асхат Сулейменов / Kazinform",
    }


def test_iptc_text_in_cp1251_is_decoded():
    source = with_iptc(
        jpeg().getvalue(),
        iim(120, "Подпись к фото".encode("cp1251")),
        iim(110, "Казинформ".encode("cp1251")),
    )
    assert read_embedded_credits(source) == {"caption": "Подпись к фото", "credit": "Казинформ"}


def test_a_copyright_notice_that_repeats_the_credit_is_not_added_twice():
    exif = exif_with(ARTIST="Kazinform", COPYRIGHT="© KAZINFORM")
    assert read_embedded_credits(jpeg(exif=exif)) == {"credit": "Kazinform"}


def test_a_copyright_notice_alone_is_the_credit():
    assert read_embedded_credits(jpeg(exif=exif_with(COPYRIGHT="© Kazinform"))) == {
        "credit": "© Kazinform"
    }


def test_the_iptc_source_is_the_credit_of_last_resort():
    source = with_iptc(jpeg().getvalue(), iim(115, "Kazinform"))
    assert read_embedded_credits(source) == {"credit": "Kazinform"}


def test_empty_blank_and_camera_placeholder_fields_are_left_out():
    exif = exif_with(IMAGE_DESCRIPTION="OLYMPUS DIGITAL CAMERA       ", ARTIST="   ")
    source = with_iptc(jpeg(exif=exif).getvalue(), iim(120, ""), iim(110, "  \x00 "))
    assert read_embedded_credits(source) == {}


def test_a_photo_without_metadata_gives_nothing():
    assert read_embedded_credits(jpeg()) == {}
    assert read_embedded_credits(encode(Image.new("RGB", (10, 10)), "PNG")) == {}


def test_damaged_iptc_keeps_the_records_before_the_damage():
    source = with_iptc(
        jpeg().getvalue(), iim(120, "Caption"), iim(110, "Credit"), b"\x00garbage\xff" * 3
    )
    assert read_embedded_credits(source) == {"caption": "Caption", "credit": "Credit"}


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not an image at all",
        b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\xff\xff\xff\xff",  # truncated EXIF
        b"\xff\xd8\xff\xed\x00\x20Photoshop 3.0\x008BIM\x04\x04\x00\x00\xff\xff\xff\xff",
    ],
)
def test_odd_or_broken_files_give_nothing_instead_of_an_error(content):
    assert read_embedded_credits(io.BytesIO(content)) == {}


def test_undecodable_junk_is_ignored():
    source = with_iptc(jpeg().getvalue(), iim(120, b"\x98\x98\x98"), iim(110, "Kazinform"))
    assert read_embedded_credits(source) == {"credit": "Kazinform"}
