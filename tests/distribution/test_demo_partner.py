"""The demo's partner (`manage.py demo_partner`, started by `make run`) checks what it gets as
docs/distribution.md asks of a partner, and so shows a new user the delivery log at work."""

import threading

import pytest

from articles.demo import partner as demo
from articles.distribution.deliveries.payload import signature
from articles.models import Article, Delivery
from tests.distribution.conftest import work

pytestmark = pytest.mark.django_db


def test_the_demo_partner_accepts_a_signed_delivery_and_refuses_a_forged_one():
    body = b'{"uri": "urn:newsroom:article:1"}'
    headers = {"X-Newsroom-Delivery": "d-1"}
    headers["X-Newsroom-Signature"] = signature(secret="s3cret", delivery_id="d-1", body=body)
    assert demo.verify("s3cret", headers, body, header="X-Newsroom-Signature")
    assert not demo.verify("other", headers, body, header="X-Newsroom-Signature")
    assert not demo.verify("s3cret", headers, body + b" ", header="X-Newsroom-Signature")
    replayed = {**headers, "X-Newsroom-Delivery": "d-2"}
    assert not demo.verify("s3cret", replayed, body, header="X-Newsroom-Signature")


def test_load_demo_subscribes_the_demo_partner_once():
    first, again = demo.ensure_subscription(), demo.ensure_subscription()
    assert first.pk == again.pk
    assert first.endpoint == "http://127.0.0.1:8001/deliveries"
    assert first.secret
    assert first.languages == ["ru", "kk", "en"]


def test_a_published_piece_reaches_the_demo_partner_and_the_log_says_delivered(
    deliveries_to_this_machine, publish, make_article
):
    lines = []
    server = demo.PartnerServer(("127.0.0.1", 0), lines.append)
    port = server.server_address[1]
    subscription = demo.ensure_subscription(port)
    server.key = lambda: (subscription.secret, subscription.signature_header)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        draft = make_article(
            status=Article.Status.DRAFT, published_at=None, headline="Центр открыт"
        )
        article = publish(draft)
        work()
    finally:
        server.shutdown()
        server.server_close()
    delivery = Delivery.objects.get(subscription=subscription, article=article)
    assert delivery.state == Delivery.State.DELIVERED
    assert len(server.seen) == 1
    assert any("usable: 'Центр открыт'" in line for line in lines), lines
