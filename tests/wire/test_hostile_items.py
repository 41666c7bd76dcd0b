"""A hostile partner's items: text no database or page can hold must not stop the intake."""

import json

from articles.distribution.wire.poll import poll_source
from articles.models import WireItem, WireSource


def test_an_item_with_unwritable_characters_in_its_id_does_not_stop_the_poll(
    api_source, source_server
):
    items = [
        {
            "guid": "urn:kz:\ud800bad",
            "version": "1",
            "headline": "Broken\ud800",
            "body_html": "<p>x</p>",
        },
        {
            "guid": "urn:kz:good",
            "version": "1",
            "headline": "Summit opens",
            "body_html": "<p>y</p>",
        },
    ]
    source_server.serve("/api/ninjs/", json.dumps({"items": items, "next": None}))

    poll_source(api_source)

    assert WireItem.objects.filter(headline="Summit opens").exists()
    assert WireItem.objects.filter(guid="urn:kz:bad", headline="Broken").exists()
    source = WireSource.objects.get(pk=api_source.pk)
    assert source.last_polled_at is not None
