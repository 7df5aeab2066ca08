"""Discovery: what a fetched start page is, and the article URLs it leads to.

* :func:`detect_kind` — feed, sitemap, listing or article, from the first bytes and the
  content type (bytes win: servers mislabel XML more often than XML lies about itself);
* :func:`parse_feed` — RSS/Atom/RDF entry links (feedparser on bytes we fetched; it is
  handed a stream, so it never fetches or opens anything itself);
* :func:`parse_sitemap` — ``<urlset>`` page URLs and ``<sitemapindex>`` children, gzip too,
  Google News sitemaps (``news:publication_date``) included;
* :func:`feed_entries` / :func:`sitemap_entries` — the same with each URL's date, when the
  feed or sitemap gives one (for ``--since``);
* :func:`parse_listing` — same-site links of an HTML page that the spider calls articles;
* :func:`canonicalize` — the one URL form used for deduplication.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zlib
from collections.abc import Iterable
from html import unescape as html_unescape
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
from selectolax.lexbor import LexborHTMLParser

from pipeline.urls import canonicalize as _canonicalize

if TYPE_CHECKING:
    from pipeline.spider import Spider

__all__ = [
    "MAX_SITEMAP_BYTES",
    "Entry",
    "Kind",
    "canonicalize",
    "dedupe",
    "detect_kind",
    "feed_entries",
    "maybe_gunzip",
    "parse_feed",
    "parse_listing",
    "parse_sitemap",
    "sitemap_entries",
]

log = logging.getLogger(__name__)

Kind = Literal["feed", "sitemap", "listing", "article"]
#: ``(canonical_url, date)``: the date (ISO 8601) a feed or sitemap gives for it, or None.
Entry = tuple[str, str | None]

#: Largest uncompressed sitemap read (the sitemap protocol's limit is 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_ROOT_TAG = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_ARTICLE_HINTS = (
    re.compile(r"""<meta[^>]+property\s*=\s*["']og:type["'][^>]+content\s*=\s*["']article""", re.I),
    re.compile(r'"@type"\s*:\s*"(?:News|Blog|Report)?(?:Article|Posting)"', re.I),
)


class _Result(Protocol):
    content: bytes
    content_type: str | None
    final_url: str


def maybe_gunzip(content: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """``content`` gunzipped when it starts with the gzip magic bytes (at most ``limit``)."""
    if not content.startswith(b"\x1f\x8b"):
        return content
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(content, limit)
    except zlib.error as exc:
        log.warning("corrupt gzip data: %s", exc)
        return b""
    if decompressor.unconsumed_tail:
        log.warning("gzip data larger than %d bytes, truncated", limit)
    return data


def _root_tag(head: bytes) -> str | None:
    """Local name of the first element in an XML/HTML prefix (comments, PIs, doctype skipped)."""
    text = re.sub(rb"<!--.*?-->", b"", head, flags=re.S)
    text = re.sub(rb"<!DOCTYPE[^>]*>", b"<!DOCTYPE>", text, flags=re.I)
    for match in _ROOT_TAG.finditer(text):
        return match.group(2).decode("ascii", "replace").lower()
    return None


def detect_kind(result: _Result, spider: Spider | None = None) -> Kind:
    """What a fetched page is: ``feed``, ``sitemap``, ``listing`` or ``article``.

    XML roots decide first (``rss``/``feed``/``RDF`` → feed, ``urlset``/``sitemapindex`` →
    sitemap, gzip content is looked into), then the content type. An HTML page is an article
    when the spider has an ``article_url`` pattern matching ``final_url``; without a
    pattern, when it declares itself one (``og:type`` article or JSON-LD ``*Article``);
    otherwise it is a listing. Anything else (PDF, images, ...) is reported as ``article``
    so that extraction rejects it with a proper error.
    """
    head = result.content[:4096]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(result.content, 4096)
        except zlib.error:
            head = b""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    root = _root_tag(head[:2048])
    if root in {"rss", "feed", "rdf"}:
        return "feed"
    if root in {"urlset", "sitemapindex"}:
        return "sitemap"
    media = (result.content_type or "").split(";", 1)[0].strip().lower()
    if media in _FEED_TYPES:
        return "feed"
    if root == "html" or media in {"text/html", "application/xhtml+xml"}:
        if spider is not None and spider.article_url is not None:
            return "article" if spider.is_article_url(result.final_url) else "listing"
        text = result.content[:200_000].decode("utf-8", "replace")
        return "article" if any(h.search(text) for h in _ARTICLE_HINTS) else "listing"
    return "article"


def canonicalize(url: str) -> str:
    """The canonical form of ``url`` used for deduplication and record ids.

    :func:`pipeline.urls.canonicalize` (w3lib's ``canonicalize_url``: sorted query,
    normalized percent-encoding, lower-case host; fragment, ``utm_*``, ``fbclid``,
    ``gclid`` and similar click IDs removed). A URL it cannot parse is returned stripped.
    """
    try:
        return _canonicalize(url)
    except ValueError:
        return url.strip()


def dedupe(urls: Iterable[str]) -> list[str]:
    """``urls`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(urls))


def _http_url(url: str | None, base_url: str) -> str | None:
    if not url:
        return None
    absolute = urljoin(base_url, url.strip())
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def parse_feed(content: bytes, base_url: str) -> list[str]:
    """Canonical, deduplicated entry links of an RSS/Atom/RDF feed (relative ones resolved)."""
    return [url for url, _ in feed_entries(content, base_url)]


def _struct_iso(value: object) -> str | None:
    if value is None:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def feed_entries(content: bytes, base_url: str) -> list[Entry]:
    """``(url, date)`` per feed entry: canonical, deduplicated, with the published (else
    updated) time in UTC when the feed gives one."""
    parsed = feedparser.parse(
        io.BytesIO(maybe_gunzip(content)),
        response_headers={"content-location": base_url},
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    if parsed.get("bozo") and not parsed.entries:
        log.warning("unreadable feed %s: %s", base_url, parsed.get("bozo_exception"))
    entries: dict[str, str | None] = {}
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            alternates = [
                ln.get("href") for ln in entry.get("links", []) if ln.get("rel") == "alternate"
            ]
            link = alternates[0] if alternates else None
        if not link and entry.get("guidislink"):
            link = entry.get("id")
        absolute = _http_url(link, base_url)
        if absolute:
            when = _struct_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
            entries.setdefault(canonicalize(absolute), when)
    return list(entries.items())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_sitemap(content: bytes, base_url: str) -> tuple[list[str], list[str]]:
    """``(page_urls, child_sitemaps)`` of a sitemap (``urlset`` or ``sitemapindex``, gzip ok).

    URLs are resolved against ``base_url``, canonicalized and deduplicated. Malformed XML
    falls back to reading ``<loc>`` elements with a regular expression.
    """
    pages, children = sitemap_entries(content, base_url)
    return [url for url, _ in pages], children


def _item_date(item: ElementTree.Element) -> str | None:
    """``news:publication_date`` (Google News) or ``lastmod`` of a sitemap ``<url>``."""
    lastmod = None
    for child in item.iter():
        name = _local(child.tag)
        if name == "publication_date" and child.text:
            return child.text.strip()
        if name == "lastmod" and child.text:
            lastmod = child.text.strip()
    return lastmod


def sitemap_entries(content: bytes, base_url: str) -> tuple[list[Entry], list[str]]:
    """``(pages, child_sitemaps)``: pages as ``(url, date)`` where the date is a Google News
    ``publication_date`` or the ``lastmod``, as written in the sitemap (ISO 8601)."""
    data = maybe_gunzip(content)
    pages: dict[str, str | None] = {}
    children: list[str] = []
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        log.warning("malformed sitemap %s (%s): reading <loc> elements", base_url, exc)
        is_index = b"<sitemapindex" in data[:4096]
        locs = [m.decode("utf-8", "replace") for m in re.findall(rb"<loc>\s*(.*?)\s*</loc>", data)]
        found = [u for u in (_http_url(html_unescape(x), base_url) for x in locs) if u]
        if is_index:
            children.extend(found)
        else:
            for url in found:
                pages.setdefault(canonicalize(url), None)
    else:
        kind = _local(root.tag)
        for item in root:
            item_kind = _local(item.tag)
            loc = next((c.text for c in item if _local(c.tag) == "loc"), None)
            absolute = _http_url(loc, base_url)
            if not absolute:
                continue
            if kind == "sitemapindex" and item_kind == "sitemap":
                children.append(absolute)
            elif kind == "urlset" and item_kind == "url":
                pages.setdefault(canonicalize(absolute), _item_date(item))
    return list(pages.items()), dedupe(canonicalize(u) for u in children)


def _same_site(url: str, base_url: str, spider: Spider | None) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    base_host = (urlsplit(base_url).hostname or "").lower()
    if host == base_host:
        return True
    return spider is not None and bool(spider.domains) and spider.handles(url)


def parse_listing(html: bytes | str, base_url: str, spider: Spider | None = None) -> list[str]:
    """Canonical, deduplicated article links of an HTML listing page, in page order.

    Links are resolved against ``<base href>`` or ``base_url``; only http(s) links to the
    same host (or a host the spider's ``domains`` cover) that ``spider.is_article_url``
    accepts are kept (all same-site links without a spider).
    """
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    tree = LexborHTMLParser(text)
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = urljoin(base_url, (base_node.attributes.get("href") or "").strip())
    urls: list[str] = []
    for node in tree.css("a[href]"):
        absolute = _http_url(node.attributes.get("href"), base)
        if not absolute or not _same_site(absolute, base_url, spider):
            continue
        url = canonicalize(absolute)
        if spider is None or spider.is_article_url(url):
            urls.append(url)
    return dedupe(urls)
