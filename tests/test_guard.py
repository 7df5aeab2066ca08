"""The address guard (SSRF): the classifier as a pure function over a table of spellings, and
the fetch paths (first request, redirect hop, DNS answer) against loopback servers only.

No test here connects anywhere but 127.0.0.1, 127.0.0.2 or ::1; the public and cloud
addresses appear only in the pure-function tables. Budget: about 3 s.
"""

from __future__ import annotations

import asyncio
import logging
from ipaddress import ip_address
from pathlib import Path

import pytest
from pydantic import ValidationError
from records import bare_article

import models
from pipeline.config import CrawlSettings, FetchSettings, Settings, load_settings
from pipeline.crawl.fetch import Fetcher, FetchResult
from pipeline.crawl.netguard import AddressPolicy, classify, parse_allow_network, parse_ip_host
from pipeline.errors import BlockedAddressError, ConfigError
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import Spider

# -- spellings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),  # decimal
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("0177.0000.0000.0001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),  # one octal number
        ("0x7f.1", "127.0.0.1"),  # hex, short form
        ("0x7F.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),  # a.b: b fills three bytes
        ("127.0.1", "127.0.0.1"),  # a.b.c: c fills two bytes
        ("127.0.0.1.", "127.0.0.1"),  # trailing dot
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("2852039166", "169.254.169.254"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("169.254.43518", "169.254.169.254"),
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("[0:0:0:0:0:ffff:7f00:1]", "::ffff:7f00:1"),
        ("[fe80::1%25eth0]", "fe80::1"),
        ("[fd00:ec2::254]", "fd00:ec2::254"),
    ],
)
def test_numeric_hosts_are_read_the_way_inet_aton_reads_them(host: str, address: str) -> None:
    parsed = parse_ip_host(host)
    assert parsed is not None
    assert str(parsed).split("%")[0] == address


@pytest.mark.parametrize(
    "host", ["example.com", "news.example.org", "localhost", "1.2.3.4.5", "08.0.0.1", "0x1g"]
)
def test_names_are_not_addresses(host: str) -> None:
    assert parse_ip_host(host) is None


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.16777216", "4294967296", "[zz::1]"])
def test_numeric_hosts_out_of_range_are_errors(host: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - ipaddress and our parser word it differently
        parse_ip_host(host)


# -- the classifier ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("10.1.2.3", "private network 10.0.0.0/8"),
        ("172.16.5.4", "private network 172.16.0.0/12"),
        ("172.31.255.255", "private network 172.16.0.0/12"),
        ("192.168.1.1", "private network 192.168.0.0/16"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("169.254.1.1", "link-local"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.170.2", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("192.0.0.192", "cloud metadata"),
        ("168.63.129.16", "cloud metadata"),  # a public address, refused all the same
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "documentation"),
        ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("192.88.99.1", "6to4 relay"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fec0::1", "site-local"),
        ("fc00::1", "unique-local"),
        ("fd12:3456::1", "unique-local"),
        ("fd00:ec2::254", "cloud metadata"),
        ("ff02::1", "multicast"),
        ("100::1", "discard-only"),
        ("2001:db8::1", "documentation"),
        ("2001::1", "Teredo"),
        ("64:ff9b:1::1", "local-use NAT64"),
        ("4000::1", "outside global unicast"),
        ("::ffff:127.0.0.1", "IPv4-mapped ::ffff:7f00:1 of 127.0.0.1: loopback"),
        ("::ffff:10.0.0.1", "IPv4-mapped"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("::127.0.0.1", "IPv4-compatible"),
        ("::a9fe:a9fe", "cloud metadata"),
        ("64:ff9b::7f00:1", "NAT64"),
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),
        ("2002:7f00:1::", "6to4"),
        ("2002:a9fe:a9fe::1", "cloud metadata"),
        ("2002:c0a8:101::", "private network 192.168.0.0/16"),
    ],
)
def test_refused_addresses_and_why(address: str, reason: str) -> None:
    why = classify(address)
    assert why is not None, address
    assert reason in why


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "1.1.1.1",
        "93.184.216.34",
        "172.32.0.1",  # just outside 172.16.0.0/12
        "100.128.0.1",  # just outside 100.64.0.0/10
        "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1",
    ],
)
def test_public_addresses_pass(address: str) -> None:
    assert classify(address) is None


