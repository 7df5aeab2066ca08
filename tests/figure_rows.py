"""One check of a figure-table row, shared by the English and Russian figure tables.

A row is ``value upper approx qualifier unit noun`` (``-`` for none, ``y`` for approximate)
or ``NONE`` (no figure may come out of the sentence).
"""

from __future__ import annotations

import pytest

from models import Figure


def _num(field: str) -> float | None:
    return None if field == "-" else float(field)


def assert_figure_row(text: str, figures: list[Figure], fields: list[str]) -> None:
    """Every figure's offsets hold its text; the row's figure is there once, as described."""
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
