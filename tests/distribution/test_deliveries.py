"""Partners are sent each piece they take as it is published, changed, corrected or withdrawn,
over real HTTP to a partner's server on 127.0.0.1, signed, retried, and logged."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.distribution.deliveries.tasks import send
from articles.models import Article, Delivery, PartnerSubscription
from articles.models.deliveries import SENDER_NOTES
from tests.distribution.conftest import subscribe, work
from tests.distribution.partners import verify

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deliveries_to_this_machine")]


@pytest.fixture
def draft(make_article):
    def make(**fields):
        return make_article(status=Article.Status.DRAFT, published_at=None, **fields)

    return make


def test_partner_gets_a_published_piece_signed_with_its_secret(partner, publish, draft):
    _subscription, secret = subscribe(partner)
    article = publish(draft(headline="Открыт центр «Центральная Азия»"))
    work()
    [received] = partner.received
    assert verify(secret, received.headers, received.body)
    assert not verify("whsec_another", received.headers, received.body)
    assert not verify(secret, received.headers, received.body + b" ")
    item = received.item
    assert item["uri"] == f"urn:newsroom:article:{article.pk}"
    assert item["pubStatus"] == "usable"
    assert item["headlines"][0]["value"] == "Открыт центр «Центральная Азия»"
    assert item["version"]
    assert item["versionCreated"]
    assert "embargoedUntil" not in item
    delivery = Delivery.objects.get()
    assert received.delivery_id == str(delivery.uuid)
    assert delivery.state == Delivery.State.DELIVERED
    assert delivery.tries.get().status_code == 200


def test_the_editors_save_only_queues_deliveries_once_it_commits(partner, editor, draft):
    subscribe(partner)
    article = draft()
    services.article_publish(article=article, user=editor)  # the test's transaction is open
    assert not Delivery.objects.exists()
    assert partner.received == []


def test_the_save_queues_one_task_whatever_the_number_of_partners(partner, publish, draft):
    for name in ("Kazinform", "Tengrinews", "24.kz"):
        subscribe(partner, name=name)
    publish(draft())
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "articles.distribution.deliveries.tasks.plan"
    work()  # the worker plans, then sends each partner its own delivery, side by side
    # ...each also queued, to be sent again should the worker stop before it is.
    queued = DBTaskResult.objects.filter(status="READY", task_path__endswith=".deliver")
    assert queued.count() == 3
    assert len(partner.received) == 3
    assert len({r.delivery_id for r in partner.received}) == 3


def test_withdrawal_arrives_as_canceled(
    partner, publish, draft, editor, django_capture_on_commit_callbacks
):
    subscribe(partner)
    article = publish(draft())
    work()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_withdraw(article=article, user=editor, reason="Не подтвердилось")
    work()
    first, kill = partner.items()
    assert kill["uri"] == first["uri"]
    assert kill["pubStatus"] == "canceled"
    assert "headlines" not in kill
    assert int(kill["version"]) > int(first["version"])


def test_a_correction_goes_out_with_its_note(
    partner, publish, draft, editor, django_capture_on_commit_callbacks
):
    subscribe(partner)
    article = publish(draft())
    work()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_add_correction(article=article, user=editor, text="Центр открыт в Астане")
    work()
    corrected = partner.items()[-1]
    assert "Центр открыт в Астане" in corrected["edNote"]
    assert int(corrected["version"]) > int(partner.items()[0]["version"])


def test_a_500_from_the_partner_is_retried_and_delivered_later(partner, publish, draft, settings):
    settings.NEWSROOM_DELIVERY_RETRY_FIRST = 0  # retries are due at once
    partner.answers = [500, 503]
    subscribe(partner)
    publish(draft())
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.DELIVERED
    assert [t.status_code for t in delivery.tries.all()] == [500, 503, 200]
    assert len({r.delivery_id for r in partner.received}) == 1  # one logical delivery


def test_retries_back_off_exponentially_up_to_an_hour(settings):
    from articles.distribution.deliveries.tasks import backoff

    settings.NEWSROOM_DELIVERY_RETRY_FIRST = 60
    minutes = [backoff(n).total_seconds() / 60 for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_retry_sends_the_latest_version_never_an_older_one(
    partner, publish, draft, editor, django_capture_on_commit_callbacks, settings
):
    partner.answers = [500]
    subscribe(partner)
    article = publish(draft(headline="Первая версия"))
    work()  # 500: the first version did not arrive; its retry is due in a minute
    article.headline = "Вторая версия"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, user=editor)
    work()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # time passes
    work()
    headlines = [item["headlines"][0]["value"] for item in partner.items()]
    assert headlines == ["Первая версия", "Вторая версия"]  # the 500, then only the news
    states = sorted(Delivery.objects.values_list("state", flat=True))
    assert states == [Delivery.State.DELIVERED, Delivery.State.SUPERSEDED]


def test_partner_of_kazakh_only_gets_kazakh(partner, publish, draft):
    subscribe(partner, languages=["kk"])
    publish(draft(language="ru"))
    publish(draft(language="kk", headline="Орталық ашылды"))
    work()
    assert [item["language"] for item in partner.items()] == ["kk"]


def test_partner_of_the_latin_edition_gets_kazakh_in_latin_letters(partner, publish, draft):
    subscribe(partner, languages=["kk-latn"])
    publish(draft(language="kk", headline="Орталық ашылды"))
    work()
    [item] = partner.items()
    assert item["language"] == "kk-Latn"
    assert item["headlines"][0]["value"] == "Ortalyq aşyldy"


def test_partner_of_some_sections_gets_only_those(partner, publish, draft, section):
    subscribe(partner, sections=[section])
    publish(draft(headline="Без рубрики"))
    publish(draft(headline="Экономика", section=section))
    work()
    assert [item["headlines"][0]["value"] for item in partner.items()] == ["Экономика"]


def test_an_inactive_subscription_gets_nothing(partner, publish, draft):
    subscription, _secret = subscribe(partner)
    subscription.is_active = False
    subscription.save()
    publish(draft())
    work()
    assert partner.received == []


def test_a_delivery_skipped_for_a_partner_since_deactivated_says_why_in_the_desks_words(
    partner, publish, draft
):
    """The skip's note is one of the sender's (worded in each reader's language on the
    desk's delivery log), not English text kept as it was written."""
    subscription, _secret = subscribe(partner, is_active=False)
    piece = publish(draft())
    delivery = Delivery.objects.create(
        subscription=subscription, article=piece, article_ref=piece.pk,
        reason=Delivery.Reason.CHANGE, state=Delivery.State.PENDING,
    )  # fmt: skip
    assert send(delivery.pk) == Delivery.State.SKIPPED
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SKIPPED
    assert delivery.last_status in SENDER_NOTES


def test_a_scheduled_piece_is_sent_at_its_time_and_not_before(partner, publish, draft):
    subscribe(partner)
    release = timezone.now() + timedelta(hours=2)
    article = publish(draft(), when=release)
    work()
    assert partner.received == []
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.run_after == release  # the worker wakes it at its time, with no write
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())  # time passes
    Delivery.objects.update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    work()
    [item] = partner.items()
    assert item["pubStatus"] == "usable"
    assert "embargoedUntil" not in item


