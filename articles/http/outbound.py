"""Which addresses our server may connect to when a staff member or a partner names the host
(wire sources, delivery endpoints): public ones only, whatever form the address takes."""

from __future__ import annotations

import ipaddress

# NAT64 (RFC 6052, RFC 8215): an IPv6 address that a NAT64 gateway turns into the IPv4
# address in its last 32 bits; the local-use prefix is a private network by definition.
_NAT64_WELL_KNOWN = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")


def _public(ip) -> bool:
    return ip.is_global and not ip.is_multicast


def is_public_address(address: str) -> bool:
    """Whether `address` (as getaddrinfo gives it, a scope `%eth0` allowed) is a public one,
    and so is any IPv4 address it carries: IPv4-mapped, IPv4-compatible, 6to4, Teredo and
    NAT64 forms of 10.0.0.1 are 10.0.0.1. Python's `is_global` calls some of them global."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not _public(ip):
        return False
    if ip.version == 4:
        return True
    if ip in _NAT64_LOCAL_USE or int(ip) >> 32 == 0:  # local NAT64; ::a.b.c.d (deprecated)
        return False
    carried = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if ip in _NAT64_WELL_KNOWN:
        carried.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return all(inner is None or _public(inner) for inner in carried)
