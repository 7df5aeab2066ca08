"""The crawl run: spiders in, JSONL parts, state and a run manifest out.

What one crawl is told is one frozen :class:`CrawlOptions` (settings and flags, resolved
by :meth:`CrawlOptions.build`); the callbacks (``extract``, ``on_article``, ``progress``,
``on_response``) are the arguments of :func:`crawl` / :func:`run_crawl`.

Flow. With a state database (``state=PATH``) the run first takes its lock file (an
overlapping run gets :class:`~pipeline.crawl.lock.LockHeld`, exit 75) and removes parts of
killed runs that were never committed (:meth:`CrawlState.recover`). Each spider's start URLs
are grouped by host and read concurrently (one discovery task per host, so a hanging host
does not hold the others); feeds, sitemaps (indexes followed 3 levels deep, Google News
included) and listings yield article URLs, canonicalized, deduplicated across the run,
filtered by ``spider.is_article_url`` and by ``--since`` where the feed or sitemap dates
them. A start page is read in an extraction worker (:func:`_read_start`), not on the event
loop that serves every host (a listing of many links takes seconds: each is resolved and
judged), in its host's start-page slots (not its article slots) and never demoted;
a listing's reading stops at ``page_budget`` (its
:class:`~pipeline.extract.deadline.Deadline`) and keeps the links found before, counted
``start_over_budget`` (exit 1). Feeds and sitemaps read no deadline: one still being read at
:func:`~pipeline.runs.workers.kill_timeout` is killed with its worker and keeps no link
(``start_over_budget`` too); in threads (an ``extract`` given, or spiders that cannot be
pickled) nothing is killed. Failed URLs whose next try is due are taken from the state
as well.

Each URL goes to its host's queue; a host has as many workers as it has connections (1–2),
and at most ``max_in_flight`` requests run over all hosts, so a slow or hanging host only
holds itself. A URL with a stored record is fetched conditionally (ETag / Last-Modified): a
304, or a body whose extracted text has the same hash, is ``unchanged`` and writes nothing.
Bytes that are not a web page (PDF, images served as ``text/html``) are skipped with the
reason; pages are extracted in forked worker processes while fetching goes on
(:class:`~pipeline.runs.workers.WorkerPool`: a page past ``page_budget`` stops itself, one
still running a grace later is killed with its worker, one that runs long loses CPU
priority), and the survivors are enriched there in batches.

Every URL discovered ends the run in exactly one outcome
(:data:`~pipeline.runs.bookkeeping.OUTCOMES`), counted in :attr:`CrawlResult.counts`.
Records go to a :class:`~pipeline.output.jsonl.PartWriter` per site; a part is renamed into
place and then committed in the state with the URLs it covers in one transaction, so a run
killed at any point loses nothing it committed and a rerun fetches the rest again: no loss,
no duplicate, no torn line. ``max_articles`` counts records
written.

Outcomes, manifest and exit code are the bookkeeping every run shares
(:mod:`pipeline.runs.bookkeeping`): 0 ok (also nothing new), 1 some pages failed or hosts were
parked or deferred, 3 nothing written although pages failed or were not articles.

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
import pickle
import signal
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import models
from pipeline.clock import utc_now
from pipeline.config import CrawlSettings, Settings
from pipeline.crawl.discover import (
    Entry,
    canonicalize,
    detect_kind,
    feed_entries,
    read_listing,
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
    OverBudgetError,
    RobotsDenied,
    WorkerError,
)
from pipeline.extract.deadline import Deadline
from pipeline.output.jsonl import PartWriter, write_stdout
from pipeline.runs.bookkeeping import (
    CRAWL_COUNTS,
    EXIT_FAILED,
    EXIT_NOTHING,
    EXIT_OK,
    OUTCOMES,
    STOPPED_BY_OUTPUT,
    RunClock,
    Tally,
    exit_code_for,
    write_run_manifest,
)
from pipeline.runs.workers import WorkerPool, can_fork, kill_timeout
from pipeline.spider import Spider

__all__ = [
    "EXIT_FAILED",
    "EXIT_NOTHING",
    "EXIT_OK",
    "OUTCOMES",
    "CrawlOptions",
    "CrawlResult",
    "Extractor",
    "LockHeld",
    "crawl",
    "run_crawl",
]

log = logging.getLogger(__name__)

#: Seconds before a URL skipped as "not an article" / "not a web page" is fetched again.
RECHECK_NOT_ARTICLE = 86400.0
RECHECK_TYPE = 7 * 86400.0
#: Survivors enriched in one call (``nlp.pipe`` batch); a text longer than
#: :data:`LONG_TEXT` characters is enriched alone, so it does not hold the short ones.
ENRICH_BATCH = 16
LONG_TEXT = 20_000
#: An enrichment call is stopped after ``ENRICH_SECONDS + ENRICH_SECONDS_PER_CHAR × chars``
#: (enrichment is linear in the text length: 1M characters take about 100 s on one core).
ENRICH_SECONDS = 60.0
ENRICH_SECONDS_PER_CHAR = 0.0005
#: A page still extracting after this long loses CPU priority, and so do the later pages of
#: its host (a news page takes tens of milliseconds).
HEAVY_SECONDS = 1.0

#: ``extract(content, url=, spider=, enrich=, content_type=, fetched_at=, settings=)``
Extractor = Callable[..., models.Article]
#: ``on_response(result, received_at)``: each response of the run, as fetched
ResponseHook = Callable[[FetchResult, datetime], Any]
#: ``progress(counts)``: the counts (and ``queued``) twice a second
ProgressHook = Callable[[dict[str, int]], Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class CrawlOptions:
    """Everything one crawl is told, settled before it starts: the settings and the flags.

    Build it with :meth:`build`, which resolves the flags against the settings.
    """

    settings: Settings
    out_dir: Path | None
    """The output root; None: JSONL on stdout and no manifest."""
    start_urls: tuple[str, ...] = ()
    """Feeds, sitemaps or listings that replace every spider's own start points."""
    max_articles: int | None = None
    """Records written in the whole run, at most."""
    since: datetime | None = None
    """Articles published before it are skipped."""
    state: Path | None = None
    """The SQLite state database; None: a fresh in-memory one (nothing remembered, no lock)."""
    enrich: bool = True
    workers_per_spider: int = 2
    """Connections per host, at most (with the settings' and the spider's own caps)."""
    extract_workers: int = 2
    """Workers extracting (and enriching) pages while fetching goes on: forked processes for
    the real extractor, threads for an ``extract`` given to :func:`crawl`. One host holds at
    most half of them (at least one), so a host of heavy pages cannot starve the others."""
    part_size: int = 100
    """Records per JSONL part."""
    keep_articles: bool = True
    """Keep the records in :attr:`CrawlResult.articles` (off for long runs)."""
    track_urls: bool = False
    """Fill :attr:`CrawlResult.outcomes` (URL → outcome)."""
    handle_signals: bool = True
    """Stop gracefully on SIGTERM/SIGINT (when running in the main thread)."""
    run_id: str | None = None
    """The run's id (default: a new one); a WARC archive of the run carries the same."""

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        out: Path | str | None = None,
        start_urls: Sequence[str] | None = None,
        max_articles: int | None = None,
        since: datetime | str | None = None,
        state: Path | str | None = None,
        enrich: bool = True,
        workers_per_spider: int = 2,
        extract_workers: int = 2,
        part_size: int = 100,
        keep_articles: bool = True,
        track_urls: bool = False,
        handle_signals: bool = True,
        run_id: str | None = None,
    ) -> CrawlOptions:
        """The options of a crawl from ``settings`` and the flags given.

        ``out``: None is ``settings.out_dir``, ``"-"`` stdout. ``max_articles`` None is
        ``settings.crawl.max_articles``. ``since`` is a datetime, ``"2d"`` or an ISO date
        (:class:`~pipeline.errors.ConfigError` otherwise).
        """
        root: Path | None
        if out is None:
            root = settings.out_dir
        elif str(out) == "-":
            root = None
        else:
            root = Path(out)
        return cls(
            settings=settings,
            out_dir=root,
            start_urls=tuple(start_urls or ()),
            max_articles=max_articles if max_articles is not None else settings.crawl.max_articles,
            since=parse_since(since) if isinstance(since, str) else since,
            state=Path(state) if state is not None else None,
            enrich=enrich,
            workers_per_spider=max(1, workers_per_spider),
            extract_workers=max(1, extract_workers),
            part_size=part_size,
            keep_articles=keep_articles,
            track_urls=track_urls,
            handle_signals=handle_signals,
            run_id=run_id,
        )


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
    #: The largest peak resident memory of the extraction worker processes, in bytes (0 when
    #: extraction ran in threads).
    worker_peak_rss: int = 0
    #: Worker processes killed at :func:`~pipeline.runs.workers.kill_timeout` of the page
    #: budget: work stuck where its own deadline could not stop it (0 in threads).
    workers_killed: int = 0


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
        options: CrawlOptions,
        *,
        fetcher: Fetcher,
        state: CrawlState,
        run_id: str,
        extract: Extractor,
        on_article: Callable[[models.Article], Any] | None,
        on_response: ResponseHook | None,
        processes: bool = False,
    ) -> None:
        self.settings = options.settings
        self.fetcher = fetcher
        self.state = state
        self.out_dir = options.out_dir  # None: stdout
        self.run_id = run_id
        self.extract = extract
        self.enrich = options.enrich
        self.on_article = on_article
        self.on_response = on_response
        self.max_articles = options.max_articles
        self.since = options.since
        self.keep_articles = options.keep_articles
        self.workers_per_host = options.workers_per_spider
        self.part_size = options.part_size
        self.tally = Tally(CRAWL_COUNTS, outcomes={} if options.track_urls else None)
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
        self.in_flight = asyncio.Semaphore(self.settings.crawl.max_in_flight)
        workers = options.extract_workers
        self.workers = workers
        #: the real extractor in worker processes: extract, decide, then enrich what is kept
        self.isolated = processes and can_fork()
        self.pool = WorkerPool(workers) if self.isolated else None
        # heavy work (a page still extracting after HEAVY_SECONDS, every page of a host that
        # had one, long texts' enrichment) runs at a lower CPU priority: on a busy machine
        # the light pages of the other hosts and the event loop that serves every host
        # come first
        self.heavy_hosts: set[str] = set()
        self.threads = None if self.pool else ThreadPoolExecutor(workers, thread_name_prefix="x")
        self.extract_slots = asyncio.Semaphore(workers * 2)
        # one host holds at most half the extraction slots and workers (at least one)
        self.host_slots: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(max(1, workers))
        )
        self.host_workers: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(max(1, workers // 2))
        )
        # a host's start pages have their own slots, not its article slots: its slow
        # extractions (up to the kill, each) do not hold back the reading of its next
        # sitemap or listing, and another host's slow listing does not either
        self.start_workers: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(max(1, workers // 2))
        )
        self.extract_seconds = 0.0
        self.enrich_seconds = 0.0
        self.stop_reason: str | None = None
        # survivors waiting for enrichment, batched (see _pump); at most a few batches
        # queued, so a slow enrichment holds back fetching instead of filling memory
        self.enrich_queue: deque[tuple[models.Article, asyncio.Future[Any]]] = deque()
        self.enrich_room = asyncio.Semaphore(ENRICH_BATCH * 2)
        self.enrich_running = 0
        self.enrich_batches = max(1, workers // 2)
        # records on their way to the writer (enrichment): counted against the limits, and
        # their canonical URLs taken, so a page decided while another is enriched is judged
        # as if that one were written
        self.reserved: Counter[str] = Counter()
        self.claimed: set[str] = set()
        self.peak_rss = 0
        self.killed = 0

    # -- bookkeeping --------------------------------------------------------------------------
    def request_stop(self, reason: str) -> None:
        if not self.stop.is_set():
            log.warning("stopping: %s; finishing the pages in flight", reason)
            self.stop_reason = reason
            self.stop.set()

    def _outcome(self, url: str, outcome: str) -> None:
        self.tally.outcome(outcome, url)

    def _error(self, exc: BaseException, what: str, level: int = logging.WARNING) -> None:
        self.tally.error(exc, what, level, log)

    def _spider_limit(self, spider: Spider) -> int | None:
        own = self.settings.spiders.get(spider.name)
        if own is not None and own.max_articles is not None:
            return min(own.max_articles, self.max_articles or own.max_articles)
        return self.max_articles

    def _limit_reached(self, spider: Spider) -> bool:
        total = self.tally.counts["written"] + sum(self.reserved.values())
        if self.max_articles is not None and total >= self.max_articles:
            return True
        limit = self._spider_limit(spider)
        mine = self.written_by_spider[spider.name] + self.reserved[spider.name]
        return limit is not None and mine >= limit

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
            self.on_response(result, datetime.now(UTC))
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
                self.tally.counts["start_failed"] += 1
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
                self.tally.counts["start_failed"] += 1
                self._error(exc, f"start page {url}")
                continue
            except RobotsDenied:
                log.info("start page %s: disallowed by robots.txt", url)
                continue
            except FetchError as exc:  # BlockedAddressError included: counted, logged
                self.tally.counts["start_failed"] += 1
                self._error(exc, f"start page {redact(url)}")
                continue
            self.tally.counts["start_pages"] += 1
            kind = detect_kind(result, spider)
            base = result.final_url
            if kind == "article":
                self._enqueue(spider, canonicalize(base), prefetched=result)
                continue
            # read in a worker, not on the event loop that serves every host: a start page
            # of many links takes seconds (each link is resolved and judged)
            budget = self.settings.page_budget
            read = functools.partial(
                _read_start, kind, result.content, base, spider, self.settings.crawl, budget
            )
            try:
                accepted, children, cut = await self._in_worker(
                    origin_of(base), read, what=f"reading the {kind}", start_page=True
                )
            except OverBudgetError as exc:  # its worker was killed: past the hard bound
                self._start_over_budget(kind, base, exc, None)
                continue
            except Exception as exc:  # a parser or spider crash on one page ends only that page
                self.tally.counts["start_failed"] += 1
                self._error(exc, f"reading {kind} {base}")
                continue
            if cut is not None:
                self._start_over_budget(kind, base, cut, len(accepted))
            if children:
                if depth < self.settings.crawl.max_sitemap_depth:
                    pending.extend((child, depth + 1) for child in children)
                else:
                    log.warning("%s: sitemap nesting deeper than %d", base, depth)
            log.info("%s: %s %s with %d article links", spider.name, kind, base, len(accepted))
            for article_url, date in accepted:
                self._enqueue(spider, article_url, date=date, since=since)

    def _start_over_budget(
        self, kind: str, url: str, exc: OverBudgetError, kept: int | None
    ) -> None:
        """A start page whose reading passed the page budget: counted, with its reason.
        ``kept``: the article links found before its deadline, None when its worker was
        killed (nothing of it is kept)."""
        self.tally.counts["start_over_budget"] += 1
        self.tally.errors[f"OverBudget:{exc.reason}"] += 1
        if kept is None:
            log.warning("%s %s: %s; its worker was killed, no links kept", kind, url, exc)
        else:
            budget = self.settings.page_budget
            log.warning(
                "%s %s: reading stopped at the page budget (%ss); %d article links found "
                "before are kept",
                kind,
                url,
                budget,
                kept,
            )

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
        self.tally.counts["discovered"] += 1
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
        self.tally.counts["fetched"] += 1
        if result.status == 304:
            self.tally.counts["not_modified"] += 1
            self._outcome(url, "unchanged")
            self.state.mark_unchanged(url, spider.name, **_validators(result))
            return False
        reason = sniff(result.content, result.content_type)
        if reason is not None:
            self._outcome(url, "skipped_type")
            self.tally.errors["NotAWebPage"] += 1
            self.state.mark_skipped(url, spider.name, reason, retry_after=RECHECK_TYPE)
            log.info("skipped %s: %s", url, reason)
            return False
        await self.host_slots[origin_of(url)].acquire()
        await self.extract_slots.acquire()
        self._spawn(self._finish(spider, url, result, known))
        return True

    async def _finish(
        self, spider: Spider, url: str, result: FetchResult, known: UrlState | None
    ) -> None:
        held = True

        def release() -> None:  # the extraction slots, once the page is extracted
            nonlocal held
            if held:
                held = False
                self.extract_slots.release()
                self.host_slots[origin_of(url)].release()

        try:
            await self._extract_and_write(spider, url, result, known, release)
        except Exception as exc:
            self._outcome(url, "failed")
            self._error(exc, f"article {url}", logging.ERROR)
            log.exception("unexpected error on %s", url)
        finally:
            release()
            self._done()

    async def _in_worker(
        self,
        origin: str,
        fn: Callable[..., Any],
        *args: Any,
        what: str = "extraction",
        start_page: bool = False,
    ) -> Any:
        """``fn(*args)`` in an extraction worker (one host holds at most half of them); in a
        worker process it is killed at :func:`~pipeline.runs.workers.kill_timeout` of the page
        budget, a grace after the page's own deadline stops it cleanly. A host one of whose
        pages took :data:`HEAVY_SECONDS` or more goes on in the heavy workers (lower CPU
        priority).

        ``start_page``: the reading of a feed, sitemap or listing. It takes one of its host's
        :attr:`start_workers` slots, not an article slot, and it is never
        demoted nor marks its host heavy: a demoted reading on a busy core would not reach
        its own deadline (the clean stop that keeps the links found before) and would be
        killed with none kept."""
        slots = (self.start_workers if start_page else self.host_workers)[origin]
        async with slots:
            if self.pool is not None:
                heavy = not start_page and origin in self.heavy_hosts
                started = time.monotonic()
                try:
                    return await self.pool.run(
                        fn,
                        *args,
                        timeout=kill_timeout(self.settings.page_budget),
                        what=what,
                        demote_after=None if start_page else 0.0 if heavy else HEAVY_SECONDS,
                    )
                finally:
                    took = time.monotonic() - started
                    if not start_page and not heavy and took >= HEAVY_SECONDS:
                        self.heavy_hosts.add(origin)
                        log.info("%s: pages heavy to extract: lower CPU priority", origin)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self.threads, functools.partial(fn, *args))

    async def _extract_and_write(
        self,
        spider: Spider,
        url: str,
        result: FetchResult,
        known: UrlState | None,
        release: Callable[[], None],
    ) -> None:
        started = time.monotonic()
        call = functools.partial(
            self.extract,
            result.content,
            url=result.final_url,
            spider=spider,
            enrich=self.enrich and not self.isolated,  # isolated: enriched once kept
            content_type=result.content_type,
            fetched_at=utc_now(),
            settings=self.settings,
        )
        try:
            article = await self._in_worker(origin_of(url), call)
        except OverBudgetError as exc:
            self._outcome(url, "over_budget")
            self.tally.errors[f"OverBudget:{exc.reason}"] += 1
            log.warning("%s: %s", url, exc)
            self.state.mark_skipped(url, spider.name, str(exc), retry_after=RECHECK_NOT_ARTICLE)
            return
        except (InputError, ExtractionError) as exc:
            self._outcome(url, "skipped_not_article")
            self._error(exc, f"not an article: {url}", logging.INFO)
            self.state.mark_skipped(url, spider.name, str(exc), retry_after=RECHECK_NOT_ARTICLE)
            return
        except WorkerError as exc:  # the worker died on this page: only this page fails
            self._outcome(url, "failed")
            self._error(exc, f"extracting {url}", logging.ERROR)
            self.state.mark_failed(url, spider.name, str(exc))
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
        # decide before enriching: only what will be written is enriched
        if is_older(article.published_at, self._since(spider)):
            self._outcome(url, "skipped_old")
            return
        canonical = article.canonical_url
        if canonical in self.written_canonical or canonical in self.claimed:
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
        if self.isolated and self.enrich:
            self.claimed.add(canonical)
            self.reserved[spider.name] += 1
            try:
                enriched = await self._enrich(spider, url, article, release)
            finally:
                self.claimed.discard(canonical)
                self.reserved[spider.name] -= 1
            if enriched is None:
                return
            article = enriched
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
                written = self.tally.counts["written"]
                log.info("%s: %d articles written, the limit", spider.name, written)

    # -- enrichment: the survivors, in batches ------------------------------------------------
    async def _enrich(
        self, spider: Spider, url: str, article: models.Article, release: Callable[[], None]
    ) -> models.Article | None:
        """``article`` enriched by the archive path's function
        (:func:`pipeline.api.enrich_articles`) in a batch with the other survivors waiting,
        in a worker; None, a ``failed`` outcome, if that fails. The page's extraction slots
        (``release``) are given up once it has a place in the queue: a slow enrichment holds
        back extraction and fetching, and memory stays bounded."""
        async with self.enrich_room:
            release()
            future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            self.enrich_queue.append((article, future))
            self._pump()
            try:
                enriched = await future
            except Exception as exc:
                self._outcome(url, "failed")
                self._error(exc, f"enriching {url}")
                self.state.mark_failed(url, spider.name, f"{type(exc).__name__}: {exc}")
                return None
        self.tally.counts["enriched"] += 1
        return cast(models.Article, enriched)

    def _pump(self) -> None:
        """Start enrichment batches while workers are free for them: every survivor
        waiting, up to :data:`ENRICH_BATCH`; a long text alone."""
        while self.enrich_queue and self.enrich_running < self.enrich_batches:
            batch = [self.enrich_queue.popleft()]
            if len(batch[0][0].text) <= LONG_TEXT:
                while (
                    self.enrich_queue
                    and len(batch) < ENRICH_BATCH
                    and len(self.enrich_queue[0][0].text) <= LONG_TEXT
                ):
                    batch.append(self.enrich_queue.popleft())
            self.enrich_running += 1
            self._spawn(self._run_batch(batch))

    async def _run_batch(self, batch: list[tuple[models.Article, asyncio.Future[Any]]]) -> None:
        """Enrich one batch; when the whole call fails (a worker died, the deadline passed)
        each record is enriched alone, so a bad record costs only itself."""
        started = time.monotonic()
        try:
            try:
                results = await self._enrich_call([a for a, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    results = [exc]
                else:
                    log.warning("enrichment of %d records failed (%s): one by one", len(batch), exc)
                    self.tally.counts["enrich_retried"] += len(batch)
                    results = []
                    for article, _ in batch:
                        try:
                            results += await self._enrich_call([article])
                        except Exception as one:
                            results.append(one)
            for (_, future), got in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(got, BaseException):
                    future.set_exception(got)
                else:
                    future.set_result(got)
        except BaseException as exc:  # cancelled, or a bug: no waiter is left hanging
            for _, future in batch:
                if not future.done():
                    future.set_exception(
                        exc if isinstance(exc, Exception) else WorkerError("enrichment stopped")
                    )
            raise
        finally:
            self.enrich_seconds += time.monotonic() - started
            self.enrich_running -= 1
            self._pump()

    async def _enrich_call(self, articles: list[models.Article]) -> list[Any]:
        """One call of :func:`_enrich_batch` in a worker, stopped at a deadline that grows
        with the text length."""
        assert self.pool is not None
        self.tally.counts["enrich_batches"] += 1
        chars = sum(len(a.text) for a in articles)
        demote = 0.0 if chars > LONG_TEXT else HEAVY_SECONDS * len(articles)
        timeout = ENRICH_SECONDS + ENRICH_SECONDS_PER_CHAR * chars
        call = functools.partial(_enrich_batch, articles, self.settings)
        result: list[Any] = await self.pool.run(
            call, timeout=timeout, what="enrichment", demote_after=demote
        )
        return result

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
            self.request_stop(STOPPED_BY_OUTPUT)
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
                self.tally.counts["written"] -= lost
                self.tally.counts["failed"] += lost
                self._error(exc, f"committing a part of {name}", logging.ERROR)
            parts.extend(writer.parts)
        return parts


def _enrich_batch(
    articles: list[models.Article], settings: Settings
) -> list[models.Article | Exception]:
    """``articles`` enriched in one ``nlp.pipe`` batch by :func:`pipeline.api.enrich_articles`
    (the archive path's function), in order; a record whose enrichment failed is its
    exception."""
    from pipeline.api import enrich_articles

    results: list[models.Article | Exception | None] = [None] * len(articles)
    where = {id(a): i for i, a in enumerate(articles)}

    def failed(article: models.Article, exc: Exception) -> None:
        results[where[id(article)]] = exc

    position = 0
    for enriched in enrich_articles(
        articles, settings=settings, batch_size=len(articles), on_error=failed
    ):
        while results[position] is not None:  # the failures before it, already recorded
            position += 1
        results[position] = enriched
        position += 1
    return [r if r is not None else RuntimeError("not enriched") for r in results]


def _read_start(
    kind: str, content: bytes, base: str, spider: Spider, crawl: CrawlSettings, budget: float
) -> tuple[list[Entry], list[str], OverBudgetError | None]:
    """A start page read (in a worker): the article URLs it gives with their dates (those
    ``spider.is_article_url`` accepts), a sitemap index's children, and why a listing's
    reading stopped early (its :class:`~pipeline.extract.deadline.Deadline` of ``budget``
    seconds passed; the links found before are kept) or None."""
    limits = {"max_links": crawl.max_links_per_page, "max_url_length": crawl.max_url_length}
    children: list[str] = []
    cut = None
    if kind == "feed":
        found = feed_entries(content, base, max_bytes=crawl.max_sitemap_bytes, **limits)
    elif kind == "sitemap":
        found, children = sitemap_entries(
            content, base, max_bytes=crawl.max_sitemap_bytes, **limits
        )
    else:
        deadline = Deadline(budget, url=base, what="reading the listing")
        listing = read_listing(content, base, spider, deadline=deadline, **limits)
        found, cut = [(u, None) for u in listing.urls], listing.cut
    return [(u, d) for u, d in found if spider.is_article_url(u)], children, cut


def _picklable(spiders: list[Spider], settings: Settings) -> bool:
    """Whether the spiders and settings can be sent to worker processes (a spider class
    defined inside a function cannot: such a run extracts in threads)."""
    try:
        pickle.dumps((spiders, settings))
    except (pickle.PicklingError, AttributeError, TypeError) as exc:
        log.debug("extracting in threads: %s", exc)
        return False
    return True


def _start_urls(run: _Run, spider: Spider) -> list[str]:
    """The spider's start points; a spider whose code raises gets none (and an error)."""
    try:
        return list(spider.start_urls())
    except Exception as exc:
        run.tally.counts["start_failed"] += 1
        run.tally.error(exc, f"spider {spider.name}: start points", logging.ERROR, log)
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
        progress({**run.tally.counts, "queued": run.pending})


async def crawl(
    spiders: list[Spider],
    options: CrawlOptions,
    *,
    extract: Extractor | None = None,
    on_article: Callable[[models.Article], Any] | None = None,
    progress: ProgressHook | None = None,
    on_response: ResponseHook | None = None,
) -> CrawlResult:
    """Crawl ``spiders`` politely and write their new or changed articles; what happened.

    ``options`` say where and how (:class:`CrawlOptions`); with a state database an
    overlapping run raises :class:`~pipeline.crawl.lock.LockHeld`. ``extract`` defaults to
    :func:`pipeline.api.extract_article`; ``on_article`` is called with each record once it
    is handed to the writer; ``progress`` with the counts twice a second; ``on_response``
    with every response (start pages and articles) and the time it came, e.g.
    :meth:`pipeline.output.warc.WarcArchiver.archive_fetch`.
    """
    # the real extractor runs in worker processes, when the spiders can travel there
    processes = extract is None and _picklable(spiders, options.settings)
    if extract is None:
        from pipeline.api import extract_article

        extract = extract_article
    clock = RunClock.start(options.run_id)
    lock = RunLock(Path(str(options.state) + ".lock")) if options.state is not None else None
    if lock is not None:
        lock.acquire()
    try:
        db = CrawlState(options.state)
        try:
            removed = db.recover()
            if removed:
                log.warning("removed %d uncommitted file(s) of killed runs", len(removed))
            db.start_run(clock.run_id, options.out_dir)
            names = ", ".join(s.name for s in spiders) or "no spiders"
            log.info("run %s: %s", clock.run_id, names)
            async with Fetcher(options.settings) as fetcher:
                run = _Run(
                    options,
                    fetcher=fetcher,
                    state=db,
                    run_id=clock.run_id,
                    extract=extract,
                    on_article=on_article,
                    on_response=on_response,
                    processes=processes,
                )
                parts = await _drive(run, spiders, options, progress)
            result = _result(run, fetcher, parts)
            db.finish_run(clock.run_id, result.exit_code)
        finally:
            db.close()
    finally:
        if lock is not None:
            lock.release()
    if progress is not None:
        progress({**result.counts, "queued": 0})
    if options.out_dir is not None:
        try:
            result.manifest = write_run_manifest(
                options.out_dir,
                clock,
                run.tally,
                spiders=[s.name for s in spiders],
                parts=parts,
                # "total" is wall-clock; these are the workers' busy seconds summed over
                # the workers, which run in parallel (so they can exceed "total")
                durations={
                    "extract_summed": run.extract_seconds,
                    "enrich_summed": run.enrich_seconds,
                },
            )
        except OutputError as exc:
            log.error("%s", exc)
    log.info("run %s done (exit %d): %s", clock.run_id, result.exit_code, run.tally.summary())
    return result


async def _drive(
    run: _Run, spiders: list[Spider], options: CrawlOptions, progress: ProgressHook | None
) -> list[Path]:
    """Run every spider to the end (or to a stop signal); the parts written."""
    installed = _install_signal_handlers(run) if options.handle_signals else []
    ticker = asyncio.create_task(_report_progress(run, progress)) if progress else None
    try:
        start = list(options.start_urls)
        await run.run_spiders({s: start or _start_urls(run, s) for s in spiders})
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
        if run.pool is not None:
            run.peak_rss = run.pool.peak_rss
            run.killed = run.pool.killed
            run.pool.close()
        if run.threads is not None:
            run.threads.shutdown(wait=True)
        parts = run.flush()
    return parts


def _result(run: _Run, fetcher: Fetcher, parts: list[Path]) -> CrawlResult:
    run.tally.counts["hosts_parked"] = len(fetcher.parked)
    run.tally.counts["hosts_blocked"] = len(fetcher.blocked)
    return CrawlResult(
        run_id=run.run_id,
        articles=run.articles,
        counts=dict(run.tally.counts),
        errors=dict(sorted(run.tally.errors.items())),
        parts=parts,
        exit_code=exit_code_for(run.tally.counts, run.stop_reason),
        interrupted=run.stop.is_set(),
        outcomes=run.tally.outcomes,
        parked=dict(fetcher.parked),
        worker_peak_rss=run.peak_rss,
        workers_killed=run.killed,
    )


def run_crawl(
    spiders: list[Spider],
    options: CrawlOptions,
    *,
    extract: Extractor | None = None,
    on_article: Callable[[models.Article], Any] | None = None,
    progress: ProgressHook | None = None,
    on_response: ResponseHook | None = None,
) -> CrawlResult:
    """Synchronous :func:`crawl` (``asyncio.run``); same arguments."""
    return asyncio.run(
        crawl(
            spiders,
            options,
            extract=extract,
            on_article=on_article,
            progress=progress,
            on_response=on_response,
        )
    )
