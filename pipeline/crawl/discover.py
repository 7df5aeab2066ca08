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
from typing import TYPE_CHECKING, Literal, NoReturn, Protocol, cast
from urllib.parse import urlsplit
from xml.etree import ElementTree
from xml.parsers import expat

import feedparser
from selectolax.lexbor import LexborHTMLParser

from pipeline.crawl.netguard import strip_credentials
from pipeline.errors import OverBudgetError, UnsafeXMLError
from pipeline.extract.deadline import MASK, Deadline
from pipeline.extract.parse import (
    ASCII_LOWER,
    BREAKOUT_TAGS,
    HTML_WS,
    VOID_ELEMENTS,
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
    that follows the HTML tokenizer and the parts of the tree builder that change what is
    a tag or drop links (:class:`_LinkTags`), bounded in time (at most
    :data:`MAX_SCANNED_TAGS` tags) and memory (no tree; ``max_links`` links). It gives the
    tree's links, or fewer where it cannot follow the tree builder, never more
    (``bench/listing_fuzz.py``).

    ``deadline`` is read in the budget scan, in the tag scan (every :data:`EVERY
    <pipeline.extract.deadline.EVERY>` tags), after the parse and in the loop over the links
    (each resolved and judged, about 10-30 µs: :meth:`Deadline.tick`). Once it has passed,
    the reading stops and :attr:`Listing.cut` says so; the links found before are kept (in
    page order, so the first links, where a listing puts its latest stories). Past it in the
    budget scan or the parse, no link has been read yet: none are kept. In the tag scan,
    none are kept either while a ``<frameset>`` later in the page could still replace the
    body (the tree builder's frameset-ok flag still set): the tree would have no link, and
    the scan gives fewer links than the tree, never more.
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
#: What follows a "<" that the tokenizer reads as markup: a comment (group 1), a CDATA
#: section in foreign content, else a bogus comment (2), a bogus comment ``<!x>``, ``<?x>``
#: (3), an end tag (its name in 4), a start tag (5), ``</>`` which is nothing (6), ``</``
#: and anything but a letter, a bogus comment (7). ``</`` at the page's end is text.
_MARKUP = re.compile(
    rf"<(?:(!--)|(!\[CDATA\[)|([!?])|/([A-Za-z][^{HTML_WS}/>]*+)|([A-Za-z][^{HTML_WS}/>]*+)"
    r"|(/>)|(/.))",
    re.DOTALL,
)
#: One attribute as the tokenizer reads it: a name (which may begin with "=" and hold
#: quotes), then maybe a value; a quoted value runs to its closing quote or the page's end.
_ATTRIBUTE = (
    rf"[^{HTML_WS}/>][^{HTML_WS}/>=]*+"
    rf"""(?:[{HTML_WS}]*+=[{HTML_WS}]*+(?:"[^"]*+"?+|'[^']*+'?+|[^{HTML_WS}>]*+))?+"""
)
#: A tag's attributes up to its ">" (or the page's end); group 1: what precedes the ">"
#: ("/" when the tag closes itself).
_TAG_REST = re.compile(rf"(?:[{HTML_WS}/]*+{_ATTRIBUTE})*+([{HTML_WS}/]*+)")
#: One attribute of a tag's attribute text: its name and its value with its quotes.
_ONE_ATTRIBUTE = re.compile(
    rf"""([^{HTML_WS}/>][^{HTML_WS}/>=]*+)"""
    rf"""(?:[{HTML_WS}]*+=[{HTML_WS}]*+("[^"]*+"|'[^']*+'|[^{HTML_WS}>]*+))?+"""
)
#: Elements whose text holds no tags when the tree builder opens them in HTML content (raw
#: text and RCDATA; ``<noscript>`` is markup, as Lexbor parses without scripting); after
#: ``<plaintext>`` nothing is a tag.
_TEXT_ELEMENTS = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"}
)
#: Start tags that end foreign content (``<svg>``, ``<math>``) early; ``<font>`` only with
#: ``color``, ``face`` or ``size`` (:data:`_FONT_ENDS`).
_BREAKOUT = BREAKOUT_TAGS - {"font"}
#: Foreign elements in which start tags are read as HTML (``math annotation-xml html``: one
#: whose encoding is HTML); in a MathML text integration point all start tags but two are.
_HTML_POINTS = frozenset({"svg foreignobject", "svg desc", "svg title", "math annotation-xml html"})
_TEXT_POINTS = frozenset({"math mi", "math mo", "math mn", "math ms", "math mtext"})
#: Start tags after which a ``<frameset>`` no longer replaces the body (the tree builder's
#: frameset-ok flag; ``<input>`` unless hidden; Lexbor's ``<template>`` too).
_FRAMESET_NOT_OK = frozenset(
    {
        "applet",
        "marquee",
        "object",
        "table",
        "area",
        "br",
        "embed",
        "img",
        "keygen",
        "wbr",
        "hr",
        "pre",
        "listing",
        "li",
        "dd",
        "dt",
        "button",
        "textarea",
        "xmp",
        "iframe",
        "select",
        "image",
        "body",
        "template",
    }
)
_FONT_ENDS = ("color", "face", "size")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements a table's start tag may open without their own start tag.
_TABLE_PARTS = frozenset({"tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup"})
#: Most names of elements :class:`_LinkTags` remembers as opened (past it, any may be open).
_MAX_OPENED_NAMES = 1_000
#: Start tags that open what :class:`_LinkTags` follows.
_FOLLOWED = frozenset({"svg", "math", "template"})
#: Start tags after which the scan moves on differently: raw text, plaintext, frameset.
_AFTER_START = _TEXT_ELEMENTS | {"plaintext", "frameset"}
#: Most foreign elements and templates :class:`_LinkTags` keeps open (past it, it is lost).
_MAX_OPEN = 256
#: A character reference in an attribute value.
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*+;?)")
#: Text that is only the tokenizer's white space (and NULs, which the tree builder drops).
_BLANK = re.compile(rf"[{HTML_WS}\x00]*+")


