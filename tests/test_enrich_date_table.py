"""Dates, table-driven: the shared news_dates corpus (copied into tests/fixtures/enrich/) and
own annotated sentences with tense (tests/fixtures/enrich/dates_cases.txt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.enrich import enrich_text

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
CORPUS_BASE = "2020-11-05T10:00:00Z"  # the corpus's relative dates resolve against this


def _corpus() -> list[dict]:
    with (FIXTURES / "news_dates.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _own() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in (FIXTURES / "dates_cases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pub, text, expect = (part.strip() for part in line.split(" | "))
            rows.append((f"{pub}T10:00:00Z", text, [] if expect == "-" else expect.split(",")))
    return rows


CORPUS = _corpus()
OWN = _own()


def _matches(value: str, expect: str) -> bool:
    if ".." in expect:  # a day range "A..B"
        low, high = expect.split("..")
        return len(value) == len(low) and low <= value <= high
    return value == expect


def _values(nlp: Language, text: str, published_at: str) -> list[str]:
    dates = enrich_text(text, published_at=published_at, nlp=nlp).dates
    for d in dates:
        assert text[d.start : d.end] == d.text
    return [d.value for d in dates if d.value is not None]


def test_tables_are_large_enough() -> None:
    assert len(CORPUS) == 54
    assert len(CORPUS) + len(OWN) >= 60 + 30


@pytest.mark.parametrize("case", CORPUS, ids=[c["id"] for c in CORPUS])
def test_news_dates_corpus(nlp: Language, case: dict) -> None:
    values = _values(nlp, case["text"], CORPUS_BASE)
    expected = case["expect_dates"] if case["kind"] == "sentence" else [case["expect"]]
    assert len(values) == len(expected), values
    left = list(values)
    for exp in expected:
        hit = next((v for v in left if _matches(v, exp)), None)
        assert hit is not None, (exp, values)
        left.remove(hit)


@pytest.mark.parametrize(
    ("published_at", "text", "expected"), OWN, ids=[f"{i:02d}" for i in range(len(OWN))]
)
def test_own_sentences(nlp: Language, published_at: str, text: str, expected: list[str]) -> None:
    assert sorted(_values(nlp, text, published_at)) == sorted(expected)
