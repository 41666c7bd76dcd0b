"""Feeds and partners get every photo of a piece: the hero photo, then the gallery's in order,
each with its caption, alt text and credit in the piece's language."""

import feedparser
import pytest

from articles import services
from articles.models import GalleryPhoto
from tests.distribution.conftest import detail, items
from tests.distribution.test_ninjs import VALIDATOR

pytestmark = pytest.mark.django_db
BASE = "https://news.example.kz"


@pytest.fixture
def piece(make_article, make_photo):
    hero = services.photo_save(photo=make_photo(caption_ru="Главное фото"))
    article = make_article(hero_photo=hero, headline="Саммит в Астане")
    captions = ["Второе фото", "Первое фото"]
    for position, caption in zip((2, 1), captions, strict=True):
        photo = services.photo_save(
            photo=make_photo(caption_ru=caption, credit_ru="ТАСС", alt_text_ru=f"Зал: {caption}")
        )
        GalleryPhoto.objects.create(article=article, photo=photo, position=position)
    return article


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_media_rss_lists_the_hero_photo_then_the_gallery_in_order(client, piece, kind):
    response = client.get(f"/ru/feed/{kind}/")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    [entry] = [e for e in parsed.entries if e.title == "Саммит в Астане"]
    media = entry.media_content
    assert len(media) == 3
    assert all(m["url"].startswith(f"{BASE}/media/renditions/") for m in media)
    assert [m["medium"] for m in media] == ["image"] * 3
    text = response.content.decode()
    start = text.index("Саммит в Астане")
    item = text[start : text.index("</item>" if kind == "rss" else "</entry>", start)]
    assert item.index("Главное фото") < item.index("Первое фото") < item.index("Второе фото")
    assert '<media:title type="plain">Зал: Первое фото</media:title>' in item
    assert '<media:description type="plain">Первое фото</media:description>' in item
    assert item.count('<media:credit role="photographer">Фото: ТАСС</media:credit>') == 2
    if kind == "rss":
        assert len(entry.enclosures) == 1  # RSS has one enclosure: the hero photo


def test_the_latin_editions_feed_writes_gallery_texts_in_latin(client, make_article, make_photo):
    piece = make_article(language="kk", headline="Саммит")
    photo = services.photo_save(
        photo=make_photo(
            caption_kk="Қазақстан делегациясы", credit_kk="Ақорда", alt_text_kk="Үлкен зал"
        )  # fmt: skip
    )
    GalleryPhoto.objects.create(article=piece, photo=photo, position=1)
    text = client.get("/kk-latn/feed/rss/").content.decode()
    assert "Qazaqstan delegatsiiasy" in text
    assert "Ülken zal" in text
    assert "Aqorda" in text


def test_ninjs_associates_the_hero_photo_and_each_gallery_photo(api, piece):
    item = api.get(detail(piece)).json()
    VALIDATOR.validate(item)
    assert item["profile"] == "text-photo"
    hero, first, second = item["associations"]
    assert (hero["name"], hero["rel"]) == ("hero", "hero")
    assert [(a["name"], a["rel"]) for a in (first, second)] == [
        ("gallery-1", "gallery"),
        ("gallery-2", "gallery"),
    ]
    assert first["descriptions"][0] == {
        "role": "caption", "contentType": "text/plain", "value": "Первое фото"
    }  # fmt: skip
    assert first["by"] == "Фото: ТАСС"
    assert first["uri"].startswith("urn:newsroom:photo:")
    assert {r["contentType"] for r in first["renditions"]} == {"image/webp", "image/jpeg"}
    listed = next(i for i in items(api) if i["uri"] == item["uri"])
    assert listed["associations"] == item["associations"]


def test_a_gallery_alone_makes_a_text_photo_item(api, make_article, make_photo):
    piece = make_article()
    GalleryPhoto.objects.create(article=piece, photo=services.photo_save(photo=make_photo()))
    item = api.get(detail(piece)).json()
    VALIDATOR.validate(item)
    assert item["profile"] == "text-photo"
    assert [a["rel"] for a in item["associations"]] == ["gallery"]
