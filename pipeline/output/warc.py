"""WARC archives (ISO 28500, WARC/1.1) through warcio: every fetched response out, HTML back in.

Out. :class:`WarcArchiver` writes a request and a response record for every response a crawl
receives (``newsmill crawl --warc DIR``), each record its own gzip member (so any record can
be read from its offset), ``WARC-Date`` the moment the fetch started, to microseconds. A file
is written as ``newsmill-<run>-<seq:05d>.warc.gz.open`` and renamed to its final name when it
reaches ``max_bytes`` (then the next one starts) or the run ends; a killed crawl leaves a
readable ``.open`` file whose last record may be truncated. Each file begins with a
``warcinfo`` record. The fetcher hands over bodies with their content-encoding already
decoded, so the archived response drops ``Content-Encoding`` / ``Transfer-Encoding`` (kept as
``X-Archive-Orig-Content-Encoding``) and carries the true ``Content-Length``. The request
record holds the headers newsmill sends (User-Agent, Accept, conditional headers).

In. :func:`iter_responses` streams the response records of a ``.warc``/``.warc.gz`` file, one
at a time (memory stays flat however large the file), and counts what it cannot read: a
corrupt record (bad gzip member, unparsable headers) or a truncated one (fewer bytes than its
``Content-Length``) is counted in ``stats`` and skipped; after a corrupt gzip member the
reader resynchronises at the next gzip member. Nothing in a damaged archive is fatal.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import __version__
from pipeline.clock import iso_z, to_utc
from pipeline.errors import InputError, OutputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "WarcArchiver",
    "WarcResponse",
    "iter_responses",
    "warc_date",
]

log = logging.getLogger(__name__)

#: Rotate archive files at about this size (Common Crawl uses ~1 GB files).
DEFAULT_MAX_BYTES = 1_000_000_000
#: A response body larger than this is counted ``too_large`` and not read into memory.
MAX_RECORD_BODY = 50_000_000
_HOP_BY_HOP = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_CHUNK = 1 << 16


def warc_date(moment: datetime) -> str:
    """``moment`` as a WARC/1.1 date: ISO 8601 UTC with microseconds and ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcArchiver:
    """Writes request/response record pairs to size-rotated ``.warc.gz`` files in a folder.

    ``archive(...)`` is thread-safe enough for the crawler (it is called from the event loop
    thread only). ``close()`` (or leaving the ``with`` block) finishes the current file;
    ``files`` lists the finished files in order. Raises :class:`~pipeline.errors.OutputError`
    when the folder or a file cannot be written.
    """

    def __init__(
        self,
        directory: Path | str,
        run_id: str,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        prefix: str = "newsmill",
        user_agent: str | None = None,
    ) -> None:
        if max_bytes < 1:
            raise ValueError("max_bytes must be positive")
        self.directory = Path(directory)
        self.run_id = run_id
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.user_agent = user_agent
        self.files: list[Path] = []
        self.records = 0
        #: Why archiving stopped (a write error), or None.
        self.failed: str | None = None
        self._fh: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {self.directory}: {exc.strerror or exc}") from None

    # -- files ------------------------------------------------------------------------------
    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        name = f"{self.prefix}-{self.run_id}-{len(self.files) + 1:05d}.warc.gz"
        self._path = self.directory / name
        try:
            self._fh = open(self._path.with_name(name + ".open"), "wb")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(f"cannot write {self._path}: {exc.strerror or exc}") from None
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="1.1")
        info = {
            "software": f"newsmill/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/",
            "isPartOf": self.run_id,
            "robots": "obey",
            "http-header-user-agent": self.user_agent,
        }
        self._writer.write_record(self._writer.create_warcinfo_record(name, info))
        return self._writer

    def _finish_file(self) -> None:
        if self._fh is None or self._path is None:
            return
        fh, path = self._fh, self._path
        self._fh = self._writer = self._path = None
        try:
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(path.with_name(path.name + ".open"), path)
        except OSError as exc:
            raise OutputError(f"cannot finish {path}: {exc.strerror or exc}") from None
        self.files.append(path)

    def close(self) -> None:
        """Finish (flush, fsync, rename) the current file."""
        self._finish_file()

    def __enter__(self) -> WarcArchiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- records ----------------------------------------------------------------------------
    def archive(
        self,
        url: str,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        *,
        fetched_at: datetime,
        request_headers: Mapping[str, str] | None = None,
    ) -> None:
        """Append one fetch (a request and a response record) and rotate the file if full.

        ``headers`` are the response headers as received (any case), ``body`` the decoded
        body, ``fetched_at`` when the request was sent, ``request_headers`` what was sent.
        """
        writer = self._open()
        date = warc_date(fetched_at)
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Unknown"
        response_headers: list[tuple[str, str]] = []
        for name, value in headers.items():
            low = name.lower()
            if low == "content-encoding":
                response_headers.append(("X-Archive-Orig-Content-Encoding", value))
            elif low not in _HOP_BY_HOP:
                response_headers.append((name, value))
        response_headers.append(("Content-Length", str(len(body))))
        http_response = StatusAndHeaders(
            f"{status} {phrase}", response_headers, protocol="HTTP/1.1"
        )
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_response,
            warc_headers_dict={"WARC-Date": date},
        )
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        given = [(k, v) for k, v in (request_headers or {}).items() if k.lower() != "host"]
        sent = [("Host", parts.netloc), *given]
        http_request = StatusAndHeaders(
            f"GET {target}", sent, protocol="HTTP/1.1", is_http_request=True
        )
        request = writer.create_warc_record(
            url, "request", http_headers=http_request, warc_headers_dict={"WARC-Date": date}
        )
        try:
            writer.write_request_response_pair(request, response)
            assert self._fh is not None
            self._fh.flush()
            size = self._fh.tell()
        except OSError as exc:
            raise OutputError(f"cannot write {self._path}: {exc.strerror or exc}") from None
        self.records += 2
        if size >= self.max_bytes:
            self._finish_file()

    def archive_fetch(self, result: Any, received_at: datetime) -> None:
        """The crawler's ``on_response`` hook: archive one fetch result (its final response,
        body and the request headers it carries).

        The final response after redirects is archived under its final URL. A write error
        is logged once and archiving stops (``failed`` is set); the crawl goes on.
        """
        if self.failed:
            return
        try:
            self.archive(
                result.final_url,
                result.status,
                result.headers,
                result.content,
                fetched_at=received_at,
                request_headers=result.request_headers,
            )
        except OutputError as exc:
            self.failed = str(exc)
            log.error("WARC archive stopped: %s", exc)


