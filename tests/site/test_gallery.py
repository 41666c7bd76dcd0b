"""A piece's gallery as readers get it: every photo, in order, captioned in the piece's
language, without JavaScript; with its script only where there is a gallery; as JSON-LD."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import ngettext

from articles import services
from articles.models import GalleryPhoto

pytestmark = pytest.mark.django_db


def heading(count: int, language: str) -> str:
    with translation.override(language):
        return ngettext("Gallery (%(counter)s photo)", "Gallery (%(counter)s photos)", count) % {
            "counter": count
        }


def position(number: int, total: int, language: str) -> str:
    with translation.override(language):
        return translation.gettext("Photo %(number)s of %(total)s") % {
            "number": number,
            "total": total,
        }


def with_gallery(article, photos) -> list[GalleryPhoto]:
    return [
        GalleryPhoto.objects.create(article=article, photo=photo, position=number)
        for number, photo in enumerate(photos, start=1)
    ]


def gallery_html(page: str) -> str:
    return page[page.index('<section class="gallery"') : page.index("</section>")]


def test_a_gallery_shows_every_photo_in_the_order_of_its_numbers(client, make_article, make_photo):
    piece = make_article()
    first, second, third = (make_photo(caption_ru=f"Подпись {n}") for n in (1, 2, 3))
    GalleryPhoto.objects.create(article=piece, photo=third, position=3)
    GalleryPhoto.objects.create(article=piece, photo=first, position=1)
    GalleryPhoto.objects.create(article=piece, photo=second, position=2)
    page = client.get(piece.get_absolute_url()).text
    gallery = gallery_html(page)
    assert 'aria-labelledby="gallery-title"' in gallery
    assert f'id="gallery-title">{heading(3, "ru")}</h2>' in gallery
    assert gallery.index("Подпись 1") < gallery.index("Подпись 2") < gallery.index("Подпись 3")
    for number in (1, 2, 3):
        assert f'id="gallery-{number}"' in gallery
        assert position(number, 3, "ru") in gallery
    # Without JavaScript every photo is in the flow: nothing hidden but the carousel's buttons.
    assert gallery.count("<figure") == 3
    assert gallery.count(" hidden") == 1
    assert "gallery__controls" in gallery
    assert gallery.count("Фото: facebook.com/rassul.rysmambetov") == 3


def test_gallery_photos_have_renditions_and_load_lazily_after_the_hero_photo(
    client, make_article, make_photo
):
    photos = [services.photo_save(photo=make_photo()) for _ in range(2)]
    piece = make_article(hero_photo=make_photo())
    with_gallery(piece, photos)
    gallery = gallery_html(client.get(piece.get_absolute_url()).text)
    assert gallery.count("<picture>") == 2
    assert gallery.count('type="image/webp" srcset="') == 2
    assert gallery.count('loading="lazy"') == 2
    assert 'alt="Мужчина в костюме говорит в студии"' in gallery
    # Without a hero photo, the gallery's first photo is the piece's first picture: not lazy.
    alone = make_article()
    with_gallery(alone, photos)
    gallery = gallery_html(client.get(alone.get_absolute_url()).text)
    assert gallery.count('loading="eager"') == 1
    assert gallery.index('loading="eager"') < gallery.index('loading="lazy"')


def test_captions_are_the_pieces_language_or_none_and_credits_say_their_language(
    client, make_article, make_photo
):
    russian_only = make_photo(caption_ru="Зал заседаний", credit_ru="Фото: Акорда")
    english_too = make_photo(caption_en="The summit hall", credit_en="Akorda")
    overridden = make_photo(caption_en="Own caption")
    piece = make_article(language="en", headline="The summit opens")
    with_gallery(piece, [russian_only, english_too, overridden])
    GalleryPhoto.objects.filter(photo=overridden).update(caption="Caption for this story")
    gallery = gallery_html(client.get(piece.get_absolute_url()).text)
    assert "Зал заседаний" not in gallery  # never another language's caption passed off
    assert 'Photo: <span lang="ru">Акорда</span>' in gallery  # a stand-in credit, marked
    assert "The summit hall" in gallery
    assert "Photo: Akorda" in gallery
    assert "Caption for this story" in gallery
    assert "Own caption" not in gallery
    assert 'lang="ru">' in gallery  # the alt text's stand-in too (only Russian written)


def test_the_gallery_script_is_loaded_only_by_pages_with_a_gallery(
    client, make_article, make_photo
):
    plain, with_photos = make_article(), make_article()
    with_gallery(with_photos, [make_photo(), make_photo()])
    response = client.get(with_photos.get_absolute_url())
    assert re.search(r'<script src="/static/newsroom/gallery[^"]*\.js" defer></script>',
                     response.text)  # fmt: skip
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    response = client.get(plain.get_absolute_url())
    assert "gallery" not in response.text


def test_the_article_page_reads_a_gallery_of_12_photos_in_one_query(
    client, make_article, make_photo, settings
):
    photos = [make_photo() for _ in range(12)]
    plain, piece = make_article(), make_article()
    with_gallery(piece, photos)
    counts = {}
    for name, article in (("plain", plain), ("gallery", piece)):
        settings.NEWSROOM_RELEASE = f"cold-{name}"  # no fragment kept
        with CaptureQueriesContext(connection) as ran:
            page = client.get(article.get_absolute_url()).text
        counts[name] = len(ran)
    assert page.count("<figure") == 12
    # The piece with its versions (and whether it has a gallery), its bylines, tags and
    # corrections, related pieces, sections; and the gallery with its photos: one more.
    assert counts == {"plain": 5, "gallery": 6}


def test_the_gallery_is_an_image_gallery_in_the_pieces_json_ld(client, make_article, make_photo):
    rendered = services.photo_save(photo=make_photo(caption_ru="Делегации в зале"))
    piece = make_article(hero_photo=make_photo())
    with_gallery(piece, [rendered, make_photo(caption_ru="")])
    page = client.get(piece.get_absolute_url()).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["image"]["@type"] == "ImageObject"  # the hero photo stays the piece's image
    gallery = data["hasPart"]
    assert gallery["@type"] == "ImageGallery"
    assert gallery["@id"] == f"https://news.example.kz{piece.get_absolute_url()}#gallery"
    assert gallery["name"] == heading(2, "ru")
    first, second = gallery["associatedMedia"]
    assert (first["@type"], first["position"], second["position"]) == ("ImageObject", 1, 2)
    assert first["contentUrl"].startswith("https://news.example.kz/media/renditions/")
    assert (first["width"], first["height"]) == (64, 48)
    assert first["caption"] == "Делегации в зале"
    assert first["creditText"] == "Фото: facebook.com/rassul.rysmambetov"
    assert first["creator"] == {"@type": "Person", "name": "facebook.com/rassul.rysmambetov"}
    # No caption in the piece's language: the alt text describes it instead.
    assert second["caption"] == "Мужчина в костюме говорит в студии"


def test_the_latin_edition_writes_gallery_captions_in_latin_letters(
    client, make_article, make_photo
):
    photo = make_photo(caption_kk="Қазақстан делегациясы", credit_kk="Ақорда",
                       alt_text_kk="Үлкен зал")  # fmt: skip
    piece = make_article(language="kk", headline="Саммит ашылды")
    with_gallery(piece, [photo, make_photo(caption_kk="Екінші сурет")])
    page = client.get(piece.url_in("kk-latn")).text
    gallery = gallery_html(page)
    assert "Qazaqstan delegatsiiasy" in gallery
    assert "Qazaqstan" in gallery
    assert "Қазақстан" not in gallery
    assert 'alt="Ülken zal"' in gallery
    assert "Aqorda" in gallery
    assert "Ekınşı suret" in gallery


def test_a_gallery_shows_in_the_desks_preview_of_a_draft(editor_client, make_article, make_photo):
    draft = make_article(status="draft", published_at=None)
    with_gallery(draft, [make_photo(caption_ru="Черновая подпись")])
    page = editor_client.get(f"/admin/articles/article/{draft.pk}/preview/").text
    assert "Черновая подпись" in page
    assert "newsroom/gallery" in page
