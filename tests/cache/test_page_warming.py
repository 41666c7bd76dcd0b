"""A breaking story's first readers find its pages ready (articles/cache/warming.py).

Once a publish, an edit of a live piece, a correction or a scheduled release commits, the
piece's page in each edition, its home page and its section are rendered in the background,
so the first reader of each is served from the page cache. These tests commit for real
(transactional), as the desk does, and wait for the background renders to finish.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.cache import warming
from articles.models import Article, Section
from tests.factories import SITE_URL, article_form

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_warming(settings):
    settings.NEWSROOM_WARM_PAGES = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SITE_URL.split("//")[1]]
    yield
    assert warming.wait_until_idle(10), "pages were still being warmed after 10 s"


@pytest.fixture
def section(db) -> Section:
    return Section.objects.create(slug="economy", name_ru="Экономика", name_kk="Экономика")


def settled() -> None:
    assert warming.wait_until_idle(10), "pages were still being warmed after 10 s"


def first_reader(url: str) -> tuple[str, str]:
    """How the page cache served a new reader's request, and the page."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"], response.content.decode()


def read(url: str) -> str:
    """A reader's page, from a thread of a test's own pool (which closes what it opened)."""
    try:
        return Client().get(url).content.decode()
    finally:
        connections.close_all()


def draft(section: Section, **fields) -> Article:
    return Article.objects.create(
        language=fields.pop("language", "ru"),
        headline=fields.pop("headline", "Черновик"),
        lead="Лид.",
        body="<p>Текст.</p>",
        section=section,
        status=Article.Status.DRAFT,
        **fields,
    )


def test_a_piece_published_through_the_service_is_served_from_the_cache_to_its_first_reader(
    admin_user, section
):
    article = draft(section, headline="Срочно: центр открыт")
    assert first_reader("/ru/")[0] == "miss"  # the home page as it was
    services.article_publish(article=article, user=admin_user)
    settled()
    for url in (article.get_absolute_url(), "/ru/", f"/ru/section/{section.slug}/"):
        served, page = first_reader(url)
        assert served == "hit", url
        assert "Срочно: центр открыт" in page, url


def test_a_kazakh_piece_is_ready_in_the_cyrillic_and_the_latin_edition(admin_user, section):
    article = draft(section, language="kk", headline="Жаңа орталық ашылды")
    services.article_publish(article=article, user=admin_user)
    settled()
    served, page = first_reader(article.url_in("kk"))
    assert served == "hit"
    assert "Жаңа орталық ашылды" in page
    served, page = first_reader(article.url_in("kk-latn"))
    assert served == "hit"
    assert "Jaña ortalyq aşyldy" in page
    for url in ("/kk/", "/kk-latn/", "/kk/section/economy/", "/kk-latn/section/economy/"):
        assert first_reader(url)[0] == "hit", url


def test_a_piece_published_in_the_admin_is_ready_for_its_first_reader(editor_client, section):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(headline="Из админки: срочная новость", section=str(section.pk)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(headline="Из админки: срочная новость")
    settled()
    for url in (article.get_absolute_url(), "/ru/", f"/ru/section/{section.slug}/"):
        served, page = first_reader(url)
        assert served == "hit", url
        assert "Из админки: срочная новость" in page, url


def test_an_edited_headline_is_ready_for_the_next_reader(admin_user, section):
    article = draft(section, headline="Первый заголовок")
    services.article_publish(article=article, user=admin_user)
    settled()
    article.headline = "Второй заголовок"
    services.article_save(article=article, user=admin_user)
    settled()
    for url in (article.get_absolute_url(), "/ru/"):
        served, page = first_reader(url)
        assert served == "hit", url
        assert "Второй заголовок" in page
        assert "Первый заголовок" not in page


def test_a_correction_is_on_the_cached_page_of_its_first_reader(admin_user, section):
    article = draft(section, headline="Новость с ошибкой")
    services.article_publish(article=article, user=admin_user)
    settled()
    services.article_add_correction(
        article=article, user=admin_user, text="Исправлено имя министра."
    )
    settled()
    served, page = first_reader(article.get_absolute_url())
    assert served == "hit"
    assert "Исправлено имя министра." in page


def test_a_withdrawn_piece_is_never_served_stale_while_its_lists_are_rendered_again(
    admin_user, section
):
    article = draft(section, headline="Снятая по иску новость")
    services.article_publish(article=article, user=admin_user)
    settled()
    assert "Снятая по иску новость" in first_reader("/ru/")[1]
    services.article_withdraw(article=article, user=admin_user, reason="Иск.")
    # Readers arrive while the lists are being rendered again: not one gets the old copy,
    # not even for the seconds a list may otherwise be served as it was.
    urls = ["/ru/", f"/ru/section/{section.slug}/", article.get_absolute_url()] * 70
    with ThreadPoolExecutor(16) as pool:
        pages = list(pool.map(read, urls))
    assert not [page for page in pages if "Снятая по иску новость" in page]


def test_after_a_withdrawal_its_lists_are_ready_without_it(admin_user, section):
    article = draft(section, headline="Снятая с сайта новость")
    services.article_publish(article=article, user=admin_user)
    settled()
    services.article_withdraw(article=article, user=admin_user, reason="Ошибка в цифрах.")
    settled()
    assert Client().get(article.get_absolute_url()).status_code == 404
    for url in ("/ru/", f"/ru/section/{section.slug}/"):
        served, page = first_reader(url)
        assert served == "hit", url
        assert "Снятая с сайта новость" not in page


def test_saving_a_draft_warms_nothing(admin_user, section):
    article = draft(section, headline="Ещё не вышло")
    article.lead = "Новый лид черновика."
    services.article_save(article=article, user=admin_user)
    settled()
    assert first_reader("/ru/")[0] == "miss"
    assert first_reader(f"/ru/section/{section.slug}/")[0] == "miss"


def test_a_scheduled_piece_is_warmed_when_it_falls_due_not_before(admin_user, section):
    article = draft(section, headline="Новость по расписанию")
    due = timezone.now() + timedelta(seconds=0.5)
    services.article_publish(article=article, user=admin_user, when=due)
    settled()
    assert "Новость по расписанию" not in first_reader("/ru/")[1]
    assert first_reader(f"/ru/section/{section.slug}/")[0] == "miss"  # not warmed before
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.05)
    # The first request after the due time releases it (articles/cache/page_cache.py) and queues
    # its pages: that request is served, then the rest are ready.
    assert "Новость по расписанию" in first_reader("/ru/")[1]
    settled()
    served, page = first_reader(article.get_absolute_url())
    assert served == "hit"
    assert "Новость по расписанию" in page


def test_with_warming_off_the_first_reader_renders_the_page(settings, admin_user, section):
    settings.NEWSROOM_WARM_PAGES = False
    article = draft(section, headline="Без прогрева")
    services.article_publish(article=article, user=admin_user)
    settled()
    assert first_reader(article.get_absolute_url())[0] == "miss"


def test_warming_with_the_cache_down_does_no_harm(settings, admin_user, section, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        }
    }
    article = draft(section, headline="Публикация без кэша")
    with caplog.at_level(logging.INFO, logger="articles.cache.warming"):
        services.article_publish(article=article, user=admin_user)
        settled()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Публикация без кэша" in response.content.decode()
