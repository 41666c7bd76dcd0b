"""Login lockouts count against a username AND the client's real address (finding 9).

Behind a load balancer every request comes from the balancer's address: unless the address
comes from X-Forwarded-For, a stranger's five bad passwords for `olga` lock Olga out. And the
header must be read so that a client cannot choose the address it is counted under.
"""

import pytest
from django.core import checks
from django.test import Client
from django.urls import reverse

from articles.http.client_address import client_address

BALANCER = "10.0.0.2"
STRANGER = "203.0.113.66"
OLGA_AT_HOME = "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    settings.NEWSROOM_PROXY_COUNT = 1


def log_in(user, password, *, forwarded_for=None, remote=BALANCER) -> int:
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    response = Client().post(
        reverse("admin:login"), {"username": user.username, "password": password}, **extra
    )
    return response.status_code


def test_a_strangers_bad_passwords_do_not_lock_the_editor_out(behind_one_proxy, editor):
    for _ in range(6):
        log_in(editor, "wrong", forwarded_for=STRANGER)
    assert log_in(editor, "x", forwarded_for=STRANGER) == 429  # the stranger is locked out
    assert log_in(editor, "x", forwarded_for=OLGA_AT_HOME) == 302  # Olga is not


def test_a_forged_forwarded_for_cannot_choose_the_address_counted(behind_one_proxy, editor):
    # The stranger writes Olga's address into the header; the balancer appends the real one.
    for _ in range(6):
        log_in(editor, "wrong", forwarded_for=f"{OLGA_AT_HOME}, {STRANGER}")
    assert log_in(editor, "x", forwarded_for=OLGA_AT_HOME) == 302


def test_rotating_the_forged_part_does_not_escape_a_lockout(behind_one_proxy, editor):
    for n in range(6):
        log_in(editor, "wrong", forwarded_for=f"192.0.2.{n}, 192.0.2.{n + 100}, {STRANGER}")
    assert log_in(editor, "x", forwarded_for=f"192.0.2.250, {STRANGER}") == 429
    assert log_in(editor, "x", forwarded_for=f"garbage, {STRANGER}") == 429


def test_without_a_proxy_the_header_is_ignored(settings, editor):
    settings.NEWSROOM_PROXY_COUNT = 0
    for n in range(6):
        log_in(editor, "wrong", forwarded_for=f"192.0.2.{n}", remote=STRANGER)
    assert log_in(editor, "x", forwarded_for=OLGA_AT_HOME, remote=STRANGER) == 429
    assert log_in(editor, "x", forwarded_for=STRANGER, remote=OLGA_AT_HOME) == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "1.2.3.4", BALANCER),
        (1, None, BALANCER),  # not through the proxy (a health check)
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "9.9.9.9, 1.2.3.4", "1.2.3.4"),
        (1, "1.2.3.4:5555", "1.2.3.4"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "not-an-address", BALANCER),
        (2, "9.9.9.9, 1.2.3.4, 10.1.1.1", "1.2.3.4"),  # a CDN, then our balancer
        (2, "1.2.3.4", "1.2.3.4"),  # fewer entries than proxies: all written by them
    ],
)
def test_the_client_address_is_the_one_the_outermost_proxy_saw(
    rf, settings, proxies, forwarded_for, expected
):
    settings.NEWSROOM_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": BALANCER}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(rf.get("/", **extra)) == expected


def test_any_other_address_source_fails_the_system_check(settings):
    settings.AXES_CLIENT_IP_CALLABLE = None
    assert "newsroom.E001" in [e.id for e in checks.run_checks(tags=[checks.Tags.security])]
    settings.AXES_CLIENT_IP_CALLABLE = "articles.http.client_address.client_address"
    settings.AXES_LOCKOUT_PARAMETERS = ["username"]
    assert "newsroom.E002" in [e.id for e in checks.run_checks(tags=[checks.Tags.security])]
    settings.AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
    assert not [
        e for e in checks.run_checks(tags=[checks.Tags.security]) if e.id.startswith("newsroom")
    ]