def test_a_scheduled_piece_moved_later_is_not_sent_at_the_old_time(partner, publish, draft):
    subscribe(partner)
    article = publish(draft(), when=timezone.now() + timedelta(hours=2))
    work()
    later = timezone.now() + timedelta(hours=5)
    Article.objects.filter(pk=article.pk).update(published_at=later)
    Delivery.objects.update(next_attempt_at=timezone.now())  # the old time comes
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    work()
    assert partner.received == []
    assert Delivery.objects.get().next_attempt_at == later  # it waits for the new time


def test_a_delivery_whose_task_was_lost_is_sent_by_the_command(partner, publish, draft):
    subscribe(partner)
    publish(draft())
    work()  # planned...
    Delivery.objects.update(state=Delivery.State.PENDING, next_attempt_at=timezone.now())
    DBTaskResult.objects.all().delete()  # ...and the queue lost
    partner.received.clear()
    call_command("send_partner_deliveries", stdout=io.StringIO())
    assert len(partner.received) == 1


def test_raw_saves_of_loaddata_send_nothing(partner, make_article):
    from django.core import serializers

    subscribe(partner)
    article = make_article()
    data = serializers.serialize("json", [article])
    for obj in serializers.deserialize("json", data):
        obj.save()  # raw, as loaddata does
    assert not Delivery.objects.exists()


# ---- the endpoint is checked: the server makes the request ----------------------------------


def test_endpoint_must_be_https_unless_the_setting_allows_http(settings):
    settings.NEWSROOM_DELIVERY_ALLOW_HTTP = False
    subscription = PartnerSubscription(
        name="x", endpoint="http://partner.example/wire", languages=["ru"]
    )
    with pytest.raises(ValidationError) as problem:
        subscription.full_clean(exclude=["secret", "secret_prefix"])
    assert "endpoint" in problem.value.message_dict


