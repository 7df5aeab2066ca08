"""Check a JSONL file against the record schema, line by line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

import models

__all__ = ["Problem", "validate_lines"]


@dataclass(frozen=True)
class Problem:
    """One invalid field (or unreadable line) of a JSONL file."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


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
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            # some of json's messages end in " at" ("Invalid control character at")
            reason = exc.msg.removesuffix(" at")
            yield Problem(number, "(line)", f"not valid JSON: {reason} at column {exc.colno}")
            continue
        if not isinstance(data, dict):
            yield Problem(number, "(line)", f"expected a JSON object, got {type(data).__name__}")
            continue
        try:
            models.Article.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "(record)"
                yield Problem(number, where, err["msg"])
    yield count
