"""Russian enrichment, table-driven: own annotated Russian news sentences (not the seed) in
tests/fixtures/enrich_ru/ — figures, dates, people's roles and quote speakers."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_rows import assert_figure_row

from pipeline.enrich import enrich_text

FIXTURES = Path(__file__).parent / "fixtures" / "enrich_ru"
PUB = "2020-11-20T10:00:00Z"


def _rows(name: str) -> list[tuple[str, ...]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [
        tuple(p.strip() for p in line.split(" | "))
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


FIGURES = _rows("figures_cases.txt")
DATES = _rows("dates_cases.txt")
ROLES = _rows("roles_cases.txt")
QUOTES = _rows("quotes_cases.txt")


def _ids(rows: list) -> list[str]:
    return [f"{i:02d}" for i in range(len(rows))]


def _ru(text: str, published_at: str = PUB):
    return enrich_text(text, published_at=published_at, language="ru")


def test_tables_are_large_enough() -> None:
    assert len(FIGURES) >= 60
    assert len(DATES) >= 40
    assert len(ROLES) + len(QUOTES) >= 20


@pytest.mark.parametrize("row", FIGURES, ids=_ids(FIGURES))
def test_figure(row: tuple[str, ...]) -> None:
    text, *fields = row
    figures = _ru(text).figures
    assert_figure_row(text, figures, fields)


def _matches(value: str, expect: str) -> bool:
    if ".." in expect:  # a day range "A..B"
        low, high = expect.split("..")
        return len(value) == len(low) and low <= value <= high
    return value == expect


@pytest.mark.parametrize("row", DATES, ids=_ids(DATES))
def test_date(row: tuple[str, ...]) -> None:
    pub, text, expect = row
    dates = _ru(text, f"{pub}T10:00:00Z").dates
    for d in dates:
        assert text[d.start : d.end] == d.text
    values = [d.value for d in dates if d.value is not None]
    expected = [] if expect == "-" else expect.split(",")
    assert len(values) == len(expected), dates
    left = list(values)
    for exp in expected:
        hit = next((v for v in left if _matches(v, exp)), None)
        assert hit is not None, (exp, dates)
        left.remove(hit)


@pytest.mark.parametrize("row", ROLES, ids=_ids(ROLES))
def test_role(row: tuple[str, ...]) -> None:
    text, person, role = row
    people = {p.name: p for p in _ru(text).people}
    assert person in people, people
    assert people[person].role == (None if role == "-" else role)


@pytest.mark.parametrize("row", QUOTES, ids=_ids(QUOTES))
def test_quote_speaker(row: tuple[str, ...]) -> None:
    text, opening, speaker = row
    quotes = _ru(text).quotes
    hits = [q for q in quotes if q.text.startswith(opening)]
    assert len(hits) == 1, quotes
    assert hits[0].speaker == (None if speaker == "-" else speaker)
    assert text[hits[0].start : hits[0].end] == hits[0].text
