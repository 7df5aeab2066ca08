"""The bookkeeping every run shares: outcomes, counts, errors, the manifest, the exit code.

A crawl (:mod:`pipeline.runs.crawl`), an archive run (:mod:`pipeline.runs.archive`) and a
cluster run (:mod:`pipeline.runs.cluster`) keep their counts in a :class:`Tally`, end every
page in one of the same :data:`OUTCOMES`, write the same manifest
(``<out>/_runs/<run>.json``, :class:`models.RunManifest`) and take their exit code from one
policy (:func:`exit_code_for`), so the same pages give the same counts and the same exit
code whichever way they were read.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import models
from pipeline.clock import utc_now
from pipeline.output.jsonl import write_manifest

__all__ = [
    "ARCHIVE_COUNTS",
    "CRAWL_COUNTS",
    "EXIT_DAMAGED",
    "EXIT_FAILED",
    "EXIT_LOCKED",
    "EXIT_NOTHING",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_STOPPED",
    "EXIT_USAGE",
    "OUTCOMES",
    "STOPPED_BY_OUTPUT",
    "RunClock",
    "Tally",
    "exit_code_for",
    "manifest_path",
    "new_run_id",
    "write_run_manifest",
]

log = logging.getLogger(__name__)

#: Process exit codes (design.md, README "Exit codes").
EXIT_OK = 0  # ok, also "nothing new"
EXIT_FAILED = 1  # some pages failed (or hosts were parked, files could not be read)
EXIT_USAGE = 2  # usage or configuration error
EXIT_NOTHING = 3  # nothing written although pages were tried
EXIT_STOPPED = 4  # stopped by SIGTERM/SIGINT before the end (what was done is committed)
EXIT_DAMAGED = 65  # an input archive was damaged: corrupt or truncated records (EX_DATAERR)
EXIT_OUTPUT = 74  # the output failed: closed pipe, full disk, unwritable --out (EX_IOERR)
EXIT_LOCKED = 75  # another run holds the lock (EX_TEMPFAIL)
#: Why a run stopped early when its output could not be written (see :func:`exit_code_for`).
STOPPED_BY_OUTPUT = "output cannot be written"

#: The one terminal outcome of every article page a run meets.
OUTCOMES = (
    "written",  # a record is in a committed part (or on stdout)
    "unchanged",  # 304, or the same text as the record already written
    "duplicate",  # its canonical URL was written earlier in this run (or this archive file)
    "over_budget",  # nested too deep, too many elements or too slow to extract (the reason
    # is counted in errors as OverBudget:depth|nodes|time)
    "skipped_robots",  # robots.txt disallows it
    "skipped_not_article",  # not an article: the URL pattern or the extractor says so
    "skipped_type",  # not a web page (PDF, image, ...) whatever the Content-Type says
    "skipped_old",  # published (or archived) before --since
    "skipped_limit",  # --max-articles (or crawl.max_pages_per_host) reached
    "skipped_blocked",  # the address guard refuses its host (private, loopback, metadata ...)
    "waiting",  # failed in an earlier run; its next try is not due yet
    "deferred",  # its host was parked or its robots.txt unavailable: next run
    "failed",  # fetch or extraction error after retries; retried in a later run
    "stopped",  # SIGTERM/SIGINT came first: next run
)
#: The counts of a crawl, always all present: start pages, discovery, then the outcomes.
CRAWL_COUNTS = (
    "start_pages",
    "start_failed",
    "start_over_budget",  # start pages whose reading passed the page budget (a listing
    # keeps the links found before; errors: OverBudget:time)
    "discovered",
    "fetched",
    "not_modified",
    "enriched",  # records enriched: only the new or changed ones, after deciding
    "enrich_batches",  # enrichment calls (each a batch of the survivors waiting)
    "enrich_retried",  # records enriched again one by one after their batch failed
    *OUTCOMES,
    "hosts_parked",
    "hosts_blocked",
)
#: The counts of an archive run, always all present: files and records, then the outcomes
#: (a response that is not HTTP 200, or filtered out by --site/--domain, has no outcome).
ARCHIVE_COUNTS = (
    "files",
    "files_failed",
    "records",
    "responses",
    "corrupt",
    "truncated",
    "too_large",
    "skipped_status",
    "skipped_filter",
    *OUTCOMES,
)
#: Counts that make a run exit 1 (and 3 when nothing was written).
_FAILURES = (
    "failed",
    "deferred",
    "start_failed",
    "start_over_budget",
    "files_failed",
    "over_budget",
)
#: Counts of pages or records that were tried and gave no record.
_TRIED = ("skipped_not_article", "skipped_type", "corrupt", "truncated")


def exit_code_for(counts: Mapping[str, int], stopped: str | None = None) -> int:
    """The exit code of a run from its counts: 74 when it stopped because its output failed
    and 4 when it stopped for another reason (``stopped``, a signal); 65 when an archive had
    corrupt or truncated records; 3 when nothing was written or found unchanged although
    pages were tried (failed, deferred, not articles, not web pages); else 1 when some
    failed, were over budget or deferred; else 0 (also "nothing new")."""
    if stopped is not None:
        return EXIT_OUTPUT if stopped == STOPPED_BY_OUTPUT else EXIT_STOPPED
    if counts.get("corrupt", 0) or counts.get("truncated", 0):
        return EXIT_DAMAGED
    failures = sum(counts.get(key, 0) for key in _FAILURES)
    tried = failures + sum(counts.get(key, 0) for key in _TRIED)
    if counts.get("written", 0) == 0 and counts.get("unchanged", 0) == 0 and tried > 0:
        return EXIT_NOTHING
    return EXIT_FAILED if failures else EXIT_OK


def new_run_id() -> str:
    """A sortable, unique run id: ``20261125T171724Z-3fa9c2``."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@dataclass(frozen=True, slots=True)
