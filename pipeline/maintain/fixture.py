"""``newsmill fixture record``: store a real page and the fields a spider extracts from it.

A fixture is ``<fixtures>/<spider>/<slug>.html.gz`` (the page as fetched, gzipped with a
fixed mtime so re-recording the same bytes changes nothing) and ``<slug>.json``::

    {"url": …, "crawl_date": "2026-01-06T14:37:29Z", "title": …, "authors": […],
     "published": …, "topics": […], "lead": …, "body": …}

The JSON is the spider's output at recording time: a maintainer reviews it like code before
committing it. ``--update`` re-extracts the stored page after a deliberate spider change and
rewrites the JSON, returning a unified diff; keys it does not produce (a corpus' extra
fields) are kept, and so are ``url`` and ``crawl_date``.
"""

from __future__ import annotations

import asyncio
import difflib
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.api import extract_article
from pipeline.clock import utc_now
from pipeline.config import Settings, load_settings
from pipeline.errors import ConfigError
from pipeline.maintain.check import expected_path, fixture_pages, read_page
from pipeline.spider import Spider, get_spider

__all__ = ["RecordedFixture", "fixture_json", "record_fixture", "slug_for", "update_fixtures"]

#: Keys the recorder writes, in this order.
FIELDS = ("url", "crawl_date", "title", "authors", "published", "topics", "lead", "body")


@dataclass
class RecordedFixture:
    """One fixture written: its files, whether the page is new, and the JSON diff."""

    page: Path
    json: Path
    created: bool
    diff: str = ""


def slug_for(url: str) -> str:
    """A file-name slug from a URL's path: the longest path segment, lower-case, ≤ 80 chars."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    segments = [re.sub(r"\.(?:s?html?|php|aspx?)$", "", s, flags=re.I) for s in segments]
    best = max(segments, key=len, default="")
    slug = re.sub(r"[^a-z0-9]+", "-", best.lower()).strip("-")[:80].strip("-")
    return slug or "index"


def fixture_json(article: Any, url: str | None, crawl_date: str) -> dict[str, Any]:
    """The reviewed-JSON fields of an extracted :class:`models.Article` (those the check
    compares, :func:`pipeline.maintain.check.extracted_fields`, plus the URL and crawl date)."""
    from pipeline.maintain.check import extracted_fields

    fields = extracted_fields(article)
    del fields["url"]  # the URL the page was recorded from, then the time: keys in file order
    return {"url": url, "crawl_date": crawl_date, **fields}


def record_fixture(
    spider_name: str,
    source: str,
    *,
    root: Path,
    url: str | None = None,
    slug: str | None = None,
    settings: Settings | None = None,
) -> RecordedFixture:
    """Store a new fixture of ``spider_name`` from a page URL (fetched politely) or a file.

    A file needs ``url`` (the page's address; also used for the slug). Raises
    :class:`ConfigError` when the fixture exists already (update it instead) or the source is
    neither a readable file nor an http(s) URL; fetch errors propagate.
    """
    spider = get_spider(spider_name)
    content_type: str | None = None
    path = Path(source)
    if path.is_file():
        if not url:
            raise ConfigError(f"{source} is a file: give the page's address with --url URL")
        try:
            data = read_page(path) if path.suffix == ".gz" else path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read {source}: {exc.strerror or exc}") from None
        page_url = url
    elif urlsplit(source).scheme in ("http", "https"):
        data, content_type, page_url = _fetch(spider, source, settings or load_settings())
    else:
        raise ConfigError(f"{source!r} is neither a file nor an http(s) URL")
    slug = slug or slug_for(page_url)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", slug):
        raise ConfigError(f"bad fixture slug {slug!r} (letters, digits, '-', '_', '.')")
    folder = root / spider.name
    page, json_path = folder / f"{slug}.html.gz", folder / f"{slug}.json"
    if json_path.exists() or page.exists():
        raise ConfigError(
            f"fixture {json_path} exists; use --update to rewrite its JSON from the stored page"
        )
    article = extract_article(
        data, page_url, spider=spider, enrich=False, content_type=content_type
    )
    folder.mkdir(parents=True, exist_ok=True)
    page.write_bytes(gzip.compress(data, mtime=0))
    text = _dump(fixture_json(article, page_url, utc_now()))
    json_path.write_text(text, encoding="utf-8")
    return RecordedFixture(page=page, json=json_path, created=True)


def update_fixtures(
    spider_name: str, *, root: Path, source: str | None = None
) -> list[RecordedFixture]:
    """Re-extract stored fixture pages of ``spider_name`` and rewrite their JSON.

    ``source`` picks one fixture: its page or JSON path, its slug or its URL; ``None`` takes
    them all. Each result carries the unified diff of the JSON (empty when unchanged).
    """
    spider = get_spider(spider_name)
    pages = fixture_pages(spider.name, root)
    if source is not None:
        pages = [p for p in pages if _is(p, source)]
        if not pages:
            raise ConfigError(
                f"no fixture of {spider.name!r} under {root / spider.name} matches {source!r}"
            )
    elif not pages:
        raise ConfigError(f"spider {spider.name!r} has no fixtures under {root / spider.name}")
    out = []
    for page in pages:
        json_path = expected_path(page)
        old_text = json_path.read_text(encoding="utf-8") if json_path.exists() else "{}\n"
        old = json.loads(old_text)
        article = extract_article(read_page(page), old.get("url"), spider=spider, enrich=False)
        fresh = fixture_json(article, old.get("url"), old.get("crawl_date") or utc_now())
        merged = {k: v for k, v in old.items() if k not in FIELDS}
        new = {**{k: fresh[k] for k in FIELDS}, **merged}
        new_text = _dump(new)
        diff = "".join(
            difflib.unified_diff(
                _diff_lines(old_text),
                _diff_lines(new_text),
                fromfile=f"a/{json_path.name}",
                tofile=f"b/{json_path.name}",
            )
        )
        if new_text != old_text:
            json_path.write_text(new_text, encoding="utf-8")
        out.append(RecordedFixture(page=page, json=json_path, created=False, diff=diff))
    return out


def _is(page: Path, source: str) -> bool:
    slug = page.name.split(".html")[0]
    if source in (slug, page.name, expected_path(page).name):
        return True
    candidate = Path(source)
    if candidate.exists() and candidate.resolve() in (
        page.resolve(),
        expected_path(page).resolve(),
    ):
        return True
    try:
        return json.loads(expected_path(page).read_text(encoding="utf-8")).get("url") == source
    except (OSError, ValueError):
        return False


def _diff_lines(text: str) -> list[str]:
    # one line per key, so a changed body shows as one changed line, not a rewrapped block
    return [line + "\n" for line in text.splitlines()]


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _fetch(spider: Spider, url: str, settings: Settings) -> tuple[bytes, str | None, str]:
    """GET one page through the crawler's fetcher (robots, user agent, deadline, body cap)."""
    from pipeline.crawl.fetch import Fetcher

    async def get() -> tuple[bytes, str | None, str]:
        async with Fetcher(settings) as fetcher:
            result = await fetcher.fetch(url, delay=spider.delay, concurrency=1)
        return result.content, result.content_type, result.final_url

    return asyncio.run(get())
