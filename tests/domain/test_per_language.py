"""People and photos speak the reader's language: an author's position and biography, a
photo's caption, credit and alt text are written per language (articles/models/languages.py).

Readers never get another language's text passed off as theirs: a missing caption, position
or biography is left out; a credit or alt text that only another language has is shown marked
with `lang`. The desk sees every gap: the admin lists the missing languages, "Translate into"
and the article's form name what is still in the source language or missing.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from articles import services
from articles.models import Article, Author, Byline, Photo
from articles.text.links import slug_url
from tests.factories import image_upload

pytestmark = pytest.mark.django_db

EVERY_LANGUAGE = {
    "caption_ru": "Финансист Расул Рысмамбетов",
    "caption_kk": "Қаржыгер Расул Рысмамбетов",
    "caption_en": "Financier Rassul Rysmambetov",
    "credit_ru": "пресс-служба Акорды",
    "credit_kk": "Ақорданың баспасөз қызметі",
    "credit_en": "Akorda press service",
    "alt_text_ru": "Мужчина говорит в студии",
    "alt_text_kk": "Студияда сөйлеп тұрған ер адам",
    "alt_text_en": "A man speaking in a studio",
}


@pytest.fixture
def reader():
    return Client()


def figure(page: str) -> str:
    """The hero figure of an article page: picture, caption, credit."""
    return page[page.index('<figure class="story__hero">') : page.index("</figure>")]


def pieces_with(photo: Photo, make_article) -> dict[str, Article]:
    """The piece in Russian, Kazakh and English, each with `photo` as its hero."""
    russian = make_article(language="ru", headline="Центр открыт", hero_photo=photo)
    kazakh = make_article(language="kk", headline="Орталық ашылды", hero_photo=photo,
                          story=russian.story)  # fmt: skip
    english = make_article(language="en", headline="Centre opens", hero_photo=photo,
                           story=russian.story)  # fmt: skip
    return {"ru": russian, "kk": kazakh, "en": english}


# ---- readers ---------------------------------------------------------------------------


def test_each_edition_shows_the_photos_caption_credit_and_alt_text_in_its_language(
    reader, make_photo, make_article
):
    pieces = pieces_with(make_photo(**EVERY_LANGUAGE), make_article)

    russian = figure(reader.get(pieces["ru"].url_in("ru")).text)
    kazakh = figure(reader.get(pieces["kk"].url_in("kk")).text)
    latin = figure(reader.get(pieces["kk"].url_in("kk-latn")).text)
    english = figure(reader.get(pieces["en"].url_in("en")).text)

    assert 'alt="Мужчина говорит в студии"' in russian
    assert "Финансист Расул Рысмамбетов" in russian
    assert "Фото: пресс-служба Акорды" in russian
    assert 'alt="Студияда сөйлеп тұрған ер адам"' in kazakh
    assert "Қаржыгер Расул Рысмамбетов" in kazakh
    assert "Сурет: Ақорданың баспасөз қызметі" in kazakh
    assert 'alt="Studiiada söilep tūrğan er adam"' in latin  # the Kazakh, in Latin letters
    assert "Qarjyger Rasul Rysmambetov" in latin
    assert "Suret: Aqordanyñ baspasöz qyzmetı" in latin
    assert 'alt="A man speaking in a studio"' in english
    assert "Financier Rassul Rysmambetov" in english
    assert "Photo: Akorda press service" in english
    for page in (russian, kazakh, english):
        assert " lang=" not in page  # nothing stands in for another language


def test_an_english_page_shows_no_russian_caption_and_marks_the_russian_credit_and_alt(
    reader, make_photo, make_article
):
    photo = make_photo(caption_ru="Финансист Расул Рысмамбетов", credit_ru="Фото: ТАСС",
                       alt_text_ru="Мужчина говорит в студии")  # fmt: skip
    english = figure(reader.get(pieces_with(photo, make_article)["en"].url_in("en")).text)

    assert "Финансист" not in english  # no caption rather than a Russian one
    assert "story__caption" not in english
    assert re.search(r'alt="Мужчина говорит в студии" lang="ru"', english)
    assert 'Photo: <span lang="ru">ТАСС</span>' in english  # the English label, not «Фото:»


def test_a_piece_with_its_own_caption_shows_it_whatever_the_photo_has(
    reader, make_photo, make_article
):
    photo = make_photo(caption_ru="Подпись фотобанка")
    piece = make_article(language="en", headline="Centre opens", hero_photo=photo,
                         hero_caption="The centre's opening in Astana")  # fmt: skip

    page = figure(reader.get(piece.get_absolute_url()).text)

    assert "The centre&#x27;s opening in Astana" in page
    assert "Подпись фотобанка" not in page


def test_author_pages_show_position_and_biography_in_each_editions_language(reader):
    author = Author.objects.create(
        name="Данира Искакова", name_latin="Danira Iskakova",
        title_ru="Корреспондент в Астане", title_kk="Астанадағы тілші",
        title_en="Correspondent in Astana",
        bio_ru="Пишет об экономике.", bio_kk="Экономика туралы жазады.",
        bio_en="Writes about the economy.",
    )  # fmt: skip
    url = {code: slug_url("articles:author", author.slug, code)
           for code in ("ru", "kk", "kk-latn", "en")}  # fmt: skip

    assert "Корреспондент в Астане" in reader.get(url["ru"]).text
    assert "Пишет об экономике." in reader.get(url["ru"]).text
    kazakh = reader.get(url["kk"]).text
    assert "Астанадағы тілші" in kazakh
    assert "Экономика туралы жазады." in kazakh
    assert "Корреспондент" not in kazakh
    latin = reader.get(url["kk-latn"]).text
    assert "Astanadağy tılşı" in latin
    assert "Ekonomika turaly jazady." in latin
    english = reader.get(url["en"]).text
    assert "Correspondent in Astana" in english
    assert "Writes about the economy." in english
    assert "Пишет" not in english


def test_an_author_page_without_that_languages_biography_leaves_it_out(reader):
    author = Author.objects.create(name="Ольга Белова", name_latin="Olga Belova",
                                   title_ru="Выпускающий редактор",
                                   bio_ru="Отвечает за выпуск новостей.")  # fmt: skip
    english = reader.get(slug_url("articles:author", author.slug, "en")).text

    assert "Olga Belova" in english
    assert "Выпускающий редактор" not in english
    assert "Отвечает за выпуск" not in english
    assert "author-card__bio" not in english


# ---- the credit label --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "language", "printed"),
    [
        ({"credit_ru": "ТАСС"}, "ru", "Фото: ТАСС"),
        ({"credit_kk": "ҚазАқпарат"}, "kk", "Сурет: ҚазАқпарат"),
        ({"credit_en": "Reuters"}, "en", "Photo: Reuters"),
        ({"credit_ru": "Фото: ТАСС"}, "ru", "Фото: ТАСС"),  # carries its label: kept
        ({"credit_ru": "фото пресс-службы Акорды"}, "ru", "фото пресс-службы Акорды"),
        ({"credit_en": "Photo by Reuters"}, "en", "Photo by Reuters"),
        ({"credit_kk": "Сурет: Ақорда"}, "kk", "Сурет: Ақорда"),
        ({"credit_ru": "Фото: ТАСС"}, "en", "Photo: ТАСС"),  # another language's label: ours
        ({"credit_ru": "ТАСС"}, "kk-latn", "Сурет: ТАСС"),  # the Latin edition shows Kazakh
    ],
)
def test_a_credit_is_labelled_in_the_pages_language_unless_it_carries_a_label(
    stored, language, printed
):
    assert Photo(**stored).credit_line(language) == printed


def test_feeds_and_structured_data_credit_the_photo_in_the_pieces_language(
    reader, make_photo, make_article
):
    photo = make_photo(caption_ru="Подпись", credit_ru="ТАСС", credit_en="TASS")
    services.photo_save(photo=photo)  # renditions: what feeds offer
    english = pieces_with(photo, make_article)["en"]

    page = reader.get(english.get_absolute_url()).text

    assert '"creditText": "Photo: TASS"' in page
    assert "Подпись" not in page  # no Russian caption, in the page or its JSON-LD
    assert "Photo: TASS" in reader.get("/en/feed/rss/").text


# ---- the desk ----------------------------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_translate_into_lists_every_field_still_in_the_source_language(
    desk_client, make_article, make_photo
):
    author = Author.objects.create(
        name="Данира Искакова", title_ru="Корреспондент", bio_ru="Пишет об экономике.",
        title_en="Correspondent",
    )  # fmt: skip
    photo = make_photo(caption_ru="Подпись", credit_ru="ТАСС", alt_text_ru="Зал",
                       credit_en="TASS")  # fmt: skip
    original = make_article(headline="Центр открыт", dateline="Астана", hero_photo=photo,
                            source="Телеканал; передаёт корреспондент агентства",
                            hero_caption="Подпись к этой новости")  # fmt: skip
    Byline.objects.create(article=original, author=author)

    response = desk_client.post(
        reverse("admin:articles_article_translate", args=[original.pk, "en"]), follow=True
    )

    notes = " ".join(messages_of(response))
    copied = re.search(r"Copied from the “Russian” version and not yet translated: ([^.]+)\.",
                       notes).group(1)  # fmt: skip
    assert copied.split(", ") == ["headline", "lead", "body", "dateline", "source line",
                                  "caption for this story"]  # fmt: skip
    assert "The hero photo has no alternative text in this piece's language (English)" in notes
    assert "Данира Искакова has no biography in this piece's language (English)" in notes
    # Listed once: the form the button opens does not repeat them.
    assert notes.count("Copied from") == 1


def test_the_original_is_never_called_a_copy_of_its_translation(desk_client, make_article):
    original = make_article(headline="Центр открыт", dateline="Астана")
    desk_client.post(reverse("admin:articles_article_translate", args=[original.pk, "kk"]))
    translation = Article.objects.get(story=original.story, language="kk")

    def notes(piece) -> str:
        change = reverse("admin:articles_article_change", args=[piece.pk])
        return " ".join(messages_of(desk_client.get(change)))

    assert "Copied from the “Russian” version" in notes(translation)
    assert "Copied from" not in notes(original)  # it is the source, not a copy


def test_the_article_form_warns_while_its_photo_or_authors_lack_its_language(
    desk_client, make_article, make_photo
):
    author = Author.objects.create(name="Данира Искакова", title_ru="Корреспондент")
    photo = make_photo()  # Russian only
    piece = make_article(language="kk", headline="Орталық ашылды", hero_photo=photo)
    Byline.objects.create(article=piece, author=author)
    change = reverse("admin:articles_article_change", args=[piece.pk])

    notes = " ".join(messages_of(desk_client.get(change)))
    assert "The hero photo has no caption, credit, alternative text in this piece's " \
           "language (Kazakh)" in notes  # fmt: skip
    assert "Данира Искакова has no position, biography in this piece's language" in notes

    Photo.objects.filter(pk=photo.pk).update(caption_kk="Қол", credit_kk="ТАСС",
                                             alt_text_kk="Зал")  # fmt: skip
    Author.objects.filter(pk=author.pk).update(title_kk="Тілші", bio_kk="Экономика.")
    assert messages_of(desk_client.get(change)) == []


def test_the_photo_form_saves_each_languages_texts(desk_client):
    response = desk_client.post(
        reverse("admin:articles_photo_add"),
        {"image": image_upload(), "focal_x": "0.5", "focal_y": "0.5", **EVERY_LANGUAGE},
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    photo = Photo.objects.get()
    assert {name: getattr(photo, name) for name in EVERY_LANGUAGE} == EVERY_LANGUAGE


def test_a_photo_needs_a_credit_and_alt_text_in_one_language_at_least(desk_client):
    response = desk_client.post(
        reverse("admin:articles_photo_add"),
        {"image": image_upload(), "focal_x": "0.5", "focal_y": "0.5", "caption_en": "A hall"},
    )

    assert response.status_code == 200
    assert not Photo.objects.exists()
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"credit_ru", "alt_text_ru"}

    response = desk_client.post(
        reverse("admin:articles_photo_add"),
        {"image": image_upload(), "focal_x": "0.5", "focal_y": "0.5",
         "credit_en": "Reuters", "alt_text_en": "A hall"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Photo.objects.get().credit_line("en") == "Photo: Reuters"


def test_the_author_form_saves_each_languages_position_and_biography(desk_client):
    texts = {"title_ru": "Корреспондент", "title_kk": "Тілші", "title_en": "Correspondent",
             "bio_ru": "Пишет.", "bio_kk": "Жазады.", "bio_en": "Writes."}  # fmt: skip
    response = desk_client.post(
        reverse("admin:articles_author_add"),
        {"name": "Данира Искакова", "name_latin": "", "slug": "", "user": "", **texts},
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    author = Author.objects.get()
    assert {name: getattr(author, name) for name in texts} == texts


def test_the_desks_lists_mark_the_languages_a_photo_or_author_is_missing(desk_client, make_photo):
    complete = make_photo(**EVERY_LANGUAGE)
    russian_only = make_photo(caption_ru="Только по-русски")
    Author.objects.create(name="Ольга Белова", title_ru="Редактор", bio_ru="Пишет.",
                          title_en="Editor")  # fmt: skip

    photos = desk_client.get(reverse("admin:articles_photo_changelist")).text
    assert photos.count('class="missing-languages">Kazakh, English<') == 1
    missing_english = desk_client.get(reverse("admin:articles_photo_changelist"),
                                      {"missing": "en"}).text  # fmt: skip
    assert f"/photo/{russian_only.pk}/change/" in missing_english
    assert f"/photo/{complete.pk}/change/" not in missing_english
    authors = desk_client.get(reverse("admin:articles_author_changelist")).text
    assert 'class="missing-languages">Kazakh, English<' in authors


# ---- caches ------------------------------------------------------------------------------


def test_an_english_caption_edit_purges_the_english_page_showing_that_photo(
    reader, make_photo, make_article
):
    photo = make_photo(caption_en="An old caption")
    english = pieces_with(photo, make_article)["en"]
    assert "An old caption" in reader.get(english.get_absolute_url()).text

    photo.caption_en = "A new caption"
    services.photo_save(photo=photo)

    page = reader.get(english.get_absolute_url()).text
    assert "A new caption" in page
    assert "An old caption" not in page


# ---- the migration -----------------------------------------------------------------------


@pytest.fixture
def migrated_back_to_latest():
    """The test moves the schema back in time; the tests after it need today's schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_back_to_latest")
