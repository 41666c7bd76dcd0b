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


def test_a_file_whose_name_is_not_utf8_does_not_stop_the_folder_poll(db, settings):
    folder = settings.NEWSROOM_WIRE_FOLDER_ROOT / "partner"
    folder.mkdir()
    with open(bytes(folder) + b"/broken\xff.json", "wb") as file:  # no UTF-8 says this name
        file.write(b"{not json")
    source = WireSource.objects.create(name="Folder", kind="folder", folder="partner")

    poll_source(source)

    source.refresh_from_db()
    assert source.last_polled_at is not None
    assert source.last_error.startswith("broken")
