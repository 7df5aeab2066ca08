"""The address guard: which hosts the crawler may connect to (SSRF protection).

newsmill connects wherever feeds, sitemaps, pages and redirects point it, often from a
machine inside a cloud network. Before every connection the host is resolved *once* and each
address it resolves to is classified; a host with any refused address is not contacted, and
the connection goes to the address that was checked (the HTTP layer asks
:meth:`AddressPolicy.resolve` for the addresses to dial, so DNS cannot answer differently
between the check and the connect).

Refused unless ``fetch.allow_networks`` names a network containing the address:

* IPv4: ``0.0.0.0/8``, private (RFC 1918), carrier-grade NAT ``100.64.0.0/10``, loopback,
  link-local, IETF/documentation/benchmarking ranges, multicast, reserved and broadcast;
* IPv6: unspecified, loopback, unique-local ``fc00::/7``, link-local, site-local,
  multicast, documentation, discard, Teredo, ORCHID, local NAT64 and anything outside
  global unicast ``2000::/3``; IPv4 embedded in IPv6 (IPv4-mapped ``::ffff:a.b.c.d``,
  IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) is judged by
  its IPv4 address;
* cloud metadata endpoints (``169.254.169.254``, ``fd00:ec2::254``, ``100.100.100.200``,
  ``168.63.129.16`` ...), which an allowed *range* never opens: only an allow entry that is
  exactly that one address does.

Numeric hosts are read the way ``inet_aton`` and browsers read them, so ``2130706433``,
``0177.0.0.1``, ``0x7f.1`` and ``127.1`` are all ``127.0.0.1`` (:func:`parse_ip_host`).
The classifier (:func:`classify`) is a pure function; only :meth:`AddressPolicy.resolve`
touches DNS.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from urllib.parse import urlsplit, urlunsplit

from pipeline.config import parse_allow_network
from pipeline.errors import BlockedAddressError

__all__ = [
    "LOOPBACK_NETWORKS",
    "METADATA_ADDRESSES",
    "AddressPolicy",
    "IPAddress",
    "RedactCredentials",
    "Resolver",
    "classify",
    "parse_allow_network",
    "parse_ip_host",
    "redact",
    "strip_credentials",
]

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network
#: ``resolver(host, port) -> addresses``; the default asks the system (getaddrinfo).
Resolver = Callable[[str, int], Awaitable[list[str]]]

#: What ``newsmill demo`` and the tests allow: the loopback networks.
LOOPBACK_NETWORKS = ("127.0.0.0/8", "::1/128")

#: Cloud instance-metadata and platform endpoints; refused even inside an allowed range.
METADATA_ADDRESSES: dict[IPAddress, str] = {
    IPv4Address("169.254.169.254"): "AWS/GCP/Azure/OpenStack instance metadata",
    IPv4Address("169.254.170.2"): "AWS ECS task metadata",
    IPv4Address("169.254.169.253"): "AWS VPC DNS resolver",
    IPv4Address("169.254.169.123"): "AWS time sync",
    IPv4Address("100.100.100.200"): "Alibaba Cloud instance metadata",
    IPv4Address("192.0.0.192"): "Oracle Cloud instance metadata",
    IPv4Address("168.63.129.16"): "Azure platform (WireServer)",
    IPv6Address("fd00:ec2::254"): "AWS instance metadata (IPv6)",
    IPv6Address("fd00:ec2::23"): "AWS VPC DNS resolver (IPv6)",
    IPv6Address("fd00:ec2::123"): "AWS time sync (IPv6)",
}

_V4: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), why)
    for net, why in (
        ("0.0.0.0/8", "unspecified / 'this network' 0.0.0.0/8"),
        ("10.0.0.0/8", "private network 10.0.0.0/8"),
        ("100.64.0.0/10", "carrier-grade NAT 100.64.0.0/10"),
        ("127.0.0.0/8", "loopback 127.0.0.0/8"),
        ("169.254.0.0/16", "link-local 169.254.0.0/16"),
        ("172.16.0.0/12", "private network 172.16.0.0/12"),
        ("192.0.0.0/24", "IETF protocol assignments 192.0.0.0/24"),
        ("192.0.2.0/24", "documentation 192.0.2.0/24"),
        ("192.88.99.0/24", "6to4 relay anycast 192.88.99.0/24"),
        ("192.168.0.0/16", "private network 192.168.0.0/16"),
        ("198.18.0.0/15", "benchmarking 198.18.0.0/15"),
        ("198.51.100.0/24", "documentation 198.51.100.0/24"),
        ("203.0.113.0/24", "documentation 203.0.113.0/24"),
        ("224.0.0.0/4", "multicast 224.0.0.0/4"),
        ("240.0.0.0/4", "reserved 240.0.0.0/4 (and broadcast)"),
    )
)
_V6: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), why)
    for net, why in (
        ("::/128", "unspecified ::"),
        ("::1/128", "loopback ::1"),
        ("64:ff9b:1::/48", "local-use NAT64 64:ff9b:1::/48"),
        ("100::/64", "discard-only 100::/64"),
        ("2001::/32", "Teredo tunnel 2001::/32"),
        ("2001:2::/48", "benchmarking 2001:2::/48"),
        ("2001:10::/28", "ORCHID 2001:10::/28"),
        ("2001:20::/28", "ORCHIDv2 2001:20::/28"),
        ("2001:db8::/32", "documentation 2001:db8::/32"),
        ("3fff::/20", "documentation 3fff::/20"),
        ("5f00::/16", "SRv6 SIDs 5f00::/16"),
        ("fc00::/7", "unique-local fc00::/7"),
        ("fe80::/10", "link-local fe80::/10"),
        ("fec0::/10", "site-local fec0::/10"),
        ("ff00::/8", "multicast ff00::/8"),
    )
)
_GLOBAL_UNICAST = IPv6Network("2000::/3")
_NAT64 = IPv6Network("64:ff9b::/96")
_V4_COMPATIBLE = IPv6Network("::/96")


# -- spellings ---------------------------------------------------------------------------------
def _ipv4_part(text: str) -> int | None:
    """One dotted part as inet_aton reads it: ``0x..`` hex, ``0..`` octal, else decimal."""
    if text[:2].lower() == "0x":
        digits = text[2:]
        if digits == "":
            return 0
        return int(digits, 16) if all(c in "0123456789abcdefABCDEF" for c in digits) else None
    if not text.isascii() or not text.isdigit():
        return None
    if len(text) > 1 and text[0] == "0":
        return int(text, 8) if all(c in "01234567" for c in text) else None
    return int(text)


def _parse_ipv4(host: str) -> IPv4Address | None:
    """``host`` as a numeric IPv4 address in any legacy spelling, or None if it is a name.

    Raises ``ValueError`` for a host that is numeric but out of range (``256.1.1.1``).
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":  # one trailing dot, as in "127.0.0.1."
        parts.pop()
    if not 1 <= len(parts) <= 4 or any(p == "" for p in parts):
        return None
    numbers = [_ipv4_part(p) for p in parts]
    if any(n is None for n in numbers):
        return None
    values = [n for n in numbers if n is not None]
    *head, last = values
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(values)):
        raise ValueError(f"numeric host {host!r} is out of range")
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return IPv4Address(value)