def _numeric_reference(ref: str) -> str:
    """What a numeric character reference stands for, as the HTML tokenizer decodes it: NUL,
    surrogates and code points past Unicode are U+FFFD, 0x80-0x9F are windows-1252's
    characters, other controls and noncharacters are themselves."""
    hexadecimal = ref[2] in "xX"
    digits = ref[3 if hexadecimal else 2 :].rstrip(";").lstrip("0")
    if len(digits) > 8:
        return "\ufffd"
    code = int(digits or "0", 16 if hexadecimal else 10)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= code <= 0x9F:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D stay themselves
            return chr(code)
    return chr(code)


def _attribute_value(raw: str) -> str:
    """An attribute's value as the HTML tokenizer gives it: NUL read as U+FFFD, a carriage
    return as a line feed, character references decoded as in an attribute (a named one
    without its ";" only when its name is whole and not followed by "=": ``?a=1&copy=2``
    keeps its ``&copy``)."""
    if raw[:1] in ("'", '"'):
        raw = raw[1:-1]
    if "\x00" in raw:
        raw = raw.replace("\x00", "\ufffd")
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw:
        return raw

    def decoded(m: re.Match[str]) -> str:
        ref = m.group()
        if ref[1] == "#":
            return _numeric_reference(ref)
        if ref[1:] not in _HTML5_ENTITIES or (ref[-1] != ";" and raw[m.end() : m.end() + 1] == "="):
            return ref
        return _HTML5_ENTITIES[ref[1:]]

    return _CHARACTER_REFERENCE.sub(decoded, raw)


def _attribute(html: str, start: int, end: int, name: str) -> str | None:
    """The value of attribute ``name`` (its first one) of the tag text ``html[start:end]``."""
    size = len(name)
    for found in _ONE_ATTRIBUTE.finditer(html, start, end):  # one at a time
        key = found.group(1)
        if len(key) == size and key.translate(ASCII_LOWER) == name:
            return _attribute_value(found.group(2) or "")
    return None


