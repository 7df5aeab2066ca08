"""The crawl runner: spiders in, JSONL parts and a run manifest out.

Flow per spider: its start URLs (or the ``start_urls`` given) are fetched one after the
other; each is classified (:func:`~pipeline.crawl.discover.detect_kind`) and feeds, sitemaps
(index children followed, 3 levels deep) and listings yield article URLs, canonicalized,
deduplicated across the run and filtered by ``spider.is_article_url``; a start URL that is
itself an article is taken as one. Article URLs go to the spider's queue as soon as they are
found; a few workers per spider fetch them (politeness — per-host delay, connections,
robots — is enforced by the :class:`~pipeline.crawl.fetch.Fetcher`, so spiders on different
hosts run in parallel) and run the extractor in a thread (``asyncio.to_thread``) so fetching
goes on meanwhile. Records are written by a :class:`~pipeline.output.jsonl.PartWriter` per
site, in completion order into parts of 100; each part is sorted by URL before it is
committed, so a run whose records fit in one part is byte-for-byte deterministic.

A failure on one URL is counted by error class and the crawl goes on. Exit codes (design.md):
0 ok (also nothing new), 1 some pages failed, 3 nothing written although pages were tried.

SIGTERM / SIGINT (when running in the main thread): the first signal stops discovery and
the taking of new URLs; requests in flight finish (each bounded by the deadline), what was
extracted is written and flushed, the manifest is written and ``crawl`` returns with
``interrupted=True``. A second signal gets the default behaviour (immediate stop).

Not yet here (later issues): the state DB (resume, conditional GET, URLs already done), the
lock file, ``--since``, an error-rate limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import models
from pipeline.config import Settings
from pipeline.crawl.discover import (
    canonicalize,
    detect_kind,
    parse_feed,
    parse_listing,
    parse_sitemap,
)
from pipeline.crawl.fetch import Fetcher, FetchResult
from pipeline.crawl.robots import RobotsUnavailable
from pipeline.errors import (
    ExtractionError,
    FetchError,
    InputError,
    NewsmillError,
    OutputError,
    RobotsDenied,
)
from pipeline.output.jsonl import PartWriter, write_manifest, write_stdout
from pipeline.spider import Spider

__all__ = [
    "COUNT_KEYS",
    "EXIT_FAILED",
    "EXIT_NOTHING",
    "EXIT_OK",
    "CrawlResult",
    "Extractor",
    "crawl",
    "new_run_id",
    "run_crawl",
    "utc_now",
]

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOTHING = 3

#: Keys of :attr:`CrawlResult.counts`, always all present.
COUNT_KEYS = (
    "start_pages",
    "discovered",
    "fetched",
    "written",
    "failed",
    "skipped_robots",
    "skipped_not_article",
    "skipped_limit",
)
#: How deep sitemap indexes are followed.
MAX_SITEMAP_DEPTH = 3

#: ``extract(content, url=, spider=, enrich=, content_type=, fetched_at=, settings=)``
Extractor = Callable[..., models.Article]


@dataclass
class CrawlResult:
    """What a crawl did. ``exit_code`` is the process exit code design.md prescribes."""

    run_id: str
    articles: list[models.Article] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    parts: list[Path] = field(default_factory=list)
    exit_code: int = EXIT_OK
    manifest: Path | None = None
    interrupted: bool = False


def utc_now() -> str:
    """The current time, ISO 8601 UTC with ``Z``, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_run_id() -> str:
    """A sortable, unique run id: ``20261125T171724Z-3fa9c2``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def exit_code_for(counts: dict[str, int]) -> int:
    """0 ok or nothing to do; 1 some pages failed; 3 nothing written although pages were tried."""
    tried = counts.get("failed", 0) + counts.get("skipped_not_article", 0)
    if counts.get("written", 0) == 0 and tried > 0:
        return EXIT_NOTHING
    if counts.get("failed", 0) > 0:
        return EXIT_FAILED
    return EXIT_OK


class _Run:
    """State of one crawl run (counters, dedup set, writers, stop flag)."""

    def __init__(
        self,
        *,
        settings: Settings,
        fetcher: Fetcher,
        out_dir: Path | None,
        run_id: str,
        extract: Extractor,
        enrich: bool,
        on_article: Callable[[models.Article], Any] | None,
        max_articles: int | None,
        keep_articles: bool,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.out_dir = out_dir  # None: stdout
        self.run_id = run_id
        self.extract = extract
        self.enrich = enrich
        self.on_article = on_article
        self.max_articles = max_articles
        self.keep_articles = keep_articles
        self.counts: Counter[str] = Counter({k: 0 for k in COUNT_KEYS})
        self.errors: Counter[str] = Counter()
        self.articles: list[models.Article] = []
        self.seen: set[str] = set()
        self.scheduled = 0
        self.writers: dict[str, PartWriter] = {}
        self.stop = asyncio.Event()
        self.extract_seconds = 0.0

    # -- bookkeeping --------------------------------------------------------------------------
    def request_stop(self, reason: str) -> None:
        if not self.stop.is_set():
            log.warning("stopping: %s; finishing the pages in flight", reason)
            self.stop.set()

    def _failed(self, exc: BaseException, url: str, what: str) -> None:
        self.counts["failed"] += 1
        self.errors[type(exc).__name__] += 1
        log.warning("%s failed: %s: %s", what, type(exc).__name__, exc)

    def _limit_reached(self) -> bool:
        return self.max_articles is not None and self.scheduled >= self.max_articles

    # -- discovery ----------------------------------------------------------------------------
    async def run_spider(self, spider: Spider, seeds: Sequence[str], workers: int) -> None:
        queue: asyncio.Queue[tuple[str, FetchResult | None]] = asyncio.Queue()
        tasks = [asyncio.create_task(self._worker(spider, queue)) for _ in range(workers)]
        try:
            await self._discover(spider, seeds, queue)
            await queue.join()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _discover(
        self,
        spider: Spider,
        seeds: Sequence[str],
        queue: asyncio.Queue[tuple[str, FetchResult | None]],
    ) -> None:
        pending: deque[tuple[str, int]] = deque((spider.resolve(u), 0) for u in seeds)
        visited: set[str] = set()
        while pending and not self.stop.is_set() and not self._limit_reached():
            url, depth = pending.popleft()
            if url in visited:
                continue
            visited.add(url)
            try:
                result = await self.fetcher.fetch(
                    url, delay=spider.delay, concurrency=spider.concurrency
                )
            except RobotsUnavailable as exc:
                self._failed(exc, url, f"start page {url}")
                continue
            except RobotsDenied:
                self.counts["skipped_robots"] += 1
                log.info("start page %s: disallowed by robots.txt", url)
                continue
            except FetchError as exc:
                self._failed(exc, url, f"start page {url}")
                continue
            self.counts["start_pages"] += 1
            kind = detect_kind(result, spider)
            base = result.final_url
            found: list[str] = []
            try:
                if kind == "feed":
                    found = parse_feed(result.content, base)
                elif kind == "sitemap":
                    found, children = parse_sitemap(result.content, base)
                    if depth < MAX_SITEMAP_DEPTH:
                        pending.extend((child, depth + 1) for child in children)
                elif kind == "listing":
                    found = parse_listing(result.content, base, spider)
                else:
                    await self._enqueue(canonicalize(base), queue, prefetched=result)
            except Exception as exc:  # a parser crash on one page must not end the crawl
                self._failed(exc, url, f"reading {kind} {url}")
                continue
            accepted = [u for u in found if spider.is_article_url(u)]
            log.info("%s: %s %s with %d article links", spider.name, kind, url, len(accepted))
            for article_url in accepted:
                await self._enqueue(article_url, queue)

    async def _enqueue(
        self,
        url: str,
        queue: asyncio.Queue[tuple[str, FetchResult | None]],
        prefetched: FetchResult | None = None,
    ) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        self.counts["discovered"] += 1
        if self._limit_reached():
            self.counts["skipped_limit"] += 1
            return
        self.scheduled += 1
        await queue.put((url, prefetched))

    # -- articles -----------------------------------------------------------------------------
    async def _worker(
        self, spider: Spider, queue: asyncio.Queue[tuple[str, FetchResult | None]]
    ) -> None:
        while True:
            url, prefetched = await queue.get()
            try:
                if not self.stop.is_set():
                    await self._article(spider, url, prefetched)
            except Exception as exc:  # a bug must not hang queue.join()
                self._failed(exc, url, f"article {url}")
                log.exception("unexpected error on %s", url)
            finally:
                queue.task_done()

    async def _article(self, spider: Spider, url: str, prefetched: FetchResult | None) -> None:
        result = prefetched
        if result is None:
            try:
                result = await self.fetcher.fetch(
                    url, delay=spider.delay, concurrency=spider.concurrency
                )
            except RobotsUnavailable as exc:
                self._failed(exc, url, f"article {url}")
                return
            except RobotsDenied:
                self.counts["skipped_robots"] += 1
                log.info("article %s: disallowed by robots.txt", url)
                return
            except FetchError as exc:
                self._failed(exc, url, f"article {url}")
                return
        self.counts["fetched"] += 1
        started = time.monotonic()
        try:
            article = await asyncio.to_thread(
                self.extract,
                result.content,
                url=result.final_url,
                spider=spider,
                enrich=self.enrich,
                content_type=result.content_type,
                fetched_at=utc_now(),
                settings=self.settings,
            )
        except (InputError, ExtractionError) as exc:
            self.counts["skipped_not_article"] += 1
            self.errors[type(exc).__name__] += 1
            log.info("not an article: %s: %s", url, exc)
            return
        except NewsmillError as exc:
            self._failed(exc, url, f"extracting {url}")
            return
        finally:
            self.extract_seconds += time.monotonic() - started
        self._write(spider, article)

    def _write(self, spider: Spider, article: models.Article) -> None:
        try:
            if self.out_dir is None:
                write_stdout([article])
                self.counts["written"] += 1
            else:
                writer = self.writers.get(spider.name)
                if writer is None:
                    writer = self.writers[spider.name] = PartWriter(
                        self.out_dir, spider.name, self.run_id
                    )
                before = writer.written
                writer.add(article)
                self.counts["written"] += writer.written - before
        except OutputError as exc:
            self._failed(exc, article.url, f"writing {article.url}")
            self.request_stop("output cannot be written")
            return
        if self.keep_articles:
            self.articles.append(article)
        if self.on_article is not None:
            self.on_article(article)

    def flush(self) -> list[Path]:
        """Commit every writer's buffered records; all parts written by this run."""
        parts: list[Path] = []
        for name in sorted(self.writers):
            writer = self.writers[name]
            before = writer.written
            try:
                writer.flush()
            except OutputError as exc:
                self.counts["failed"] += 1
                self.errors[type(exc).__name__] += 1
                log.error("%s", exc)
            self.counts["written"] += writer.written - before
            parts.extend(writer.parts)
        return parts