def test_the_migration_moves_each_stored_value_into_its_languages_column():
    before = [("articles", "0019_latin_edition_search")]
    after = [("articles", "0020_per_language_people_and_photos")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldPhoto, OldAuthor = old.get_model("articles", "Photo"), old.get_model("articles", "Author")
    OldArticle = old.get_model("articles", "Article")
    OldStory = old.get_model("articles", "Story")

    def old_photo(name, caption, credit, alt_text):
        return OldPhoto.objects.create(
            image=f"photos/{name}.jpg", width=1, height=1, caption=caption, credit=credit,
            alt_text=alt_text,
        )  # fmt: skip

    russian = old_photo("a", "Финансист", "Фото: ТАСС", "Мужчина в студии")
    kazakh = old_photo("b", "Қаржыгер", "Сурет: Ақорда", "Студиядағы ер адам")
    english = old_photo("c", "A financier", "Photo: Reuters", "A man")
    # Cyrillic without Kazakh letters, used only by a Kazakh piece: Kazakh.
    used_in_kazakh = old_photo("d", "Астана", "Арман", "Астана")
    story = OldStory.objects.create(working_title="x")
    OldArticle.objects.create(story=story, language="kk", headline="x", slug="x", lead="x",
                              hero_photo=used_in_kazakh)  # fmt: skip
    author = OldAuthor.objects.create(name="Данира", slug="danira", title="Корреспондент",
                                      bio="Пишет об экономике.")  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Photo_, Author_ = new.get_model("articles", "Photo"), new.get_model("articles", "Author")

    def texts(model, pk, fields):
        return {k: v for k, v in model.objects.filter(pk=pk).values(*fields).get().items() if v}

    fields = [f"{f}_{c}" for f in ("caption", "credit", "alt_text") for c in ("ru", "kk", "en")]
    assert texts(Photo_, russian.pk, fields) == {
        "caption_ru": "Финансист",
        "credit_ru": "Фото: ТАСС",
        "alt_text_ru": "Мужчина в студии",
    }
    assert texts(Photo_, kazakh.pk, fields) == {
        "caption_kk": "Қаржыгер",
        "credit_kk": "Сурет: Ақорда",
        "alt_text_kk": "Студиядағы ер адам",
    }
    assert texts(Photo_, english.pk, fields) == {
        "caption_en": "A financier",
        "credit_en": "Photo: Reuters",
        "alt_text_en": "A man",
    }
    assert texts(Photo_, used_in_kazakh.pk, fields) == {
        "caption_kk": "Астана",
        "credit_kk": "Арман",
        "alt_text_kk": "Астана",
    }
    assert texts(Author_, author.pk, ["title_ru", "title_kk", "title_en", "bio_ru", "bio_en"]) \
        == {"title_ru": "Корреспондент", "bio_ru": "Пишет об экономике."}  # fmt: skip


@pytest.mark.parametrize(
    ("source", "target", "dateline", "listed"),
    [
        ("ru", "kk", "Костанай", True),  # Kazakh writes Қостанай
        ("ru", "kk", "Бишкек", True),  # Бішкек
        ("kk", "ru", "Қостанай", True),  # Russian writes Костанай
        ("ru", "kk", "Астана", False),  # written alike
        ("ru", "kk", "Алматы — Астана", False),
        ("kk", "ru", "Шымкент", False),
        ("ru", "kk", "Астана — Караганда", True),  # one place of two is not alike
        ("ru", "en", "Астана", True),  # English writes Astana
    ],
)
def test_a_dateline_copied_as_it_was_is_listed_unless_both_languages_spell_it_so(
    make_article, source, target, dateline, listed
):
    from articles.desk.language_gaps import untranslated_fields

    original = make_article(language=source, headline="Центр открыт", dateline=dateline)
    translation = make_article(
        language=target,
        story=original.story,
        headline="Other",
        lead="Other lead",
        body="<p>Other.</p>",
        dateline=dateline,
    )
    assert ("dateline" in untranslated_fields(translation).get(source, [])) is listed
