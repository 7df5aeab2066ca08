"""Archive extraction: WARC files in, the same JSONL records as a crawl out.

One WARC file is one unit of work (:func:`extract_warc`), the same function whether the files
are processed one after the other in this process (:func:`run_archives`) or as Dask tasks on
a cluster (:mod:`pipeline.runs.cluster`). For each file:

1. stream its response records (:func:`pipeline.output.warc.iter_responses`; corrupt or
   truncated records are counted and skipped);
2. keep HTTP 200 HTML responses (``text/html``, ``application/xhtml+xml``, or no type and
   bytes that look like HTML); a record fetched before ``since`` is skipped without parsing
   (an article cannot be published after it was fetched);
3. route the URL to its site spider, else the generic one (or the spider named), apply the
   ``sites`` / ``domains`` filters and the spider's article-URL pattern;
4. extract without enrichment (in a worker process, killed and replaced when a page passes
   the page budget: ``over_budget``, reason ``time``), skip articles published before
   ``since`` and URLs whose canonical URL this file already gave, then enrich in bounded
   batches through
   ``nlp.pipe`` (:func:`pipeline.api.enrich_articles`): memory stays flat;
5. write per-site parts ``<out>/<site>/part-<run>-<file key>-<seq>.jsonl``. The file key
   is derived from the file's absolute path, and the output of a file is deterministic
   (``fetched_at`` is the record's ``WARC-Date``), so a task run twice — a worker killed
   mid-task and the task retried — overwrites its own parts instead of duplicating them.

``max_articles`` caps the records written; :func:`run_archives` writes one manifest for the
whole run under ``<out>/_runs/<run>.json``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import models
from pipeline.config import Settings, load_settings
from pipeline.crawl.filters import is_older, sniff
from pipeline.errors import (
    ConfigError,
    ExtractionError,
    InputError,
    NewsmillError,
    OverBudgetError,
)
from pipeline.output.jsonl import PartWriter, atomic_write_bytes, safe_name, write_stdout
from pipeline.output.warc import WarcResponse, iter_responses
from pipeline.runs.bookkeeping import ARCHIVE_COUNTS, RunClock, Tally, write_run_manifest
from pipeline.runs.workers import Bounded, kill_timeout
from pipeline.spider import Spider, get_spider, spider_for_url

__all__ = [
    "ArchiveOptions",
    "ArchiveRun",
    "FileResult",
    "extract_warc",
    "file_key",
    "finish_run",
    "iter_warc_articles",
    "run_archives",
    "stream_archives",
]

log = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class ArchiveOptions:
    """What to take from the archives and how (picklable: it travels to Dask workers)."""

    spider: str | None = None
    """Use this spider for every page instead of routing by URL."""
    sites: tuple[str, ...] = ()
    """Keep only pages whose spider has one of these names."""
    domains: tuple[str, ...] = ()
    """Keep only pages on these hosts (or their subdomains)."""
    since: datetime | None = None
    max_articles: int | None = None
    enrich: bool = True
    batch_size: int = 32
    n_process: int = 1
    part_size: int = 100
    config: Path | None = None
    """The TOML settings file (re-read where the task runs)."""


@dataclass
class FileResult:
    """What :func:`extract_warc` did with one file (picklable)."""

    path: str
    key: str
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)
    #: URLs written, in archive order (to cut a run to ``max_articles`` exactly).
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""


@dataclass
class ArchiveRun:
    """A finished archive run: totals, parts, manifest and the process exit code."""

    run_id: str
    counts: dict[str, int]
    errors: dict[str, int]
    parts: list[Path]
    files: list[FileResult]
    manifest: Path | None
    exit_code: int


def file_key(path: str | Path) -> str:
    """A short, stable key of a WARC file: its name stem and a hash of its absolute path."""
    absolute = str(Path(path).resolve())
    stem = Path(path).name.split(".")[0][:40]
    return f"{safe_name(stem)}-{hashlib.sha256(absolute.encode()).hexdigest()[:8]}"


def _is_html(response: WarcResponse) -> bool:
    media = response.media_type
    if media:
        return media in _HTML_TYPES
    return sniff(response.body, None) is None and response.body.lstrip()[:1] == b"<"


def _host_in(url: str, domains: Sequence[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


class _Router:
    """URL → spider (one instance per spider class, reused)."""

    def __init__(self, forced: str | None) -> None:
        self.forced = get_spider(forced) if forced else None
        self.cache: dict[str, Spider] = {}

    def __call__(self, url: str) -> Spider:
        if self.forced is not None:
            return self.forced
        spider = spider_for_url(url)
        return self.cache.setdefault(spider.name, spider)


def iter_warc_articles(
    path: str | Path,
    options: ArchiveOptions,
    tally: Tally,
    *,
    settings: Settings | None = None,
    limit: int | None = None,
) -> Iterator[models.Article]:
    """The article records of one WARC file, in archive order, enriched unless told not to.

    Streams: records are read, extracted and enriched in bounded batches. ``tally`` counts
    the records as they go by; ``limit`` stops after that many articles.
    """
    counts, errors = tally.counts, tally.errors
    settings = settings or load_settings(options.config)
    route = _Router(options.spider)
    domains = tuple(d.lower().lstrip(".") for d in options.domains)
    since = options.since
    seen: set[str] = set()
    raw_stats: Counter[str] = Counter()

    def extracted() -> Iterator[models.Article]:
        # a page stops itself at its budget; one stuck mid-stage is killed a grace later
        with Bounded(kill_timeout(settings.page_budget)) as bounded:
            yield from extract_each(bounded)

    def extract_each(bounded: Bounded) -> Iterator[models.Article]:
        from pipeline.api import extract_article

        taken = 0
        for response in iter_responses(path, raw_stats):
            if response.status != 200:
                counts["skipped_status"] += 1
                continue
            if not _is_html(response):
                counts["skipped_type"] += 1
                continue
            spider = route(response.url)
            if (options.sites and spider.name not in options.sites) or (
                domains and not _host_in(response.url, domains)
            ):
                counts["skipped_filter"] += 1
                continue
            if not spider.is_article_url(response.url):
                counts["skipped_not_article"] += 1
                continue
            if since is not None and is_older(response.date, since):
                counts["skipped_old"] += 1  # fetched before `since`: published before it
                continue
            if limit is not None and taken >= limit:
                counts["skipped_limit"] += 1
                continue
            try:
                article = bounded(
                    extract_article,
                    response.body,
                    response.url,
                    spider=spider,
                    enrich=False,
                    content_type=response.content_type,
                    fetched_at=response.date,
                    settings=settings,
                )
            except OverBudgetError as exc:
                counts["over_budget"] += 1
                errors[f"OverBudget:{exc.reason}"] += 1
                log.warning("%s: %s", response.url, exc)
                continue
            except (InputError, ExtractionError) as exc:
                counts["skipped_not_article"] += 1
                log.debug("not an article: %s: %s", response.url, exc)
                continue
            except NewsmillError as exc:
                counts["failed"] += 1
                errors[type(exc).__name__] += 1
                log.warning("%s: %s", response.url, exc)
                continue
            except Exception as exc:  # one odd page must not end an archive
                counts["failed"] += 1
                errors[type(exc).__name__] += 1
                log.error("%s: %s: %s", response.url, type(exc).__name__, _one_line(exc))
                continue
            if is_older(article.published_at, since):
                counts["skipped_old"] += 1
                continue
            if article.canonical_url in seen:
                counts["duplicate"] += 1
                continue
            seen.add(article.canonical_url)
            taken += 1
            yield article

    stream = extracted()
    if options.enrich:
        from pipeline.api import enrich_articles

        def enrich_failed(article: models.Article, exc: Exception) -> None:
            counts["failed"] += 1  # this record only: the others go on
            errors[type(exc).__name__] += 1
            log.warning("%s: enrichment failed: %s", article.url, _one_line(exc))

        stream = enrich_articles(
            stream,
            settings=settings,
            batch_size=options.batch_size,
            n_process=options.n_process,
            on_error=enrich_failed,
        )
    try:
        yield from stream
    finally:
        for key in ("records", "responses", "corrupt", "truncated", "too_large"):
            counts[key] += raw_stats[key]


def _one_line(exc: BaseException) -> str:
    """An error as one short line (spaCy's messages run over several)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def extract_warc(
    path: str | Path,
    out_dir: str | Path,
    run_id: str,
    options: ArchiveOptions,
    *,
    limit: int | None = None,
    on_part: Callable[[Path], Any] | None = None,
) -> FileResult:
    """Extract one WARC file into parts under ``out_dir``; idempotent (see the module doc).

    ``limit`` caps the records of this file (default ``options.max_articles``); ``on_part``
    is called with each part once it is committed.
    """
    started = time.monotonic()
    key = file_key(path)
    tally = Tally(ARCHIVE_COUNTS)
    writers: dict[str, PartWriter] = {}
    written: list[str] = []
    cap = options.max_articles if limit is None else limit
    for article in iter_warc_articles(path, options, tally, limit=cap):
        writer = writers.get(article.site)
        if writer is None:
            writer = writers[article.site] = PartWriter(
                out_dir,
                article.site,
                f"{run_id}-{key}",
                part_size=options.part_size,
                on_commit=(lambda part, _metas: on_part(part)) if on_part else None,
            )
        writer.add(article)
        written.append(article.url)
        tally.outcome("written")
    parts: list[str] = []
    for name in sorted(writers):
        writers[name].close()
        parts += [str(p) for p in writers[name].parts]
    return FileResult(
        path=str(path),
        key=key,
        counts=dict(tally.counts),
        errors=dict(tally.errors),
        parts=parts,
        written=written,
        seconds=time.monotonic() - started,
        worker=f"{os.uname().nodename}:{os.getpid()}",
    )