def test_a_private_address_is_refused_at_send_time(partner, publish, draft, settings):
    settings.NEWSROOM_DELIVERY_ALLOW_PRIVATE = False
    subscribe(partner)
    publish(draft())
    work()
    assert partner.received == []
    assert "non-public address" in Delivery.objects.get().tries.get().error


def test_redirects_are_not_followed(partner, publish, draft):
    partner.answers = [302]
    subscribe(partner)
    publish(draft())
    work()
    assert len(partner.received) == 1
    assert Delivery.objects.get().state == Delivery.State.PENDING


# ---- the desk: who may see subscriptions, the log, and send again ----------------------------

SUBSCRIPTIONS = reverse("admin:articles_partnersubscription_changelist")
ADD_SUBSCRIPTION = reverse("admin:articles_partnersubscription_add")
LOG = reverse("admin:articles_delivery_changelist")


def test_editors_and_reporters_cannot_see_or_create_subscriptions(
    partner, desk_client, reporter_client
):
    subscription, _secret = subscribe(partner)
    change = reverse("admin:articles_partnersubscription_change", args=[subscription.pk])
    for client in (desk_client, reporter_client):
        for url in (SUBSCRIPTIONS, ADD_SUBSCRIPTION, change):
            assert client.get(url).status_code == 403
        response = client.post(ADD_SUBSCRIPTION, {"name": "x", "endpoint": partner.url})
        assert response.status_code == 403
    assert PartnerSubscription.objects.count() == 1


def test_a_superuser_creates_a_subscription_and_sees_its_secret_once(partner, admin_client):
    response = admin_client.post(
        ADD_SUBSCRIPTION,
        {
            "name": "Kazinform",
            "endpoint": partner.url,
            "languages": ["ru", "kk-latn"],
            "is_active": "on",
            "signature_header": "X-Newsroom-Signature",
        },
        follow=True,
    )
    subscription = PartnerSubscription.objects.get()
    assert subscription.secret in response.content.decode()
    change = reverse("admin:articles_partnersubscription_change", args=[subscription.pk])
    assert subscription.secret not in admin_client.get(change).content.decode()


def test_editors_read_the_log_and_send_again_reporters_cannot(
    partner, publish, draft, desk_client, reporter_client, django_capture_on_commit_callbacks
):
    subscribe(partner)
    publish(draft(headline="Отправлено партнёру"))
    work()
    delivery = Delivery.objects.get()
    resend = {"action": "send_again", "_selected_action": [delivery.pk]}
    assert reporter_client.get(LOG).status_code == 403
    assert reporter_client.post(LOG, resend).status_code == 403
    assert Delivery.objects.count() == 1
    assert "Отправлено партнёру" in desk_client.get(LOG).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post(LOG, resend)
    work()
    assert Delivery.objects.count() == 2
    first, again = partner.received
    assert first.delivery_id != again.delivery_id  # a resend is a new delivery
    assert again.item["uri"] == first.item["uri"]


def test_the_log_links_each_delivery_to_the_piece_it_sent(partner, publish, draft, desk_client):
    subscribe(partner)
    article = publish(draft(headline="Отправлено партнёру"))
    work()
    delivery = Delivery.objects.get()
    piece = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<a href="{piece}">' in desk_client.get(LOG).content.decode()
    change = reverse("admin:articles_delivery_change", args=[delivery.pk])
    assert f'<a href="{piece}">' in desk_client.get(change).content.decode()


def test_nobody_edits_or_deletes_the_log(partner, publish, draft, admin_client):
    subscribe(partner)
    publish(draft())
    work()
    delivery = Delivery.objects.get()
    delete = reverse("admin:articles_delivery_delete", args=[delivery.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Delivery.objects.exists()


def test_a_withdrawn_piece_saved_again_sends_no_second_kill(
    partner, publish, draft, editor, django_capture_on_commit_callbacks
):
    subscribe(partner)
    article = publish(draft())
    work()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_withdraw(article=article, user=editor, reason="Не подтвердилось")
    work()
    with django_capture_on_commit_callbacks(execute=True):
        # Withdrawn → draft: the piece is reworked (still published_at: it was released once).
        services.article_save(article=article, user=editor, to_status=Article.Status.DRAFT)
    work()
    assert [item["pubStatus"] for item in partner.items()] == ["usable", "canceled"]


def test_a_draft_never_released_queues_nothing(
    partner, draft, editor, django_capture_on_commit_callbacks
):
    subscribe(partner)
    article = draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(article=article, user=editor)
    assert not DBTaskResult.objects.exists()
