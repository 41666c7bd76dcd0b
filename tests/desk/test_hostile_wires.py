"""A hostile editor against the wire sources: the partner's key is written, never read back,
so it must not be readable by pointing the source somewhere else either."""

import pytest
from django.urls import reverse

from articles.models import WireSource

pytestmark = pytest.mark.django_db
KEY = "Bearer nr_secretpartnerkey1234"


@pytest.fixture
def source(db) -> WireSource:
    return WireSource.objects.create(
        name="Kazinform",
        kind=WireSource.Kind.NINJS_API,
        url="https://partner.example/api/ninjs/",
        auth_value=KEY,
        credit="Kazinform",
    )


def source_form(**fields) -> dict:
    return {
        "name": "Kazinform",
        "kind": "ninjs",
        "url": "https://partner.example/api/ninjs/",
        "folder": "",
        "auth_header": "Authorization",
        "auth_value": "",
        "language": "ru",
        "credit": "Kazinform",
        "source_line": "",
        "is_active": "on",
        "poll_minutes": "5",
        **fields,
    }


def change(client, source, **fields):
    url = reverse("admin:articles_wiresource_change", args=[source.pk])
    return client.post(url, source_form(**fields))


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://attacker.example/collect",
        "http://partner.example/api/ninjs/",  # the key in clear text on the way
        "https://partner.example:8443/api/ninjs/",
        "https://partner.example.attacker.example/api/ninjs/",
    ],
)
def test_the_stored_key_is_not_sent_to_an_address_an_editor_moved_the_source_to(
    desk_client, source, elsewhere
):
    change(desk_client, source, url=elsewhere)

    source.refresh_from_db()
    assert source.url != elsewhere or source.auth_value != KEY


def test_the_stored_key_stays_while_the_source_stays_on_its_host(desk_client, source):
    response = change(desk_client, source, url="https://partner.example/api/v2/ninjs/")

    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.url, source.auth_value) == ("https://partner.example/api/v2/ninjs/", KEY)


def test_a_source_moved_with_its_key_typed_again_is_saved(desk_client, source):
    response = change(desk_client, source, url="https://wire.example/", auth_value="Bearer new")

    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.url, source.auth_value) == ("https://wire.example/", "Bearer new")