def _cut_to_limit(results: list[FileResult], limit: int) -> None:
    """Keep the first ``limit`` records in input order (files extracted with a cap each)."""
    total = 0
    for result in results:
        room = max(0, limit - total)
        have = len(result.written)
        if have <= room:
            total += have
            continue
        keep = set(result.written[:room])
        kept_parts: list[str] = []
        for part in result.parts:
            path = Path(part)
            lines = path.read_text(encoding="utf-8").splitlines()
            kept = [ln for ln in lines if json.loads(ln)["url"] in keep]
            if kept:
                atomic_write_bytes(path, "".join(ln + "\n" for ln in kept).encode("utf-8"))
                kept_parts.append(part)
            else:
                path.unlink()
        result.parts = kept_parts
        result.written = result.written[:room]
        result.counts["written"] = room
        result.counts["skipped_limit"] = result.counts.get("skipped_limit", 0) + have - room
        total += room


def finish_run(
    clock: RunClock,
    out_dir: Path,
    results: list[FileResult],
    *,
    max_articles: int | None,
    failed_files: dict[str, str] | None = None,
    engine: str = "local",
) -> ArchiveRun:
    """Cut to ``max_articles``, remove stray temp files, write the one manifest of the run."""
    if max_articles is not None:
        _cut_to_limit(results, max_articles)
    for tmp in out_dir.glob(f"*/.part-{safe_name(clock.run_id)}-*.tmp"):
        with contextlib.suppress(OSError):  # left by a worker killed mid-write
            tmp.unlink()
    tally = Tally(ARCHIVE_COUNTS)
    for result in results:
        tally.add(result.counts, result.errors)
    tally.counts["files"] = len(results)
    tally.counts["files_failed"] = len(failed_files or {})
    for name, reason in (failed_files or {}).items():
        tally.error("FileFailed")
        log.error("%s: %s", name, reason)
    parts = [Path(p) for r in results for p in r.parts]
    path = write_run_manifest(
        out_dir,
        clock,
        tally,
        spiders=sorted({p.parent.name for p in parts}),
        parts=parts,
        durations={"files": sum(r.seconds for r in results)},
    )
    log.info("run %s (%s): %s", clock.run_id, engine, tally.summary())
    return ArchiveRun(
        clock.run_id,
        dict(tally.counts),
        dict(tally.errors),
        parts,
        results,
        path,
        tally.exit_code(),
    )


