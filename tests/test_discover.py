"""Discovery units: page kinds, feeds, sitemaps, listings, canonical URLs."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import pytest

from pipeline.crawl.discover import (
    canonicalize,
    dedupe,
    detect_kind,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from pipeline.spider import Spider

BASE = "http://127.0.0.1:8000"


class DiscoverTestSpider(Spider):
    name = "discovertest_site"
    article_url = r"/news/\d+\.html$"


@dataclass
class Page:
    content: bytes
    content_type: str | None = None
    final_url: str = BASE + "/x"


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>/news/1.html?utm_source=x</link></item>
<item><title>b</title><link>http://127.0.0.1:8000/news/2.html#c</link></item>
<item><title>dup</title><link>http://127.0.0.1:8000/news/1.html</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link rel="alternate" href="http://127.0.0.1:8000/news/7.html"/>
<id>urn:x</id><updated>2024-01-01T00:00:00Z</updated></entry></feed>"""
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>http://127.0.0.1:8000/news/1.html</loc>
  <image:image><image:loc>http://127.0.0.1:8000/img/1.jpg</image:loc></image:image></url>
<url><loc> http://127.0.0.1:8000/news/2.html?a=1&amp;utm_medium=m </loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://127.0.0.1:8000/sitemap-1.xml.gz</loc></sitemap>
</sitemapindex>"""


@pytest.mark.parametrize(
    ("content", "content_type", "kind"),
    [
        (RSS, "application/rss+xml", "feed"),
        (RSS, "text/html", "feed"),  # mislabelled: the bytes win
        (ATOM, "application/xml", "feed"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><!-- hi --><rdf:RDF></rdf:RDF>", None, "feed"),
        (URLSET, "application/xml", "sitemap"),
        (INDEX, "text/xml", "sitemap"),
        (gzip.compress(URLSET), "application/octet-stream", "sitemap"),
        (b"<!DOCTYPE html><html><body><a href='/news/1.html'>x</a></body></html>", None, "listing"),
        (
            b'<html><head><meta property="og:type" content="article"></head></html>',
            "text/html",
            "article",
        ),
        (b"%PDF-1.7 binary", "application/pdf", "article"),
    ],
)
def test_detect_kind(content: bytes, content_type: str | None, kind: str) -> None:
    assert detect_kind(Page(content, content_type)) == kind


def test_detect_kind_html_uses_the_spider_pattern() -> None:
    spider = DiscoverTestSpider()
    html = b"<html><body><p>x</p></body></html>"
    assert detect_kind(Page(html, "text/html", BASE + "/news/3.html"), spider) == "article"
    assert detect_kind(Page(html, "text/html", BASE + "/section/world"), spider) == "listing"


def test_parse_feed_resolves_canonicalizes_and_dedupes() -> None:
    assert parse_feed(RSS, BASE + "/rss.xml") == [BASE + "/news/1.html", BASE + "/news/2.html"]
    assert parse_feed(ATOM, BASE + "/atom.xml") == [BASE + "/news/7.html"]
    assert parse_feed(b"not a feed at all", BASE + "/rss.xml") == []


def test_parse_feed_never_treats_content_as_a_location() -> None:
    # a body that looks like a URL or path must not be fetched/opened by feedparser
    assert parse_feed(b"http://127.0.0.1:9/should-not-be-fetched", BASE) == []
    assert parse_feed(b"/etc/hostname", BASE) == []


def test_parse_sitemap_urlset_index_and_gzip() -> None:
    pages, children = parse_sitemap(URLSET, BASE + "/sitemap.xml")
    assert pages == [BASE + "/news/1.html", BASE + "/news/2.html?a=1"]
    assert children == []
    pages, children = parse_sitemap(gzip.compress(INDEX), BASE + "/sitemap.xml.gz")
    assert pages == []
    assert children == [BASE + "/sitemap-1.xml.gz"]


def test_parse_sitemap_malformed_falls_back_to_loc() -> None:
    broken = b"<urlset><url><loc>/news/5.html</loc></url><url><loc>/news/6.html</loc>"
    pages, children = parse_sitemap(broken, BASE + "/sitemap.xml")
    assert pages == [BASE + "/news/5.html", BASE + "/news/6.html"]
    assert children == []


def test_parse_listing_same_site_article_links_only() -> None:
    html = b"""<html><head><base href="/section/"></head><body>
    <a href="../news/1.html">one</a>
    <a href="/news/2.html#comments">two</a>
    <a href="/news/2.html?fbclid=zz">two again</a>
    <a href="http://elsewhere.invalid/news/3.html">foreign</a>
    <a href="/about.html">about</a>
    <a href="javascript:void(0)">js</a>
    <a href="mailto:x@y.invalid">mail</a>
    </body></html>"""
    urls = parse_listing(html, BASE + "/", DiscoverTestSpider())
    assert urls == [BASE + "/news/1.html", BASE + "/news/2.html"]


def test_parse_listing_accepts_the_spider_domains() -> None:
    class Multi(Spider):
        name = "discovertest_multi"
        domains = ("example.invalid",)
        article_url = r"/news/"

    html = (
        b'<a href="http://www.example.invalid/news/1">a</a><a href="http://x.invalid/news/2">b</a>'
    )
    assert parse_listing(html, "http://example.invalid/", Multi()) == [
        "http://www.example.invalid/news/1"
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://Example.COM/a?utm_source=x&utm_medium=y&b=2&a=1", "http://example.com/a?a=1&b=2"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?gclid=abc&id=3#section", "https://example.com/a?id=3"),
        ("https://example.com/a%7Eb c", "https://example.com/a~b%20c"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_dedupe_keeps_first_occurrence() -> None:
    assert dedupe(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]
