"""Wire items are hostile input: what a partner sent must never break the Wires inbox."""

import pytest
from django.urls import reverse

from articles import wire
from articles.models import WireItem, WireSource
from articles.wire import Incoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db) -> WireSource:
    return WireSource.objects.create(
        name="Hostile", kind=WireSource.Kind.NINJS_API, url="https://partner.example/"
    )


def test_a_photo_caption_with_unwritable_characters_does_not_break_the_item_page(
    reporter_client, source
):
    photos = [
        {"url": "https://partner.example/1.jpg", "caption": "Centre\ud800\x00", "credit": "\udfff"}
    ]
    wire.wire_item_receive(
        source=source,
        incoming=Incoming(guid="urn:1", headline="Summit", body="<p>x</p>", photos=photos),
    )
    item = WireItem.objects.get()

    page = reporter_client.get(reverse("admin:articles_wireitem_change", args=[item.pk]))

    assert page.status_code == 200
    assert "Centre" in page.text
    assert "\x00" not in page.text
