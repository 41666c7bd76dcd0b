"""A scheduled piece sent to partners early, under embargo: partners have it before its time,
and every public endpoint still hides it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article, Delivery
from articles.models.partners import partner_key_issue
from tests.distribution.conftest import subscribe, work
from tests.distribution.partners import start_partner

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deliveries_to_this_machine")]

SECRET_WORD = "Эмбаргоград"


@pytest.fixture
def embargo_partner(partner):
    subscribe(partner, receives_embargoed=True)
    return partner


@pytest.fixture
def embargoed(embargo_partner, make_article, section, publish):
    article = make_article(
        status=Article.Status.DRAFT,
        published_at=None,
        headline=f"{SECRET_WORD}: центр откроют завтра",
        lead=f"{SECRET_WORD} и кооперация.",
        section=section,
        send_early_to_partners=True,
    )
    release = timezone.now() + timedelta(hours=3)
    return publish(article, when=release)


@pytest.fixture
def other_partner():
    other = start_partner()
    yield other
    other.server.shutdown()


def test_a_partner_who_takes_embargoes_has_the_piece_before_its_time(
    partner, other_partner, section, make_article, publish
):
    subscribe(partner, receives_embargoed=True)
    subscribe(other_partner, name="No embargoes")
    article = make_article(
        status=Article.Status.DRAFT, published_at=None, send_early_to_partners=True
    )
    release = timezone.now() + timedelta(hours=3)
    publish(article, when=release)
    work()
    [item] = partner.items()
    assert item["pubStatus"] == "usable"
    assert item["embargoedUntil"] == timezone.localtime(release).isoformat()
    assert other_partner.received == []


def test_without_the_editors_mark_a_scheduled_piece_waits_for_its_time(
    partner, make_article, publish
):
    subscribe(partner, receives_embargoed=True)
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    publish(article, when=timezone.now() + timedelta(hours=3))
    work()
    assert partner.received == []


def test_every_public_endpoint_still_hides_the_embargoed_piece(partner, embargoed, section, client):
    work()
    assert SECRET_WORD in partner.received[0].body.decode()  # the partner has it

    for language in ("ru", "kk-latn"):
        page = f"/{language}/news/{embargoed.slug}/"
        assert client.get(page).status_code == 404
    public = [
        reverse("articles:home"),
        reverse("articles:section", kwargs={"slug": section.slug}),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:section_feed_rss", kwargs={"slug": section.slug}),
        reverse("articles:search") + f"?q={SECRET_WORD}",
        "/sitemap.xml",
        "/sitemap-articles-ru.xml",
        "/news-sitemap.xml",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET_WORD not in response.content.decode(), url
        assert embargoed.slug not in response.content.decode(), url

    api = Client(headers={"Authorization": f"Bearer {partner_key_issue(name='Pull')[1]}"})
    assert api.get(reverse("api:ninjs_detail", kwargs={"pk": embargoed.pk})).status_code == 404
    listing = api.get(reverse("api:ninjs_list"), {"since": "2000-01-01T00:00:00Z"})
    assert SECRET_WORD not in listing.content.decode()


def test_killing_it_before_the_embargo_lifts_sends_the_kill(
    partner, embargoed, editor, django_capture_on_commit_callbacks
):
    work()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_withdraw(article=embargoed, user=editor, reason="Перенесли")
    work()
    early, kill = partner.items()
    assert "embargoedUntil" in early
    assert kill["pubStatus"] == "canceled"
    assert kill["uri"] == early["uri"]
    # The release planned for its time is replaced: nothing goes out then.
    assert not Delivery.objects.filter(state=Delivery.State.PENDING).exists()


def test_when_the_embargo_lifts_partners_get_the_usable_version_without_it(partner, embargoed):
    work()
    Article.objects.filter(pk=embargoed.pk).update(published_at=timezone.now())
    Delivery.objects.filter(reason=Delivery.Reason.RELEASE).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # its time
    work()
    early, released = partner.items()
    assert "embargoedUntil" in early
    assert "embargoedUntil" not in released
    assert int(released["version"]) > int(early["version"])


def test_only_editors_may_send_a_piece_early(reporter, editor):
    from articles import workflow

    assert "send_early_to_partners" in workflow.locked_fields(reporter)
    assert "send_early_to_partners" not in workflow.locked_fields(editor)
