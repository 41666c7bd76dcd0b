"""Kazakh, Russian and English: a whole site per language, linked translations, Latin Kazakh."""

import json
import re
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Author, Byline, Section, SlugRedirect
from tests.factories import article_form, posted_from

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(datetime(2025, 11, 16, 14, 30))


@pytest.fixture
def story(make_article):
    """The reference story in Russian and Kazakh; the English version is still a draft."""
    russian = make_article(language="ru", headline="Центр «Центральная Азия» открыт",
                           published_at=NOON)  # fmt: skip
    kazakh = make_article(
        language="kk",
        headline="«Орталық Азия» орталығы ашылды",
        lead="Қазақстан мен Өзбекстан президенттері орталықты іске қосты.",
        story=russian.story,
        published_at=NOON,
    )
    english = make_article(
        language="en",
        headline="Central Asia centre opens",
        story=russian.story,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    return {"ru": russian, "kk": kazakh, "en": english}


@pytest.mark.parametrize(
    ("accept", "home"),
    [("kk-KZ,kk;q=0.9", "/kk/"), ("en-US,en;q=0.8", "/en/"), ("ru", "/ru/"), ("de-DE", "/ru/"),
     ("", "/ru/")],
)  # fmt: skip
def test_root_sends_readers_to_their_browsers_language_or_russian(client, accept, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == home


def test_each_language_lists_only_its_own_pieces(client, story):
    kazakh_home = client.get("/kk/").text
    assert "«Орталық Азия» орталығы ашылды" in kazakh_home
    assert "Центр «Центральная Азия» открыт" not in kazakh_home
    assert "Central Asia centre opens" not in client.get("/en/").text  # a draft


def test_switcher_goes_to_the_translation_or_to_that_languages_home(client, story):
    page = client.get(story["ru"].get_absolute_url()).text
    switcher = page[page.index('class="languages"') : page.index("</nav>")]
    assert f'href="{story["kk"].get_absolute_url()}"' in switcher
    assert f'href="/kk-latn/news/{story["kk"].slug}/"' in switcher
    assert 'href="/en/"' in switcher  # the English version is not published yet
    assert 'aria-current="true">Рус<' in switcher


def test_switcher_on_a_section_page_keeps_the_section(client, section):
    page = client.get(section.get_absolute_url()).text
    assert 'href="/kk/section/economy/"' in page
    assert 'href="/en/section/economy/"' in page


def test_article_carries_hreflang_for_its_published_versions_and_x_default(client, story):
    page = client.get(story["kk"].get_absolute_url()).text
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page))
    base = "https://news.example.kz"
    assert links == {
        "ru": base + story["ru"].get_absolute_url(),
        "kk": base + story["kk"].get_absolute_url(),
        "kk-Latn": f"{base}/kk-latn/news/{story['kk'].slug}/",
        "x-default": base + story["ru"].get_absolute_url(),
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "16 ноября 2025, 14:30"), ("kk", "16 қараша 2025, 14:30"),
     ("en", "16 November 2025, 14:30"), ("kk-latn", "16 qaraşa 2025, 14:30")],
)  # fmt: skip
def test_dates_read_naturally_in_every_language(client, make_article, language, expected):
    article = make_article(language=language.split("-")[0], published_at=NOON)
    url = article.url_in(language)
    assert expected in client.get(url).text


def test_sections_and_tags_are_named_in_the_readers_language(client, make_article, tag):
    section = Section.objects.create(
        slug="economy", name_ru="Экономика", name_kk="Экономика саласы", name_en="Economy"
    )
    tag.name_kk, tag.name_en = "Орталық Азия", "Central Asia"
    tag.save()
    article = make_article(language="en", section=section, tags=[tag])
    page = client.get(article.get_absolute_url()).text
    assert ">Economy<" in page
    assert ">Central Asia<" in page
    assert "Экономика саласы" in client.get("/kk/").text


def test_english_site_uses_the_authors_latin_name(client, make_article):
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    article = make_article(language="en")
    Byline.objects.create(article=article, author=author)
    page = client.get(article.get_absolute_url()).text
    assert "Danira Iskakova" in page
    assert "Данира Искакова" not in page


def test_latin_edition_transliterates_a_known_sentence_and_keeps_links(client, story):
    page = client.get(f"/kk-latn/news/{story['kk'].slug}/").text
    assert '<html lang="kk-Latn">' in page
    assert "«Ortalyq Aziia» ortalyğy aşyldy" in page
    assert "Qazaqstan men Özbekstan prezidentterı ortalyqty ıske qosty." in page
    assert "Соңғы" not in page
    assert "қараша" not in page
    assert f'href="/kk-latn/news/{story["kk"].slug}/"' in page  # links stay in the edition


def test_latin_edition_home_lists_the_kazakh_pieces(client, story):
    page = client.get("/kk-latn/").text
    assert "«Ortalyq Aziia» ortalyğy aşyldy" in page
    assert f'href="/kk-latn/news/{story["kk"].slug}/"' in page


def test_changing_the_slug_of_a_published_piece_keeps_the_old_address(desk_client, story):
    article = story["ru"]
    old_url = article.get_absolute_url()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert desk_client.post(url, article_form(article, slug="novyy-adres")).status_code == 302
    article.refresh_from_db()
    assert article.get_absolute_url() == "/ru/news/novyy-adres/"
    response = Client().get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/ru/news/novyy-adres/"
    assert Client().get("/ru/news/novyy-adres/").status_code == 200