def parse_ip_host(host: str) -> IPAddress | None:
    """The IP address a URL host spells, or None for a DNS name.

    Accepts bracketed IPv6 (with a zone, ``[fe80::1%eth0]``) and every IPv4 form
    ``inet_aton`` accepts: ``127.0.0.1``, ``2130706433``, ``0177.0.0.1``, ``0x7f.0.0.1``,
    ``0x7f000001``, ``127.1``, ``127.0.1`` (and a trailing dot). Raises ``ValueError`` for
    a host that is neither a valid address nor a possible name (``[zz::]``, ``256.0.0.1``).
    """
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if ":" in text:
        return ipaddress.ip_address(text.split("%", 1)[0])
    return _parse_ipv4(text)


# -- classification ----------------------------------------------------------------------------
def _embedded_ipv4(ip: IPv6Address) -> tuple[str, IPv4Address] | None:
    """The IPv4 address an IPv6 address carries, with how it carries it."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip in _NAT64:
        return "NAT64", IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _V4_COMPATIBLE and int(ip) > 1:
        return "IPv4-compatible", IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    return None


def _effective(ip: IPAddress) -> IPAddress:
    """``ip`` without an IPv6 zone, and IPv6 forms of an IPv4 address as that address."""
    if isinstance(ip, IPv6Address):
        if ip.scope_id:
            ip = IPv6Address(str(ip).split("%", 1)[0])
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return embedded[1]
    return ip


def classify(ip: IPAddress | str) -> str | None:
    """Why ``ip`` must not be contacted (``"loopback 127.0.0.0/8"``), or None when public.

    A pure function: no allow list, no DNS. IPv6 forms of an IPv4 address are judged by
    that address (``"IPv4-mapped ::ffff:7f00:1 of 127.0.0.1: loopback 127.0.0.0/8"``).
    """
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip)
    if isinstance(ip, IPv6Address):
        if ip.scope_id:
            ip = IPv6Address(str(ip).split("%", 1)[0])
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            kind, v4 = embedded
            inner = classify(v4)
            return f"{kind} {ip} of {v4}: {inner}" if inner else None
    if ip in METADATA_ADDRESSES:
        return f"cloud metadata endpoint {ip} ({METADATA_ADDRESSES[ip]})"
    if isinstance(ip, IPv4Address):
        for net4, why in _V4:
            if ip in net4:
                return why
    else:
        for net6, why in _V6:
            if ip in net6:
                return why
        if ip not in _GLOBAL_UNICAST:
            return "reserved IPv6 (outside global unicast 2000::/3)"
    if not ip.is_global:
        return "not globally routable"
    return None


async def _system_resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


class AddressPolicy:
    """The address guard of one run: the allow list, and DNS resolution through it.

    ``allow_networks`` are exact networks (:func:`parse_allow_network`); an address in one
    of them is allowed unless it is a cloud metadata address, which only an entry of that
    single address allows. ``resolver`` replaces the system resolver (tests).
    """

    def __init__(
        self, allow_networks: Iterable[str | IPNetwork] = (), *, resolver: Resolver | None = None
    ) -> None:
        self.allow: tuple[IPNetwork, ...] = tuple(
            n if isinstance(n, IPv4Network | IPv6Network) else parse_allow_network(n)
            for n in allow_networks
        )
        self._resolver: Resolver = resolver or _system_resolve

    def _allowed(self, ip: IPAddress) -> bool:
        candidates = {ip, _effective(ip)}
        for candidate in candidates:
            for net in self.allow:
                if candidate.version != net.version or candidate not in net:
                    continue
                if candidate in METADATA_ADDRESSES and net.num_addresses != 1:
                    continue
                return True
        return False

    def refusal(self, ip: IPAddress | str) -> str | None:
        """Why ``ip`` is refused under this policy, or None when it may be contacted."""
        if isinstance(ip, str):
            ip = ipaddress.ip_address(ip)
        if isinstance(ip, IPv6Address) and ip.scope_id:
            ip = IPv6Address(str(ip).split("%", 1)[0])
        reason = classify(ip)
        if reason is None or self._allowed(ip):
            return None
        return reason

    def _refuse(self, host: str, ip: IPAddress | None, reason: str) -> BlockedAddressError:
        shown = host if ip is None or str(ip) == host.strip("[]") else f"{host} ({ip})"
        hint = "" if "metadata" in reason else " (fetch.allow_networks can allow it)"
        return BlockedAddressError(
            f"refused to connect to {shown}: {reason}{hint}", host=host, reason=reason
        )

    def check_host(self, host: str) -> None:
        """Refuse a URL host that spells a refused IP address (no DNS is asked)."""
        try:
            ip = parse_ip_host(host)
        except ValueError as exc:
            raise self._refuse(host, None, f"malformed numeric host: {exc}") from None
        if ip is not None:
            reason = self.refusal(ip)
            if reason is not None:
                raise self._refuse(host, ip, reason)

    async def resolve(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``, each checked; DNS is asked once.

        Raises :class:`~pipeline.errors.BlockedAddressError` when the host spells, or any of
        its DNS answers is, a refused address (a name that mixes public and internal answers
        is refused as a whole), and ``OSError`` when it does not resolve.
        """
        self.check_host(host)
        literal = parse_ip_host(host)
        if literal is not None:
            return [str(literal)]
        answers = await self._resolver(host, port)
        if not answers:
            raise OSError(f"{host} has no address")
        vetted: list[str] = []
        for answer in answers:
            ip = ipaddress.ip_address(answer.split("%", 1)[0])
            reason = self.refusal(ip)
            if reason is not None:
                raise self._refuse(host, ip, reason)
            if answer not in vetted:
                vetted.append(answer)
        return vetted


# -- credentials in URLs -----------------------------------------------------------------------
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s]*@")


def strip_credentials(url: str) -> str:
    """``url`` without ``user:password@`` (records, state and results never hold them)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def redact(text: str) -> str:
    """``text`` with the credentials of every URL in it masked (``https://***@host/``)."""
    return _USERINFO.sub(r"\1***@", text)


class RedactCredentials(logging.Filter):
    """Logging filter masking URL credentials in every message (installed by the CLI)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message:
            record.msg, record.args = redact(message), None
        return True
