"""Incremental crawl state in SQLite (WAL): what was seen, written, and when to try again.

One row per canonical URL (``urls``): the site, the last outcome, the ETag / Last-Modified
of the last good response (for conditional GET), the content hash and canonical URL of the
last record written, failed attempts and the time before which the URL is not tried again.
``parts`` lists every committed JSONL part; ``runs`` every run that used the database and
where it wrote.

Durability contract (design.md): a part is written temp → fsync → rename *first*, then
:meth:`CrawlState.commit_part` records the part and marks the URLs it covers ``done`` in one
transaction (``synchronous=FULL``). A run killed between the two leaves a part file the
database does not know: :meth:`CrawlState.recover` deletes such orphans (and temp files) of
earlier runs before a new run starts, and their URLs are fetched again. So the parts on disk
are always exactly the committed ones, each URL in at most one of them.

Only the event-loop thread uses the connection; other updates (failures, 304s) are batched
and committed with the next part or every :attr:`CrawlState.batch` updates.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError

__all__ = ["CrawlState", "Done", "UrlState", "retry_delay"]

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT NOT NULL,            -- done, unchanged, failed, skipped
    etag TEXT,
    last_modified TEXT,
    content_sha256 TEXT,
    canonical_url TEXT,
    part TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_canonical ON urls (canonical_url);
CREATE INDEX IF NOT EXISTS urls_retry ON urls (site, status, next_try);
CREATE TABLE IF NOT EXISTS parts (
    path TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    site TEXT NOT NULL,
    records INTEGER NOT NULL,
    committed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    out_dir TEXT,
    started_at REAL NOT NULL,
    finished_at REAL,
    exit_code INTEGER
);
"""

#: First wait before a failed URL is tried again in a later run; doubled per attempt.
RETRY_BASE = 600.0
#: Longest wait between two tries of a failed URL.
RETRY_MAX = 7 * 86400.0


def retry_delay(attempts: int) -> float:
    """Seconds until a URL that failed ``attempts`` times in a row is tried again."""
    return min(RETRY_MAX, RETRY_BASE * 2 ** max(0, attempts - 1))


