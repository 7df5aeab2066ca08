"""Reading a figure's currency and unit from the words around its number.

A currency before it ("$", "USD", "US $"); the unit after it (one or more words: "per
cent", "miles per hour", "degrees Celsius", "pounds" as weight or money, "cents" = 0.01 USD,
"a 10-day", "33-year-old" → "age", "N days ago" → a date, not a figure); a compound unit
after "per", "/" or, for prices, "a"/"an" ("USD/barrel", "GBP/hour").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.enrich.figure_numbers import Num
from pipeline.enrich.figure_units import (
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    MEASURES,
    PERCENT_WORDS,
    PRICE_NOUNS,
    UNIT_PHRASES,
    unit_of_noun,
)

__all__ = [
    "compound_unit",
    "currency_before",
    "currency_token",
    "read_unit",
    "unit_after",
    "unit_len",
]

_SYMBOLS_AFTER = {"€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH", "₹": "INR"}
_WEIGHT_WORDS = frozenset({"weigh", "weighs", "weighed", "weighing", "weight", "heavy", "heavier"})


def currency_token(tok: Token) -> str | None:
    """ISO code of a currency symbol or code token ("$", "USD", "Rs"), else None."""
    code = CURRENCY_PREFIXES.get(tok.lower_)
    if code is None or (tok.is_alpha and tok.is_lower):
        return None  # "rub", "sar": lower-case words, not codes
    return code


def currency_before(doc: Doc, num: Num) -> tuple[int, str | None]:
    """(first token, ISO code) of the currency written before the number."""
    start = num.start
    if num.currency or start == 0:
        return start, num.currency
    code = currency_token(doc[start - 1])
    if code is None:
        return start, None
    begin = start - 1
    if begin > 0 and doc[begin - 1].text in ("US", "U.S.") and doc[begin].text == "$":
        begin -= 1
    return begin, code


def unit_len(doc: Doc, j: int) -> int:
    """Tokens of a percent sign/word or a measure unit written at token j (0 for none)."""
    found = _phrase_unit(doc, j)
    if found is not None:
        return found[1] - j
    if j >= len(doc):
        return 0
    w = doc[j].lower_
    if w in PERCENT_WORDS or (w in MEASURES and w != "m") or w in CURRENCY_WORDS:
        return 1
    return 0


#: :data:`UNIT_PHRASES` by their first word (in the same order): only those can match.
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase in UNIT_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0][0], []).append(_phrase)


def _phrase_unit(doc: Doc, j: int) -> tuple[str, int] | None:
    """A unit of two or three words at j ("per cent", "miles per hour", "° C")."""
    if j >= len(doc):
        return None
    for words, unit in _PHRASES_BY_FIRST.get(doc[j].lower_, ()):
        k = len(words)
        if j + k <= len(doc) and tuple(t.lower_ for t in doc[j : j + k]) == words:
            return unit, j + k
    return None


def _pound_unit(doc: Doc, j: int) -> str:
    """ "pounds": weight (lb) near a weighing word or before "of", else money (GBP)."""
    sent = doc[j].sent
    if any(t.lower_ in _WEIGHT_WORDS for t in sent) or (
        j + 1 < len(doc) and doc[j + 1].lower_ == "of"
    ):
        return "lb"
    return "GBP"


def _word_unit(doc: Doc, j: int) -> tuple[str, int, float] | None:
    """(unit, end, factor) of a unit word at j: percent, currency word or measure."""
    found = _phrase_unit(doc, j)
    if found is not None:
        return found[0], found[1], 1.0
    w = doc[j].lower_
    if w in PERCENT_WORDS:
        return "percent", j + 1, 1.0
    if w in _SYMBOLS_AFTER and j > 0 and not doc[j - 1].whitespace_:
        return _SYMBOLS_AFTER[w], j + 1, 1.0  # "3€": the symbol written after the number
    if w in ("pound", "pounds") and _pound_unit(doc, j) == "lb":
        return "lb", j + 1, 1.0
    if w in CURRENCY_WORDS:
        code, factor = CURRENCY_WORDS[w]
        return code, j + 1, factor
    if w in MEASURES and w != "m":
        return MEASURES[w], j + 1, 1.0
    if w in ("m", "m.") or doc[j].text in ("C", "F"):
        return {"C": "°C", "F": "°F"}.get(doc[j].text, "m"), j + 1, 1.0
    return None


def unit_after(doc: Doc, num: Num, j: int, unit: str | None) -> tuple[str | None, int] | None:
    """The unit written after the number and where it ends; None for "N days ago" (a date)."""
    n = len(doc)
    if j < n and unit is None:
        if doc[j].text == "-" and j + 1 < n and doc[j + 1].lower_ in MEASURES:
            return _hyphen_unit(doc, j + 1)
        found = _word_unit(doc, j)
        if found is not None:
            return _after_word_unit(doc, num, found)
    if (
        num.vague
        and unit is None
        and j + 1 < n
        and doc[j].lower_ == "of"
        and doc[j + 1].lower_ in CURRENCY_WORDS
    ):
        return CURRENCY_WORDS[doc[j + 1].lower_][0], j + 2  # "tens of millions of dollars"
    if unit == "fraction" and j < n and doc[j].lower_ in MEASURES and doc[j].lower_ != "m":
        return MEASURES[doc[j].lower_], j + 1  # "1/2 inch"
    if (
        unit in ("in", "fraction")
        and j + 2 < n
        and doc[j].lower_ == "of"
        and doc[j + 1].lower_ in ("a", "an")
        and doc[j + 2].lower_ in MEASURES
    ):
        return MEASURES[doc[j + 2].lower_], j + 3  # "1⁄32 of an inch"
    return unit, j


def _after_word_unit(
    doc: Doc, num: Num, found: tuple[str, int, float]
) -> tuple[str | None, int] | None:
    """Apply a unit word's factor ("cents"); "N days ago" is a date, "N years old" an age."""
    unit, j, factor = found
    num.value, num.upper = _scaled(num.value, factor) or 0.0, _scaled(num.upper, factor)
    nxt = doc[j].lower_ if j < len(doc) else ""
    if unit in ("year", "day", "week", "month", "hour") and nxt == "ago":
        return None
    if nxt == "old" and unit == "year":
        return "age", j + 1
    if nxt in ("old", "long"):
        return unit, j + 1
    return unit, j


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else round(value * factor, 6) if factor != 1.0 else value


