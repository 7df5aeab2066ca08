"""What a hostile feed, sitemap, page, URL or spider package cannot do (SECURITY.md).

XML with entity declarations, limits (URL length, pages per host, links per page, sitemap
depth and size, decoded body, JSON-LD), path sanitizing, credentials in URLs, TLS
verification, opt-in plugins and spider isolation. Network tests use loopback servers only
(``loopback_http`` in conftest). Budget: about 6 s.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from records import bare_article

import models
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.crawl.discover import (
    ensure_safe_xml,
    feed_entries,
    maybe_gunzip,
    parse_listing,
    sitemap_entries,
)
from pipeline.crawl.fetch import Fetcher, FetchResult, HostLimitReached
from pipeline.crawl.netguard import RedactCredentials, redact, strip_credentials
from pipeline.errors import FetchError, UnsafeXMLError
from pipeline.extract.metadata import jsonld_objects
from pipeline.extract.parse import LexborHTMLParser
from pipeline.output.jsonl import PartWriter, safe_name, safe_path
from pipeline.runs.crawl import EXIT_FAILED, CrawlOptions, run_crawl
from pipeline.spider import Spider

BASE = "http://127.0.0.1:8000"
LOOPBACK = FetchSettings(allow_networks=["127.0.0.1/32"])
NO_ROBOTS = (404, {}, b"")


def settings(**crawl: object) -> Settings:
    values: dict[str, object] = {"delay": 0.0, "retries": 0, "deadline": 5.0, **crawl}
    return Settings(crawl=CrawlSettings(**values), fetch=LOOPBACK)


def fetch(st: Settings, url: str, **kwargs: object) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(st) as fetcher:
            return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


def fake_extract(html: bytes, url: str | None = None, **_: object) -> models.Article:
    assert url is not None
    return bare_article(url, site="sec", title="t", text=html.decode())


def page(text: str = "ok") -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html"}, f"<html><body>{text}</body></html>".encode()


def rss(*links: str) -> tuple[int, dict[str, str], bytes]:
    items = "".join(f"<item><link>{link}</link></item>" for link in links)
    body = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    return 200, {"Content-Type": "application/rss+xml"}, body.encode()


# -- XML: no entities, no expansion ----------------------------------------------------------

XXE_FEED = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><link>http://127.0.0.1:8000/&xxe;</link></item></channel></rss>"""
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)
LAUGHS_FEED = LAUGHS + b"<rss><channel><item><link>&lol9;</link></item></channel></rss>"
LAUGHS_SITEMAP = LAUGHS + b"<urlset><url><loc>http://127.0.0.1:8000/&lol9;</loc></url></urlset>"
PARAM_SITEMAP = (
    b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd">'
    b"%ext;]><urlset><url><loc>http://127.0.0.1:8000/a</loc></url></urlset>"
)


@pytest.mark.parametrize(
    ("reader", "document"),
    [
        (feed_entries, XXE_FEED),
        (feed_entries, LAUGHS_FEED),
        (feed_entries, XXE_FEED.decode().replace('"1.0"?>', '"1.0" encoding="utf-16"?>').encode("utf-16")),  # noqa: E501
        (feed_entries, b"junk before<!DOCTYPE rss [<!ENTITY a 'b'>]><rss>&a;</rss>"),
        (feed_entries, gzip.compress(LAUGHS_FEED)),
        (sitemap_entries, LAUGHS_SITEMAP),
        (sitemap_entries, PARAM_SITEMAP),
        (sitemap_entries, gzip.compress(PARAM_SITEMAP)),
    ],
)  # fmt: skip
def test_entity_declarations_are_refused_with_a_clear_error(reader, document: bytes) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    with pytest.raises(UnsafeXMLError, match=r"DTD|entities") as caught:
        reader(document, BASE + "/feed")
    assert time.monotonic() - started < 1.0  # nothing was expanded
    assert "/feed" in str(caught.value)
    assert len(str(caught.value).splitlines()) == 1


def test_a_doctype_without_entities_is_fine_for_feeds_not_for_sitemaps() -> None:
    old_rss = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91'
        b'//EN" "http://127.0.0.1:9/rss-0.91.dtd">\n<rss version="0.91"><channel><title>t</title>'
        b"<item><link>http://127.0.0.1:8000/a/1.html</link></item></channel></rss>"
    )
    assert feed_entries(old_rss, BASE) == [(BASE + "/a/1.html", None)]  # and nothing fetched
    sitemap = b'<!DOCTYPE urlset SYSTEM "x.dtd"><urlset><url><loc>/a</loc></url></urlset>'
    with pytest.raises(UnsafeXMLError, match="DOCTYPE"):
        sitemap_entries(sitemap, BASE)
    ensure_safe_xml(b"<urlset><url><loc>/a</loc></url></urlset>", BASE, doctype=False)


