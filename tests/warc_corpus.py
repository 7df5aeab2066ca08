"""Test WARC archives built from the demo site and the spider fixtures (with warcio, offline).

Shared by tests/test_warc*.py and tests/test_dask*.py; nothing here is downloaded.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.output.warc import WarcArchiver

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_BASE = "http://127.0.0.1:8000"
FETCHED = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
HTML = {"Content-Type": "text/html; charset=utf-8"}


@dataclass
class Page:
    url: str
    body: bytes


@dataclass
class Corpus:
    """The files written and what they hold."""

    files: list[Path]
    articles: list[Page] = field(default_factory=list)
    """The HTML 200 article pages (each once), in archive order."""


def served_as(body: bytes) -> dict[str, str]:
    """The page's Content-Type as the demo server sends it (the Russian report: windows-1251)."""
    found = re.search(rb"<meta\s+charset=[\"']?([\w-]+)", body[:2048], re.I)
    return {"Content-Type": f"text/html; charset={found.group(1).decode()}"} if found else HTML


def demo_pages() -> list[Page]:
    """The demo site's article pages under its 127.0.0.1 address (the generic spider's)."""
    return [
        Page(f"{DEMO_BASE}/{p.relative_to(DEMO).as_posix()}", p.read_bytes())
        for p in sorted((DEMO / "a").glob("*/*.html"))
    ]


def fixture_pages() -> list[Page]:
    """The site spiders' stored pages (VOA, AP, Euronews) under their real URLs."""
    pages = []
    for spider in ("voa", "apnews", "euronews"):
        for page in sorted((FIXTURES / spider).glob("*.html.gz")):
            meta_file = page.with_name(page.name.removesuffix(".html.gz") + ".json")
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
            pages.append(Page(meta["url"], gzip.decompress(page.read_bytes())))
    return pages


def write_corpus(directory: Path, *, files: int = 3) -> Corpus:
    """Demo + fixture articles spread over ``files`` archives, with the noise of real crawls.

    Besides the articles: the demo's robots.txt (text/plain), an image, a 404 and a 301,
    and one article archived twice in the same file (a duplicate).
    """
    articles = demo_pages() + fixture_pages()
    text, svg = {"Content-Type": "text/plain"}, {"Content-Type": "image/svg+xml"}
    noise = [
        (f"{DEMO_BASE}/robots.txt", 200, text, (DEMO / "robots.txt").read_bytes()),
        (f"{DEMO_BASE}/img/logo.svg", 200, svg, (DEMO / "img" / "logo.svg").read_bytes()),
        (f"{DEMO_BASE}/a/gone/1.html", 404, HTML, b"<html><body>Not found</body></html>"),
        (f"{DEMO_BASE}/a/moved/2.html", 301, {**HTML, "Location": "/"}, b""),
    ]
    buckets: list[list[tuple[str, int, dict[str, str], bytes]]] = [[] for _ in range(files)]
    for i, page in enumerate(articles):
        buckets[i % files].append((page.url, 200, served_as(page.body), page.body))
    for i, item in enumerate(noise):
        buckets[i % files].append(item)
    buckets[0].append((articles[0].url, 200, HTML, articles[0].body))  # archived twice
    paths: list[Path] = []
    moment = FETCHED
    for n, bucket in enumerate(buckets, 1):
        with WarcArchiver(directory, f"corpus{n}", prefix="test") as archiver:
            for url, status, headers, body in bucket:
                sent = {"User-Agent": "tests"}
                at = moment
                archiver.archive(url, status, headers, body, fetched_at=at, request_headers=sent)
                moment += timedelta(seconds=7)
        paths += archiver.files
    return Corpus(paths, articles)


def gzip_members(data: bytes) -> list[int]:
    """Offsets of the gzip members of a ``.warc.gz`` (records are one member each)."""
    offsets, position = [], 0
    while position < len(data):
        offsets.append(position)
        d = zlib.decompressobj(31)
        d.decompress(data[position:])
        position = len(data) - len(d.unused_data)
    return offsets
