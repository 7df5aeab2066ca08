"""People's roles and quote speakers, table-driven: own annotated news sentences
(tests/fixtures/enrich/roles_cases.txt and quotes_cases.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.enrich import enrich_text

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
PUB = "2020-11-05T10:00:00Z"


def _rows(name: str) -> list[tuple[str, ...]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [
        tuple(p.strip() for p in line.split(" | "))
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


ROLES = _rows("roles_cases.txt")
QUOTES = _rows("quotes_cases.txt")


def test_tables_are_large_enough() -> None:
    assert len(ROLES) + len(QUOTES) >= 40


@pytest.mark.parametrize(
    ("text", "person", "role"), ROLES, ids=[f"{i:02d}" for i in range(len(ROLES))]
)
def test_role(nlp: Language, text: str, person: str, role: str) -> None:
    people = {p.name: p for p in enrich_text(text, published_at=PUB, nlp=nlp).people}
    assert person in people, people
    assert people[person].role == (None if role == "-" else role)


@pytest.mark.parametrize(
    ("text", "opening", "speaker"), QUOTES, ids=[f"{i:02d}" for i in range(len(QUOTES))]
)
def test_quote_speaker(nlp: Language, text: str, opening: str, speaker: str) -> None:
    quotes = enrich_text(text, published_at=PUB, nlp=nlp).quotes
    hits = [q for q in quotes if q.text.startswith(opening)]
    assert len(hits) == 1, quotes
    assert hits[0].speaker == (None if speaker == "-" else speaker)
    assert text[hits[0].start : hits[0].end] == hits[0].text