def test_a_crawl_reports_an_unsafe_feed_and_goes_on(loopback_http, tmp_path: Path) -> None:
    class TwoFeeds(Spider):
        name = "sectwofeeds"
        feeds = ("/evil.xml", "/rss.xml")

    server = loopback_http(
        {
            "/robots.txt": NO_ROBOTS,
            "/evil.xml": (200, {"Content-Type": "application/rss+xml"}, LAUGHS_FEED),
            "/rss.xml": rss("/a/1.html"),
            "/a/1.html": page(),
        }
    )
    result = run_crawl(
        [TwoFeeds(base_url=server.base)],
        CrawlOptions.build(settings(), out=tmp_path),
        extract=fake_extract,
    )
    assert result.counts["written"] == 1
    assert result.counts["start_failed"] == 1
    assert result.errors == {"UnsafeXMLError": 1}


# -- limits ----------------------------------------------------------------------------------


def test_long_urls_are_neither_fetched_nor_discovered(loopback_http) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS})
    long_url = server.base + "/" + "a" * 3000
    with pytest.raises(FetchError, match="longer than 2048"):
        fetch(settings(), long_url)
    assert server.requests == []
    html = f'<a href="/short">s</a><a href="/{"x" * 3000}">l</a>'
    assert parse_listing(html, BASE) == [BASE + "/short"]
    assert parse_listing(html, BASE, max_url_length=5000) == [
        BASE + "/short",
        BASE + "/" + "x" * 3000,
    ]


def test_links_per_page_are_capped(caplog) -> None:
    html = "".join(f'<a href="/a/{i}.html">{i}</a>' for i in range(500))
    assert len(parse_listing(html, BASE)) == 500
    with caplog.at_level(logging.WARNING):
        assert len(parse_listing(html, BASE, max_links=20)) == 20
    assert "more than 20 links" in caplog.text
    sitemap = "".join(f"<url><loc>/a/{i}.html</loc></url>" for i in range(500))
    pages, _ = sitemap_entries(f"<urlset>{sitemap}</urlset>".encode(), BASE, max_links=30)
    assert len(pages) == 30
    assert len(feed_entries(rss(*(f"/a/{i}.html" for i in range(500)))[2], BASE, max_links=7)) == 7


def test_sitemap_size_is_capped_after_decompression() -> None:
    huge = b"<urlset>" + b"<url><loc>/a/1.html</loc></url>" * 200_000 + b"</urlset>"
    packed = gzip.compress(huge)
    assert len(maybe_gunzip(packed, 100_000)) == 100_000
    pages, _ = sitemap_entries(packed, BASE, max_bytes=100_000)
    assert pages == [(BASE + "/a/1.html", None)]  # read what fit, nothing more


def test_sitemap_nesting_depth_is_capped(loopback_http, tmp_path: Path) -> None:
    def index(child: str) -> tuple[int, dict[str, str], bytes]:
        body = f"<sitemapindex><sitemap><loc>{child}</loc></sitemap></sitemapindex>"
        return 200, {"Content-Type": "application/xml"}, body.encode()

    routes = {"/robots.txt": NO_ROBOTS, **{f"/s{i}.xml": index(f"/s{i + 1}.xml") for i in range(9)}}
    server = loopback_http(routes)
    run_crawl(
        [_Generic()],
        CrawlOptions.build(
            settings(max_sitemap_depth=2),
            out=tmp_path,
            start_urls=[server.base + "/s0.xml"],
        ),
        extract=fake_extract,
    )
    assert server.paths() == ["/robots.txt", "/s0.xml", "/s1.xml", "/s2.xml"]


class _Generic(Spider):
    name = "secgeneric"


def test_pages_per_host_are_capped(loopback_http, tmp_path: Path) -> None:
    routes = {"/robots.txt": NO_ROBOTS, "/rss.xml": rss(*(f"/a/{i}.html" for i in range(10)))}
    routes.update({f"/a/{i}.html": page(str(i)) for i in range(10)})
    server = loopback_http(routes)
    result = run_crawl(
        [_Generic()],
        CrawlOptions.build(
            settings(max_pages_per_host=4),
            out=tmp_path,
            start_urls=[server.base + "/rss.xml"],
        ),
        extract=fake_extract,
    )
    assert len([p for p in server.paths() if p != "/robots.txt"]) == 4  # the feed and 3 pages
    assert result.counts["written"] == 3
    assert result.counts["skipped_limit"] == 7
    assert result.errors == {"HostLimitReached": 7}

    async def direct() -> None:
        async with Fetcher(settings(max_pages_per_host=1)) as fetcher:
            await fetcher.fetch(server.base + "/a/1.html")
            with pytest.raises(HostLimitReached, match="max_pages_per_host"):
                await fetcher.fetch(server.base + "/a/2.html")

    asyncio.run(direct())


