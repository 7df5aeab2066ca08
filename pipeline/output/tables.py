"""Analysts' tables: newsmill JSONL as typed pandas DataFrames and Parquet files.

Eight tables, each with a fixed Arrow schema (:data:`SCHEMAS`), so the column types never
depend on which records happen to be loaded:

``articles``
    one row per article: the record's scalar fields, ``authors`` and ``tags`` as lists,
    ``n_entities`` … ``n_quotes``, and the provenance (``spider``, ``ner_model``,
    ``version``, ``warnings``).
``entities``, ``organizations``, ``people``, ``places``, ``dates``, ``figures``, ``quotes``
    one row per item, in the order of the record's list.

Every table begins with the article's ``id``, ``url``, ``site`` and ``published_at``.
Timestamps are UTC (``timestamp[us, UTC]`` in Parquet, ``datetime64[us, UTC]`` in pandas;
``published_at_local`` stays ISO text, since its offset differs from page to page);
text is pandas' string dtype; counts and offsets are ``int64``; figure bounds ``float64``
(NaN when absent); ``dates`` also has ``value_start``, the first instant of the normalized
value (``"2020-08"`` → 2020-08-01T00:00Z; null for seasons, decades and unresolved dates).

:func:`load_table` reads files one at a time (a bad line is an
:class:`~pipeline.errors.InputError` naming file and line); :func:`export_parquet` writes one
``<table>.parquet`` per table, streaming file by file so memory stays flat.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline.clock import to_utc
from pipeline.errors import InputError, OutputError
from pipeline.output.validate import parse_line, record_problems

if TYPE_CHECKING:
    import pandas

__all__ = ["SCHEMAS", "TABLES", "export_parquet", "input_files", "load_table", "table_rows"]

_TS = pa.timestamp("us", tz="UTC")
_STR = pa.string()
_KEY = [("id", _STR), ("url", _STR), ("site", _STR), ("published_at", _TS)]
_SPAN = [("start", pa.int64()), ("end", pa.int64())]
_NAMED = [("name", _STR), ("mentions", pa.int64()), ("role", _STR)]

#: The Arrow schema of every table.
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            *_KEY,
            ("canonical_url", _STR),
            ("language", _STR),
            ("title", _STR),
            ("lead", _STR),
            ("authors", pa.list_(_STR)),
            ("section", _STR),
            ("tags", pa.list_(_STR)),
            ("modified_at", _TS),
            ("fetched_at", _TS),
            ("published_at_source", _STR),
            ("published_at_local", _STR),  # the page's own offset: ISO text, not one time zone
            ("text", _STR),
            ("word_count", pa.int64()),
            ("content_sha256", _STR),
            ("n_entities", pa.int64()),
            ("n_organizations", pa.int64()),
            ("n_people", pa.int64()),
            ("n_places", pa.int64()),
            ("n_dates", pa.int64()),
            ("n_figures", pa.int64()),
            ("n_quotes", pa.int64()),
            ("spider", _STR),
            ("ner_model", _STR),
            ("version", _STR),
            ("warnings", pa.list_(_STR)),
        ]
    ),
    "entities": pa.schema(
        [*_KEY, ("text", _STR), ("label", _STR), ("canonical", _STR), *_SPAN, ("source", _STR)]
    ),
    "organizations": pa.schema([*_KEY, *_NAMED]),
    "people": pa.schema([*_KEY, *_NAMED]),
    "places": pa.schema([*_KEY, *_NAMED]),
    "dates": pa.schema(
        [
            *_KEY,
            ("text", _STR),
            ("value", _STR),
            ("granularity", _STR),
            ("value_start", _TS),
            *_SPAN,
        ]
    ),
    "figures": pa.schema(
        [
            *_KEY,
            ("text", _STR),
            ("value", pa.float64()),
            ("upper", pa.float64()),
            ("approximate", pa.bool_()),
            ("qualifier", _STR),
            ("unit", _STR),
            ("noun", _STR),
            *_SPAN,
        ]
    ),
    "quotes": pa.schema([*_KEY, ("text", _STR), ("speaker", _STR), *_SPAN]),
}
#: Table names, ``articles`` first.
TABLES = tuple(SCHEMAS)
_LISTS = ("entities", "organizations", "people", "places", "dates", "figures", "quotes")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _ts(value: str | None) -> datetime | None:
    return to_utc(value) if value else None


def _value_start(value: str | None) -> datetime | None:
    match = _DAY.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return datetime(int(year), int(month or 1), int(day or 1), tzinfo=UTC)
    except ValueError:
        return None


def input_files(source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The JSONL files named by a file, a folder, a glob or a list of them, sorted.

    A folder means its ``*/part-*.jsonl`` and ``*.jsonl``. Raises
    :class:`~pipeline.errors.InputError` when something matches no file.
    """
    items = [source] if isinstance(source, str | os.PathLike) else list(source)
    found: list[Path] = []
    for item in items:
        text = os.fspath(item)
        path = Path(text)
        if path.is_dir():
            matches = sorted({*path.glob("*/part-*.jsonl"), *path.glob("*.jsonl")})
        elif path.is_file():
            matches = [path]
        else:
            matches = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
        matches = [m for m in matches if m.is_file()]
        if not matches:
            raise InputError(f"no newsmill JSONL files match {text}")
        found += matches
    return sorted(dict.fromkeys(found))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = parse_line(line)
            except ValueError:
                raise InputError(f"{path}:{number}: not a JSON record") from None
            if not isinstance(record, dict) or "id" not in record or "extraction" not in record:
                raise InputError(f"{path}:{number}: not a newsmill record")
            problems = record_problems(record)
            if problems:  # the same check as `newsmill validate`, first problem named
                where, message = problems[0]
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise InputError(
                    f"{path}:{number}: {where}: {message}{more}; run newsmill validate {path}"
                )
            yield record