def _in_html(top: str, name: str) -> bool:
    """Whether the tree builder reads start tag ``name`` in HTML content, under the open
    foreign element or template ``top`` ("" for none)."""
    return (
        not top
        or top == "template"
        or top in _HTML_POINTS
        or (top in _TEXT_POINTS and name not in ("mglyph", "malignmark"))
        or (top == "math annotation-xml" and name == "svg")
    )


def _text_end(html: str, name: str, start: int) -> int:
    """Where the text of raw-text (or RCDATA) element ``name`` from ``start`` ends."""
    if name == "script":
        return script_end(html, start)
    closing = end_tag_pattern(name).search(html, start)
    return len(html) if closing is None else closing.start()


def _blank(text: str) -> bool:
    """Whether ``text`` (between tags) gives the tree builder only white space."""
    if _BLANK.fullmatch(text):
        return True
    return "&" in text and _BLANK.fullmatch(html_unescape(text)) is not None


class _LinkTags:
    """The ``<a>`` and ``<base>`` start tags of a page with an ``href`` that Lexbor's tree
    holds, read by a forward scan that follows the HTML tokenizer and as much of the tree
    builder as changes the tokenizer's state or drops links (iterate it for ``(tag, href)``,
    the first ``href`` of the tag's, decoded).

    The tokenizer: comments, bogus comments (``<!x>``, ``<?x>``, ``</1>``), doctypes, end
    tags and every tag's attributes are read whole (a "<a" inside them is no tag; a quote
    left open runs to the page's end, and a tag the page ends inside is no tag); the text
    of raw-text and RCDATA elements and of scripts is passed over where the tree builder
    opens them in HTML content; CDATA sections are read in foreign content.
    The tree builder, as far as it matters: the stack of open ``<svg>``/``<math>``
    elements (their ``<style>``, ``<title>``… hold markup), their integration points, the
    tags that end them early; ``<template>`` contents (not in the tree's document: their
    links are left out); a ``<frameset>`` that replaces the body (no links at all:
    :attr:`frameset`), after the frameset-ok flag as the tree builder keeps it.
    Where the scan cannot follow the tree builder (an HTML element opened inside an
    integration point, an end tag in foreign content that may close what is below it), it
    is *lost*: it reads on while a tag means the same in HTML and foreign content, and stops
    at the first one whose meaning differs (a raw-text element, a CDATA section, a template,
    a frameset): fewer links, never more. At most ``max_tags`` tags (``url``: the page's,
    for the log line when it has more); ``deadline`` read every :data:`EVERY
    <pipeline.extract.deadline.EVERY>` tags (:class:`OverBudgetError` once it has passed)."""

    def __init__(
        self, html: str, url: str, max_tags: int, deadline: Deadline | None = None
    ) -> None:
        self.html = html
        self.url = url
        self.max_tags = max_tags
        self.deadline = deadline or Deadline(None)
        #: The open foreign elements ("svg g", "math mi"…) and templates ("template"),
        #: outermost first (no other HTML element is kept).
        self.stack: list[str] = []
        self.templates = 0
        #: Where each element name is in :attr:`stack` (its indexes, lowest first), and
        #: where its templates and integration points are: an end tag finds what it closes
        #: (or what stops its walk) without walking the stack (a page of 254 open foreign
        #: elements and a million end tags of another name: one step each, not 255).
        self.at: dict[str, list[int]] = {}
        self.bounds: list[int] = []
        #: How many elements of each name may be open in HTML content: start tags read
        #: there less end tags (an end tag of another name closes nothing there; an
        #: element closed by another's tag is still counted), :data:`_MAX_OPENED_NAMES`
        #: names at most.
        self.opened: dict[str, int] = {}
        self.lost = False
        self.frameset_ok = True
        #: A frameset replaced the body: the tree has no links.
        self.frameset = False
        self.raw_close = False  # the next end tag ends a raw-text element (passed over)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        html = self.html
        stack = self.stack  # the same list throughout
        opened = self.opened
        pos = tags = 0
        while tags < self.max_tags:
            start = html.find("<", pos)
            if self.frameset_ok:
                self._text(pos, start)
            if start < 0:
                return
            tags += 1  # a "<" that is text counts too: each is a step of the scan
            if not tags & MASK:
                self.deadline.check("the listing's tags")
            m = _MARKUP.match(html, start)
            if m is None:  # a "<" that is text
                self.frameset_ok = False
                pos = start + 1
                continue
            kind = cast(int, m.lastindex)  # the one group of the alternative that matched
            if kind not in (4, 5):
                pos = self._passed_over(m, kind)
                if pos < 0:
                    return
                continue
            rest = _TAG_REST.match(html, m.end())
            end = rest.end()  # type: ignore[union-attr]  # "*+" always matches
            if not html.startswith(">", end):
                return  # the page ends inside the tag
            pos = end + 1
            name = m.group(kind).translate(ASCII_LOWER)
            if kind == 4:
                if not self._end_tag(name):
                    return
                continue
            if stack or self.lost or self.frameset_ok or name in _FOLLOWED:
                closes_itself = rest.group(1).endswith("/")  # type: ignore[union-attr]
                html_content = self._start_tag(name, m.end(), end, closes_itself)
                if html_content is None:
                    return
            else:  # HTML content, nothing open that the scan follows: count it
                html_content = True
                if name in opened or len(opened) < _MAX_OPENED_NAMES:
                    opened[name] = 1 if name == "a" else opened.get(name, 0) + 1
            if name in ("a", "base") and not self.templates:
                href = _attribute(html, m.end(), end, "href")
                if href is not None:
                    yield name, href
            if html_content and name in _AFTER_START:
                pos = self._after_start(name, pos)
                if pos < 0:
                    return
        log.warning(
            "listing %s has more than %d tags; the rest are not read", self.url, self.max_tags
        )

    def _after_start(self, name: str, pos: int) -> int:
        """Where the scan goes on after HTML start tag ``name`` ending at ``pos``: past the
        text of a raw-text element; -1 where its links end: ``<plaintext>`` (no tag after),
        a ``<frameset>`` that replaces the body (no links at all)."""
        if name in _TEXT_ELEMENTS:
            self.raw_close = True
            return _text_end(self.html, name, pos)
        if name == "plaintext":
            return -1
        if self.frameset_ok and not self.templates:
            self.frameset = True
            return -1
        return pos

    def _text(self, start: int, end: int) -> None:
        """Follow the text from ``start`` to ``end`` (-1: the page's end): the frameset-ok
        flag is cleared by any character that is not white space."""
        if self.frameset_ok:
            text = self.html[start:] if end < 0 else self.html[start:end]
            self.frameset_ok = _blank(text)

    def _passed_over(self, m: re.Match[str], kind: int) -> int:
        """Where what ``m`` opens ends: a comment, a CDATA section or a bogus comment, ``</>``
        (-1 where the scan stops: a CDATA section it is lost in)."""
        html, start = self.html, m.start()
        if kind == 1:
            return comment_end(html, start)
        if kind == 6:
            return m.end()
        if kind == 2 and self.stack and self.stack[-1] != "template":
            if self.lost:
                return -1  # a CDATA section, or a bogus comment in HTML content
            close = html.find("]]>", m.end())
            if self.frameset_ok and not _blank(html[m.end() : close]):
                self.frameset_ok = False
            return len(html) if close < 0 else close + 3
        end = html.find(">", start + 2)
        return len(html) if end < 0 else end + 1

    def _value(self, start: int, end: int, name: str) -> str | None:
        """Attribute ``name`` of the tag whose attributes are ``html[start:end]``, in lower
        case, or None."""
        value = _attribute(self.html, start, end, name)
        return None if value is None else value.translate(ASCII_LOWER)

    def _push(self, entry: str) -> None:
        """Open ``entry`` ("svg g", "math mi"…, or "template") on :attr:`stack`."""
        stack = self.stack
        if entry == "template":
            self.templates += 1
            self.bounds.append(len(stack))
        else:
            if entry in _HTML_POINTS or entry in _TEXT_POINTS:
                self.bounds.append(len(stack))
            name = entry.split(" ", 1)[1].removesuffix(" html")
            self.at.setdefault(name, []).append(len(stack))
        stack.append(entry)

    def _truncate(self, at: int) -> None:
        """Close the entries of :attr:`stack` from ``at`` up (each once: amortized)."""
        stack, bounds = self.stack, self.bounds
        while len(stack) > at:
            entry = stack.pop()
            if bounds and bounds[-1] == len(stack):
                bounds.pop()
            if entry == "template":
                self.templates -= 1
            else:
                where = self.at[entry.split(" ", 1)[1].removesuffix(" html")]
                where.pop()

    def _pop_to_html(self) -> None:
        """Close foreign elements down to an integration point or HTML content."""
        self._truncate(self.bounds[-1] + 1 if self.bounds else 0)

    def _start_tag(self, name: str, start: int, end: int, closes_itself: bool) -> bool | None:
        """Follow start tag ``name`` (its attributes in ``html[start:end]``): whether the tree
        builder reads it in HTML content, None where the scan stops."""
        if self.lost and self._stops_lost(name):
            return None
        top = self.stack[-1] if self.stack else ""
        if not self.lost and not _in_html(top, name):
            if not self._breaks_out(name, start, end):
                self._open_foreign(name, start, end, closes_itself)
                return False
            self._pop_to_html()
        elif self.lost and name in _BREAKOUT:
            self._recover()
        self._frameset_check(name, start, end)
        if self.lost:
            return False  # the scan reads it, as it may be in foreign content
        self._open_html(name, closes_itself)
        return True

    def _stops_lost(self, name: str) -> bool:
        """Whether start tag ``name`` stops a lost scan: its meaning in HTML and in foreign
        content differ (raw text, a template, a frameset that may replace the body)."""
        if name in _TEXT_ELEMENTS or name in ("plaintext", "template"):
            return True
        if name == "frameset" and self.frameset_ok:
            self.frameset = True
            return True
        return False

    def _breaks_out(self, name: str, start: int, end: int) -> bool:
        """Whether start tag ``name`` in foreign content ends it (is read as HTML)."""
        if name in _BREAKOUT:
            return True
        return name == "font" and any(self._value(start, end, a) is not None for a in _FONT_ENDS)

    def _open_foreign(self, name: str, start: int, end: int, closes_itself: bool) -> None:
        """Push foreign element ``name`` (in its parent's namespace)."""
        stack = self.stack
        if len(stack) >= _MAX_OPEN:
            self.lost = True  # too deep to follow: bounded time and memory
            return
        if closes_itself:
            return
        namespace = stack[-1].split(" ", 1)[0]
        if name == "annotation-xml" and namespace == "math":
            encoding = self._value(start, end, "encoding")
            if encoding in ("text/html", "application/xhtml+xml"):
                name = "annotation-xml html"
        self._push(f"{namespace} {name}")

    def _recover(self) -> None:
        """A breakout tag where the scan is lost: with only foreign elements open (no
        integration point, no template), it ends in HTML content either way."""
        if not self.bounds:
            self._truncate(0)
            self.lost = False

    def _frameset_check(self, name: str, start: int, end: int) -> None:
        """Clear the frameset-ok flag at the start tags that clear it."""
        if not self.frameset_ok or (name == "body" and self.lost):
            return
        if name in _FRAMESET_NOT_OK or (
            name == "input" and self._value(start, end, "type") != "hidden"
        ):
            self.frameset_ok = False

    def _open_html(self, name: str, closes_itself: bool) -> None:
        """Follow HTML start tag ``name``: counted as open, or pushed (svg, math, template);
        an HTML element inside an integration point loses the scan."""
        opened, stack = self.opened, self.stack
        if name in opened or len(opened) < _MAX_OPENED_NAMES:
            opened[name] = 1 if name == "a" else opened.get(name, 0) + 1  # an <a> closes an <a>
        top = stack[-1] if stack else ""
        if len(stack) >= _MAX_OPEN and name in _FOLLOWED:
            self.lost = True
        elif name in ("svg", "math"):
            if not closes_itself:
                self._push(f"{name} {name}")
        elif name == "template":
            self._push("template")
        elif top and top != "template" and name not in VOID_ELEMENTS and name not in _TEXT_ELEMENTS:
            self.lost = True  # an HTML element in an integration point: not followed

    def _end_tag(self, name: str) -> bool:
        """Follow end tag ``name``: False where the scan stops."""
        stack = self.stack
        if self.raw_close:  # the end tag of a raw-text element
            self.raw_close = False
            return True
        if not stack:
            if name == "br":
                self.frameset_ok = False
            elif self.opened.get(name):
                self.opened[name] -= 1
            return True
        if self.lost:
            return name != "template" or not self.templates
        if name == "template" and self.templates:
            for at in range(len(stack) - 1, -1, -1):  # each entry passed is closed
                if stack[at] == "template" or stack[at].split(" ", 1)[1] == "template":
                    break
            self._truncate(at)
            return True
        if stack[-1] == "template":
            return True  # HTML content: no element the scan keeps is closed
        if name in ("p", "br"):
            self._pop_to_html()
            if name == "br":
                self.frameset_ok = False
            return True
        # the tree builder walks down the stack to an element of that name, and stops at
        # a template or an integration point: the topmost of each, found without the walk
        where = self.at.get(name)
        match = where[-1] if where else -1
        bound = self.bounds[-1] if self.bounds else -1
        if match > bound or (match == bound >= 0 and stack[bound] != "template"):
            self._truncate(match)
            return True
        if bound >= 0 and stack[bound] != "template":
            return True  # the walk stops at an integration point: ignored
        if self._may_be_open(name):
            self.lost = True  # it may close an HTML element below, and the foreign ones above
        return True

    def _may_be_open(self, name: str) -> bool:
        """Whether an HTML element ``name`` may be open (its start tag, or a table's, was
        read in HTML content; ``</body>``, ``</html>``, ``</head>`` close nothing there)."""
        opened = self.opened
        if name in ("body", "html", "head") or (name == "template" and not self.templates):
            return False
        if len(opened) >= _MAX_OPENED_NAMES:
            return True
        if name in _HEADINGS:
            return any(opened.get(h) for h in _HEADINGS)
        return bool(opened.get(name)) or (name in _TABLE_PARTS and bool(opened.get("table")))


