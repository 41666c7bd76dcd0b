"""The article page shows the story's whole shape, in its order, in the reader's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_article_page_shows_every_part_in_the_order_of_the_story(client, central_asia_story):
    page = client.get(central_asia_story.get_absolute_url()).text
    text = page[page.index('<article class="story"') :]
    parts = [
        "16 ноября 2025, 14:30",  # date
        ">РУ<",  # language marker
        "Центр «Центральная Азия»: что он даст казахстанцам",  # headline
        "Президенты Казахстана и Узбекистана запустили",  # lead
        "<figure",  # hero photo
        "Финансист Расул Рысмамбетов",  # caption
        "Фото: facebook.com/rassul.rysmambetov",  # credit
        "— Главное — вместе привлекать инвестиции, — считает Рысмамбетов.",  # body
        "Токаев и Мирзиёев дали старт совместным проектам",  # earlier on this story
        "передаёт корреспондент агентства",  # source line
        "Данира Искакова",  # byline
        "Автор",  # byline role, in Russian
        "Центральная Азия</a></li>",  # tag
    ]
    positions = [text.find(part) for part in parts]
    missing = [part for part, position in zip(parts, positions, strict=True) if position < 0]
    assert not missing, f"missing from the page: {missing}"
    assert positions == sorted(positions), "the parts are out of order"


def test_article_page_has_the_dateline_place_and_a_canonical_link(client, central_asia_story):
    text = client.get(central_asia_story.get_absolute_url()).text
    assert "Астана" in text
    canonical = f"https://news.example.kz{central_asia_story.get_absolute_url()}"
    assert f'rel="canonical" href="{canonical}"' in text


def test_caption_override_replaces_the_photo_caption(client, central_asia_story):
    central_asia_story.hero_caption = "Расул Рысмамбетов в студии"
    central_asia_story.save()
    text = client.get(central_asia_story.get_absolute_url()).text
    assert "Расул Рысмамбетов в студии" in text
    assert "Фото: facebook.com/rassul.rysmambetov" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "16 ноября 2025, 14:30"), ("en", "16 November 2025, 14:30")],
)
def test_date_reads_as_a_person_would_in_the_articles_language(
    client, make_article, language, expected
):
    from django.utils import timezone

    article = make_article(
        language=language, published_at=timezone.make_aware(timezone.datetime(2025, 11, 16, 14, 30))
    )
    assert expected in client.get(article.get_absolute_url()).text


def test_bylines_appear_in_the_order_the_editor_set(client, central_asia_story):
    from articles.models import Author, Byline

    photographer = Author.objects.create(name="Арман Сейтжанов")
    Byline.objects.create(
        article=central_asia_story, author=photographer, role="photographer", position=5
    )
    text = client.get(central_asia_story.get_absolute_url()).text
    assert text.index("Данира Искакова") < text.index("Арман Сейтжанов")
    assert "Фотограф" in text


def test_unknown_article_gets_the_sites_404_page(client):
    response = client.get("/ru/news/no-such-story/")
    assert response.status_code == 404