def test_a_compression_bomb_never_inflates_in_memory(loopback_http) -> None:
    bomb = gzip.compress(b"\0" * 100_000_000, compresslevel=9)  # ~100 KB on the wire
    gz = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/bomb": (200, gz, bomb)})
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="body larger than 1000000 bytes"):
            fetch(settings(max_body_bytes=1_000_000), server.base + "/bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000  # the cap plus buffers; httpx's own decoder would hold ~64 MB
    small = gzip.compress(b"<html>" + b"x" * 1000 + b"</html>")
    server2 = loopback_http({"/robots.txt": NO_ROBOTS, "/ok": (200, gz, small)})
    assert len(fetch(settings(), server2.base + "/ok").content) == 1013


def test_an_unasked_content_encoding_is_an_error(loopback_http) -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": "br"}
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/x": (200, headers, b"\x0b\x02\x80ok\x03")})
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(settings(), server.base + "/x")
    assert server.requests[-1][1]["Accept-Encoding"] == "gzip, deflate"


def test_huge_json_ld_blocks_are_not_parsed() -> None:
    big = '{"@type": "NewsArticle", "headline": "big", "x": "' + "y" * 1_100_000 + '"}'
    small = '{"@type": "NewsArticle", "headline": "small"}'
    html = (
        f'<html><head><script type="application/ld+json">{big}</script>'
        f'<script type="application/ld+json">{small}</script></head><body></body></html>'
    )
    objects = jsonld_objects(LexborHTMLParser(html))
    assert [o.get("headline") for o in objects] == ["small"]


# -- paths, credentials, TLS -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["..", ".", "../../etc/passwd", "/etc", "C:\\Win", "a\x00b\nc", "CON", "nul.txt", "x" * 500],
)  # fmt: skip
def test_names_from_sites_stay_one_folder_under_the_root(name: str, tmp_path: Path) -> None:
    cleaned = safe_name(name)
    assert cleaned not in ("", ".", "..")
    assert not set(cleaned) & set("/\\:\0\n")
    assert len(cleaned) <= 101
    assert cleaned.split(".")[0].lower() not in ("con", "nul")
    path = safe_path(tmp_path, name)
    assert path.parent == tmp_path
    with PartWriter(tmp_path / "out", name, "../run") as writer:
        writer.add('{"url": "u"}', url="u")
    (written,) = writer.parts
    assert written.parent.parent == tmp_path / "out"
    assert ".." not in written.name


def test_credentials_in_urls_never_reach_records_logs_or_manifests(
    loopback_http, tmp_path: Path, caplog
) -> None:
    def feed(handler):  # type: ignore[no-untyped-def]
        if handler.headers.get("Authorization") != "Basic dXNlcjpzM2NyZXQ=":  # user:s3cret
            return 401, {}, b""
        return rss("/a/1.html", "http://other:pw@127.0.0.1:1/a/never.html")

    server = loopback_http({"/robots.txt": NO_ROBOTS, "/rss.xml": feed, "/a/1.html": page()})
    seed = server.base.replace("http://", "http://user:s3cret@") + "/rss.xml"
    missing = server.base.replace("http://", "http://user:s3cret@") + "/missing.xml"
    with caplog.at_level(logging.DEBUG):
        result = run_crawl(
            [_Generic()],
            CrawlOptions.build(
                settings(),
                out=tmp_path,
                start_urls=[seed, missing],
                state=tmp_path / "state.sqlite",
                track_urls=True,
            ),
            extract=fake_extract,
        )
    assert result.counts["written"] == 1  # the credentials were used for the feed
    assert result.counts["start_failed"] == 1
    assert result.outcomes is not None
    assert all("@" not in url for url in result.outcomes)
    assert [a.url for a in result.articles] == [server.base + "/a/1.html"]
    assert result.manifest is not None
    for path in [result.manifest, *result.parts, tmp_path / "state.sqlite"]:
        assert b"s3cret" not in path.read_bytes(), path
    assert "s3cret" not in caplog.text
    assert "pw@" not in caplog.text


