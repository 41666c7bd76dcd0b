"""Photos reach readers as responsive renditions, cropped around the editor's focal point."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles import services
from articles.models import Photo
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db


def upload(name="photo.jpg", size=(2000, 1000), exif=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (40, 90, 160))
    image.save(buffer, format="JPEG", exif=exif or Image.Exif())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def saved_photo(**fields) -> Photo:
    photo = Photo(credit_ru="Фото: агентство", alt_text_ru="Площадь в Астане", **fields)
    photo.image.save("astana.jpg", upload(), save=False)
    return services.photo_save(photo=photo)


def test_saving_a_photo_makes_webp_and_jpeg_renditions_at_several_widths(media_in_tmp):
    photo = saved_photo()
    widths = sorted({(r["format"], r["width"]) for r in photo.renditions})
    assert widths == [("jpeg", 480), ("jpeg", 960), ("jpeg", 1600),
                      ("webp", 480), ("webp", 960), ("webp", 1600)]  # fmt: skip
    for rendition in photo.renditions + photo.card_renditions:
        with Image.open(media_in_tmp / rendition["name"]) as image:
            assert image.format == rendition["format"].upper()
            assert image.size == (rendition["width"], rendition["height"])
    assert all(abs(r["width"] / r["height"] - 16 / 9) < 0.01 for r in photo.card_renditions)


def test_changing_the_focal_point_makes_new_card_crops(media_in_tmp):
    photo = saved_photo()
    before = [r["name"] for r in photo.card_renditions]
    photo.focal_x = 0.05
    services.photo_save(photo=photo)
    assert [r["name"] for r in photo.card_renditions] != before
    assert not any((media_in_tmp / name).exists() for name in before)  # old files removed


def test_readers_download_no_camera_gps(media_in_tmp):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 14.0, 0.0)}  # GPS IFD
    photo = Photo(credit_ru="x", alt_text_ru="y")
    photo.image.save("gps.jpg", upload(exif=exif), save=False)
    services.photo_save(photo=photo)
    for rendition in photo.renditions + photo.card_renditions:
        data = (media_in_tmp / rendition["name"]).read_bytes()
        assert b"Exif" not in data


def test_article_page_serves_srcset_sizes_and_dimensions(client, make_article, media_in_tmp):
    photo = saved_photo()
    article = make_article(hero_photo=photo)
    page = client.get(article.get_absolute_url()).text
    figure = page[page.index('class="story__hero"') :]
    assert '<source type="image/webp" srcset="' in figure
    assert " 1600w" in figure
    assert " 480w" in figure
    assert 'width="1600" height="800"' in figure
    assert 'loading="eager"' in figure  # the hero is above the fold
    assert 'alt="Площадь в Астане"' in figure


def test_cards_below_the_fold_load_lazily_with_their_crop(client, make_article, media_in_tmp):
    photo = saved_photo()
    for _ in range(8):
        make_article(hero_photo=photo)
    page = client.get("/ru/").text
    assert 'loading="lazy"' in page
    assert photo.card_renditions[0]["name"].split("/")[-1] in page


def test_upload_prefills_caption_and_credit_from_exif(editor_client):
    exif = Image.Exif()
    exif[0x010E] = "Финансист Расул Рысмамбетов".encode()
    exif[0x013B] = "Арман Сейтжанов".encode()
    exif[0x8298] = b"Kazinform"
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload("portrait.jpg", exif=exif), "caption_ru": "", "credit_ru": "",
         "alt_text_ru": "Портрет", "focal_x": "0.5", "focal_y": "0.3"},
    )  # fmt: skip
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.caption_ru == "Финансист Расул Рысмамбетов"
    assert "Арман Сейтжанов" in photo.credit_ru
    assert "Kazinform" in photo.credit_ru
    assert photo.renditions


def test_editor_text_wins_over_the_files_metadata(editor_client):
    exif = Image.Exif()
    exif[0x013B] = b"Camera Owner"
    editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload(exif=exif), "caption_ru": "Своя подпись", "credit_ru": "Фото: редакция",
         "alt_text_ru": "x", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    photo = Photo.objects.get()
    assert (photo.caption_ru, photo.credit_ru) == ("Своя подпись", "Фото: редакция")


def test_a_photo_without_credit_anywhere_is_refused_with_a_reason(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": SimpleUploadedFile("p.png", image_bytes("PNG"), "image/png"), "caption_ru": "",
         "credit_ru": "", "alt_text_ru": "x", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "the file does not tell" in response.text
    assert not Photo.objects.exists()


def test_photo_change_page_has_a_focal_point_picker(editor_client, media_in_tmp):
    photo = saved_photo()
    page = editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk])).text
    assert 'class="focal-picker"' in page
    assert "admin-focal-point.js" in page