def _hyphen_unit(doc: Doc, j: int) -> tuple[str, int]:
    """ "a 10-day campaign", "a 33-year-old" (unit "age")."""
    unit, j = MEASURES[doc[j].lower_], j + 1
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "old":
        return ("age" if unit == "year" else unit), j + 2
    return unit, j


def compound_unit(doc: Doc, unit: str, j: int) -> tuple[str, int]:
    """ "per barrel", "a share", "/kg" after money or a measure → "USD/barrel"."""
    n = len(doc)
    if j + 1 >= n or unit in ("percent", "percentage_point", "fraction", "age"):
        return unit, j
    w, nxt = doc[j].lower_, doc[j + 1]
    per = w in ("per", "/") or (
        w in ("a", "an") and nxt.lower_ in PRICE_NOUNS and unit.isupper() and len(unit) == 3
    )
    if not per or (nxt.pos_ not in ("NOUN", "PROPN") and nxt.lower_ not in MEASURES):
        return unit, j
    other = unit_of_noun(nxt.lower_ if nxt.tag_ != "NNS" else nxt.lemma_.lower())
    if unit == "mi" and other == "hour":
        return "mph", j + 2
    if unit == "km" and other == "hour":
        return "km/h", j + 2
    return f"{unit}/{other}", j + 2


def read_unit(doc: Doc, num: Num, currency: str | None) -> tuple[str | None, int] | None:
    """Unit of the figure (glued, written after, compound) and the token where it ends."""
    j = num.end
    if currency and j < len(doc) and doc[j].lower_ in ("m", "m."):
        num.value *= 1e6  # "$5 m": a bare m after a currency amount is millions
        j += 1
    found = unit_after(doc, num, j, num.unit or currency)
    if found is None:
        return None
    unit, j = found
    if unit is not None:
        unit, j = compound_unit(doc, unit, j)
    return unit, j
