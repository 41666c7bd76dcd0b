"""The partner feed as a partner reads it: with a key of its own."""

from unittest import mock

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker

from articles import services
from articles.models import PartnerSubscription
from articles.models.deliveries import subscription_create
from articles.models.partners import partner_key_issue
from tests.distribution.partners import start_partner

LIST = reverse("api:ninjs_list")


@pytest.fixture
def partner_key(db) -> str:
    return partner_key_issue(name="Kazinform")[1]


@pytest.fixture
def api(partner_key) -> Client:
    return Client(headers={"Authorization": f"Bearer {partner_key}"})


def items(api, **params) -> list[dict]:
    response = api.get(LIST, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def headlines(api, **params) -> list[str]:
    return [item["headlines"][0]["value"] for item in items(api, **params)]


def detail(article) -> str:
    return reverse("api:ninjs_detail", kwargs={"pk": article.pk})


# Deliveries to partners: a partner's server on this machine, and a way to subscribe it.


@pytest.fixture
def deliveries_to_this_machine(settings):
    settings.NEWSROOM_DELIVERY_ALLOW_HTTP = True
    settings.NEWSROOM_DELIVERY_ALLOW_PRIVATE = True
    settings.NEWSROOM_DELIVERY_TIMEOUT = 2
    # The test's transaction is not committed: other threads' connections would not see it.
    settings.NEWSROOM_DELIVERY_THREADS = 0


@pytest.fixture
def partner():
    partner = start_partner()
    yield partner
    partner.server.shutdown()


def subscribe(partner, **fields):
    sections = fields.pop("sections", [])
    subscription = PartnerSubscription(
        name=fields.pop("name", "Kazinform"),
        endpoint=partner.url,
        languages=fields.pop("languages", ["ru", "kk", "en"]),
        **fields,
    )
    secret = subscription_create(subscription=subscription)
    subscription.sections.set(sections)
    return subscription, secret


@pytest.fixture
def publish(editor, django_capture_on_commit_callbacks):
    """`publish(article, when=None)`: an editor publishes it, and the save commits."""

    def run(article, when=None):
        with django_capture_on_commit_callbacks(execute=True):
            services.article_publish(article=article, user=editor, when=when)
        return article

    return run


def work() -> None:
    """Run the queued tasks that are due, as `manage.py db_worker --batch` does, here; and
    the tasks they queue on commit (the test's transaction never commits: run them). The
    worker's check for stale connections would close the test's own connection, which is
    inside the test's transaction (PostgreSQL closes it for real): it is left out here."""
    while True:
        with (
            TestCase.captureOnCommitCallbacks(execute=True) as queued,
            mock.patch(f"{Worker.__module__}.close_old_connections"),
        ):
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="tests",
                excluded_queue_names=[],
            ).run()
        if not queued:
            return
