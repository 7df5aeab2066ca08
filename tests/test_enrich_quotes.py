"""Quotes and their speakers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.enrich import enrich_text, load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quotes(nlp: Language, text: str) -> list[tuple[str, str | None]]:
    result = enrich_text(text, nlp=nlp)
    for q in result.quotes:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.speaker) for q in result.quotes]


def test_speaker_after_quote_and_carry_over(nlp: Language) -> None:
    text = (
        "“We will not stop until every detainee is released,” said Sviatlana "
        "Tsikhanouskaya. “The regime is afraid of its own people.”\n\n"
        "“We are ready to talk to anyone,” she said."
    )
    assert quotes(nlp, text) == [
        ("We will not stop until every detainee is released", "Sviatlana Tsikhanouskaya"),
        ("The regime is afraid of its own people.", "Sviatlana Tsikhanouskaya"),
        ("We are ready to talk to anyone", "Sviatlana Tsikhanouskaya"),
    ]


def test_last_name_attribution_resolves_to_full_name(nlp: Language) -> None:
    text = (
        'Marie Struthers leads the team. "The authorities have failed to investigate a '
        'single complaint," Struthers said.'
    )
    assert quotes(nlp, text) == [
        ("The authorities have failed to investigate a single complaint", "Marie Struthers")
    ]


def test_speaker_before_quote_and_scare_quotes(nlp: Language) -> None:
    text = (
        "Amnesty called the process “hopeless”. Opposition leader Sviatlana Tsikhanouskaya "
        "said: “We are not afraid of anyone in this country.”"
    )
    assert quotes(nlp, text) == [
        ("We are not afraid of anyone in this country.", "Sviatlana Tsikhanouskaya")
    ]


def test_unattributed_quote_has_no_speaker(nlp: Language) -> None:
    text = (
        "Marie Struthers spoke on Monday.\n\nThe report says the courts “use the justice "
        "system to prosecute victims of torture” across the country."
    )
    assert quotes(nlp, text) == [("use the justice system to prosecute victims of torture", None)]
