"""Fragments of pages kept by the versions of what they show (articles/cache/fragments.py).

A page rendered again from kept fragments must be the very page rendered from scratch, in
every edition, before and after every kind of edit; and it must still be purged by every
change of what its fragments show, although their rows were never loaded to render it.
"""

import itertools
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.cache import fragments
from articles.models import Article, Author, Byline, Correction, GalleryPhoto, Section, Tag
from tests.factories import image_upload

pytestmark = pytest.mark.django_db
_fresh = itertools.count(1)
EDITIONS = {"ru": "ru", "kk": "kk", "kk-latn": "kk", "en": "en"}
EMBEDDED = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def newsroom(make_article, make_photo):
    """A story in three languages with every part filled in, and pieces around it in the
    same section, on the same topic and by the same author, in each language."""
    economy = Section.objects.create(
        slug="economy", name_ru="Экономика", name_kk="Экономика", name_en="Economy"
    )
    politics = Section.objects.create(
        slug="politics", name_ru="Политика", name_kk="Саясат", name_en="Politics"
    )
    topic = Tag.objects.create(
        slug="central-asia", name_ru="Центральная Азия", name_kk="Орталық Азия",
        name_en="Central Asia",
    )  # fmt: skip
    other_topic = Tag.objects.create(slug="trade", name_ru="Торговля", name_kk="Сауда")
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    # Russian and Kazakh texts: the English pages show stand-ins marked with `lang`.
    photo = make_photo(caption_kk="Қаржыгер Расул Рысмамбетов", credit_kk="Ақорда",
                       alt_text_kk="Студиядағы ер адам")  # fmt: skip
    earlier = make_article(headline="Старт совместных проектов", section=economy,
                           published_at=timezone.now() - timedelta(days=2))  # fmt: skip
    pieces = {}
    story = None
    for language, headline in (("ru", "Центр «Центральная Азия» открыт"),
                               ("kk", "«Орталық Азия» орталығы ашылды"),
                               ("en", "The Central Asia centre opens")):  # fmt: skip
        piece = make_article(
            language=language, headline=headline, story=story, hero_photo=photo,
            section=economy, tags=[topic], earlier=earlier if language == "ru" else None,
            dateline="Астана", source="Агентство",
            published_at=timezone.now() - timedelta(hours=3),
            body=f"<p>Текст.</p><p>{EMBEDDED}</p>",  # its placeholder too, kept or not
        )  # fmt: skip
        story = piece.story
        Byline.objects.create(article=piece, author=author, role=Byline.Role.AUTHOR)
        if language == "kk":  # a gallery, in Kazakh: the Latin edition transliterates it
            for number, caption in enumerate(("Бірінші сурет", "Екінші сурет"), start=1):
                GalleryPhoto.objects.create(
                    article=piece, photo=make_photo(caption_kk=caption), position=number
                )
        pieces[language] = piece
        for number in range(5):  # neighbours: the related block, the lists, the feeds
            neighbour = make_article(
                language=language, headline=f"Соседняя новость {language} {number}",
                section=economy if number % 2 else politics, tags=[topic],
                hero_photo=make_photo() if number == 0 else None,
                published_at=timezone.now() - timedelta(hours=4 + number),
            )  # fmt: skip
            Byline.objects.create(article=neighbour, author=author)
    return {"pieces": pieces, "economy": economy, "politics": politics, "topic": topic,
            "other_topic": other_topic, "author": author, "photo": photo,
            "make_article": make_article, "make_photo": make_photo}  # fmt: skip


def urls(world, editions=EDITIONS) -> list[str]:
    """Every kind of page showing the story, in each edition."""
    author = world["author"].slug
    found = []
    for edition, language in editions.items():
        found += [
            f"/{edition}/",
            world["pieces"][language].url_in(edition),
            f"/{edition}/section/economy/",
            f"/{edition}/tag/central-asia/",
            f"/{edition}/author/{author}/",
            f"/{edition}/feed/rss/",
            f"/{edition}/section/economy/feed/atom/",
        ]
    return found


def fresh(reader, url: str):
    """The page rendered again (a miss of the page cache): its fragments may be kept."""
    return reader.get(f"{url}?fresh={next(_fresh)}")


def from_scratch(reader, url: str, settings):
    settings.NEWSROOM_FRAGMENT_CACHE = False
    try:
        return fresh(reader, url)
    finally:
        settings.NEWSROOM_FRAGMENT_CACHE = True


