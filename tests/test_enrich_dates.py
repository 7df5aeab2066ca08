"""Date detection and normalization, including the usual traps."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from pipeline.enrich import enrich_text, load_nlp
from pipeline.enrich.dates import normalize, parse_published_at

PUB = "2020-11-05T10:00:00Z"  # a Thursday
BASE = dt.datetime(2020, 11, 5, 10, 0)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def dates(nlp: Language, text: str, published_at: str | None = PUB) -> list[tuple]:
    result = enrich_text(text, published_at=published_at, nlp=nlp)
    for d in result.dates:
        assert text[d.start : d.end] == d.text
    return [(d.text, d.value, d.granularity) for d in result.dates]


@pytest.mark.parametrize(
    ("expr", "value", "granularity"),
    [
        ("28 October 2020", "2020-10-28", "day"),
        ("Oct. 28, 2020", "2020-10-28", "day"),
        ("Sept. 1, 2020", "2020-09-01", "day"),
        ("August 2020", "2020-08", "month"),
        ("2021", "2021", "year"),
        ("early October", "2020-10", "month"),
        ("late December", "2020-12", "month"),  # no tense: the nearer December
        ("mid-2019", "2019", "year"),
        ("the 1990s", "1990s", "decade"),
        ("summer 2020", "2020-summer", "season"),
        ("the third quarter of 2019", "2019-Q3", "season"),
        ("earlier this year", "2020", "year"),
        ("last month", "2020-10", "month"),
        ("last week", "2020-10-29", "day"),
        ("3 days ago", "2020-11-02", "day"),
        ("since Sunday", "2020-11-01", "day"),
        ("Thursday morning", "2020-11-05", "day"),
        ("yesterday", "2020-11-04", "day"),
    ],
)
def test_normalize(expr: str, value: str, granularity: str) -> None:
    assert normalize(expr, BASE) == (value, granularity)


@pytest.mark.parametrize(
    "expr",
    [
        "five months",
        "for two weeks",
        "35 minutes",
        "the past three years",
        "33-year-old",
        "every year",
    ],
)
def test_durations_ages_and_frequencies_are_not_dates(expr: str) -> None:
    assert normalize(expr, BASE) == (None, None)


def test_relative_dates_need_published_at() -> None:
    assert normalize("earlier this year", None) == (None, "year")
    assert normalize("yesterday", None) == (None, "day")
    assert normalize("28 October 2020", None) == ("2020-10-28", "day")
    assert parse_published_at("2020-11-05T10:00:00Z") == BASE
    assert parse_published_at("not a date") is None


def test_sentence_with_absolute_and_relative_dates(nlp: Language) -> None:
    text = "The law, adopted in March 2019, was amended on 3 September and again last month."
    assert dates(nlp, text) == [
        ("March 2019", "2019-03", "month"),
        ("3 September", "2020-09-03", "day"),
        ("last month", "2020-10", "month"),
    ]


def test_earlier_this_year_with_and_without_published_at(nlp: Language) -> None:
    text = "Protests broke out earlier this year in Minsk."
    assert dates(nlp, text) == [("earlier this year", "2020", "year")]
    assert dates(nlp, text, published_at=None) == [("earlier this year", None, "year")]


def test_may_and_march_as_verbs_and_clock_times(nlp: Language) -> None:
    text = (
        "Police may detain more protesters. The bar opened at 10, but the march in May "
        "drew 2,000 people."
    )
    assert dates(nlp, text) == [("May", "2020-05", "month")]
    assert dates(nlp, "They march on the capital and may return at 10 tomorrow.") == [
        ("tomorrow", "2020-11-06", "day")
    ]


def test_scores_money_and_durations_give_no_dates(nlp: Language) -> None:
    text = (
        "The score was 3-1 after 90 minutes. The team won 103-97 and the club paid "
        "$5 million for a striker who was jailed for five months."
    )
    assert dates(nlp, text) == []


def test_year_spans_and_short_decades(nlp: Language) -> None:
    text = "Prices rose from 2015 to 2019 and again in 2020-2021, as in the '80s."
    assert [(v, g) for _, v, g in dates(nlp, text)] == [
        ("2015", "year"),
        ("2019", "year"),
        ("2020", "year"),
        ("2021", "year"),
        ("1980s", "decade"),
    ]
