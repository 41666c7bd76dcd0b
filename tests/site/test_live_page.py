"""A live page as readers get it: key points, updates newest first, pages of earlier
updates, the poll endpoint its script asks (304 while nothing changed, the new update at
once after a post), LiveBlogPosting JSON-LD, every language, the Latin edition."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles import live
from articles.models import Article, Author, LiveUpdate
from articles.selectors import LIVE_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def live_page(make_article, author):
    article = make_article(
        headline="Саммит «Центральная Азия»: онлайн",
        is_live_page=True,
        published_at=timezone.now() - timedelta(hours=2),
    )
    article.bylines.create(author=author)
    return article


def post(article, text, *, minutes_ago=0, pinned=False, **fields):
    """An update as an editor's service call leaves it (no user: a data load)."""
    update = LiveUpdate.objects.create(
        article=article,
        body=f"<p>{text}</p>",
        posted_at=timezone.now() - timedelta(minutes=minutes_ago),
        is_pinned=pinned,
        **fields,
    )
    return update


def poll_url(article, after=0):
    with translation.override(article.language):
        return reverse("articles:live_updates", kwargs={"slug": article.slug}) + f"?after={after}"


def test_reader_sees_key_points_then_updates_newest_first_with_anchors(reader, live_page):
    post(live_page, "Президенты прибыли в Астану", minutes_ago=30)
    post(live_page, "Центр открыт", minutes_ago=20, pinned=True)
    newest = post(live_page, "Подписано соглашение", minutes_ago=5, title="Соглашение")
    html = reader.get(live_page.get_absolute_url()).content.decode()
    html = html[html.index('id="live-updates"') :]
    key_points = html.index('id="live-key-points"')
    assert key_points < html.index("Центр открыт") < html.index("Подписано соглашение")
    assert html.index("Подписано соглашение") < html.index("Президенты прибыли")
    assert f'id="update-{newest.pk}"' in html
    assert f'href="#update-{newest.pk}"' in html
    assert f'<time datetime="{timezone.localtime(newest.posted_at).isoformat()}"' in html
    assert 'class="live-badge"' in html
    assert "newsroom/live.js" in html
    assert " defer" in html


def test_a_closed_live_page_says_coverage_ended_and_loads_no_script(reader, live_page):
    post(live_page, "Последнее обновление")
    live_page.live_closed_at = timezone.now()
    live_page.save()
    html = reader.get(live_page.get_absolute_url()).content.decode()
    assert "live-badge--ended" in html
    assert "live.js" not in html
    assert "Последнее обновление" in html


