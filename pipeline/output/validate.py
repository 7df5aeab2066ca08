"""Check newsmill JSONL records strictly: the committed JSON Schema plus each record's own
invariants, one :class:`Problem` per violation with its line and field.

The schema (``models/article.schema.json``, via :func:`models.json_schema`) is checked with
``jsonschema``: types are exact (``"266"`` and ``true`` are not a ``word_count``). Then the
invariants no schema can state:

* ``id`` is the sha256 of ``canonical_url``; ``content_sha256`` the sha256 of ``text``;
  ``word_count`` the number of white-space separated words of ``text``;
* every ``start``/``end`` offset lies inside ``text`` with ``start <= end``;
* ``language`` is an ISO 639-1 code (two lower-case letters) or null;
* no ``NaN`` or ``Infinity`` anywhere (JSON has none; pandas, DuckDB and polars choke).

:func:`validate_lines` drives ``newsmill validate``; :func:`record_problems` is what
:func:`pipeline.load` runs on every record, so both report the same problems.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import models

__all__ = ["Problem", "parse_line", "record_problems", "validate_lines"]

_LANGUAGE = re.compile(r"^[a-z]{2}$")
_OFFSET_LISTS = ("entities", "dates", "figures", "quotes")


@dataclass(frozen=True)
class Problem:
    """One invalid field (or unreadable line) of a JSONL file."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_line(line: str) -> Any:
    """One JSONL line as Python data; ``ValueError`` for invalid JSON, ``NaN`` included."""
    return json.loads(line, parse_constant=_no_constant)


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = models.json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def record_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """``(field, message)`` for every way ``data`` breaks the schema or its invariants."""
    problems: list[tuple[str, str]] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path) or "(record)"
        problems.append((where, _short(error.message)))
    if problems:  # invariants need the types right
        return problems
    return _invariants(data)


def _invariants(data: dict[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    text: str = data["text"]
    if data["id"] != _sha256(data["canonical_url"]):
        problems.append(("id", "is not the sha256 of canonical_url"))
    if data["content_sha256"] != _sha256(text):
        problems.append(("content_sha256", "is not the sha256 of text"))
    words = len(text.split())
    if data["word_count"] != words:
        problems.append(("word_count", f"is {data['word_count']}, text has {words} words"))
    language = data["language"]
    if language is not None and not _LANGUAGE.match(language):
        problems.append(("language", f"{language!r} is not an ISO 639-1 code"))
    for name in _OFFSET_LISTS:
        for i, item in enumerate(data[name]):
            start, end = item["start"], item["end"]
            if not 0 <= start <= end <= len(text):
                problems.append(
                    (f"{name}.{i}", f"offsets {start}-{end} outside the text ({len(text)} chars)")
                )
    return problems


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _short(message: str) -> str:
    return message if len(message) <= 160 else message[:157] + "..."


def validate_lines(lines: Iterable[str]) -> Iterator[Problem | int]:
    """Yield a :class:`Problem` per invalid field, and the count of records read at the end.

    Blank lines are ignored. A line that is not a JSON object is one problem with field
    ``(line)``.
    """
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        count += 1
        try:
            data = parse_line(line)
        except json.JSONDecodeError as exc:
            # some of json's messages end in " at" ("Invalid control character at")
            reason = exc.msg.removesuffix(" at")
            yield Problem(number, "(line)", f"not valid JSON: {reason} at column {exc.colno}")
            continue
        except ValueError as exc:
            yield Problem(number, "(line)", f"not valid JSON: {exc}")
            continue
        if not isinstance(data, dict):
            yield Problem(number, "(line)", f"expected a JSON object, got {type(data).__name__}")
            continue
        for where, message in record_problems(data):
            yield Problem(number, where, message)
    yield count