def warm(reader, pages) -> None:
    """Fragments kept, then each page kept as rendered from them."""
    for url in pages:
        fresh(reader, url)
        reader.get(url)


def assert_as_from_scratch(reader, pages, settings) -> dict[str, str]:
    seen = {}
    for url in pages:
        day = timezone.localdate()
        served, expected = reader.get(url), from_scratch(reader, url, settings)
        if timezone.localdate() != day:  # midnight fell between them: the home page's "latest"
            served, expected = reader.get(url), from_scratch(reader, url, settings)  # dates moved
        assert served.status_code == expected.status_code, url
        assert served.content == expected.content, url
        seen[url] = served.content.decode()
    return seen


# ---- each kind of edit ------------------------------------------------------------------


def edit_headline(world):
    piece = world["pieces"]["ru"]
    piece.headline = "Новый заголовок центра"
    piece.save()
    return [("/ru/", "Новый заголовок центра"), (piece.get_absolute_url(), "Новый заголовок")]


def edit_body(world):
    piece = world["pieces"]["kk"]
    piece.body = "<p>Жаңа мәтін.</p><p>https://t.me/akorda_press/1234</p>"
    piece.save()
    player = 'data-embed-src="https://t.me/akorda_press/1234?embed=1"'
    return [(piece.url_in("kk"), "Жаңа мәтін."), ("/kk/feed/rss/", "Жаңа мәтін."),
            (piece.url_in("kk"), player), (piece.url_in("kk-latn"), player),
            ("/kk/feed/rss/", "https://t.me/akorda_press/1234")]  # fmt: skip


def edit_photo(world):
    photo = world["photo"]
    photo.caption_ru, photo.credit_ru, photo.alt_text_ru = "Новая подпись", "Фото: агентство", "Зал"
    photo.save()
    piece = world["pieces"]["ru"]
    return [(piece.get_absolute_url(), "Новая подпись"), (piece.get_absolute_url(), 'alt="Зал"'),
            (piece.get_absolute_url(), "Фото: агентство")]  # fmt: skip


def edit_english_photo_texts(world):
    photo = world["photo"]
    photo.caption_en, photo.alt_text_en = "A new English caption", "A hall"
    photo.save()
    english = world["pieces"]["en"].url_in("en")
    return [(english, "A new English caption"), (english, 'alt="A hall" width')]


def edit_author_english_bio(world):
    author = world["author"]
    author.bio_en = "Writes about the economy."
    author.save()
    return [(f"/en/author/{author.slug}/", "Writes about the economy.")]


def edit_author_name(world):
    author = world["author"]
    author.name, author.name_latin = "Данира Искакова-Бек", "Danira Iskakova-Bek"
    author.save()
    return [(world["pieces"]["ru"].get_absolute_url(), "Искакова-Бек"),
            (world["pieces"]["en"].url_in("en"), "Iskakova-Bek")]  # fmt: skip


def edit_author_portrait(world):
    author = world["author"]
    author.portrait = image_upload("face.jpg")
    author.save()
    return [(world["pieces"]["ru"].get_absolute_url(), "byline__portrait")]


def rename_section(world):
    economy = world["economy"]
    economy.name_ru, economy.name_kk = "Деньги", "Ақша"
    economy.save()
    piece = world["pieces"]["ru"].get_absolute_url()
    return [("/ru/", "Деньги"), ("/kk/", "Ақша"), (piece, "Деньги")]


def rename_tag(world):
    topic = world["topic"]
    topic.name_ru = "Регион"
    topic.save()
    return [(world["pieces"]["ru"].get_absolute_url(), "Регион"), ("/ru/feed/rss/", "Регион")]


def add_byline(world):
    translator = Author.objects.create(name="Арман Сейтов")
    Byline.objects.create(article=world["pieces"]["ru"], author=translator,
                          role=Byline.Role.TRANSLATOR)  # fmt: skip
    return [(world["pieces"]["ru"].get_absolute_url(), "Арман Сейтов")]


def remove_byline(world):
    Byline.objects.filter(article=world["pieces"]["kk"]).delete()
    return []


def change_byline_role(world):
    byline = Byline.objects.get(article=world["pieces"]["ru"])
    byline.role = Byline.Role.PHOTOGRAPHER
    byline.save()
    return []


def add_tag(world):
    world["pieces"]["ru"].tags.add(world["other_topic"])
    return [(world["pieces"]["ru"].get_absolute_url(), "Торговля")]