@dataclass(frozen=True, slots=True)
class UrlState:
    """What the state database knows about one URL."""

    url: str
    status: str
    etag: str | None
    last_modified: str | None
    content_sha256: str | None
    attempts: int
    next_try: float

    def conditional_headers(self) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for a URL whose record is on disk."""
        if self.content_sha256 is None:
            return {}
        headers: dict[str, str] = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class Done:
    """One URL covered by a part: what to remember about it."""

    url: str
    site: str
    content_sha256: str
    canonical_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class CrawlState:
    """The state database of one crawl; ``path=None`` keeps it in memory (one run only)."""

    def __init__(self, path: Path | str | None, *, batch: int = 500) -> None:
        self.path = None if path is None else Path(path)
        self.batch = batch
        self._pending: list[tuple[str, tuple[object, ...]]] = []
        target = ":memory:"
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create {self.path.parent}: {exc.strerror}") from None
            target = str(self.path)
        try:
            self._db = sqlite3.connect(target, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise OutputError(f"cannot open state database {target}: {exc}") from None

    # -- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        """Commit pending updates and close the database."""
        with contextlib.suppress(sqlite3.Error):
            self.flush()
        self._db.close()

    def __enter__(self) -> CrawlState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise OutputError(f"state database: {exc}") from None

    def start_run(self, run_id: str, out_dir: Path | None) -> None:
        """Record that ``run_id`` starts writing under ``out_dir`` (before any part exists)."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO runs (run_id, out_dir, started_at) VALUES (?, ?, ?)",
                (run_id, None if out_dir is None else str(out_dir.resolve()), time.time()),
            )

    def finish_run(self, run_id: str, exit_code: int) -> None:
        """Commit pending updates and mark ``run_id`` finished."""
        self.flush()
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, exit_code = ? WHERE run_id = ?",
                (time.time(), exit_code, run_id),
            )

    def recover(self) -> list[Path]:
        """Delete parts and temp files of unfinished earlier runs that were never committed.

        Returns the files removed. Runs that finished, or whose folder is gone, are skipped;
        a recovered run is marked finished (exit code NULL) so it is not looked at again.
        """
        removed: list[Path] = []
        rows = self._db.execute(
            "SELECT run_id, out_dir FROM runs WHERE finished_at IS NULL AND out_dir IS NOT NULL"
        ).fetchall()
        for run_id, out_dir in rows:
            root = Path(out_dir)
            committed = {
                p for (p,) in self._db.execute("SELECT path FROM parts WHERE run_id = ?", (run_id,))
            }
            if root.is_dir():
                candidates = [
                    *root.glob(f"*/part-{run_id}-*.jsonl"),
                    *root.glob(f"*/.part-{run_id}-*.tmp"),
                ]
                for path in candidates:
                    if str(path.resolve()) in committed:
                        continue
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
                        log.warning(
                            "removed %s: written by killed run %s, never committed", path, run_id
                        )
            with self._transaction() as db:
                db.execute(
                    "UPDATE runs SET finished_at = ? WHERE run_id = ?", (time.time(), run_id)
                )
        return removed

    # -- reading ----------------------------------------------------------------------------
    def get(self, url: str) -> UrlState | None:
        """The state of ``url``, or None for a URL never seen."""
        row = self._db.execute(
            "SELECT url, status, etag, last_modified, content_sha256, attempts, next_try "
            "FROM urls WHERE url = ?",
            (url,),
        ).fetchone()
        return None if row is None else UrlState(*row)

    def written_hash(self, canonical_url: str) -> str | None:
        """Content hash of the record last written for ``canonical_url`` (any fetched URL)."""
        row = self._db.execute(
            "SELECT content_sha256 FROM urls WHERE canonical_url = ? AND content_sha256 "
            "IS NOT NULL ORDER BY updated_at DESC LIMIT 1",
            (canonical_url,),
        ).fetchone()
        return None if row is None else row[0]

    def due_retries(self, site: str, now: float | None = None, limit: int = 10_000) -> list[str]:
        """Failed URLs of ``site`` whose next try is due (retried even if no longer listed)."""
        rows = self._db.execute(
            "SELECT url FROM urls WHERE site = ? AND status = 'failed' AND next_try <= ? "
            "ORDER BY next_try LIMIT ?",
            (site, time.time() if now is None else now, limit),
        )
        return [url for (url,) in rows]

    def parts(self) -> list[Path]:
        """Every committed part, in commit order."""
        rows = self._db.execute("SELECT path FROM parts ORDER BY committed_at, path")
        return [Path(p) for (p,) in rows]

    def counts(self) -> dict[str, int]:
        """Number of URLs per status."""
        rows = self._db.execute("SELECT status, COUNT(*) FROM urls GROUP BY status")
        return dict(rows.fetchall())

    # -- writing ----------------------------------------------------------------------------
    def commit_part(
        self, path: Path | None, run_id: str, site: str, covered: Iterable[Done]
    ) -> None:
        """Record the renamed part ``path`` and mark the URLs it holds done, atomically
        (``path=None``: records written to stdout)."""
        now = time.time()
        resolved = None if path is None else str(Path(path).resolve())
        items = list(covered)
        with self._transaction() as db:
            self._apply_pending(db)
            if resolved is not None:
                db.execute(
                    "INSERT INTO parts (path, run_id, site, records, committed_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (resolved, run_id, site, len(items), now),
                )
            db.executemany(
                "INSERT INTO urls (url, site, status, etag, last_modified, content_sha256, "
                "canonical_url, part, attempts, next_try, last_error, updated_at) "
                "VALUES (?, ?, 'done', ?, ?, ?, ?, ?, 0, 0, NULL, ?) "
                "ON CONFLICT (url) DO UPDATE SET site = excluded.site, status = 'done', "
                "etag = excluded.etag, last_modified = excluded.last_modified, "
                "content_sha256 = excluded.content_sha256, "
                "canonical_url = excluded.canonical_url, part = excluded.part, attempts = 0, "
                "next_try = 0, last_error = NULL, updated_at = excluded.updated_at",
                [
                    (
                        d.url,
                        d.site,
                        d.etag,
                        d.last_modified,
                        d.content_sha256,
                        d.canonical_url,
                        resolved,
                        now,
                    )
                    for d in items
                ],
            )

    def mark_unchanged(
        self, url: str, site: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """A 304, or the same content again: keep the record, refresh the validators."""
        self._queue(
            "UPDATE urls SET status = 'done', attempts = 0, next_try = 0, last_error = NULL, "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
            "updated_at = ? WHERE url = ? AND site = ?",
            (etag, last_modified, time.time(), url, site),
        )

    def mark_failed(self, url: str, site: str, error: str) -> None:
        """One more failed attempt: the URL waits :func:`retry_delay` before the next run tries."""
        now = time.time()
        previous = self.get(url)
        attempts = (previous.attempts if previous else 0) + 1
        status = "done" if previous is not None and previous.status == "done" else "failed"
        self._queue(
            "INSERT INTO urls (url, site, status, attempts, next_try, last_error, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "status = excluded.status, attempts = excluded.attempts, "
            "next_try = excluded.next_try, last_error = excluded.last_error, "
            "updated_at = excluded.updated_at",
            (url, site, status, attempts, now + retry_delay(attempts), error[:500], now),
        )

    def mark_skipped(self, url: str, site: str, reason: str, *, retry_after: float) -> None:
        """A URL that is not an article (for now): not fetched again for ``retry_after`` s."""
        now = time.time()
        self._queue(
            "INSERT INTO urls (url, site, status, attempts, next_try, last_error, updated_at) "
            "VALUES (?, ?, 'skipped', 0, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "status = CASE WHEN urls.status = 'done' THEN 'done' ELSE 'skipped' END, "
            "next_try = excluded.next_try, last_error = excluded.last_error, "
            "updated_at = excluded.updated_at",
            (url, site, now + retry_after, reason[:500], now),
        )

    def _queue(self, sql: str, params: tuple[object, ...]) -> None:
        self._pending.append((sql, params))
        if len(self._pending) >= self.batch:
            self.flush()

    def _apply_pending(self, db: sqlite3.Connection) -> None:
        for sql, params in self._pending:
            db.execute(sql, params)
        self._pending.clear()

    def flush(self) -> None:
        """Commit batched updates."""
        if self._pending:
            with self._transaction() as db:
                self._apply_pending(db)