def test_the_allow_list_is_exact_and_never_opens_metadata_by_range() -> None:
    policy = AddressPolicy(["127.0.0.1/32", "169.254.0.0/16"])
    assert policy.refusal("127.0.0.1") is None
    assert policy.refusal("::ffff:127.0.0.1") is None  # the same host, IPv4-mapped
    assert "loopback" in (policy.refusal("127.0.0.2") or "")
    assert "loopback" in (policy.refusal("::1") or "")
    assert policy.refusal("169.254.1.1") is None
    assert "metadata" in (policy.refusal("169.254.169.254") or "")  # a range does not open it
    assert AddressPolicy(["169.254.169.254/32"]).refusal("169.254.169.254") is None
    assert AddressPolicy().refusal(ip_address("8.8.8.8")) is None


@pytest.mark.parametrize("entry", ["127.0.0.1/8", "0.0.0.0/0", "::/0", "not-a-net", "10.0.0.0/33"])
def test_allow_entries_must_be_exact_networks(entry: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - ipaddress words each case its own way
        parse_allow_network(entry)
    with pytest.raises(ValidationError):
        FetchSettings(allow_networks=[entry])
    config = tmp_path / "newsmill.toml"
    config.write_text(f'[fetch]\nallow_networks = ["{entry}"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"fetch\.allow_networks"):
        load_settings(config)


def test_config_networks_are_normalized() -> None:
    settings = Settings(fetch=FetchSettings(allow_networks=[" 127.0.0.1/32", "::1/128"]))
    assert settings.fetch.allow_networks == ("127.0.0.1/32", "::1/128")
    assert Settings().fetch.allow_networks == ()  # nothing private is allowed by default


# -- over the network: loopback only -----------------------------------------------------------

PAGE = (200, {"Content-Type": "text/html"}, b"<html><body>ok</body></html>")
NO_ROBOTS = (404, {}, b"")


def fetch(url: str, allow: tuple[str, ...] = (), resolver=None, **crawl: object) -> FetchResult:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"delay": 0.0, "retries": 0, "deadline": 5.0, **crawl}
    settings = Settings(crawl=CrawlSettings(**values), fetch=FetchSettings(allow_networks=allow))

    async def go() -> FetchResult:
        async with Fetcher(settings, resolver=resolver) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(go())


def test_loopback_is_refused_by_default_before_anything_is_sent(loopback_http, caplog) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": PAGE})
    with caplog.at_level(logging.WARNING), pytest.raises(BlockedAddressError) as caught:
        fetch(server.base + "/a")
    assert "loopback 127.0.0.0/8" in str(caught.value)
    assert "fetch.allow_networks" in str(caught.value)  # says how to allow it
    assert server.requests == []  # not even robots.txt
    assert any("address guard" in r.message and "loopback" in r.message for r in caplog.records)
    assert fetch(server.base + "/a", allow=("127.0.0.1/32",)).status == 200


@pytest.mark.parametrize(
    "spelling", ["2130706433", "0x7f.1", "127.1", "0177.0.0.1", "[::ffff:7f00:1]"]
)
def test_odd_spellings_of_loopback_are_refused(loopback_http, spelling: str) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": PAGE})
    with pytest.raises(BlockedAddressError, match="loopback"):
        fetch(f"http://{spelling}:{server.port}/a")
    with pytest.raises(BlockedAddressError, match="loopback"):  # allowing 127.0.0.2 is not it
        fetch(f"http://{spelling}:{server.port}/a", allow=("127.0.0.2/32",))
    assert server.requests == []


def test_a_name_that_resolves_to_loopback_is_refused(loopback_http) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": PAGE})
    with pytest.raises(BlockedAddressError, match=r"localhost \((127\.0\.0\.1|::1)\)"):
        fetch(f"http://localhost:{server.port}/a", allow=("127.0.0.2/32",))
    assert server.requests == []


def test_a_redirect_to_a_refused_address_is_not_followed(loopback_http) -> None:
    inner = loopback_http({"/robots.txt": NO_ROBOTS, "/secret": PAGE}, host="127.0.0.2")
    outer = loopback_http(
        {"/robots.txt": NO_ROBOTS, "/go": (302, {"Location": inner.base + "/secret"}, b"")}
    )
    with pytest.raises(BlockedAddressError) as caught:
        fetch(outer.base + "/go", allow=("127.0.0.1/32",))
    assert str(caught.value).startswith(f"redirect to {inner.base}/secret: refused")
    assert caught.value.url == outer.base + "/go"
    assert outer.paths() == ["/robots.txt", "/go"]
    assert inner.requests == []  # neither robots.txt nor the target


def test_a_redirect_to_a_name_resolving_to_a_refused_address_is_not_followed(
    loopback_http,
) -> None:
    target = loopback_http({"/robots.txt": NO_ROBOTS, "/secret": PAGE})  # 127.0.0.1
    outer = loopback_http(
        {
            "/robots.txt": NO_ROBOTS,
            "/go": (302, {"Location": f"http://localhost:{target.port}/secret"}, b""),
        },
        host="127.0.0.2",
    )
    with pytest.raises(BlockedAddressError, match="redirect to http://localhost"):
        fetch(outer.base + "/go", allow=("127.0.0.2/32",))
    assert target.requests == []


def test_the_connection_goes_to_the_checked_address_with_the_name_kept(loopback_http) -> None:
    """``site.test`` cannot resolve on any real resolver: only the vetted answer is dialed."""
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": PAGE}, host="127.0.0.2")
    asked: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.2"]

    result = fetch(f"http://site.test:{server.port}/a", ("127.0.0.2/32",), resolver)
    assert result.status == 200
    assert [h["Host"] for _, h in server.requests] == [f"site.test:{server.port}"] * 2
    assert asked == ["site.test"]  # one resolution for one connection (robots.txt + page)


def test_a_name_with_one_refused_answer_is_refused_whole(loopback_http) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": PAGE}, host="127.0.0.2")

    async def rebinding(host: str, port: int) -> list[str]:
        return ["127.0.0.2", "127.0.0.1"]

    with pytest.raises(BlockedAddressError, match=r"site\.test \(127\.0\.0\.1\): loopback"):
        fetch(f"http://site.test:{server.port}/a", ("127.0.0.2/32",), rebinding)
    assert server.requests == []


def test_ipv6_loopback_is_refused_unless_allowed(loopback_http) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": PAGE}, host="::1")
    with pytest.raises(BlockedAddressError, match="loopback ::1"):
        fetch(server.base + "/a", allow=("127.0.0.1/32",))
    assert server.requests == []
    assert fetch(server.base + "/a", allow=("::1/128",)).status == 200


class _GuardSpider(Spider):
    name = "guardtest"
    feeds = ("/rss.xml",)


def _article(html: bytes, url: str | None = None, *, spider=None, **_: object) -> models.Article:  # type: ignore[no-untyped-def]
    assert url is not None
    return bare_article(url, site="guardtest", title="t", text="text")


def test_refusals_are_counted_in_the_run_manifest(loopback_http, tmp_path: Path, caplog) -> None:
    inner = loopback_http({"/robots.txt": NO_ROBOTS, "/a/2.html": PAGE}, host="127.0.0.2")
    items = f"<item><link>/a/1.html</link></item><item><link>{inner.base}/a/2.html</link></item>"
    feed = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    outer = loopback_http(
        {
            "/robots.txt": NO_ROBOTS,
            "/rss.xml": (200, {"Content-Type": "application/rss+xml"}, feed),
            "/a/1.html": PAGE,
        }
    )
    settings = Settings(
        crawl=CrawlSettings(delay=0.0, retries=0, deadline=5.0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )
    with caplog.at_level(logging.WARNING):
        result = run_crawl(
            [_GuardSpider(base_url=outer.base)],
            CrawlOptions.build(settings, out=tmp_path, track_urls=True),
            extract=_article,
        )
    assert result.outcomes == {
        outer.base + "/a/1.html": "written",
        inner.base + "/a/2.html": "skipped_blocked",
    }
    assert result.exit_code == 0  # a refused link is policy, not a failure
    assert inner.requests == []
    assert result.manifest is not None
    manifest = models.RunManifest.model_validate_json(result.manifest.read_text())
    assert manifest.counts["skipped_blocked"] == 1
    assert manifest.counts["hosts_blocked"] == 1
    assert manifest.errors == {"BlockedAddressError": 1}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("127.0.0.2" in w and "loopback 127.0.0.0/8" in w for w in warnings)