def test_an_old_address_of_a_withdrawn_piece_is_a_404(admin_user, story):
    article = story["ru"]
    old_url = article.get_absolute_url()
    article.slug = "drugoy"
    services.article_save(article=article, user=admin_user)
    services.article_withdraw(article=article, user=admin_user, reason="Ошибка")
    assert Client().get(old_url).status_code == 404


def test_a_draft_slug_follows_its_headline_until_publication(admin_user, make_article):
    draft = make_article(headline="Черновой заголовок", status="draft", published_at=None)
    draft.headline = "Окончательный заголовок"
    services.article_save(article=draft, user=admin_user)
    assert draft.slug == "okonchatelnyy-zagolovok"
    assert not SlugRedirect.objects.exists()


def test_a_slug_typed_by_an_editor_is_kept(admin_user, make_article):
    draft = make_article(headline="Заголовок", slug="moy-adres", status="draft", published_at=None)
    draft.headline = "Другой заголовок"
    services.article_save(article=draft, user=admin_user)
    assert draft.slug == "moy-adres"


def test_editor_starts_a_translation_with_attribution_and_photo(
    desk_client, editor, make_article, make_photo, author, section, tag
):
    original = make_article(
        headline="Центр открыт", hero_photo=make_photo(), section=section, tags=[tag],
        dateline="Астана", source="Jibek Joly",
    )  # fmt: skip
    Byline.objects.create(article=original, author=author, role="author")
    change = reverse("admin:articles_article_change", args=[original.pk])
    page = desk_client.get(change).text
    assert 'name="_translate" value="en"' in page
    response = desk_client.post(change, {**posted_from(page).dict(), "_translate": "en"})
    english = Article.objects.get(language="en")
    assert response["Location"] == reverse("admin:articles_article_change", args=[english.pk])
    assert english.story_id == original.story_id
    assert english.status == Article.Status.DRAFT
    assert english.created_by == editor
    assert (english.hero_photo, english.section, english.dateline, english.source) == (
        original.hero_photo, section, "Астана", "Jibek Joly")  # fmt: skip
    assert list(english.tags.all()) == [tag]
    assert list(english.bylines.values_list("author", "role")) == [(author.pk, "author")]
    # The translator's headline gives the English slug.
    english.headline = "Centre opens"
    services.article_save(article=english, user=editor)
    assert english.slug == "centre-opens"
    siblings = desk_client.get(reverse("admin:articles_article_change", args=[english.pk])).text
    assert "Центр открыт" in siblings


def test_kazakh_editor_gets_the_admin_in_kazakh_and_ckeditor_in_russian(desk_client):
    desk_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "kk"
    index = desk_client.get(reverse("admin:index")).text
    assert "Сайт әкімшілігі" in index or "Шығу" in index
    page = desk_client.get(reverse("admin:articles_article_add")).text
    for label in ["Тақырып", "Лид", "Сақтау", "Жариялау", "Тіл"]:
        assert label in page, label
    config = json.loads(re.search(r'data-config="([^"]*)"', page)[1].replace("&quot;", '"'))
    assert config["language"] == "ru"


def test_editor_switches_the_admin_language(desk_client):
    response = desk_client.post(reverse("set_language"), {"language": "kk", "next": "/admin/"})
    assert response.status_code == 302
    desk_client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    assert "Шығу" in desk_client.get(reverse("admin:index")).text
    desk_client.post(reverse("set_language"), {"language": "ru", "next": "/admin/"})
    assert "Выйти" in desk_client.get(reverse("admin:index")).text


def test_translate_into_saves_the_editors_unsaved_changes_first(desk_client, make_article):
    original = make_article(headline="Центр открыт")
    change = reverse("admin:articles_article_change", args=[original.pk])
    form = posted_from(desk_client.get(change).text)
    form["headline"] = "Центр «Центральная Азия» открыт в Хоргосе"
    response = desk_client.post(change, {**form.dict(), "_translate": "en"}, follow=True)
    original.refresh_from_db()
    assert original.headline == "Центр «Центральная Азия» открыт в Хоргосе"
    english = Article.objects.get(language="en")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[english.pk]
    )
    assert english.headline == original.headline  # copied from the saved text
    notes = [str(m) for m in response.context["messages"]]
    assert any("are saved" in note for note in notes), notes


def test_translate_into_with_an_invalid_form_shows_the_errors_and_keeps_the_edit(
    desk_client, make_article
):
    original = make_article(headline="Центр открыт")
    change = reverse("admin:articles_article_change", args=[original.pk])
    form = posted_from(desk_client.get(change).text)
    form["headline"] = ""
    form["lead"] = "Новый лид, который нельзя потерять."
    response = desk_client.post(change, {**form.dict(), "_translate": "en"})
    assert response.status_code == 200
    assert response.context["errors"]
    assert "Новый лид, который нельзя потерять." in response.text
    assert not Article.objects.filter(language="en").exists()
    original.refresh_from_db()
    assert original.headline == "Центр открыт"


def test_translate_into_from_a_read_only_view_starts_the_translation(
    reporter_client, reporter, make_article
):
    in_review = make_article(created_by=reporter, status="review", published_at=None)
    change = reverse("admin:articles_article_change", args=[in_review.pk])
    page = reporter_client.get(change).text
    assert 'name="_translate" value="kk"' in page
    response = reporter_client.post(change, {"_translate": "kk"})
    kazakh = Article.objects.get(language="kk")
    assert response["Location"] == reverse("admin:articles_article_change", args=[kazakh.pk])
