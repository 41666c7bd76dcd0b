"""A delivery endpoint whose name resolves to an IPv6 address that carries one of our own
networks' IPv4 addresses (NAT64, 6to4, IPv4-compatible) is not sent to."""

import socket

import pytest

from articles.distribution.deliveries.endpoint import post
from tests.wire.test_hostile_fetch import HIDDEN_PRIVATE, resolving_to


@pytest.mark.parametrize("address", HIDDEN_PRIVATE)
def test_an_endpoint_on_an_ipv6_form_of_a_private_address_is_refused(
    settings, monkeypatch, address
):
    settings.NEWSROOM_DELIVERY_ALLOW_PRIVATE = False
    resolving_to(monkeypatch, "partner.example", address)
    connected = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a))

    answer = post("https://partner.example/in", b"{}", {}, timeout=1)

    assert answer.status is None
    assert connected == []