def _scanned_links(
    text: str,
    base_url: str,
    spider: Spider | None,
    max_links: int,
    max_url_length: int,
    deadline: Deadline | None = None,
) -> Listing:
    """:func:`read_listing`'s links read by a scan of the page's tags (:class:`_LinkTags`),
    no tree built: at most :data:`MAX_SCANNED_TAGS` tags read (twice on a page that writes
    "<base": the first ``<base href>`` is the base of every link, as in the tree). A page
    whose body a ``<frameset>`` replaces has no links, as in the tree. ``deadline`` is read
    in the scan and in the loop over the links: the links found before it passed are kept."""
    deadline = deadline or Deadline(None)
    base = base_url
    if _BASE_START.search(text):
        try:
            for tag, href in _LinkTags(text, base_url, MAX_SCANNED_TAGS, deadline):
                if tag == "base":
                    base = http_url(href, base_url) or base_url
                    break
        except OverBudgetError as exc:
            if exc.reason != "time":
                raise
            return Listing([], exc)
    scan = _LinkTags(text, base_url, MAX_SCANNED_TAGS, deadline)
    tags = iter(scan)
    hrefs = (href for tag, href in tags if tag == "a")
    links = _kept_links(hrefs, base, base_url, spider, max_links, max_url_length, deadline)
    cut = links.cut
    if cut is None:
        try:
            for _ in tags:  # stopped at max_links: a frameset may yet replace the body
                if not scan.frameset_ok:
                    break
        except OverBudgetError as exc:
            if exc.reason != "time":
                raise
            cut = exc
    if cut is not None:
        # cut where a <frameset> later in the page may still replace the body (and leave
        # the tree no link): none kept, fewer never more
        return Listing([] if scan.frameset_ok else links.urls, cut)
    return Listing([]) if scan.frameset else links


_BASE_START = re.compile(rf"<base[{HTML_WS}/>]", re.I)
