"""Discovery: what a fetched start page is, and the article URLs it leads to.

* :func:`detect_kind` — feed, sitemap, listing or article, from the first bytes and the
  content type (bytes win: servers mislabel XML more often than XML lies about itself);
* :func:`parse_feed` — RSS/Atom/RDF entry links (feedparser on bytes we fetched; it is
  handed a stream, so it never fetches or opens anything itself);
* :func:`parse_sitemap` — ``<urlset>`` page URLs and ``<sitemapindex>`` children, gzip too,
  Google News sitemaps (``news:publication_date``) included;
* :func:`feed_entries` / :func:`sitemap_entries` — the same with each URL's date, when the
  feed or sitemap gives one (for ``--since``);
* :func:`parse_listing` — same-site links of an HTML page that the spider calls articles
  (a page over the articles' structure budget is read by a bounded scan of its ``<a>``
  tags, :func:`_scanned_links`, not refused); :func:`read_listing` — the same, stopped at
  a :class:`~pipeline.extract.deadline.Deadline` with the links found before (the crawl
  reads its listings so, in a worker, with the page budget);
* :func:`canonicalize` — the one URL form used for deduplication.

Hostile input (SECURITY.md): feeds and sitemaps go through :func:`ensure_safe_xml` before
any parser sees them, so a DTD internal subset (entity declarations: XXE, "billion laughs")
is refused with :class:`~pipeline.errors.UnsafeXMLError`, and sitemaps may not carry a
DOCTYPE at all; at most ``max_links`` links are read from one document, links longer than
``max_url_length`` are dropped, gzip is inflated to ``max_bytes`` at most, and credentials
(``user:pass@``) are stripped from every discovered URL.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import unescape as html_unescape
from html.entities import html5 as _HTML5_ENTITIES
from typing import TYPE_CHECKING, Literal, NoReturn, Protocol
from urllib.parse import urlsplit
from xml.etree import ElementTree
from xml.parsers import expat

import feedparser
from selectolax.lexbor import LexborHTMLParser

from pipeline.crawl.netguard import strip_credentials
from pipeline.errors import OverBudgetError, UnsafeXMLError
from pipeline.extract.deadline import MASK, Deadline
from pipeline.extract.parse import (
    ATTRIBUTE,
    HTML_WS,
    check_budget,
    comment_end,
    end_tag_pattern,
    parser_failures_refused,
    root_name,
    script_end,
)
from pipeline.urls import canonicalize as _canonicalize
from pipeline.urls import http_url

if TYPE_CHECKING:
    from pipeline.spider import Spider

__all__ = [
    "MAX_LINKS",
    "MAX_SITEMAP_BYTES",
    "MAX_URL_LENGTH",
    "Entry",
    "Kind",
    "Listing",
    "canonicalize",
    "dedupe",
    "detect_kind",
    "ensure_safe_xml",
    "feed_entries",
    "maybe_gunzip",
    "parse_feed",
    "parse_listing",
    "parse_sitemap",
    "read_listing",
    "sitemap_entries",
]

log = logging.getLogger(__name__)

Kind = Literal["feed", "sitemap", "listing", "article"]
#: ``(canonical_url, date)``: the date (ISO 8601) a feed or sitemap gives for it, or None.
Entry = tuple[str, str | None]

#: Largest uncompressed sitemap read (the sitemap protocol's limit is 50 MB).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
#: Links read from one feed, sitemap or listing page (the sitemap protocol allows 50,000).
MAX_LINKS = 50_000
#: Longer links are dropped (defaults of ``crawl.max_links_per_page``, ``max_url_length``).
MAX_URL_LENGTH = 2048

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_ARTICLE_HINTS = (
    re.compile(r"""<meta[^>]+property\s*=\s*["']og:type["'][^>]+content\s*=\s*["']article""", re.I),
    re.compile(r'"@type"\s*:\s*"(?:News|Blog|Report)?(?:Article|Posting)"', re.I),
)


class _Result(Protocol):
    @property
    def content(self) -> bytes: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def final_url(self) -> str: ...


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


class _PrologDone(Exception):
    """Internal: the root element started; no DTD can follow."""


_UNSAFE_PROLOG = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.I)


def ensure_safe_xml(data: bytes, url: str, *, what: str = "feed", doctype: bool = True) -> None:
    """Refuse an XML document whose DTD could expand or fetch entities, before parsing it.

    Expat reads the prolog (it knows the document's encoding, UTF-16 included) with entity
    loading off; a DOCTYPE with an internal subset, any entity declaration or external
    entity reference raises :class:`~pipeline.errors.UnsafeXMLError`; so does any DOCTYPE
    when ``doctype`` is False (sitemaps never have one). Parsing stops at the root element,
    so the check costs nothing on large files. A prolog expat cannot read is scanned for
    ``<!ENTITY`` / ``<!DOCTYPE … [`` instead (ASCII, UTF-16 and UTF-32 spellings).
    """
    why = "refused: entity declarations (XXE, entity expansion) are not read"

    def on_doctype(name: str, system: str | None, public: str | None, subset: int) -> None:
        if subset:
            raise UnsafeXMLError(f"{what} has a DTD internal subset; {why}", url=url)
        if not doctype:
            raise UnsafeXMLError(f"{what} has a DOCTYPE ({name}); refused", url=url)

    def on_entity(*_: object) -> NoReturn:
        raise UnsafeXMLError(f"{what} declares or loads entities; {why}", url=url)

    def on_start(*_: object) -> None:
        raise _PrologDone

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_entity
    parser.UnparsedEntityDeclHandler = on_entity
    parser.ExternalEntityRefHandler = on_entity
    parser.StartElementHandler = on_start
    try:
        parser.Parse(data, True)
    except _PrologDone:
        return
    except expat.ExpatError:
        if _UNSAFE_PROLOG.search(data.replace(b"\x00", b"")):
            message = f"{what} has a DTD with entity declarations; {why}"
            raise UnsafeXMLError(message, url=url) from None


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
    root = root_name(head[:2048].decode("ascii", "replace"))
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
    ``gclid`` and similar click IDs removed), without ``user:password@``. A URL it cannot
    parse is returned stripped.
    """
    url = strip_credentials(url.strip())
    try:
        return _canonicalize(url)
    except ValueError:
        return url


def dedupe(urls: Iterable[str]) -> list[str]:
    """``urls`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(urls))


def _http_url(url: str | None, base_url: str, max_length: int = MAX_URL_LENGTH) -> str | None:
    if not url or len(url) > max_length:
        return None
    absolute = http_url(url, base_url)  # None for a malformed host, port or scheme
    return absolute if absolute is not None and len(absolute) <= max_length else None


def _capped(kind: str, url: str, limit: int) -> None:
    log.warning("%s %s has more than %d links; the rest are ignored", kind, url, limit)


def parse_feed(content: bytes, base_url: str, **limits: int) -> list[str]:
    """Canonical, deduplicated entry links of an RSS/Atom/RDF feed (relative ones resolved)."""
    return [url for url, _ in feed_entries(content, base_url, **limits)]


def _struct_iso(value: object) -> str | None:
    if not isinstance(value, time.struct_time):  # feedparser's *_parsed, when a date was read
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    except (TypeError, ValueError):
        return None


def feed_entries(
    content: bytes,
    base_url: str,
    *,
    max_links: int = MAX_LINKS,
    max_url_length: int = MAX_URL_LENGTH,
    max_bytes: int = MAX_SITEMAP_BYTES,
) -> list[Entry]:
    """``(url, date)`` per feed entry: canonical, deduplicated, with the published (else
    updated) time in UTC when the feed gives one.

    Raises :class:`~pipeline.errors.UnsafeXMLError` for a feed with a DTD internal subset.
    """
    data = maybe_gunzip(content, max_bytes)
    ensure_safe_xml(data, base_url, what="feed")
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": base_url},
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    if parsed.get("bozo") and not parsed.entries:
        log.warning("unreadable feed %s: %s", base_url, parsed.get("bozo_exception"))
    entries: dict[str, str | None] = {}
    for entry in parsed.entries:
        if len(entries) >= max_links:
            _capped("feed", base_url, max_links)
            break
        link = entry.get("link")
        if not link:
            alternates = [
                ln.get("href") for ln in entry.get("links", []) if ln.get("rel") == "alternate"
            ]
            link = alternates[0] if alternates else None
        if not link and entry.get("guidislink"):
            link = entry.get("id")
        absolute = _http_url(link, base_url, max_url_length)
        if absolute:
            when = _struct_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
            entries.setdefault(canonicalize(absolute), when)
    return list(entries.items())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_sitemap(content: bytes, base_url: str, **limits: int) -> tuple[list[str], list[str]]:
    """``(page_urls, child_sitemaps)`` of a sitemap (``urlset`` or ``sitemapindex``, gzip ok).

    URLs are resolved against ``base_url``, canonicalized and deduplicated. Malformed XML
    falls back to reading ``<loc>`` elements with a regular expression.
    """
    pages, children = sitemap_entries(content, base_url, **limits)
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


def sitemap_entries(
    content: bytes,
    base_url: str,
    *,
    max_links: int = MAX_LINKS,
    max_url_length: int = MAX_URL_LENGTH,
    max_bytes: int = MAX_SITEMAP_BYTES,
) -> tuple[list[Entry], list[str]]:
    """``(pages, child_sitemaps)``: pages as ``(url, date)`` where the date is a Google News
    ``publication_date`` or the ``lastmod``, as written in the sitemap (ISO 8601).

    At most ``max_links`` pages and children together; raises
    :class:`~pipeline.errors.UnsafeXMLError` for a sitemap with a DOCTYPE.
    """
    data = maybe_gunzip(content, max_bytes)
    ensure_safe_xml(data, base_url, what="sitemap", doctype=False)
    pages: dict[str, str | None] = {}
    children: list[str] = []
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        log.warning("malformed sitemap %s (%s): reading <loc> elements", base_url, exc)
        is_index = b"<sitemapindex" in data[:4096]
        locs = [m.decode("utf-8", "replace") for m in re.findall(rb"<loc>\s*(.*?)\s*</loc>", data)]
        found = [
            u for u in (_http_url(html_unescape(x), base_url, max_url_length) for x in locs) if u
        ]
        if len(found) > max_links:
            _capped("sitemap", base_url, max_links)
            found = found[:max_links]
        if is_index:
            children.extend(found)
        else:
            for url in found:
                pages.setdefault(canonicalize(url), None)
    else:
        kind = _local(root.tag)
        for item in root:
            if len(pages) + len(children) >= max_links:
                _capped("sitemap", base_url, max_links)
                break
            item_kind = _local(item.tag)
            loc = next((c.text for c in item if _local(c.tag) == "loc"), None)
            absolute = _http_url(loc, base_url, max_url_length)
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


@dataclass(frozen=True, slots=True)
class Listing:
    """What :func:`read_listing` found on a listing page."""

    urls: list[str]
    """Canonical, deduplicated article links, in page order."""
    cut: OverBudgetError | None = None
    """Why the reading stopped before the page's end (reason ``time``: its deadline
    passed; ``urls`` are the links found before), or None: the page was read whole."""


def parse_listing(
    html: bytes | str,
    base_url: str,
    spider: Spider | None = None,
    *,
    max_links: int = MAX_LINKS,
    max_url_length: int = MAX_URL_LENGTH,
) -> list[str]:
    """Canonical, deduplicated article links of an HTML listing page, in page order
    (:func:`read_listing` without a deadline)."""
    return read_listing(
        html, base_url, spider, max_links=max_links, max_url_length=max_url_length
    ).urls


def read_listing(
    html: bytes | str,
    base_url: str,
    spider: Spider | None = None,
    *,
    max_links: int = MAX_LINKS,
    max_url_length: int = MAX_URL_LENGTH,
    deadline: Deadline | None = None,
) -> Listing:
    """The article links of an HTML listing page, read until ``deadline`` at most.

    Links are resolved against ``<base href>`` or ``base_url``; only http(s) links to the
    same host (or a host the spider's ``domains`` cover) that ``spider.is_article_url``
    accepts are kept (all same-site links without a spider), ``max_links`` at most.

    A page within the articles' structure budget (:func:`check_budget`) is parsed and its
    ``a[href]`` elements read; a page over it, or one the parser fails on, is not refused
    (a start page is read for its links only): its ``<a>`` start tags are read by a scan
    that follows the HTML tokenizer (:func:`_scanned_links`), bounded in time (at most
    :data:`MAX_SCANNED_TAGS` tags) and memory (no tree; ``max_links`` links).

    ``deadline`` is read in the budget scan, in the tag scan (every :data:`EVERY
    <pipeline.extract.deadline.EVERY>` tags), after the parse and in the loop over the links
    (each resolved and judged, about 10-30 µs: :meth:`Deadline.tick`). Once it has passed,
    the reading stops and :attr:`Listing.cut` says so; the links found before are kept (in
    page order, so the first links, where a listing puts its latest stories). Past it in the
    budget scan or the parse, no link has been read yet: none are kept.
    """
    deadline = deadline or Deadline(None)
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    try:
        check_budget(text, deadline=deadline)  # the articles' structure budget
        with parser_failures_refused(base_url):
            return _listing_links(text, base_url, spider, max_links, max_url_length, deadline)
    except OverBudgetError as exc:
        if exc.reason == "time":
            return Listing([], exc)
        log.warning("listing %s: %s; its links are read by a scan of its tags", base_url, exc)
    return _scanned_links(text, base_url, spider, max_links, max_url_length, deadline)


def _listing_links(
    text: str,
    base_url: str,
    spider: Spider | None,
    max_links: int,
    max_url_length: int,
    deadline: Deadline | None = None,
) -> Listing:
    """:func:`read_listing` on the decoded page, from its parsed tree."""
    deadline = deadline or Deadline(None)
    tree = LexborHTMLParser(text)
    deadline.check("the listing's parse")
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = http_url(base_node.attributes.get("href"), base_url) or base_url
    hrefs = (node.attributes.get("href") for node in tree.css("a[href]"))
    return _kept_links(hrefs, base, base_url, spider, max_links, max_url_length, deadline)


def _kept_links(
    hrefs: Iterable[str | None],
    base: str,
    base_url: str,
    spider: Spider | None,
    max_links: int,
    max_url_length: int,
    deadline: Deadline,
) -> Listing:
    """The listing's links among ``hrefs`` (resolved against ``base``): same-site http(s)
    URLs the spider calls articles, canonical, first ``max_links`` of them, no repeats;
    those found before ``deadline`` passed (in this loop or in ``hrefs``' own), if it did."""
    urls: list[str] = []
    cut: OverBudgetError | None = None
    try:
        for href in hrefs:
            deadline.tick("the listing's links")  # a step costs 10-30 µs: a call is nothing
            absolute = _http_url(href, base, max_url_length)
            if not absolute or not _same_site(absolute, base_url, spider):
                continue
            url = canonicalize(absolute)
            if spider is None or spider.is_article_url(url):
                urls.append(url)
                if len(urls) >= max_links:
                    _capped("listing", base_url, max_links)
                    break
    except OverBudgetError as exc:
        if exc.reason != "time":
            raise
        cut = exc
    return Listing(dedupe(urls), cut)


#: Most tags (and comments) :func:`_scanned_links` reads on one page: at about a
#: microsecond each, about a second (4 x the articles' element budget).
MAX_SCANNED_TAGS = 1_000_000
#: What follows a "<" that the tokenizer reads as markup: a comment, a bogus comment
#: (``<!x>``, ``<?php>``), an end tag, a start tag (its name in group 3 or 4).
_MARKUP = re.compile(r"<(?:(!--)|([!?])|/([A-Za-z][^\t\n\f\r />]*+)|([A-Za-z][^\t\n\f\r />]*+))")
#: A tag's attributes, as the tokenizer reads them, up to its ">" (or the page's end).
_TAG_REST = re.compile(rf"(?:[{HTML_WS}/]++|{ATTRIBUTE})*+")
#: One attribute of a tag's attribute text: its name and its value with its quotes.
_ONE_ATTRIBUTE = re.compile(
    rf"""([^{HTML_WS}/>][^{HTML_WS}/>=]*+)"""
    rf"""(?:[{HTML_WS}]*+=[{HTML_WS}]*+("[^"]*+"|'[^']*+'|[^{HTML_WS}>]*+))?+"""
)
#: Elements whose text holds no tags (raw text and RCDATA; ``<noscript>`` is markup, as
#: the parser reads it without scripting); after ``<plaintext>`` nothing is a tag.
_TEXT_ELEMENTS = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
#: A character reference in an attribute value.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*+;?)")


def _attribute_value(raw: str) -> str:
    """An attribute's value with its character references decoded as the HTML tokenizer
    decodes them in an attribute: a named one without its ";" only when its name is whole
    and not followed by "=" (``?a=1&copy=2`` keeps its ``&copy``)."""
    if raw[:1] in ("'", '"'):
        raw = raw[1:-1]
    if "&" not in raw:
        return raw

    def decoded(m: re.Match[str]) -> str:
        ref = m.group()
        if ref[1] == "#":
            return html_unescape(ref)
        if ref[1:] not in _HTML5_ENTITIES or (ref[-1] != ";" and raw[m.end() : m.end() + 1] == "="):
            return ref
        return _HTML5_ENTITIES[ref[1:]]

    return _CHARACTER_REFERENCE.sub(decoded, raw)


def _link_tags(html: str, url: str, max_tags: int, deadline: Deadline) -> Iterator[tuple[str, str]]:
    """``(tag, href)`` of the ``<a>`` and ``<base>`` start tags with an ``href`` (the first
    one of the tag's, decoded), in page order, as the HTML tokenizer reads the page:
    comments, bogus comments, end tags and every tag's attributes read whole (a "<a" inside
    them is no tag), the text of raw-text elements and of scripts passed over. At most
    ``max_tags`` tags (``url``: the page's, for the log line when it has more); a tag the
    page ends inside is no tag. ``deadline`` is read every :data:`EVERY
    <pipeline.extract.deadline.EVERY>` tags (a tag costs about a microsecond: the loop
    keeps its own count)."""
    pos = tags = 0
    while tags < max_tags:
        start = html.find("<", pos)
        if start < 0:
            return
        m = _MARKUP.match(html, start)
        if m is None:  # a "<" that is text
            pos = start + 1
            continue
        tags += 1
        if not tags & MASK:
            deadline.check("the listing's tags")
        if m.group(1):
            pos = comment_end(html, start)
            continue
        if m.group(2):
            end = html.find(">", start)
            pos = len(html) if end < 0 else end + 1
            continue
        rest = _TAG_REST.match(html, m.end())
        end = rest.end() if rest is not None else m.end()
        if not html.startswith(">", end):
            return  # the page ends inside the tag
        pos = end + 1
        name = m.group(4)
        if not name:
            continue  # an end tag
        name = name.lower()
        if name in ("a", "base"):
            for found in _ONE_ATTRIBUTE.finditer(html, m.end(), end):  # one at a time
                if found.group(1).lower() == "href":
                    yield name, _attribute_value(found.group(2) or "")
                    break
        elif name == "script":
            pos = script_end(html, pos)
        elif name in _TEXT_ELEMENTS:
            close = end_tag_pattern(name).search(html, pos)
            pos = len(html) if close is None else close.start()
        elif name == "plaintext":
            return
    log.warning("listing %s has more than %d tags; the rest are not read", url, max_tags)


def _scanned_links(
    text: str,
    base_url: str,
    spider: Spider | None,
    max_links: int,
    max_url_length: int,
    deadline: Deadline | None = None,
) -> Listing:
    """:func:`read_listing`'s links read by a scan of the page's tags (:func:`_link_tags`),
    no tree built: at most :data:`MAX_SCANNED_TAGS` tags read (twice on a page that writes
    "<base": the first ``<base href>`` is the base of every link, as in the tree)."""
    deadline = deadline or Deadline(None)
    base = base_url
    if _BASE_START.search(text):
        try:
            for tag, href in _link_tags(text, base_url, MAX_SCANNED_TAGS, deadline):
                if tag == "base":
                    base = http_url(href, base_url) or base_url
                    break
        except OverBudgetError as exc:
            if exc.reason != "time":
                raise
            return Listing([], exc)
    tags = _link_tags(text, base_url, MAX_SCANNED_TAGS, deadline)
    hrefs = (href for tag, href in tags if tag == "a")
    return _kept_links(hrefs, base, base_url, spider, max_links, max_url_length, deadline)


_BASE_START = re.compile(rf"<base[{HTML_WS}/>]", re.I)
