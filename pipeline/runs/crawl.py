"""The crawl runner: spiders in, JSONL parts, state and a run manifest out.

Flow. With a state database (``state=PATH``) the run first takes its lock file (an
overlapping run gets :class:`~pipeline.crawl.lock.LockHeld`, exit 75) and removes parts of
killed runs that were never committed (:meth:`CrawlState.recover`). Each spider's start URLs
are grouped by host and read concurrently (one discovery task per host, so a hanging host
does not hold the others); feeds, sitemaps (indexes followed 3 levels deep, Google News
included) and listings yield article URLs, canonicalized, deduplicated across the run,
filtered by ``spider.is_article_url`` and by ``--since`` where the feed or sitemap dates
them. Failed URLs whose next try is due are taken from the state as well.

Each URL goes to its host's queue; a host has as many workers as it has connections (1–2),
and at most ``max_in_flight`` requests run over all hosts, so a slow or hanging host only
holds itself. A URL with a stored record is fetched conditionally (ETag / Last-Modified): a
304, or a body whose extracted text has the same hash, is ``unchanged`` and writes nothing.
Bytes that are not a web page (PDF, images served as ``text/html``) are skipped with the
reason; pages are extracted in a small thread pool while fetching goes on.

Every URL discovered ends the run in exactly one outcome (:data:`OUTCOMES`), counted in
:attr:`CrawlResult.counts`. Records go to a :class:`~pipeline.output.jsonl.PartWriter` per
site; a part is renamed into place and then committed in the state with the URLs it covers
in one transaction, so a run killed at any point loses nothing it committed and a rerun
fetches the rest again: no loss, no duplicate, no torn line. ``max_articles`` counts records
written.

Exit codes (design.md): 0 ok (also nothing new), 1 some pages failed or hosts were parked or
deferred, 3 nothing written although pages failed or were not articles.

SIGTERM / SIGINT (when running in the main thread): the first signal stops discovery and
the taking of new URLs; requests in flight finish (each bounded by the deadline), what was
extracted is written and committed, the manifest is written and ``crawl`` returns with
``interrupted=True``; a rerun resumes. A second signal gets the default behaviour.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import secrets
import signal
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import models
from pipeline.config import Settings
from pipeline.crawl.discover import (
    canonicalize,
    detect_kind,
    feed_entries,
    parse_listing,
    sitemap_entries,
)
from pipeline.crawl.fetch import Fetcher, FetchResult, HostLimitReached, HostParked
from pipeline.crawl.filters import is_older, parse_since, sniff
from pipeline.crawl.lock import LockHeld, RunLock
from pipeline.crawl.netguard import redact
from pipeline.crawl.robots import RobotsUnavailable, origin_of
from pipeline.crawl.state import CrawlState, Done, UrlState
from pipeline.errors import (
    BlockedAddressError,
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
    "OUTCOMES",
    "CrawlResult",
    "Extractor",
    "LockHeld",
    "crawl",
    "new_run_id",
    "run_crawl",
    "utc_now",
]

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOTHING = 3

#: The one terminal outcome of every article URL a run discovers.
OUTCOMES = (
    "written",  # a record is in a committed part (or on stdout)
    "unchanged",  # 304, or the same text as the record already written
    "duplicate",  # its rel=canonical URL was written earlier in this run
    "skipped_robots",  # robots.txt disallows it
    "skipped_not_article",  # the extractor found no article
    "skipped_type",  # not a web page (PDF, image, ...) whatever the Content-Type says
    "skipped_old",  # published before --since
    "skipped_limit",  # --max-articles (or crawl.max_pages_per_host) reached
    "skipped_blocked",  # the address guard refuses its host (private, loopback, metadata ...)
    "waiting",  # failed in an earlier run; its next try is not due yet
    "deferred",  # its host was parked or its robots.txt unavailable: next run
    "failed",  # fetch or extraction error after retries; retried in a later run
    "stopped",  # SIGTERM/SIGINT came first: next run
)
#: Keys of :attr:`CrawlResult.counts`, always all present.
COUNT_KEYS = (
    "start_pages",
    "start_failed",
    "discovered",
    "fetched",
    "not_modified",
    *OUTCOMES,
    "hosts_parked",
    "hosts_blocked",
)
#: How deep sitemap indexes are followed by default (``crawl.max_sitemap_depth``).
MAX_SITEMAP_DEPTH = 3
#: Seconds before a URL skipped as "not an article" / "not a web page" is fetched again.
RECHECK_NOT_ARTICLE = 86400.0
RECHECK_TYPE = 7 * 86400.0

#: ``extract(content, url=, spider=, enrich=, content_type=, fetched_at=, settings=)``
Extractor = Callable[..., models.Article]
#: ``on_response(result, request_headers, received_at)``: each response of the run, as fetched
ResponseHook = Callable[[FetchResult, dict[str, str], datetime], Any]


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
    #: URL → outcome, when ``track_urls=True``.
    outcomes: dict[str, str] | None = None
    #: Parked origins → reason.
    parked: dict[str, str] = field(default_factory=dict)


def utc_now() -> str:
    """The current time, ISO 8601 UTC with ``Z``, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_run_id() -> str:
    """A sortable, unique run id: ``20261125T171724Z-3fa9c2``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def exit_code_for(counts: dict[str, int]) -> int:
    """0 ok or nothing new; 1 some pages failed; 3 nothing written although pages were tried."""
    failures = counts.get("failed", 0) + counts.get("deferred", 0) + counts.get("start_failed", 0)
    tried = failures + counts.get("skipped_not_article", 0) + counts.get("skipped_type", 0)
    if counts.get("written", 0) == 0 and counts.get("unchanged", 0) == 0 and tried > 0:
        return EXIT_NOTHING
    if failures > 0:
        return EXIT_FAILED
    return EXIT_OK


@dataclass(slots=True)
class _Job:
    spider: Spider
    url: str
    prefetched: FetchResult | None = None


@dataclass
class _Host:
    queue: deque[_Job] = field(default_factory=deque)
    workers: int = 0


class _Run:
    """State of one crawl run (counters, dedup set, host queues, writers, stop flag)."""

    def __init__(
        self,
        *,
        settings: Settings,
        fetcher: Fetcher,
        state: CrawlState,
        out_dir: Path | None,
        run_id: str,
        extract: Extractor,
        enrich: bool,
        on_article: Callable[[models.Article], Any] | None,
        max_articles: int | None,
        since: datetime | None,
        keep_articles: bool,
        track_urls: bool,
        workers_per_host: int,
        part_size: int,
        extract_workers: int,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.state = state
        self.out_dir = out_dir  # None: stdout
        self.run_id = run_id
        self.extract = extract
        self.enrich = enrich
        self.on_article = on_article
        self.max_articles = max_articles
        self.since = since
        self.keep_articles = keep_articles
        self.outcomes: dict[str, str] | None = {} if track_urls else None
        self.workers_per_host = workers_per_host
        self.part_size = part_size
        self.counts: Counter[str] = Counter({k: 0 for k in COUNT_KEYS})
        self.errors: Counter[str] = Counter()
        self.articles: list[models.Article] = []
        self.seen: set[str] = set()
        self.written_canonical: set[str] = set()
        self.written_by_spider: Counter[str] = Counter()
        self.hosts: dict[str, _Host] = defaultdict(_Host)
        self.tasks: set[asyncio.Task[None]] = set()
        self.pending = 0
        self.idle = asyncio.Event()
        self.writers: dict[str, PartWriter] = {}
        self.stop = asyncio.Event()
        self.in_flight = asyncio.Semaphore(settings.crawl.max_in_flight)
        self.executor = ThreadPoolExecutor(extract_workers, thread_name_prefix="extract")
        self.extract_slots = asyncio.Semaphore(extract_workers * 2)
        self.extract_seconds = 0.0
        self.on_response: ResponseHook | None = None

    # -- bookkeeping --------------------------------------------------------------------------
    def request_stop(self, reason: str) -> None:
        if not self.stop.is_set():
            log.warning("stopping: %s; finishing the pages in flight", reason)
            self.stop.set()

    def _outcome(self, url: str, outcome: str) -> None:
        self.counts[outcome] += 1
        if self.outcomes is not None:
            if url in self.outcomes:  # a bug: every URL gets exactly one outcome
                log.error("%s had outcome %s, now %s", url, self.outcomes[url], outcome)
                self.counts["double_outcome"] += 1
            self.outcomes[url] = outcome

    def _error(self, exc: BaseException, what: str, level: int = logging.WARNING) -> None:
        self.errors[type(exc).__name__] += 1
        log.log(level, "%s: %s: %s", what, type(exc).__name__, exc)

    def _spider_limit(self, spider: Spider) -> int | None:
        own = self.settings.spiders.get(spider.name)
        if own is not None and own.max_articles is not None:
            return min(own.max_articles, self.max_articles or own.max_articles)
        return self.max_articles

    def _limit_reached(self, spider: Spider) -> bool:
        if self.max_articles is not None and self.counts["written"] >= self.max_articles:
            return True
        limit = self._spider_limit(spider)
        return limit is not None and self.written_by_spider[spider.name] >= limit

    def _since(self, spider: Spider) -> datetime | None:
        own = self.settings.spiders.get(spider.name)
        if own is not None and own.since:
            return parse_since(own.since)
        return self.since

    def _politeness(self, spider: Spider) -> tuple[float | None, int | None]:
        own = self.settings.spiders.get(spider.name)
        delay, concurrency = spider.delay, spider.concurrency
        if own is not None:
            if own.delay is not None:
                delay = max(delay or 0.0, own.delay)
            if own.concurrency is not None:
                concurrency = min(concurrency or own.concurrency, own.concurrency)
        return delay, concurrency

    async def _fetch(self, spider: Spider, url: str, **kwargs: Any) -> FetchResult:
        delay, concurrency = self._politeness(spider)
        async with self.in_flight:
            result = await self.fetcher.fetch(url, delay=delay, concurrency=concurrency, **kwargs)
        if self.on_response is not None:  # e.g. a WARC archiver: every response, raw
            sent = dict(getattr(getattr(self.fetcher, "_client", None), "headers", {}) or {})
            sent.update(kwargs.get("headers") or {})
            self.on_response(result, sent, datetime.now(UTC))
        return result

    # -- discovery ----------------------------------------------------------------------------
    async def run_spiders(self, seeds: dict[Spider, Sequence[str]]) -> None:
        """Discover from every spider's seeds (one task per spider and host), then drain."""
        discovery = []
        for spider, urls in seeds.items():
            for url in self.state.due_retries(spider.name):
                self._enqueue(spider, url)
            groups: dict[str, list[str]] = defaultdict(list)
            try:
                for url in urls:
                    absolute = spider.resolve(url)
                    groups[origin_of(absolute)].append(absolute)
            except Exception as exc:  # a broken spider only loses its own pages
                self.counts["start_failed"] += 1
                self._error(exc, f"spider {spider.name}: start points", logging.ERROR)
                continue
            discovery += [self._discover(spider, group) for group in groups.values()]
        await asyncio.gather(*discovery)
        if self.pending:
            self.idle.clear()
            await self.idle.wait()

    async def _discover(self, spider: Spider, seeds: Sequence[str]) -> None:
        pending: deque[tuple[str, int]] = deque((u, 0) for u in seeds)
        visited: set[str] = set()
        since = self._since(spider)
        while pending and not self.stop.is_set() and not self._limit_reached(spider):
            url, depth = pending.popleft()
            if url in visited:
                continue
            visited.add(url)
            try:
                result = await self._fetch(spider, url)
            except RobotsUnavailable as exc:
                self.counts["start_failed"] += 1
                self._error(exc, f"start page {url}")
                continue
            except RobotsDenied:
                log.info("start page %s: disallowed by robots.txt", url)
                continue
            except FetchError as exc:  # BlockedAddressError included: counted, logged
                self.counts["start_failed"] += 1
                self._error(exc, f"start page {redact(url)}")
                continue
            self.counts["start_pages"] += 1
            kind = detect_kind(result, spider)
            base = result.final_url
            found: list[tuple[str, str | None]] = []
            c = self.settings.crawl
            limits = {"max_links": c.max_links_per_page, "max_url_length": c.max_url_length}
            try:
                if kind == "feed":
                    found = feed_entries(
                        result.content, base, max_bytes=c.max_sitemap_bytes, **limits
                    )
                elif kind == "sitemap":
                    found, children = sitemap_entries(
                        result.content, base, max_bytes=c.max_sitemap_bytes, **limits
                    )
                    if depth < c.max_sitemap_depth:
                        pending.extend((child, depth + 1) for child in children)
                    elif children:
                        log.warning("%s: sitemap nesting deeper than %d", base, depth)
                elif kind == "listing":
                    links = parse_listing(result.content, base, spider, **limits)
                    found = [(u, None) for u in links]
                else:
                    self._enqueue(spider, canonicalize(base), prefetched=result)
                accepted = [(u, d) for u, d in found if spider.is_article_url(u)]
            except Exception as exc:  # a parser or spider crash on one page ends only that page
                self.counts["start_failed"] += 1
                self._error(exc, f"reading {kind} {base}")
                continue
            log.info("%s: %s %s with %d article links", spider.name, kind, base, len(accepted))
            for article_url, date in accepted:
                self._enqueue(spider, article_url, date=date, since=since)

    def _enqueue(
        self,
        spider: Spider,
        url: str,
        *,
        prefetched: FetchResult | None = None,
        date: str | None = None,
        since: datetime | None = None,
    ) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        self.counts["discovered"] += 1
        if self.stop.is_set():
            self._outcome(url, "stopped")
        elif self._limit_reached(spider):
            self._outcome(url, "skipped_limit")
        elif is_older(date, since):
            self._outcome(url, "skipped_old")
        else:
            origin = origin_of(url)
            host = self.hosts[origin]
            host.queue.append(_Job(spider, url, prefetched))
            self.pending += 1
            _, concurrency = self._politeness(spider)
            wanted = min(
                self.settings.crawl.connections_per_host, concurrency or 2, self.workers_per_host
            )
            if host.workers < max(1, wanted):
                host.workers += 1
                self._spawn(self._host_worker(origin, host))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _done(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.idle.set()

    # -- articles -----------------------------------------------------------------------------
    async def _host_worker(self, origin: str, host: _Host) -> None:
        try:
            while host.queue:
                job = host.queue.popleft()
                handed_off = False
                try:
                    handed_off = await self._article(job)
                except Exception as exc:  # a bug must not hang the run
                    self._outcome(job.url, "failed")
                    self._error(exc, f"article {job.url}", logging.ERROR)
                    log.exception("unexpected error on %s", job.url)
                finally:
                    if not handed_off:
                        self._done()
        finally:
            host.workers -= 1

    async def _article(self, job: _Job) -> bool:
        """Fetch one article URL; True when extraction was handed to a task."""
        spider, url = job.spider, job.url
        if self.stop.is_set():
            self._outcome(url, "stopped")
            return False
        if self._limit_reached(spider):
            self._outcome(url, "skipped_limit")
            return False
        known = self.state.get(url)
        if known is not None and known.status == "failed" and known.next_try > time.time():
            self._outcome(url, "waiting")
            return False
        result = job.prefetched
        if result is None:
            headers = known.conditional_headers() if known is not None else {}
            try:
                result = await self._fetch(spider, url, headers=headers or None)
            except BlockedAddressError as exc:  # the guard logged the origin once
                self._outcome(url, "skipped_blocked")
                self._error(exc, f"article {url}", logging.DEBUG)
                self.state.mark_skipped(url, spider.name, str(exc), retry_after=86400.0)
                return False
            except HostLimitReached as exc:
                self._outcome(url, "skipped_limit")
                self._error(exc, f"article {url}", logging.DEBUG)
                return False
            except (HostParked, RobotsUnavailable) as exc:
                self._outcome(url, "deferred")
                self._error(exc, f"article {url}", logging.DEBUG)
                return False
            except RobotsDenied:
                self._outcome(url, "skipped_robots")
                self.state.mark_skipped(url, spider.name, "robots.txt", retry_after=86400.0)
                log.info("article %s: disallowed by robots.txt", url)
                return False
            except FetchError as exc:
                self._outcome(url, "failed")
                self._error(exc, f"article {url}")
                self.state.mark_failed(url, spider.name, str(exc))
                return False
        self.counts["fetched"] += 1
        if result.status == 304:
            self.counts["not_modified"] += 1
            self._outcome(url, "unchanged")
            self.state.mark_unchanged(url, spider.name, **_validators(result))
            return False
        reason = sniff(result.content, result.content_type)
        if reason is not None:
            self._outcome(url, "skipped_type")
            self.errors["NotAWebPage"] += 1
            self.state.mark_skipped(url, spider.name, reason, retry_after=RECHECK_TYPE)
            log.info("skipped %s: %s", url, reason)
            return False
        await self.extract_slots.acquire()
        self._spawn(self._finish(spider, url, result, known))
        return True

    async def _finish(
        self, spider: Spider, url: str, result: FetchResult, known: UrlState | None
    ) -> None:
        try:
            await self._extract_and_write(spider, url, result, known)
        except Exception as exc:
            self._outcome(url, "failed")
            self._error(exc, f"article {url}", logging.ERROR)
            log.exception("unexpected error on %s", url)
        finally:
            self.extract_slots.release()
            self._done()

    async def _extract_and_write(
        self, spider: Spider, url: str, result: FetchResult, known: UrlState | None
    ) -> None:
        started = time.monotonic()
        call = functools.partial(
            self.extract,
            result.content,
            url=result.final_url,
            spider=spider,
            enrich=self.enrich,
            content_type=result.content_type,
            fetched_at=utc_now(),
            settings=self.settings,
        )
        try:
            article = await asyncio.get_running_loop().run_in_executor(self.executor, call)
        except (InputError, ExtractionError) as exc:
            self._outcome(url, "skipped_not_article")
            self._error(exc, f"not an article: {url}", logging.INFO)
            self.state.mark_skipped(url, spider.name, str(exc), retry_after=RECHECK_NOT_ARTICLE)
            return
        except NewsmillError as exc:
            self._outcome(url, "failed")
            self._error(exc, f"extracting {url}")
            self.state.mark_failed(url, spider.name, str(exc))
            return
        except Exception as exc:  # the spider's own code raised: only this page fails
            self._outcome(url, "failed")
            self._error(exc, f"spider {spider.name} on {url}", logging.ERROR)
            log.debug("spider %s failed on %s", spider.name, url, exc_info=True)
            self.state.mark_failed(url, spider.name, f"{type(exc).__name__}: {exc}")
            return
        finally:
            self.extract_seconds += time.monotonic() - started
        if is_older(article.published_at, self._since(spider)):
            self._outcome(url, "skipped_old")
            return
        canonical = article.canonical_url
        if canonical in self.written_canonical:
            self._outcome(url, "duplicate")
            return
        previous = known.content_sha256 if known is not None else None
        if previous is None and canonical != url:
            previous = self.state.written_hash(canonical)
        if previous == article.content_sha256:
            self._outcome(url, "unchanged")
            self.state.mark_unchanged(url, spider.name, **_validators(result))
            return
        if self._limit_reached(spider):
            self._outcome(url, "skipped_limit")
            return
        done = Done(
            url=url,
            site=spider.name,
            content_sha256=article.content_sha256,
            canonical_url=canonical,
            **_validators(result),
        )
        if self._write(spider, article, done):
            self.written_canonical.add(canonical)
            self.written_by_spider[spider.name] += 1
            self._outcome(url, "written")
            if self._limit_reached(spider):
                log.info("%s: %d articles written, the limit", spider.name, self.counts["written"])

    def _write(self, spider: Spider, article: models.Article, done: Done) -> bool:
        try:
            if self.out_dir is None:
                write_stdout([article])
                self.state.commit_part(None, self.run_id, spider.name, [done])
            else:
                writer = self.writers.get(spider.name)
                if writer is None:
                    writer = self.writers[spider.name] = PartWriter(
                        self.out_dir,
                        spider.name,
                        self.run_id,
                        part_size=self.part_size,
                        on_commit=functools.partial(self._commit, spider.name),
                    )
                writer.add(article, meta=done)
        except OutputError as exc:
            self._outcome(article.url, "failed")
            self._error(exc, f"writing {article.url}", logging.ERROR)
            self.request_stop("output cannot be written")
            return False
        if self.keep_articles:
            self.articles.append(article)
        if self.on_article is not None:
            self.on_article(article)
        return True

    def _commit(self, site: str, path: Path, covered: list[Done]) -> None:
        self.state.commit_part(path, self.run_id, site, covered)

    def flush(self) -> list[Path]:
        """Commit every writer's buffered records; all parts written by this run."""
        parts: list[Path] = []
        for name in sorted(self.writers):
            writer = self.writers[name]
            lost = writer.buffered
            try:
                writer.flush()
            except OutputError as exc:
                # the records were counted written; they are not: the next run fetches them
                self.counts["written"] -= lost
                self.counts["failed"] += lost
                self._error(exc, f"committing a part of {name}", logging.ERROR)
            parts.extend(writer.parts)
        return parts


def _start_urls(run: _Run, spider: Spider) -> list[str]:
    """The spider's start points; a spider whose code raises gets none (and an error)."""
    try:
        return list(spider.start_urls())
    except Exception as exc:
        run.counts["start_failed"] += 1
        run._error(exc, f"spider {spider.name}: start points", logging.ERROR)
        return []


def _validators(result: FetchResult) -> dict[str, str | None]:
    return {
        "etag": result.headers.get("etag"),
        "last_modified": result.headers.get("last-modified"),
    }


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


async def _report_progress(run: _Run, progress: Callable[[dict[str, int]], Any]) -> None:
    while True:
        await asyncio.sleep(0.5)
        progress({**run.counts, "queued": run.pending})


async def crawl(
    spiders: list[Spider],
    *,
    settings: Settings,
    out_dir: Path | str | None,
    start_urls: list[str] | None = None,
    max_articles: int | None = None,
    since: datetime | str | None = None,
    state: Path | str | None = None,
    enrich: bool = True,
    extract: Extractor | None = None,
    on_article: Callable[[models.Article], Any] | None = None,
    progress: Callable[[dict[str, int]], Any] | None = None,
    workers_per_spider: int = 2,
    keep_articles: bool = True,
    track_urls: bool = False,
    part_size: int = 100,
    extract_workers: int = 2,
    handle_signals: bool = True,
    on_response: ResponseHook | None = None,
) -> CrawlResult:
    """Crawl ``spiders`` politely and write their new or changed articles; what happened.

    ``out_dir`` is the output root (``None``: ``settings.out_dir``; ``"-"``: JSONL on stdout
    and no manifest). ``start_urls`` replace every spider's own start points (feeds,
    sitemaps or listings; the kind is detected). ``max_articles`` (else
    ``settings.crawl.max_articles``) caps the records written in the whole run; ``since``
    (a datetime, ``"2d"`` or an ISO date) skips articles published before it. ``state`` is
    the SQLite state database (``None``: a fresh in-memory one, so nothing is remembered
    and no lock is taken); with a path, an overlapping run raises
    :class:`~pipeline.crawl.lock.LockHeld`. ``extract`` defaults to
    :func:`pipeline.api.extract_article`; ``on_article`` is called with each record once it
    is handed to the writer; ``progress`` with the counts twice a second.
    ``workers_per_spider`` caps the connections per host (with the settings and the spider);
    ``keep_articles=False`` does not keep the records in :attr:`CrawlResult.articles`;
    ``track_urls=True`` fills :attr:`CrawlResult.outcomes`. ``on_response`` gets every
    response (start pages and articles) with the request headers sent and the time it came,
    e.g. :meth:`pipeline.output.warc.WarcArchiver.archive_fetch`.
    """
    if extract is None:
        from pipeline.api import extract_article

        extract = extract_article
    since_at = parse_since(since) if isinstance(since, str) else since
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

    lock = RunLock(Path(str(state) + ".lock")) if state is not None else None
    if lock is not None:
        lock.acquire()
    try:
        db = CrawlState(state)
        try:
            removed = db.recover()
            if removed:
                log.warning("removed %d uncommitted file(s) of killed runs", len(removed))
            db.start_run(run_id, root)
            log.info("run %s: %s", run_id, ", ".join(s.name for s in spiders) or "no spiders")
            result, run, parts = await _crawl_with(
                spiders,
                db,
                settings=settings,
                root=root,
                run_id=run_id,
                start_urls=start_urls,
                limit=limit,
                since=since_at,
                enrich=enrich,
                extract=extract,
                on_article=on_article,
                progress=progress,
                workers=workers_per_spider,
                keep_articles=keep_articles,
                track_urls=track_urls,
                part_size=part_size,
                extract_workers=extract_workers,
                handle_signals=handle_signals,
                on_response=on_response,
            )
            db.finish_run(run_id, result.exit_code)
        finally:
            db.close()
    finally:
        if lock is not None:
            lock.release()

    if root is not None:
        manifest = models.RunManifest(
            run_id=run_id,
            started_at=started_at,
            finished_at=utc_now(),
            spiders=[s.name for s in spiders],
            exit_code=result.exit_code,
            counts=result.counts,
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
        ", ".join(f"{k} {v}" for k, v in result.counts.items() if v) or "nothing to do",
    )
    return result


async def _crawl_with(
    spiders: list[Spider],
    db: CrawlState,
    *,
    settings: Settings,
    root: Path | None,
    run_id: str,
    start_urls: list[str] | None,
    limit: int | None,
    since: datetime | None,
    enrich: bool,
    extract: Extractor,
    on_article: Callable[[models.Article], Any] | None,
    progress: Callable[[dict[str, int]], Any] | None,
    workers: int,
    keep_articles: bool,
    track_urls: bool,
    part_size: int,
    extract_workers: int,
    handle_signals: bool,
    on_response: ResponseHook | None = None,
) -> tuple[CrawlResult, _Run, list[Path]]:
    async with Fetcher(settings) as fetcher:
        run = _Run(
            settings=settings,
            fetcher=fetcher,
            state=db,
            out_dir=root,
            run_id=run_id,
            extract=extract,
            enrich=enrich,
            on_article=on_article,
            max_articles=limit,
            since=since,
            keep_articles=keep_articles,
            track_urls=track_urls,
            workers_per_host=max(1, workers),
            part_size=part_size,
            extract_workers=max(1, extract_workers),
        )
        run.on_response = on_response
        installed = _install_signal_handlers(run) if handle_signals else []
        ticker = asyncio.create_task(_report_progress(run, progress)) if progress else None
        try:
            await run.run_spiders({s: start_urls or _start_urls(run, s) for s in spiders})
        finally:
            loop = asyncio.get_running_loop()
            for sig in installed:
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(sig)
            for task in list(run.tasks):
                task.cancel()
            await asyncio.gather(*run.tasks, return_exceptions=True)
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
            run.executor.shutdown(wait=True)
            parts = run.flush()
    run.counts["hosts_parked"] = len(fetcher.parked)
    run.counts["hosts_blocked"] = len(fetcher.blocked)
    counts = dict(run.counts)
    result = CrawlResult(
        run_id=run_id,
        articles=run.articles,
        counts=counts,
        errors=dict(sorted(run.errors.items())),
        parts=parts,
        exit_code=exit_code_for(counts),
        interrupted=run.stop.is_set(),
        outcomes=run.outcomes,
        parked=dict(fetcher.parked),
    )
    if progress is not None:
        progress({**counts, "queued": 0})
    return result, run, parts


def run_crawl(spiders: list[Spider], **kwargs: Any) -> CrawlResult:
    """Synchronous :func:`crawl` (``asyncio.run``); same keyword arguments."""
    return asyncio.run(crawl(spiders, **kwargs))
