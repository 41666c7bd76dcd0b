"""A hostile reporter allowed on a live page: what only editors decide stays theirs. Pinning
is the editors' (a key point stays at the top); a reporter must not get the same by dating
their own update into the future, where "newest first" keeps it above every other one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import live, selectors
from articles.models import Article, LiveUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened_to_reporter(make_article, editor, reporter):
    page = make_article(
        headline="Саммит: онлайн", is_live_page=True, created_by=editor,
        published_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    page.live_contributors.add(reporter)
    return page


def test_a_reporter_cannot_date_their_update_into_the_future_to_keep_it_on_top(
    reporter_client, reporter, editor, opened_to_reporter
):
    mine = live.live_update_post(article=opened_to_reporter, user=reporter, body="<p>Мой</p>")
    future = timezone.localtime(timezone.now() + timedelta(days=3650))
    reporter_client.post(
        reverse("admin:articles_liveupdate_change", args=[mine.pk]),
        {"title": "", "body": "Мой", "photo": "", "embed_url": "", "authors": [],
         "posted_at_0": future.strftime("%Y-%m-%d"), "posted_at_1": future.strftime("%H:%M:%S")},
    )  # fmt: skip
    later = live.live_update_post(article=opened_to_reporter, user=editor, body="<p>Новое</p>")

    page = Article.objects.get(pk=opened_to_reporter.pk)
    newest = selectors.live_page_updates(article=page)["updates"][0]
    assert newest.pk == later.pk
    assert LiveUpdate.objects.get(pk=mine.pk).posted_at <= timezone.now()
