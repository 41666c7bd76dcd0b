"""A gallery's changes reach readers at once, however they are written: its photos are in the
keys of the pages showing them, and adding, moving or removing one purges the piece's page."""

import pytest
from django.test import Client

from articles import services
from articles.models import GalleryPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


def keys_of(response) -> set[str]:
    return set(response["xkey"].split())


def cached(reader, url) -> str:
    """The page as the cache serves it (the second ask is a hit)."""
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response.text


@pytest.fixture
def piece(make_article, make_photo):
    article = make_article()
    for number, caption in enumerate(("Первое фото", "Второе фото"), start=1):
        GalleryPhoto.objects.create(
            article=article, photo=make_photo(caption_ru=caption), position=number
        )
    return article


def test_the_pages_keys_name_every_gallery_photo(reader, piece):
    keys = keys_of(reader.get(piece.get_absolute_url()))
    assert {f"photo:{row.photo_id}" for row in piece.gallery.all()} <= keys


def test_a_gallery_photos_new_caption_purges_the_page_showing_it(reader, piece):
    url = piece.get_absolute_url()
    cached(reader, url)
    photo = piece.gallery.get(position=2).photo
    photo.caption_ru = "Новая подпись второго"
    photo.save()
    assert "Новая подпись второго" in reader.get(url).text


def test_adding_moving_and_removing_gallery_photos_purge_the_pieces_page(reader, piece, make_photo):
    url = piece.get_absolute_url()
    cached(reader, url)
    GalleryPhoto.objects.create(article=piece, photo=make_photo(caption_ru="Третье"), position=3)
    page = reader.get(url).text
    assert "Третье" in page
    cached(reader, url)
    first = piece.gallery.get(position=1)
    first.position = 9
    first.save()
    page = reader.get(url).text
    assert page.index("Второе фото") < page.index("Первое фото")
    cached(reader, url)
    first.delete()
    assert "Первое фото" not in reader.get(url).text


def test_a_drafts_gallery_purges_nothing(reader, make_article, make_photo, piece):
    url = piece.get_absolute_url()
    cached(reader, url)
    draft = make_article(status="draft", published_at=None)
    GalleryPhoto.objects.create(article=draft, photo=make_photo())
    assert reader.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_follow_the_gallery(reader, piece, make_photo, kind):
    url = f"/ru/feed/{kind}/"
    reader.get(url)
    assert reader.get(url)["X-Page-Cache"] == "hit"
    photo = services.photo_save(photo=make_photo(caption_ru="Третье"))  # feeds list renditions
    GalleryPhoto.objects.create(article=piece, photo=photo, position=3)
    assert "Третье" in reader.get(url).text