def remove_tag(world):
    world["pieces"]["en"].tags.remove(world["topic"])
    return []


def add_correction(world):
    Correction.objects.create(article=world["pieces"]["ru"], text="Исправлена дата открытия.")
    return [(world["pieces"]["ru"].get_absolute_url(), "Исправлена дата открытия.")]


def add_gallery_photo(world):
    piece = world["pieces"]["ru"]
    photo = world["make_photo"](caption_ru="Фото для галереи")
    GalleryPhoto.objects.create(article=piece, photo=photo, position=1)
    return [(piece.get_absolute_url(), "Фото для галереи")]


def reorder_gallery(world):
    first = GalleryPhoto.objects.get(article=world["pieces"]["kk"], position=1)
    first.position = 3
    first.save()
    return [(world["pieces"]["kk"].url_in("kk-latn"), "gallery-2")]


def edit_gallery_photo_caption(world):
    photo = GalleryPhoto.objects.get(article=world["pieces"]["kk"], position=2).photo
    photo.caption_kk = "Жаңа сурет"
    photo.save()
    piece = world["pieces"]["kk"]
    return [(piece.url_in("kk"), "Жаңа сурет"), (piece.url_in("kk-latn"), "Jaña suret")]


def remove_gallery_photo(world):
    GalleryPhoto.objects.filter(article=world["pieces"]["kk"], position=1).delete()
    return []


def publish_another(world):
    for language in ("ru", "kk", "en"):
        world["make_article"](language=language, headline=f"Свежая новость {language}",
                              section=world["economy"], tags=[world["topic"]])  # fmt: skip
    return [("/ru/", "Свежая новость ru"), ("/kk-latn/", "Svejaia"),
            (world["pieces"]["en"].url_in("en"), "Свежая новость en")]  # fmt: skip


def withdraw(world):
    neighbour = Article.objects.get(headline="Соседняя новость ru 1")
    neighbour.status = Article.Status.WITHDRAWN
    neighbour.save()
    return []


def new_release(world, settings):
    settings.NEWSROOM_RELEASE = "next-release"
    return []


EDITS = [edit_headline, edit_body, edit_photo, edit_english_photo_texts,
         edit_author_english_bio, edit_author_name, edit_author_portrait,
         rename_section, rename_tag, add_byline, remove_byline, change_byline_role, add_tag,
         remove_tag, add_correction, add_gallery_photo, reorder_gallery,
         edit_gallery_photo_caption, remove_gallery_photo, publish_another, withdraw]  # fmt: skip


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_pages_from_kept_fragments_are_the_pages_rendered_from_scratch_after_each_edit(
    reader, newsroom, settings, edit
):
    pages = urls(newsroom)
    warm(reader, pages)
    assert_as_from_scratch(reader, pages, settings)
    expected = edit(newsroom)
    seen = assert_as_from_scratch(reader, pages, settings)
    for url, text in expected:
        assert text in seen[url], (url, text)


def test_a_withdrawn_piece_leaves_its_page_and_the_related_blocks_naming_it(
    reader, newsroom, settings
):
    piece = newsroom["pieces"]["ru"]
    pages = [piece.get_absolute_url(), "/ru/", "/ru/section/economy/"]
    warm(reader, pages)
    piece.status = Article.Status.WITHDRAWN
    piece.save()
    seen = assert_as_from_scratch(reader, pages, settings)
    assert reader.get(pages[0]).status_code == 404
    assert "Центр «Центральная Азия» открыт" not in seen["/ru/"]
    assert "Центр «Центральная Азия» открыт" not in seen["/ru/section/economy/"]


def test_a_new_release_renders_every_fragment_again(reader, newsroom, settings):
    pages = urls(newsroom, {"ru": "ru"})
    warm(reader, pages)
    with mock.patch.object(fragments.Batch, "keep", autospec=True) as keep:
        for url in pages:
            fresh(reader, url)
    assert keep.call_count == 0  # all kept
    new_release(newsroom, settings)
    with mock.patch.object(
        fragments.Batch, "keep", autospec=True, side_effect=fragments.Batch.keep
    ) as keep:
        for url in pages:
            assert fresh(reader, url).content == from_scratch(reader, url, settings).content
    assert keep.call_count > 20


# ---- keys and renders -------------------------------------------------------------------


def keys_of(response) -> set[str]:
    return set(response["xkey"].split())


