"""The address a request really came from, for django-axes' login lockouts.

Behind NEWSROOM_PROXY_COUNT proxies (a load balancer, a CDN...), each proxy appends the address
it was connected from to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`, AWS ALB,
HAProxy's `option forwardfor`). The client can send an X-Forwarded-For of its own, but only
to the left of what our proxies append: the N-th entry from the right is the address our
outermost proxy saw, and nothing the client writes can move it. With no proxy, the header is
anyone's to write and is ignored: the address is the socket's (REMOTE_ADDR).

django-ipware was the way axes offered. Its 8.x releases count proxies differently (the
addresses of proxies *inside* the header, with a strict mode that answers None for a chain
of another length), so that an nginx in front would have given every client the same address
or none. A dozen lines with an exact rule, tested with forged and genuine headers, replace it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string


def client_address(request) -> str | None:
    """The client's address: the socket's, or the one our N trusted proxies vouch for."""
    direct = request.META.get("REMOTE_ADDR")
    proxies = settings.NEWSROOM_PROXY_COUNT
    if proxies <= 0:
        return direct
    chain = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in chain if hop]
    if not chain:
        return direct  # not through our proxies (a health check on the private network)
    # Fewer entries than proxies: the request came through fewer proxies than configured,
    # and all it carries was still written by them; the left-most is the client.
    vouched = chain[max(len(chain) - proxies, 0)]
    return _valid(vouched) or direct


def _valid(address: str) -> str | None:
    """`address` as a canonical IP string ("[::1]:443" and "1.2.3.4:80" lose their port)."""
    if address.startswith("[") and "]" in address:
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:
        address = address.split(":")[0]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@checks.register(checks.Tags.security)
def check_lockouts_use_the_real_address(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Lockouts must be per username and real address: anything else lets a stranger lock an
    editor out (one address for everyone behind a proxy), or lets a client pick its address."""
    errors = []
    source = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    try:
        usable = import_string(source) is client_address if isinstance(source, str) else False
    except ImportError:
        usable = False
    if not usable:
        errors.append(
            checks.Error(
                "django-axes must read the client's address with "
                "articles.http.client_address.client_address (AXES_CLIENT_IP_CALLABLE).",
                id="newsroom.E001",
            )
        )
    rules = [
        sorted(rule) if isinstance(rule, list | tuple) else [rule]
        for rule in settings.AXES_LOCKOUT_PARAMETERS
    ]
    if rules != [["ip_address", "username"]]:
        errors.append(
            checks.Error(
                'AXES_LOCKOUT_PARAMETERS must be [["username", "ip_address"]]: a lockout by '
                "username alone lets anyone lock an editor out.",
                id="newsroom.E002",
            )
        )
    return errors