def table_rows(record: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The rows one record gives in ``table`` (one for ``articles``, one per item else)."""
    key = {
        "id": record["id"],
        "url": record.get("url"),
        "site": record.get("site"),
        "published_at": _ts(record.get("published_at")),
    }
    if table == "articles":
        extraction = record.get("extraction") or {}
        row = {
            **key,
            **{name: record.get(name) for name in SCHEMAS["articles"].names if name in record},
            "published_at": key["published_at"],
            "modified_at": _ts(record.get("modified_at")),
            "fetched_at": _ts(record.get("fetched_at")),
            "spider": extraction.get("spider"),
            "ner_model": extraction.get("ner_model"),
            "version": extraction.get("version"),
            "warnings": extraction.get("warnings") or [],
        }
        for name in _LISTS:
            row[f"n_{name}"] = len(record.get(name) or [])
        return [row]
    rows = []
    for item in record.get(table) or []:
        row = {**key, **item}
        if table == "dates":
            row["value_start"] = _value_start(item.get("value"))
        rows.append(row)
    return rows


def _check(table: str) -> pa.Schema:
    schema = SCHEMAS.get(table)
    if schema is None:
        raise ValueError(f"unknown table {table!r}; one of: {', '.join(TABLES)}")
    return schema


def _arrow(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.table(columns, schema=schema)


def load_table(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], table: str = "articles"
) -> pandas.DataFrame:
    """One table of newsmill JSONL output as a typed pandas DataFrame (see the module doc)."""

    schema = _check(table)
    parts = [
        _arrow([row for record in _records(path) for row in table_rows(record, table)], schema)
        for path in input_files(source)
    ]
    frame = pa.concat_tables(parts).to_pandas(types_mapper=_pandas_type)
    return frame.reset_index(drop=True)


def _pandas_type(arrow_type: pa.DataType) -> Any:
    import pandas as pd

    if arrow_type == _STR:
        return pd.StringDtype()
    return None


def export_parquet(
    source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    tables: Iterable[str] = TABLES,
) -> dict[str, tuple[Path, int]]:
    """Write ``<out_dir>/<table>.parquet`` for each table; ``{table: (path, rows)}``.

    Reads one JSONL file at a time and appends it to every table's file (zstd-compressed),
    so memory stays flat however much output there is. Each file is written under a temp
    name and renamed when complete.
    """
    import pyarrow.parquet as pq

    names = [t for t in tables if _check(t) is not None]
    files = input_files(source)
    root = Path(out_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {root}: {exc.strerror or exc}") from None
    writers = {}
    counts = dict.fromkeys(names, 0)
    temps = {t: root / f".{t}.parquet.{os.getpid()}.tmp" for t in names}
    try:
        for t in names:
            writers[t] = pq.ParquetWriter(temps[t], SCHEMAS[t], compression="zstd")
        for path in files:
            rows: dict[str, list[dict[str, Any]]] = {t: [] for t in names}
            for record in _records(path):
                for t in names:
                    rows[t] += table_rows(record, t)
            for t in names:
                writers[t].write_table(_arrow(rows[t], SCHEMAS[t]))
                counts[t] += len(rows[t])
        for t in names:
            writers.pop(t).close()
            os.replace(temps[t], root / f"{t}.parquet")
    except OSError as exc:
        raise OutputError(f"cannot write Parquet in {root}: {exc.strerror or exc}") from None
    finally:
        for writer in writers.values():
            writer.close()
        for temp in temps.values():
            temp.unlink(missing_ok=True)
    return {t: (root / f"{t}.parquet", counts[t]) for t in names}
