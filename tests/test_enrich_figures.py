"""Figures: counts with their nouns, money, percentages, measures, ranges, vague amounts."""

from __future__ import annotations

import pytest
from spacy.language import Language

from models import Figure
from pipeline.enrich import enrich_text, load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def figures(nlp: Language, text: str) -> list[Figure]:
    result = enrich_text(text, published_at="2020-11-05T10:00:00Z", nlp=nlp)
    for f in result.figures:
        assert text[f.start : f.end] == f.text
    return result.figures


def row(f: Figure) -> tuple:
    return (f.value, f.upper, f.approximate, f.qualifier, f.unit, f.noun)


def test_counts_with_nouns_and_qualifiers(nlp: Language) -> None:
    text = (
        "Police detained more than 200 people and at least four journalists; nearly 30 "
        "protesters and about 1,200 students were injured, up to 100,000 marched."
    )
    assert [row(f) for f in figures(nlp, text)] == [
        (200, None, False, "more_than", None, "people"),
        (4, None, False, "at_least", None, "journalists"),
        (30, None, True, "nearly", None, "protesters"),
        (1200, None, True, "about", None, "students"),
        (100000, None, False, "up_to", None, None),
    ]


def test_money_percent_and_scaled_numbers(nlp: Language) -> None:
    text = (
        "The EU pledged $5 million in aid and €3bn in loans, while prices rose 5.2% and "
        "1.2 million residents left."
    )
    assert [(f.text, f.value, f.unit, f.noun) for f in figures(nlp, text)] == [
        ("$5 million", 5_000_000, "USD", None),
        ("€3bn", 3_000_000_000, "EUR", None),
        ("5.2%", 5.2, "percent", None),
        ("1.2 million residents", 1_200_000, None, "residents"),
    ]


def test_ranges(nlp: Language) -> None:
    text = "Between 20 and 30 people were injured and 20-30 cars were burned."
    got = [(f.text, f.value, f.upper, f.noun) for f in figures(nlp, text)]
    assert got == [
        ("Between 20 and 30 people", 20, 30, "people"),
        ("20-30 cars", 20, 30, "cars"),
    ]


def test_vague_amounts_and_number_words(nlp: Language) -> None:
    text = (
        "Tens of millions of dollars were spent; two dozen journalists, dozens of cases, "
        "hundreds of thousands of people and a third of voters were affected."
    )
    got = [(f.value, f.upper, f.approximate, f.unit, f.noun) for f in figures(nlp, text)]
    assert got == [
        (1e7, 1e8, True, "USD", None),
        (24, None, False, None, "journalists"),
        (12, 120, True, None, "cases"),
        (1e5, 1e6, True, None, "people"),
        (pytest.approx(0.3333), None, False, "fraction", "voters"),
    ]


def test_scores_years_times_and_ordinals_are_not_figures(nlp: Language) -> None:
    text = (
        "The score was 3-1 and the team won 103-97 in August 2020. The bar opened at 10 on "
        "the first day of the second week, and the 2019 law was adopted at 9 p.m."
    )
    assert figures(nlp, text) == []


def test_measures_and_durations_carry_units(nlp: Language) -> None:
    text = "A 33-year-old man walked 12 km and was held for five months."
    got = [(f.text, f.value, f.unit, f.noun) for f in figures(nlp, text)]
    assert got == [  # an age is a figure with its own unit
        ("33-year-old", 33, "age", None),
        ("12 km", 12, "km", None),
        ("five months", 5, "month", None),
    ]


def test_ratios_and_year_spans(nlp: Language) -> None:
    text = (
        "More than 1 in 10 young children and three out of four voters were affected "
        "between 2015-2019; he scored 2 in 35 minutes."
    )
    got = [(f.text, f.value, f.unit, f.qualifier, f.noun) for f in figures(nlp, text)]
    assert got == [
        ("More than 1 in 10 young children", 0.1, "fraction", "more_than", "young children"),
        ("three out of four voters", 0.75, "fraction", None, "voters"),
        ("2", 2, None, None, None),
        ("35 minutes", 35, "minute", None, None),
    ]


def test_qualifiers_and_ranges_around_currency_symbols(nlp: Language) -> None:
    text = "The fund lost more than $5 million, between $10 and $20 a share, at 5% interest."
    got = [(f.text, f.value, f.upper, f.qualifier, f.unit) for f in figures(nlp, text)]
    assert got == [
        ("more than $5 million", 5_000_000, None, "more_than", "USD"),
        ("between $10 and $20 a share", 10, 20, None, "USD/share"),
        ("5%", 5, None, None, "percent"),
    ]
