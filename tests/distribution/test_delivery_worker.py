"""A real `manage.py db_worker`, killed in the middle of a delivery and started again: the
partner is sent the piece again under the same delivery id, and the log shows one delivery.

Everything runs in processes of its own on a database file of its own, as in production: the
test's own database lives in memory, where a worker process cannot see it.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.distribution.partners import start_partner, verify

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
from articles import services
from articles.models import Article, PartnerSubscription
from articles.models.deliveries import subscription_create
from django.contrib.auth import get_user_model

editor = get_user_model().objects.create_superuser("olga", "olga@example.kz", "x" * 16)
secret = subscription_create(subscription=PartnerSubscription(
    name="Kazinform", endpoint="{endpoint}", languages=["ru"]))
article = Article(language="ru", headline="Работник остановлен", lead="Лид.", body="<p>Т</p>")
services.article_publish(article=article, user=editor)
print(secret)
"""

REPORT = """
import json
from articles.models import Delivery
print(json.dumps([
    {"uuid": str(d.uuid), "state": d.state, "attempts": d.attempts,
      "tries": [[t.number, t.status_code, t.error] for t in d.tries.all()]}
    for d in Delivery.objects.all()
]))
"""


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    )


def worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def partner():
    partner = start_partner()
    yield partner
    partner.server.shutdown()


def test_worker_killed_mid_delivery_sends_again_under_the_same_id(partner, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "NEWSROOM_DELIVERY_ALLOW_HTTP": "1",
        "NEWSROOM_DELIVERY_ALLOW_PRIVATE": "1",
        "NEWSROOM_DELIVERY_TIMEOUT": "1",  # an attempt is lost after 3 s
        "NEWSROOM_WARM_PAGES": "0",
    }
    manage(env, "migrate", "-v0")
    partner.delay = 30  # the first delivery hangs: the worker is killed while it waits
    secret = manage(env, "shell", "-c", SETUP.format(endpoint=partner.url)).stdout.strip()

    first = worker(env)
    try:
        wait_for(lambda: len(partner.received) == 1, 30)
        first.send_signal(signal.SIGKILL)
    finally:
        first.wait(10)

    second = worker(env)
    try:
        wait_for(lambda: len(partner.received) == 2, 30)
        time.sleep(1)  # the answer is recorded
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)

    sent, again = partner.received
    assert sent.delivery_id == again.delivery_id
    assert json.loads(sent.body)["uri"] == json.loads(again.body)["uri"]
    assert verify(secret.splitlines()[-1], again.headers, again.body)
    [delivery] = json.loads(manage(env, "shell", "-c", REPORT).stdout.splitlines()[-1])
    assert delivery["uuid"] == sent.delivery_id
    assert delivery["state"] == "delivered"
    assert delivery["attempts"] == 2
    (number, status, error), (retry, retry_status, _) = delivery["tries"]
    assert (number, status) == (1, None)
    assert "stopped" in error
    assert (retry, retry_status) == (2, 200)
    assert len(partner.received) == 2  # and nothing more
