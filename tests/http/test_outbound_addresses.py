"""Which addresses the server connects to for a wire source or a partner's endpoint."""

import pytest

from articles.http.outbound import is_public_address


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "2606:4700::1111", "64:ff9b::5db8:d822", "2002:5db8:d822::1"],
)
def test_public_addresses_are_reached_in_any_form(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
        "::1", "fe80::1%eth0", "fd00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe", "64:ff9b:1::5db8:d822", "2002:7f00:1::1", "::10.0.0.1",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",
    ],
)  # fmt: skip
def test_our_own_networks_are_refused_in_any_form(address):
    assert not is_public_address(address)