def check_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The WARC files to read, each checked to exist; :class:`ConfigError` otherwise."""
    if not paths:
        raise ConfigError("give at least one WARC file")
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if not path.is_file():
            raise ConfigError(f"no such WARC file: {path}")
        found.append(path)
    return found


def run_archives(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    options: ArchiveOptions,
    *,
    run_id: str | None = None,
    progress: Callable[[dict[str, int]], Any] | None = None,
) -> ArchiveRun:
    """Extract WARC files one after the other in this process; one run, one manifest.

    ``progress`` is called after each file with ``done``, ``total``, ``written``, ``failed``.
    """
    files = check_paths(paths)
    clock = RunClock.start(run_id)
    root = Path(out_dir)
    results: list[FileResult] = []
    failed: dict[str, str] = {}
    remaining = options.max_articles
    for path in files:
        if remaining is not None and remaining <= 0:
            results.append(FileResult(path=str(path), key=file_key(path)))
            continue
        try:
            result = extract_warc(path, root, clock.run_id, options, limit=remaining)
        except InputError as exc:
            failed[str(path)] = str(exc)
            continue
        results.append(result)
        if remaining is not None:
            remaining -= result.counts["written"]
        if progress is not None:
            written = sum(r.counts["written"] for r in results)
            bad = sum(r.counts["failed"] for r in results) + len(failed)
            progress({"done": len(results), "total": len(files), "written": written, "failed": bad})
    return finish_run(clock, root, results, max_articles=None, failed_files=failed)


def stream_archives(
    paths: Sequence[str | Path],
    options: ArchiveOptions,
    settings: Settings | None = None,
    progress: Callable[[dict[str, int]], Any] | None = None,
) -> int:
    """Write the records of WARC files to stdout as JSONL, in archive order (one process, no
    parts, no manifest); the exit code. A file that cannot be read counts in ``files_failed``.
    """
    tally = Tally(ARCHIVE_COUNTS)
    remaining = options.max_articles
    for path in check_paths(paths):
        if remaining is not None and remaining <= 0:
            break
        tally.counts["files"] += 1
        try:
            before = tally.counts["written"]
            for article in iter_warc_articles(
                path, options, tally, settings=settings, limit=remaining
            ):
                write_stdout([article])
                tally.outcome("written")
            if remaining is not None:
                remaining -= tally.counts["written"] - before
        except InputError as exc:
            log.error("%s", exc)
            tally.counts["files_failed"] += 1
        if progress is not None:
            c = tally.counts
            progress(
                {
                    "done": c["files"],
                    "total": len(paths),
                    "written": c["written"],
                    "failed": c["failed"] + c["files_failed"],
                }
            )
    log.info("%s", tally.summary())
    sys.stdout.flush()
    return tally.exit_code()