def test_a_page_built_from_kept_fragments_records_every_key_it_shows(reader, newsroom, settings):
    for url in urls(newsroom):
        fresh(reader, url)  # keeps its fragments
        settings.NEWSROOM_FRAGMENT_CACHE = False
        read = keys_of(fresh(reader, url))
        settings.NEWSROOM_FRAGMENT_CACHE = True
        with mock.patch.object(fragments.Batch, "keep", autospec=True) as keep:
            replayed = keys_of(fresh(reader, url))
        assert keep.call_count == 0, url  # every fragment was kept
        assert read <= replayed, (url, read - replayed)


def test_a_home_page_after_one_publish_renders_only_the_new_pieces_cards(
    reader, newsroom, settings
):
    warm(reader, ["/ru/"])
    new = newsroom["make_article"](headline="Только что", section=newsroom["politics"])
    with mock.patch.object(
        fragments.Batch, "keep", autospec=True, side_effect=fragments.Batch.keep
    ) as keep:
        page = reader.get("/ru/").content.decode()
    assert "Только что" in page
    rendered = sorted(call.args[1] for call in keep.call_args_list)
    batch = keep.call_args.args[0]
    pushed = Article.objects.get(headline="Старт совместных проектов")
    # Its card as the lead and in its section's block, that block, and the card of the piece
    # it pushed from the list of links into the grid: nothing else.
    assert rendered == sorted([batch.key("card", new)] * 2 + [batch.key("card", pushed)]
                              + [batch.key("section-block", newsroom["politics"])])  # fmt: skip
    assert page.count('<article class="card') == 10


def test_a_scheduled_piece_enters_kept_related_blocks_when_it_falls_due(reader, newsroom):
    piece = newsroom["pieces"]["ru"]
    warm(reader, [piece.get_absolute_url()])
    due = timezone.now() + timedelta(hours=1)
    newsroom["make_article"](headline="Под эмбарго", tags=[newsroom["topic"]], published_at=due)
    assert "Под эмбарго" not in fresh(reader, piece.get_absolute_url()).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(minutes=1)):
        assert "Под эмбарго" in reader.get(piece.get_absolute_url()).content.decode()


def test_staff_and_previews_never_use_kept_fragments(reader, newsroom, editor_client):
    piece = newsroom["pieces"]["ru"]
    warm(reader, [piece.get_absolute_url()])
    Article.objects.filter(pk=piece.pk).update(headline="Черновая правка")  # no signal
    assert "Черновая правка" in editor_client.get(piece.get_absolute_url()).content.decode()


def test_fragments_switched_off_keep_nothing(reader, newsroom, settings):
    settings.NEWSROOM_FRAGMENT_CACHE = False
    with mock.patch.object(fragments.Batch, "keep", autospec=True) as keep:
        warm(reader, urls(newsroom, {"ru": "ru"}))
    assert keep.call_count == 0


# ---- queries ----------------------------------------------------------------------------

# A page-cache miss with its fragments kept: only what says which pieces a page lists.
# Article: the piece with its versions. Home: the latest, featured and breaking pieces (one
# query), the sections (each section's block is kept by its list). Lists: the section, tag or
# author, the page's pieces (with how many pages there are: NewsPaginator). Feed: its pieces.
WARM_MISS_QUERIES = {
    "article": 1, "home": 2, "section": 2, "tag": 2, "author": 2, "feed": 1,
}  # fmt: skip


def test_a_page_rendered_again_from_kept_fragments_runs_only_the_queries_of_its_lists(
    reader, newsroom
):
    pages = {
        "article": newsroom["pieces"]["ru"].get_absolute_url(),
        "home": "/ru/",
        "section": "/ru/section/economy/",
        "tag": "/ru/tag/central-asia/",
        "author": f"/ru/author/{newsroom['author'].slug}/",
        "feed": "/ru/feed/rss/",
    }
    for kind, url in pages.items():
        fresh(reader, url)
        with CaptureQueriesContext(connection) as ran:
            assert fresh(reader, url).status_code == 200
        assert len(ran) == WARM_MISS_QUERIES[kind], (kind, [q["sql"] for q in ran])


def test_a_cache_cleared_renders_everything_again(reader, newsroom, settings):
    piece = newsroom["pieces"]["ru"]
    warm(reader, [piece.get_absolute_url()])
    cache.clear()
    assert_as_from_scratch(reader, [piece.get_absolute_url()], settings)
