"""A live page's feeds: its updates, newest first, each at its anchor on the page; linked
from the page; in Latin letters in the Latin edition; purged when an update is posted."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles import live
from articles.models import LiveUpdate

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def live_page(make_article):
    return make_article(headline="Саммит: онлайн", is_live_page=True)


def feed_url(article, kind="rss", language=None):
    with translation.override(language or article.language):
        return reverse(f"articles:live_feed_{kind}", kwargs={"slug": article.slug})


def test_rss_lists_updates_newest_first_with_their_anchors(live_page, author):
    older = LiveUpdate.objects.create(
        article=live_page, title="Прибыли", body="<p>Лидеры прибыли</p>",
        posted_at=timezone.now() - timedelta(minutes=10),
    )  # fmt: skip
    newer = LiveUpdate.objects.create(
        article=live_page, body="<p>Подписан меморандум</p>", posted_at=timezone.now(),
        embed_url="https://t.me/durov/1",
    )  # fmt: skip
    newer.authors.add(author)
    response = Client().get(feed_url(live_page))
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Подписан меморандум", "Прибыли"]
    page = f"https://news.example.kz{live_page.get_absolute_url()}"
    assert items[0].findtext("link") == f"{page}#update-{newer.pk}"
    assert items[1].findtext("guid") == f"{page}#update-{older.pk}"
    assert "t.me/durov/1" in items[0].findtext("description")
    assert "Данира Искакова" in ET.tostring(items[0], encoding="unicode")


def test_atom_feed_is_linked_from_the_page(live_page):
    LiveUpdate.objects.create(article=live_page, body="<p>Начали</p>", posted_at=timezone.now())
    html = Client().get(live_page.get_absolute_url()).content.decode()
    assert 'type="application/atom+xml"' in html
    assert f'href="{feed_url(live_page, "atom")}"' in html
    assert f'href="{feed_url(live_page)}"' in html
    root = ET.fromstring(Client().get(feed_url(live_page, "atom")).content)
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["Начали"]


def test_a_new_update_reaches_a_cached_feed_at_once(live_page, editor):
    reader = Client()
    assert b"<item>" not in reader.get(feed_url(live_page)).content
    live.live_update_post(article=live_page, user=editor, body="<p>Срочно</p>")
    assert "Срочно" in reader.get(feed_url(live_page)).content.decode()


def test_the_latin_editions_feed_is_in_latin_letters(make_article):
    kazakh = make_article(language="kk", headline="Саммит: тікелей", is_live_page=True)
    LiveUpdate.objects.create(article=kazakh, body="<p>Президенттер келді</p>",
                              posted_at=timezone.now())  # fmt: skip
    content = Client().get(feed_url(kazakh, language="kk-latn")).content.decode()
    assert "Prezidentter keldı" in content
    assert "Президенттер" not in content
