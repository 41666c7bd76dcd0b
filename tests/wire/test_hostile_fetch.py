"""A hostile wire source against the intake's fetch: its address must never reach our own
network, whatever its name resolves to from one lookup to the next."""

from __future__ import annotations

import socket

import pytest

from articles.distribution.wire.fetch import WireError, fetch_url

PUBLIC = "93.184.216.34"  # a global address: what the first lookup answers


def rebinding_dns(monkeypatch, host: str):
    """`host` resolves to a public address the first time, to 127.0.0.1 after (DNS
    rebinding: the attacker's name server answers with a zero TTL)."""
    real = socket.getaddrinfo
    calls = {"n": 0}

    def getaddrinfo(name, port, *args, **kwargs):
        if name != host:
            return real(name, port, *args, **kwargs)
        calls["n"] += 1
        address = PUBLIC if calls["n"] == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 80))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return calls


def test_a_name_that_rebinds_to_our_own_network_after_the_check_is_not_fetched(
    source_server, settings, monkeypatch
):
    settings.NEWSROOM_WIRE_ALLOW_PRIVATE = False
    source_server.serve("/internal", '{"secret": "of the server"}')
    rebinding_dns(monkeypatch, "rebind.example")
    url = f"http://rebind.example:{source_server.httpd.server_port}/internal"

    with pytest.raises(WireError):
        fetch_url(url)

    assert source_server.requests == []


# IPv6 forms that carry an address of our own networks: NAT64 (well-known and local-use
# prefixes), 6to4, IPv4-compatible. Python's `is_global` calls some of them global.
HIDDEN_PRIVATE = ["64:ff9b::a00:1", "64:ff9b:1::a00:1", "2002:a00:1::1", "::10.0.0.1"]


def resolving_to(monkeypatch, host: str, address: str) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(name, port, *args, **kwargs):
        if name != host:
            return real(name, port, *args, **kwargs)
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port or 80, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("address", HIDDEN_PRIVATE)
def test_an_ipv6_address_carrying_a_private_ipv4_one_is_refused(settings, monkeypatch, address):
    settings.NEWSROOM_WIRE_ALLOW_PRIVATE = False
    resolving_to(monkeypatch, "nat64.example", address)
    connected = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a))

    with pytest.raises(WireError):
        fetch_url("http://nat64.example/feed")

    assert connected == []
