"""Ranges and ratios around a figure's number (a step of :mod:`pipeline.enrich.figures`).

"between 20 and 30", "from 252 miles to 287 miles", "between 15kHz and 17kHz", "20-30",
"10-15cm" → value 20, upper 30; a descending pair "3-1" is a score and a pair of years
"2015-2019" belongs to the dates (neither is a figure); "1 in 10", "three out of four" →
a fraction.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.enrich.figure_filters import in_dates
from pipeline.enrich.figure_numbers import Num, parse_at
from pipeline.enrich.figure_unit_words import currency_token, unit_len
from pipeline.enrich.figure_units import MEASURES, PERCENT_WORDS

__all__ = ["extend_range", "extend_ratio"]

_RANGE_JOINERS = ("-", "–", "to", "and")


def _same_unit_range(doc: Doc, num: Num, lead: int) -> bool | None:
    """ "between 5% and 10%", "from 252 miles to 287 miles", "between 15kHz and 17kHz"."""
    n, end = len(doc), num.end
    width = unit_len(doc, end)
    if not (width or num.unit) or end + width + 1 >= n:
        return False
    joiner = doc[end + width].lower_
    if joiner not in _RANGE_JOINERS:
        return False
    k = end + width + 1
    if currency_token(doc[k]) is not None:
        return False
    other = parse_at(doc, k)
    if other is None or other.unit != num.unit or other.value <= num.value:
        return False
    if doc[other.end : other.end + width].text.lower() != doc[end : end + width].text.lower():
        return False
    between = _between(doc, lead)
    if joiner == "and" and not between:
        return False
    num.upper, num.end = other.value, other.end
    return between


def extend_range(doc: Doc, num: Num, lead: int) -> bool | None:
    """Read "-30", "to 30", "and 30" after the number into ``num.upper``.

    ``lead`` is the first token of the number with its currency symbol. Returns None when
    the pair is not a figure at all (a score "3-1", a span of years),
    True when a "between"/"from" before the number belongs to the figure, else False.
    """
    if num.upper is not None:
        return _between(doc, lead)
    if unit_len(doc, num.end) or num.unit:
        return _same_unit_range(doc, num, lead)
    n, end = len(doc), num.end
    if end + 1 >= n or doc[end].lower_ not in _RANGE_JOINERS:
        return False
    k = end + 1
    if currency_token(doc[k]) is not None and k + 1 < n:
        k += 1  # "between $10 and $20"
    other = parse_at(doc, k)
    if other is None or other.vague:
        return False
    if other.unit is not None and other.unit != "fraction":
        return _unit_range(num, other, lead, doc)
    return _plain_range(doc, num, other, lead)


def _between(doc: Doc, lead: int) -> bool:
    return lead > 0 and doc[lead - 1].lower_ in ("between", "from")


def _plain_range(doc: Doc, num: Num, other: Num, lead: int) -> bool | None:
    """Two bare numbers joined by "-", "to" or "and": a range, a score or a span of years."""
    end = num.end
    joiner = doc[end].lower_
    between = _between(doc, lead)
    if joiner in ("-", "–") and not doc[end].whitespace_ and other.value <= num.value:
        num.end = other.end  # a score or tally such as 3-1: swallow, emit nothing
        return None
    if num.plain_int and other.plain_int and 1800 <= num.value <= other.value <= 2100:
        num.end = other.end  # a span of years ("2015-2019") belongs to the dates
        return None
    if other.value > num.value and (joiner != "and" or between) and other.unit is None:
        num.upper, num.end = other.value, other.end
        return between
    return False


def _unit_range(num: Num, other: Num, lead: int, doc: Doc) -> bool:
    """ "10-15cm", "25 to 30C": the unit glued to the second number only."""
    if other.value <= num.value or doc[num.end].lower_ == "and":
        return False
    num.upper, num.end, num.unit = other.value, other.end, other.unit
    return _between(doc, lead)


def extend_ratio(doc: Doc, num: Num, dates: list[tuple[int, int]]) -> None:
    """ "1 in 10 young children", "three out of four voters" → a fraction."""
    n, end = len(doc), num.end
    if num.upper is not None or num.unit is not None or num.currency is not None:
        return
    if end + 1 < n and doc[end].lower_ == "out" and doc[end + 1].lower_ == "of":
        k = end + 2
    elif end < n and doc[end].lower_ == "in":
        k = end + 1
    else:
        return
    if k >= n or in_dates(doc[k].idx, dates):
        return
    other = parse_at(doc, k)
    if other is None or other.vague or other.unit is not None or other.value <= num.value:
        return
    if other.end < n and (
        doc[other.end].lower_ in MEASURES or doc[other.end].lower_ in PERCENT_WORDS
    ):
        return  # "2 in 35 minutes"
    num.value, num.unit = round(num.value / other.value, 4), "fraction"
    num.plain_int = False
    num.end = other.end
