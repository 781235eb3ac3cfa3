"""Where a feed may send the collector: never to an internal address behind a public feed's back.

A public feed that answers with a redirect to 127.0.0.1, 10.x, 169.254.169.254 (cloud metadata)
and the like would make the collector fetch, store and publish what only this machine may see
(server-side request forgery). A redirect target is resolved *before* it is requested, and the
address actually connected to is checked again (a name can resolve differently a moment later).
The one exception: a feed configured at an address of a class may redirect within that class,
so a feed on a local test server or an intranet keeps working.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

PUBLIC = "public"
# Cloud instance metadata services (AWS/GCP/Azure/OpenStack, AWS IPv6, ECS tasks, Alibaba).
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")
)


class AddressRefused(Exception):
    """A URL whose address the collector must not fetch; the message says why."""


def address_class(address: IPAddress) -> str:
    """'public', or the kind of non-public address: loopback, private, link-local, ..."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return "cloud metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified:
        return "unspecified"
    if address.is_global:
        return PUBLIC
    return "private"


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def resolve(url: str) -> list[IPAddress]:
    """Every address the URL's host resolves to (an IP literal resolves to itself)."""
    split = urlsplit(url)
    host = split.hostname or ""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    port = split.port or (443 if split.scheme == "https" else 80)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"cannot resolve {host!r}: {exc}") from None
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = literal_address(str(sockaddr[0]))
        if address is not None and address not in found:
            found.append(address)
    return found


def check_addresses(url: str, addresses: list[IPAddress], allowed: frozenset[str]) -> None:
    """Raise AddressRefused when one of the addresses is of a class not in `allowed`."""
    for address in addresses:
        kind = address_class(address)
        if kind not in allowed:
            host = urlsplit(url).hostname or url
            shown = host if literal_address(host) is not None else f"{host} = {address}"
            raise AddressRefused(
                f"redirect to {url[:200]} refused: {shown} is a {kind} address, and only a "
                "feed configured at such an address may lead there"
            )


def allowed_classes(origin: list[IPAddress]) -> frozenset[str]:
    """Public addresses, plus the classes of the configured feed's own addresses."""
    return frozenset({PUBLIC, *(address_class(a) for a in origin)})


async def check_url(url: str, allowed: frozenset[str]) -> None:
    """Resolve `url` and refuse it before any request when it leads somewhere forbidden."""
    check_addresses(url, await resolve(url), allowed)