def test_the_page_without_script_allows_only_the_json_ld_and_with_it_our_own_files(
    reader, live_page
):
    response = reader.get(live_page.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "'self'" in policy.split("script-src")[1].split(";")[0]
    assert "unsafe-inline" not in policy


def test_earlier_updates_are_on_the_next_pages(reader, live_page):
    for minute in range(LIVE_PAGE_SIZE + 5):
        post(live_page, f"Обновление {minute:03d}", minutes_ago=minute)
    first = reader.get(live_page.get_absolute_url()).content.decode()
    assert "Обновление 000" in first
    assert f"Обновление {LIVE_PAGE_SIZE - 1:03d}" in first
    assert f"Обновление {LIVE_PAGE_SIZE:03d}" not in first
    assert 'href="?page=2#live-updates"' in first
    second = reader.get(live_page.get_absolute_url() + "?page=2").content.decode()
    assert f"Обновление {LIVE_PAGE_SIZE:03d}" in second
    assert "Обновление 000<" not in second
    assert "live.js" not in second  # new updates come to the first page
    assert 'href="#update-' in second  # the permalink keeps the page it is on
    for junk in ("3", "0", "-1", "abc", "99999999999999999999", "²"):
        assert reader.get(live_page.get_absolute_url(), {"page": junk}).status_code == 404


def test_an_ordinary_piece_has_no_pages_and_no_live_block(reader, make_article):
    piece = make_article()
    html = reader.get(piece.get_absolute_url()).content.decode()
    assert "live-updates" not in html
    assert "live.js" not in html
    assert reader.get(piece.get_absolute_url() + "?page=2").status_code == 404


def test_photo_caption_and_credit_follow_the_pages_language(reader, live_page, make_photo):
    photo = make_photo(caption_en="Financier", credit_en="Reuters")
    post(live_page, "С фото", photo=photo)
    html = reader.get(live_page.get_absolute_url()).content.decode()
    assert "Финансист Расул Рысмамбетов" in html
    assert "Financier" not in html
    assert "facebook.com/rassul.rysmambetov" in html


def test_a_correction_is_shown_under_its_update(reader, live_page, editor):
    update = live.live_update_post(article=live_page, user=editor, body="<p>Погибших нет</p>")
    live.live_update_correct(update=update, user=editor, note="Уточнено число участников")
    html = reader.get(live_page.get_absolute_url()).content.decode()
    assert "Уточнено число участников" in html
    assert html.index("Погибших нет") < html.index("Уточнено число участников")


# ---- the poll endpoint --------------------------------------------------------------------


def test_poll_answers_304_while_nothing_changed_and_the_new_update_after_a_post(
    reader, live_page, editor, django_assert_num_queries
):
    first = post(live_page, "Первое", minutes_ago=3)
    url = poll_url(live_page, first.pk)
    response = reader.get(url)
    assert response.status_code == 200
    assert 'data-update="' not in response.content.decode()
    etag = response["ETag"]
    with django_assert_num_queries(0):  # from the page cache
        again = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    newer = live.live_update_post(article=live_page, user=editor, body="<p>Второе</p>")
    after_post = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after_post.status_code == 200
    body = after_post.content.decode()
    assert f'id="update-{newer.pk}"' in body
    assert "Второе" in body
    assert f'data-live-after="{newer.pk}"' in body


def test_poll_hands_back_an_edited_update_and_the_ids_still_on_the_page(reader, live_page, editor):
    first = live.live_update_post(article=live_page, user=editor, body="<p>Было</p>")
    second = live.live_update_post(article=live_page, user=editor, body="<p>Дальше</p>")
    LiveUpdate.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    LiveUpdate.objects.filter(pk=second.pk).update(created_at=timezone.now() - timedelta(minutes=1))
    first.refresh_from_db()
    first.body = "<p>Стало</p>"
    live.live_update_save(update=first, user=editor)
    body = reader.get(poll_url(live_page, second.pk)).content.decode()
    assert "Стало" in body
    kept = re.search(r'data-live-kept="([^"]*)"', body).group(1).split()
    assert kept == [str(second.pk), str(first.pk)]
    second_id = second.pk
    live.live_update_delete(update=second, user=editor)
    body = reader.get(poll_url(live_page, second_id)).content.decode()
    assert re.search(r'data-live-kept="([^"]*)"', body).group(1).split() == [str(first.pk)]


def test_poll_says_when_coverage_ended(reader, live_page):
    assert "data-live-open" in reader.get(poll_url(live_page)).content.decode()
    live_page.live_closed_at = timezone.now()
    live_page.save()
    assert "data-live-open" not in reader.get(poll_url(live_page)).content.decode()


@pytest.mark.parametrize("after", ["abc", "-1", "1.5", "99999999999999999999999", "١٢", "", "0x10"])
def test_poll_answers_404_for_junk_ids_never_500(reader, live_page, after):
    with translation.override("ru"):
        url = reverse("articles:live_updates", kwargs={"slug": live_page.slug})
    assert reader.get(url, {"after": after}).status_code == 404


def test_poll_of_an_unknown_id_is_an_ordinary_answer(reader, live_page):
    post(live_page, "Есть")
    assert reader.get(poll_url(live_page, 10**15)).status_code == 200


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn", "not_live"])
def test_poll_page_and_feed_of_a_piece_readers_may_not_see_are_404(reader, live_page, state):
    post(live_page, "Секрет")
    match state:
        case "scheduled":
            live_page.published_at = timezone.now() + timedelta(hours=1)
        case "not_live":
            live_page.is_live_page = False
        case _:
            live_page.status = state
    live_page.save()
    assert reader.get(poll_url(live_page)).status_code == 404
    with translation.override("ru"):
        feed = reverse("articles:live_feed_rss", kwargs={"slug": live_page.slug})
    assert reader.get(feed).status_code == 404
    if state != "not_live":
        assert reader.get(live_page.get_absolute_url()).status_code == 404


def test_poll_of_another_pieces_slug_shows_only_that_pieces_updates(
    reader, live_page, make_article
):
    other = make_article(is_live_page=True)
    post(other, "Чужое")
    post(live_page, "Своё")
    body = reader.get(poll_url(live_page)).content.decode()
    assert "Своё" in body
    assert "Чужое" not in body


# ---- cost --------------------------------------------------------------------------------


# The article page of an ordinary piece, uncached: the piece with its translations, its
# bylines, tags and corrections, its earlier piece and related pieces (tests/site/).
ORDINARY_PAGE_QUERIES = 5
# A live page adds three, whatever its number of updates: key points, updates, their authors.
LIVE_PAGE_QUERIES = ORDINARY_PAGE_QUERIES + 3


def test_live_page_reads_three_queries_more_than_an_ordinary_page_whatever_its_updates(
    reader, live_page, make_article, author, make_photo, django_assert_num_queries, settings
):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_FRAGMENT_CACHE = False
    ordinary = make_article()
    ordinary.bylines.create(author=author)
    with django_assert_num_queries(ORDINARY_PAGE_QUERIES):
        reader.get(ordinary.get_absolute_url())
    photo = make_photo()
    for minute in range(60):
        update = post(live_page, f"Обновление {minute}", minutes_ago=minute, photo=photo,
                      pinned=minute % 20 == 0)  # fmt: skip
        update.authors.add(author)
    with django_assert_num_queries(LIVE_PAGE_QUERIES):
        assert reader.get(live_page.get_absolute_url()).status_code == 200


def test_poll_reads_four_queries(reader, live_page, author, django_assert_num_queries, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    for minute in range(5):
        post(live_page, f"Обновление {minute}", minutes_ago=minute).authors.add(author)
    # The piece, the updates, their authors, the ids the first page keeps.
    with django_assert_num_queries(4):
        assert reader.get(poll_url(live_page)).status_code == 200


# ---- structured data ---------------------------------------------------------------------


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(d for d in map(json.loads, blocks) if d.get("@type") != "BreadcrumbList")


def test_live_page_is_a_live_blog_posting_with_its_updates(reader, live_page):
    update = post(live_page, "Лидеры подписали декларацию", title="Декларация")
    data = json_ld(reader.get(live_page.get_absolute_url()).content.decode())
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == live_page.published_at.isoformat()
    assert "coverageEndTime" not in data
    [item] = data["liveBlogUpdate"]
    assert item["@type"] == "BlogPosting"
    assert item["headline"] == "Декларация"
    assert item["articleBody"] == "Лидеры подписали декларацию"
    assert item["url"].endswith(f"{live_page.get_absolute_url()}#update-{update.pk}")
    assert item["datePublished"] == update.posted_at.isoformat()
    live_page.live_closed_at = timezone.now()
    live_page.save()
    data = json_ld(reader.get(live_page.get_absolute_url()).content.decode())
    assert data["coverageEndTime"] == live_page.live_closed_at.isoformat()


def test_an_ordinary_piece_stays_a_news_article(reader, make_article):
    data = json_ld(reader.get(make_article().get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle"
    assert "liveBlogUpdate" not in data


# ---- languages -----------------------------------------------------------------------------


def test_each_language_version_is_its_own_live_page_with_hreflang_links(
    reader, live_page, make_article
):
    kazakh = make_article(
        language="kk",
        headline="Орталық Азия саммиті: тікелей эфир",
        story=live_page.story,
        is_live_page=True,
    )
    post(live_page, "Русское обновление")
    post(kazakh, "Президенттер келді")
    russian_html = reader.get(live_page.get_absolute_url()).content.decode()
    kazakh_html = reader.get(kazakh.get_absolute_url()).content.decode()
    assert "Русское обновление" in russian_html
    assert "Президенттер келді" not in russian_html
    assert "Президенттер келді" in kazakh_html
    assert "Русское обновление" not in kazakh_html
    assert f'hreflang="kk" href="https://news.example.kz{kazakh.get_absolute_url()}"' in (
        russian_html
    )
    with translation.override("kk-latn"):
        latin_url = kazakh.url_in("kk-latn")
    latin = reader.get(latin_url).content.decode()
    assert "Prezidentter keldı" in latin
    assert "Президенттер" not in latin
    with translation.override("kk-latn"):
        latin_poll = reverse("articles:live_updates", kwargs={"slug": kazakh.slug})
    assert "Prezidentter keldı" in reader.get(latin_poll + "?after=0").content.decode()


def test_an_update_credits_its_authors_in_the_pages_language(reader, make_article):
    english = make_article(language="en", headline="Summit live", is_live_page=True)
    author = Author.objects.create(name="Данира Искакова", name_latin="Danira Iskakova")
    post(english, "Leaders arrived").authors.add(author)
    html = reader.get(english.get_absolute_url()).content.decode()
    assert "Danira Iskakova" in html


def test_the_embed_link_is_rendered_by_the_body_sanitizer(reader, live_page):
    post(live_page, "Видео", embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    html = reader.get(live_page.get_absolute_url()).content.decode()
    assert "youtube.com/watch?v=dQw4w9WgXcQ" in html
    assert "<iframe" not in html


def test_an_update_body_is_sanitized_on_every_save(live_page):
    update = post(live_page, '<img src=x onerror="alert(1)"><script>alert(2)</script>Текст')
    assert "onerror" not in update.body
    assert "<script" not in update.body
    assert Article.objects.get(pk=live_page.pk).is_live_page