class RunClock:
    """The id and start of a run (wall clock for the manifest, monotonic for durations)."""

    run_id: str
    started_at: str
    started: float

    @classmethod
    def start(cls, run_id: str | None = None) -> RunClock:
        """A run starting now (a new id unless one is given)."""
        return cls(run_id or new_run_id(), utc_now(), time.monotonic())

    def seconds(self) -> float:
        """Seconds since the start, to the millisecond."""
        return round(time.monotonic() - self.started, 3)


@dataclass
class Tally:
    """Counts (every key of ``keys`` always present), errors by class and, when asked, the
    outcome of every URL of one run (or of one file of a run)."""

    keys: Sequence[str]
    counts: Counter[str] = field(init=False)
    errors: Counter[str] = field(init=False, default_factory=Counter)
    outcomes: dict[str, str] | None = None
    """URL → outcome, when tracked (``Tally(keys, outcomes={})``)."""

    def __post_init__(self) -> None:
        self.counts = Counter({key: 0 for key in self.keys})

    def outcome(self, name: str, url: str | None = None) -> None:
        """Count ``name`` (one of :data:`OUTCOMES`) for ``url``; a second outcome for one URL
        is a bug, logged and counted as ``double_outcome``."""
        self.counts[name] += 1
        if self.outcomes is not None and url is not None:
            if url in self.outcomes:
                log.error("%s had outcome %s, now %s", url, self.outcomes[url], name)
                self.counts["double_outcome"] += 1
            self.outcomes[url] = name

    def error(
        self,
        exc: BaseException | str,
        what: str | None = None,
        level: int = logging.WARNING,
        logger: logging.Logger = log,
    ) -> None:
        """Count an error by its class name (or ``exc`` itself when a string) and log it."""
        name = exc if isinstance(exc, str) else type(exc).__name__
        self.errors[name] += 1
        if what is not None:
            logger.log(level, "%s: %s: %s", what, name, exc)

    def add(self, counts: Mapping[str, int], errors: Mapping[str, int] = {}) -> None:
        """Add another tally's counts and errors (a file's, to the run's)."""
        self.counts.update(counts)
        self.errors.update(errors)

    def exit_code(self) -> int:
        """:func:`exit_code_for` these counts."""
        return exit_code_for(self.counts)

    def summary(self) -> str:
        """The counts that are not zero, for a log line."""
        return ", ".join(f"{k} {v}" for k, v in self.counts.items() if v) or "nothing to do"


def manifest_path(out_dir: Path, run_id: str) -> Path:
    """Where the manifest of run ``run_id`` goes: ``<out>/_runs/<run>.json``."""
    return out_dir / "_runs" / f"{run_id}.json"


def write_run_manifest(
    out_dir: Path,
    clock: RunClock,
    tally: Tally,
    *,
    spiders: Iterable[str],
    parts: Iterable[Path | str],
    durations: Mapping[str, float] | None = None,
) -> Path:
    """Write the manifest of a finished run; its path. ``durations`` come after ``total``.

    Raises :class:`~pipeline.errors.OutputError` when it cannot be written."""
    extra = durations or {}
    manifest = models.RunManifest(
        run_id=clock.run_id,
        started_at=clock.started_at,
        finished_at=utc_now(),
        spiders=list(spiders),
        exit_code=tally.exit_code(),
        counts=dict(tally.counts),
        errors=dict(sorted(tally.errors.items())),
        parts=[str(p) for p in parts],
        durations={"total": clock.seconds(), **{k: round(v, 3) for k, v in extra.items()}},
    )
    return write_manifest(manifest_path(out_dir, clock.run_id), manifest)
