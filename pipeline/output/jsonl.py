"""JSONL output: durable part files, stdout, and run manifests.

Records of one site go to ``<out_dir>/<site>/part-<run_id>-<seq:05d>.jsonl``, ``part_size``
records per part. A part is written to a hidden temp file in the same directory, flushed and
fsynced, renamed over its final name with ``os.replace`` and the directory is fsynced; so a
part is either absent or complete under its final name, never torn. Within a part, records
are sorted by URL, so a run whose records fit in one part writes the same bytes every time.

A crawl passes ``on_commit``: called with the renamed part and the ``meta`` given with each of
its records, it records the part in the state database; if it fails the part is removed
again, so no file exists that the state database does not know.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from models import RunManifest
from pipeline.errors import OutputError

__all__ = [
    "DEFAULT_PART_SIZE",
    "PartWriter",
    "safe_name",
    "safe_path",
    "write_manifest",
    "write_stdout",
]

DEFAULT_PART_SIZE = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: Names Windows reserves in every folder (``con.jsonl`` is the console there).
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


class _Record(Protocol):
    url: str

    def to_json(self) -> str: ...


def safe_name(name: str) -> str:
    """``name`` usable as one path component, whatever a site or URL put in it.

    Only ASCII letters, digits, ``.``, ``_`` and ``-`` survive (separators, control
    characters, ``:`` and the rest become ``_``); no leading or trailing dots (so never
    ``.`` or ``..``), no Windows device name, at most 100 characters, never empty.
    """
    cleaned = _UNSAFE.sub("_", name)[:100].strip(".")
    if cleaned.split(".", 1)[0].lower() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned or "_"


def safe_path(root: Path | str, *names: str) -> Path:
    """``root/name1/name2…`` with every name made safe (:func:`safe_name`), one folder level
    per name; :class:`~pipeline.errors.OutputError` if it would not be (a second guard)."""
    base = Path(root)
    path = base.joinpath(*(safe_name(n) for n in names))
    inside = Path(os.path.normpath(path)).is_relative_to(os.path.normpath(base))
    if not inside or len(path.parts) != len(base.parts) + len(names):
        raise OutputError(f"refusing to write outside {base}: {path}")
    return path


def _fsync_dir(directory: Path) -> None:
    """fsync a directory so a rename in it is durable (a no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def check_out_dir(path: Path | str) -> Path:
    """Make sure ``path`` is (or can be made) a folder this process can write in, before
    any work is done; :class:`OutputError` with one line otherwise."""
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise OutputError(f"output folder {target} is a file, not a folder")
    probe = target / f".newsmill-write-test.{os.getpid()}"
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(
            f"cannot write in output folder {target}: {exc.strerror or exc}"
        ) from None
    return target


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temp file and ``os.replace``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    _fsync_dir(path.parent)


class PartWriter:
    """Writes one site's records of one run as atomically committed JSONL parts.

    ``add`` buffers records and commits a part every ``part_size`` records; ``flush``
    commits what is buffered; ``close`` (or leaving the ``with`` block) flushes. ``parts``
    lists the committed files in order. Raises :class:`~pipeline.errors.OutputError` when a
    part cannot be written. ``on_commit(path, metas)`` runs after each rename (see above).
    """

    def __init__(
        self,
        out_dir: Path | str,
        site: str,
        run_id: str,
        *,
        part_size: int = DEFAULT_PART_SIZE,
        on_commit: Callable[[Path, list[Any]], None] | None = None,
    ) -> None:
        if part_size < 1:
            raise ValueError("part_size must be at least 1")
        self.directory = safe_path(out_dir, site)
        self.site = site
        self.run_id = safe_name(run_id)
        self.part_size = part_size
        self.parts: list[Path] = []
        self.written = 0
        self.on_commit = on_commit
        self._buffer: list[tuple[str, str, Any]] = []

    @property
    def buffered(self) -> int:
        """Records added but not yet in a committed part."""
        return len(self._buffer)

    def add(
        self, record: _Record | str, *, url: str | None = None, meta: Any = None
    ) -> Path | None:
        """Buffer one record (an ``Article`` or a JSON line); the part committed, if one was."""
        if isinstance(record, str):
            line, key = record, url or ""
        else:
            line, key = record.to_json(), url or record.url
        if "\n" in line or "\r" in line:
            raise OutputError("a JSONL record must be a single line")
        self._buffer.append((key, line, meta))
        if len(self._buffer) >= self.part_size:
            return self.flush()
        return None

    def flush(self) -> Path | None:
        """Commit the buffered records as one part; its path, or None if nothing was buffered."""
        if not self._buffer:
            return None
        records = sorted(self._buffer, key=lambda item: item[0])
        path = self.directory / f"part-{self.run_id}-{len(self.parts) + 1:05d}.jsonl"
        data = "".join(line + "\n" for _, line, _ in records).encode("utf-8")
        self._buffer.clear()
        atomic_write_bytes(path, data)
        if self.on_commit is not None:
            try:
                self.on_commit(path, [meta for _, _, meta in records])
            except BaseException:
                with contextlib.suppress(OSError):
                    path.unlink()
                raise
        self.parts.append(path)
        self.written += len(records)
        return path

    def close(self) -> None:
        """Flush what is left."""
        self.flush()

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def write_stdout(records: Iterable[_Record | str], stream: IO[str] | None = None) -> int:
    """Write records as JSONL to ``stream`` (default ``sys.stdout``); how many were written."""
    out = stream if stream is not None else sys.stdout
    count = 0
    try:
        for record in records:
            out.write((record if isinstance(record, str) else record.to_json()) + "\n")
            count += 1
        out.flush()
    except OSError as exc:  # a closed pipe, a full disk: the run must stop, not go on
        raise OutputError(f"cannot write to stdout: {exc.strerror or exc}") from None
    return count


def write_manifest(path: Path | str, manifest: RunManifest) -> Path:
    """Write a run manifest as indented JSON, atomically; the path written."""
    target = Path(path)
    atomic_write_bytes(target, (manifest.model_dump_json(indent=2) + "\n").encode("utf-8"))
    return target
