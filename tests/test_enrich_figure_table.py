"""Figures, table-driven: own annotated news sentences (tests/fixtures/enrich/figures_cases.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.enrich import enrich_text

CASES = Path(__file__).parent / "fixtures" / "enrich" / "figures_cases.txt"


def _num(field: str) -> float | None:
    return None if field == "-" else float(field)


def _load() -> list[tuple[str, list[str]]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, *fields = (part.strip() for part in line.split(" | "))
            rows.append((text, fields))
    return rows


ROWS = _load()


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 150


@pytest.mark.parametrize(("text", "fields"), ROWS, ids=[f"{i:03d}" for i in range(len(ROWS))])
def test_figure(nlp: Language, text: str, fields: list[str]) -> None:
    figures = enrich_text(text, published_at="2020-11-05T10:00:00Z", nlp=nlp).figures
    for f in figures:
        assert text[f.start : f.end] == f.text
    if fields == ["NONE"]:
        assert figures == [], figures
        return
    value, upper, approx, qualifier, unit, noun = fields
    hits = [f for f in figures if f.value == pytest.approx(float(value), rel=1e-3)]
    assert len(hits) == 1, figures
    got = hits[0]
    expected_upper = _num(upper)
    assert (got.upper is None) == (expected_upper is None), got
    if expected_upper is not None:
        assert got.upper == pytest.approx(expected_upper)
    assert (got.approximate, got.qualifier, got.unit, got.noun) == (
        approx == "y",
        None if qualifier == "-" else qualifier,
        None if unit == "-" else unit,
        None if noun == "-" else noun,
    ), got