def test_redaction_helpers() -> None:
    assert strip_credentials("https://u:p@news.example/a?b=1#c") == "https://news.example/a?b=1#c"
    assert strip_credentials("https://news.example/a@b") == "https://news.example/a@b"
    assert redact("GET http://u:p@h/x and ftp://a@b@h/y") == "GET http://***@h/x and ftp://***@h/y"
    record = logging.LogRecord(
        "t", logging.INFO, __file__, 1, "fetch %s", ("http://u:pw@h/",), None
    )
    assert RedactCredentials().filter(record)
    assert record.getMessage() == "fetch http://***@h/"
    assert "pw" not in str(FetchError("boom", url="http://u:pw@h/"))


def test_tls_is_verified_unless_the_host_is_named(loopback_http) -> None:
    server = loopback_http({"/robots.txt": NO_ROBOTS, "/a": page("secure")}, tls=True)
    with pytest.raises(FetchError, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        fetch(settings(), server.base + "/a")
    network = FetchSettings(allow_networks=["127.0.0.1/32"], tls_unverified_hosts=["127.0.0.1"])
    unverified = settings().model_copy(update={"fetch": network})
    assert fetch(unverified, server.base + "/a").content.endswith(b"secure</body></html>")
    with pytest.raises(ValueError, match="not a host name"):
        FetchSettings(tls_unverified_hosts=["*.example.org"])


# -- spiders ---------------------------------------------------------------------------------


def test_a_spider_that_raises_only_loses_its_own_pages(
    loopback_http, tmp_path: Path, caplog
) -> None:
    class Fragile(Spider):
        name = "secfragile"
        feeds = ("/rss.xml",)

        def parse_title(self, tree, url):  # type: ignore[no-untyped-def]
            if url and url.endswith("/a/2.html"):
                raise ZeroDivisionError("the spider's own bug")
            return None

    class Broken(Spider):
        name = "secbroken"

        def start_urls(self) -> list[str]:
            raise RuntimeError("cannot even start")

    routes = {"/robots.txt": NO_ROBOTS, "/rss.xml": rss(*(f"/a/{i}.html" for i in range(1, 4)))}
    words = " ".join(["The council approved the new budget for schools on Monday."] * 10)
    article = f"<html><head><title>Story</title></head><body><article><p>{words}</p></article>"
    routes.update(
        {
            f"/a/{i}.html": (200, {"Content-Type": "text/html"}, article.encode())
            for i in range(1, 4)
        }
    )
    server = loopback_http(routes)
    with caplog.at_level(logging.INFO):
        result = run_crawl(
            [Broken(), Fragile(base_url=server.base)],
            CrawlOptions.build(settings(), out=tmp_path, enrich=False, track_urls=True),
        )
    assert result.outcomes == {
        server.base + "/a/1.html": "written",
        server.base + "/a/2.html": "failed",
        server.base + "/a/3.html": "written",
    }
    assert result.errors == {"RuntimeError": 1, "ZeroDivisionError": 1}
    assert result.exit_code == EXIT_FAILED
    assert "spider secfragile on" in caplog.text
    assert "Traceback" not in "\n".join(r.getMessage() for r in caplog.records if r.levelno >= 20)


def _fake_dist(root: Path, name: str, entry_point: str, code: str) -> Path:
    info = root / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[newsmill.spiders]\n{entry_point}\n")
    (root / f"{name}.py").write_text(code)
    return root


def _cli(site: Path, config: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("NEWSMILL_CONFIG", None)
    extra = ["--config", str(config)] if config else []
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "spiders", "list", *extra, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=site,
    )


def test_entry_point_spiders_load_only_when_named_in_config(tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    code = (
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('x')\n"
        "from pipeline.spider import Spider\n\n"
        "class Sneaky(Spider):\n    name = 'sneaky'\n    domains = ('sneaky.example',)\n"
    )
    site = _fake_dist(tmp_path / "site", "sneaky_plugin", "sneaky = sneaky_plugin:Sneaky", code)
    done = _cli(site, None)
    assert done.returncode == 0, done.stderr
    assert "sneaky" not in done.stdout
    assert not marker.exists()  # installed is not enough: never imported
    config = tmp_path / "newsmill.toml"
    config.write_text('[spiders]\nplugins = ["sneaky"]\n[spiders.voa]\ndelay = 5.0\n')
    done = _cli(site, config)
    assert done.returncode == 0, done.stderr
    assert "sneaky" in done.stdout
    assert marker.exists()
    config.write_text('[spiders]\nplugins = ["nosuch"]\n')
    done = _cli(site, config)
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "newsmill: error: spider plugin 'nosuch' named in spiders.plugins is not installed "
        "(installed: sneaky)"
    )