def _install_signal_handlers(run: _Run) -> list[signal.Signals]:
    if sys.platform == "win32":
        return []
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []

    def on_signal(sig: signal.Signals) -> None:
        run.request_stop(f"received {sig.name}")
        for s in installed:  # a second signal gets the default behaviour
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(s)

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
        except (RuntimeError, ValueError, NotImplementedError):  # not the main thread
            continue
        installed.append(sig)
    return installed


async def crawl(
    spiders: list[Spider],
    *,
    settings: Settings,
    out_dir: Path | str | None,
    start_urls: list[str] | None = None,
    max_articles: int | None = None,
    enrich: bool = True,
    extract: Extractor | None = None,
    on_article: Callable[[models.Article], Any] | None = None,
    workers_per_spider: int = 4,
    keep_articles: bool = True,
    handle_signals: bool = True,
) -> CrawlResult:
    """Crawl ``spiders`` politely and write their articles; what happened.

    ``out_dir`` is the output root (``None``: ``settings.out_dir``; ``"-"``: JSONL on stdout
    and no manifest). ``start_urls`` replace every spider's own start points (feeds,
    sitemaps or listings; the kind is detected). ``max_articles`` (else
    ``settings.crawl.max_articles``) caps the article pages tried in the whole run.
    ``extract`` defaults to :func:`pipeline.api.extract_article`; ``on_article`` is called
    with each record once it is handed to the writer. ``keep_articles=False`` does not keep
    the records in :attr:`CrawlResult.articles` (for long crawls).
    """
    if extract is None:
        from pipeline.api import extract_article

        extract = extract_article
    started_at, started = utc_now(), time.monotonic()
    run_id = new_run_id()
    root: Path | None
    if out_dir is None:
        root = settings.out_dir
    elif str(out_dir) == "-":
        root = None
    else:
        root = Path(out_dir)
    limit = max_articles if max_articles is not None else settings.crawl.max_articles
    log.info("run %s: %s", run_id, ", ".join(s.name for s in spiders) or "no spiders")

    async with Fetcher(settings) as fetcher:
        run = _Run(
            settings=settings,
            fetcher=fetcher,
            out_dir=root,
            run_id=run_id,
            extract=extract,
            enrich=enrich,
            on_article=on_article,
            max_articles=limit,
            keep_articles=keep_articles,
        )
        installed = _install_signal_handlers(run) if handle_signals else []
        try:
            await asyncio.gather(
                *(
                    run.run_spider(spider, start_urls or spider.start_urls(), workers_per_spider)
                    for spider in spiders
                )
            )
        finally:
            loop = asyncio.get_running_loop()
            for sig in installed:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(sig)
            parts = run.flush()

    counts = dict(run.counts)
    result = CrawlResult(
        run_id=run_id,
        articles=run.articles,
        counts=counts,
        errors=dict(sorted(run.errors.items())),
        parts=parts,
        exit_code=exit_code_for(counts),
        interrupted=run.stop.is_set(),
    )
    if root is not None:
        manifest = models.RunManifest(
            run_id=run_id,
            started_at=started_at,
            finished_at=utc_now(),
            spiders=[s.name for s in spiders],
            exit_code=result.exit_code,
            counts=counts,
            errors=result.errors,
            parts=[str(p) for p in parts],
            durations={
                "total": round(time.monotonic() - started, 3),
                "extract": round(run.extract_seconds, 3),
            },
        )
        try:
            result.manifest = write_manifest(root / "_runs" / f"{run_id}.json", manifest)
        except OutputError as exc:
            log.error("%s", exc)
    log.info(
        "run %s done (exit %d): %s",
        run_id,
        result.exit_code,
        ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "nothing to do",
    )
    return result


def run_crawl(spiders: list[Spider], **kwargs: Any) -> CrawlResult:
    """Synchronous :func:`crawl` (``asyncio.run``); same keyword arguments."""
    return asyncio.run(crawl(spiders, **kwargs))