@dataclass(frozen=True, slots=True)
class WarcResponse:
    """One HTTP response read from a WARC file."""

    url: str
    date: str | None
    """``WARC-Date`` as ISO 8601 UTC to the second (``Z``), or None when absent/invalid."""
    status: int
    headers: dict[str, str]
    """HTTP response headers, names lower-cased (the last value of a repeated header)."""
    body: bytes
    """The payload, transfer- and content-encoding removed."""
    offset: int
    """Byte offset of the record in the (compressed) file."""

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` header, or None."""
        return self.headers.get("content-type")

    @property
    def media_type(self) -> str:
        """The lower-cased media type without parameters ('' when there is none)."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()


def _iso_seconds(value: str | None) -> str | None:
    moment = to_utc(value) if value else None
    return iso_z(moment) if moment is not None else None


def _next_member(fh: IO[bytes], start: int) -> int | None:
    """Offset of the first gzip member header at or after ``start``, or None."""
    fh.seek(start)
    position = start
    tail = b""
    while True:
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        found = data.find(_GZIP_MAGIC)
        if found >= 0:
            return position - len(tail) + found
        tail = data[-(len(_GZIP_MAGIC) - 1) :]
        position += len(chunk)


def _read_response(record: Any, offset: int, stats: Counter[str]) -> WarcResponse | None:
    """The response of a warcio record, or None (counted) when it is unusable."""
    http = record.http_headers
    if http is None:
        stats["corrupt"] += 1
        return None
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        stats["corrupt"] += 1
        return None
    if record.length is not None and record.length > MAX_RECORD_BODY:
        stats["too_large"] += 1
        return None
    body = record.content_stream().read()
    if getattr(record.raw_stream, "limit", 0) > 0:  # the block ended before Content-Length
        stats["truncated"] += 1
        return None
    headers = {k.lower(): v for k, v in http.headers}
    return WarcResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        date=_iso_seconds(record.rec_headers.get_header("WARC-Date")),
        status=status,
        headers=headers,
        body=body,
        offset=offset,
    )


def iter_responses(path: Path | str, stats: Counter[str] | None = None) -> Iterator[WarcResponse]:
    """Stream the ``response`` records of one ``.warc`` or ``.warc.gz`` file, in file order.

    ``stats`` counts ``records`` read, ``responses`` yielded and the records skipped:
    ``corrupt``, ``truncated``, ``too_large``. Raises :class:`~pipeline.errors.InputError`
    when the file cannot be opened or holds no WARC record at all.
    """
    stats = stats if stats is not None else Counter()
    try:
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if not head.startswith(b"\x1f\x8b") and not head.startswith(b"WARC"):
            raise InputError(f"{path} is not a WARC file (.warc or .warc.gz)")
        gzipped = head.startswith(b"\x1f\x8b")
        size = os.fstat(fh.fileno()).st_size
        start: int | None = 0
        while start is not None:
            fh.seek(start)
            reader = ArchiveIterator(fh)
            good: int | None = None  # offset of the last record read whole
            failed_at: int | None = None
            try:
                for record in reader:
                    offset = reader.offset
                    stats["records"] += 1
                    if record.rec_type == "response":
                        response = _read_response(record, offset, stats)
                        if response is not None:
                            stats["responses"] += 1
                            yield response
                    good = offset
            except Exception as exc:  # warcio raises many kinds on damaged bytes: all corrupt
                failed_at = max(reader.offset, start)
                # warcio reads the next member while finishing a record: a failure at the
                # offset of a record read whole belongs to the member after it, counted there
                if failed_at != good:
                    stats["corrupt"] += 1
                    text = "".join(c if c.isprintable() and c.isascii() else "?" for c in str(exc))
                    why = f"{type(exc).__name__}: {' '.join(text.split())[:60]}"
                    log.warning("%s: corrupt record at byte %d skipped: %s", path, failed_at, why)
            finally:
                with contextlib.suppress(Exception):
                    reader.close()
            if failed_at is None:
                end = max(reader.offset, start)
                if end >= size or not gzipped:
                    break
                # warcio ends quietly at a gzip member cut short: count it, look further
                stats["truncated"] += 1
                log.warning("%s: truncated record at byte %d skipped", path, end)
                failed_at = end
            elif not gzipped:
                break  # an uncompressed file cannot be resynchronised safely
            start = _next_member(fh, failed_at + 1)
