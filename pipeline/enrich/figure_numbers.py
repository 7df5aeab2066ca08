"""Reading the number of a figure at one token: digits, words, vague amounts, fractions.

:func:`parse_at` returns a :class:`Num` (token range, value, upper bound, unit or currency
written inside the token) or None. It reads:

* digits with separators, signs and magnitudes, alone or glued to a currency or a unit:
  "2,000", "-1.6", "+0.2", "50.8bn", "USD10" + "m", "RM2.70", "$" + "US55,931,000",
  "HK$3.5" + "billion", "250ml", "15kHz", "38C", "24pc", "85p", "2½", "S$80–150";
* fractions "1/16", "1⁄32";
* numbers in words: "four", "twenty-eight thousand six hundred forty-two",
  "three hundred and fifty", "fifteen hundred", "a dozen", "half a million";
* vague amounts: "dozens", "scores", "hundreds", "tens of thousands", "several hundred";
* word fractions: "a third of", "two-thirds of", "half of";
* negated zero: "not a single case", "not one complaint".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.enrich.figure_units import CURRENCY_PREFIXES, GLUED_UNITS, MAGNITUDES

__all__ = ["FRACTION_WORDS", "SMALL", "STARTERS", "Num", "could_start", "parse_at"]

SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: (i + 2) * 10
    for i, w in enumerate(
        [
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
        ]
    )
}
_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_WORDS = frozenset(
    {"hundred", "thousand", "million", "billion", "trillion", "mln", "bn", "bln", "mn", "tn"}
)
#: Vague amounts → (lower, upper): "dozens" 12–120, "scores" 20–100, "hundreds" 100–1000.
_VAGUE = {
    "dozens": (12.0, 120.0),
    "scores": (20.0, 100.0),
    "tens": (10.0, 100.0),
    "hundreds": (1e2, 1e3),
    "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7),
    "billions": (1e9, 1e10),
    "trillions": (1e12, 1e13),
}
FRACTION_WORDS = {
    "half": 0.5,
    "halves": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
    "tenth": 0.1,
    "tenths": 0.1,
}
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TOKEN = re.compile(
    rf"^(?P<pre>[^\d+\-−–]{{0,4}}?)(?P<sign>[-+−])?(?P<num>{_NUMBER})"
    rf"(?P<vf>[½¼¾⅓⅔])?(?:[–-](?P<num2>{_NUMBER}))?(?P<suf>[^\d]{{0,5}}[23²³]?)$"
)
_FRACTION = re.compile(r"^(\d{1,3})[/⁄](\d{1,3})$")
_SYMBOLS_AFTER = {"€": "EUR", "£": "GBP", "$": "USD", "₽": "RUB", "₴": "UAH", "₹": "INR"}


@dataclass
class Num:
    """A number read at ``start``..``end`` (token indices, end exclusive)."""

    start: int
    end: int
    value: float
    upper: float | None = None
    approximate: bool = False
    unit: str | None = None
    vague: bool = False
    is_word: bool = False
    plain_int: bool = False
    currency: str | None = None
    factor: float = 1.0  # of the unit written after it: "cents" → 0.01


def _is_joiner(doc: Doc, j: int) -> bool:
    """A hyphen or "and" inside a number written in words ("twenty-five", "two hundred and")."""
    if j + 1 >= len(doc):
        return False
    w, nxt = doc[j].lower_, doc[j + 1].lower_
    if w == "-":
        return nxt in SMALL and doc[j - 1].lower_ in _TENS
    return (
        w == "and"
        and (nxt in SMALL or nxt in _TENS)
        and doc[j - 1].lower_ in ("hundred", "thousand")
    )


def _word_step(w: str, total: float, current: float) -> tuple[float, float] | None:
    """One number word applied to the running (total, current) pair, or None."""
    if w in SMALL:
        return total, current + SMALL[w]
    if w in _TENS:
        return total, current + _TENS[w]
    if w == "dozen":
        return total, (current or 1) * 12
    if w == "hundred":
        return total, (current or 1) * 100
    if w in _BIG:
        return total + (current or 1) * _BIG[w], 0.0
    return None


def _parse_words(doc: Doc, i: int) -> Num | None:
    """Number words at token i: "four", "twenty-five", "two hundred", "a dozen"."""
    n = len(doc)
    total, current, j = 0.0, 0.0, i
    if doc[i].lower_ in ("a", "an"):
        if i + 1 >= n or doc[i + 1].lower_ not in (
            "hundred",
            "thousand",
            "million",
            "billion",
            "dozen",
        ):
            return None
        current, j = 1.0, i + 1
    elif doc[i].lower_ not in SMALL and doc[i].lower_ not in _TENS:
        return None
    while j < n:
        if j > i and _is_joiner(doc, j):
            j += 1
            continue
        step = _word_step(doc[j].lower_, total, current)
        if step is None or (j == i and doc[j].lower_ in ("dozen", "hundred", *_BIG)):
            break
        total, current = step
        j += 1
    if j == i:
        return None
    if (
        j + 2 < n
        and doc[j].lower_ == "and"
        and doc[j + 1].lower_ == "a"
        and doc[j + 2].lower_ in ("half", "quarter")
    ):
        current += FRACTION_WORDS[doc[j + 2].lower_]  # "two and a half"
        j += 3
    return Num(i, j, total + current, is_word=True)


def _parse_negated_zero(doc: Doc, i: int) -> Num | None:
    """ "not a single criminal case", "not one complaint", "not even one"."""
    n, j = len(doc), i + 1
    if j < n and doc[j].lower_ == "even":
        j += 1
    if j + 1 < n and doc[j].lower_ == "a" and doc[j + 1].lower_ == "single":
        return Num(i, j + 2, 0.0, is_word=True)
    if j < n and doc[j].lower_ == "one" and (j + 1 >= n or doc[j + 1].lower_ != "of"):
        return Num(i, j + 1, 0.0, is_word=True)
    return None


def _parse_vague(doc: Doc, i: int) -> Num | None:
    """ "hundreds", "tens of thousands", "dozens", "scores"."""
    low, n, j = doc[i].lower_, len(doc), i + 1
    low_v, high_v = _VAGUE[low]
    if (
        j + 1 < n
        and doc[j].lower_ == "of"
        and doc[j + 1].lower_ in _VAGUE
        and doc[j + 1].lower_ not in ("dozens", "tens", "scores")
    ):
        base = _VAGUE[doc[j + 1].lower_][0]
        return Num(i, j + 2, low_v * base, low_v * base * 10, approximate=True, vague=True)
    if low == "tens":
        return None
    return Num(i, j, low_v, high_v, approximate=True, vague=True)


def _parse_fraction_words(doc: Doc, i: int) -> Num | None:
    """ "a third of", "two-thirds of", "half of", "half a million", "several hundred"."""
    low, n = doc[i].lower_, len(doc)
    nxt = doc[i + 1].lower_ if i + 1 < n else ""
    after = doc[i + 2].lower_ if i + 2 < n else ""
    if low in ("several", "few") and nxt in ("hundred", "thousand", "million", "billion", "dozen"):
        start = i - 1 if low == "few" and i > 0 and doc[i - 1].lower_ == "a" else i
        unit = 12.0 if nxt == "dozen" else MAGNITUDES.get(nxt, 100.0)
        return Num(start, i + 2, 2 * unit, 9 * unit, approximate=True, vague=True)
    if low == "half" and nxt == "a" and after in MAGNITUDES and len(after) > 2:
        return Num(i, i + 3, 0.5 * MAGNITUDES[after], is_word=True)
    if low in ("a", "one", "two", "three", "four") and nxt in FRACTION_WORDS and after == "of":
        k = 1.0 if low in ("a", "one") else float(SMALL[low])
        return Num(i, i + 2, round(k * FRACTION_WORDS[nxt], 4), unit="fraction", is_word=True)
    if low in SMALL and nxt == "-" and after in FRACTION_WORDS:
        return Num(
            i, i + 3, round(SMALL[low] * FRACTION_WORDS[after], 4), unit="fraction", is_word=True
        )
    if low == "half" and nxt == "of":
        return Num(i, i + 1, 0.5, unit="fraction", is_word=True)
    return None


def _glued_suffix(doc: Doc, i: int, suf: str, currency: str | None) -> tuple[float, str | None]:
    """(scale, unit) of what is glued after the digits; raises KeyError when it is no unit."""
    if suf.endswith(".") and len(suf) > 1 and (i + 1 == len(doc) or doc[i + 1].text[:1].isupper()):
        suf = suf[:-1]  # "… to 30C." at the end of the text: the tokenizer kept the stop
    if suf == "":
        return 1.0, None
    low = suf.lower()
    if suf in ("C", "F"):
        return 1.0, GLUED_UNITS[suf]
    if low == "m":
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        counted = nxt is not None and nxt.tag_ in ("NNS", "NNPS")
        return (1e6, None) if currency or counted or suf == "M" else (1.0, "m")
    if low in MAGNITUDES and len(low) <= 3:
        return MAGNITUDES[low], None
    if low == "p" and currency is None:
        return 0.01, "GBP"
    if suf in _SYMBOLS_AFTER:
        return 1.0, _SYMBOLS_AFTER[suf]  # "15€": the symbol written after the number
    return 1.0, GLUED_UNITS[low]


def _glued_currency(doc: Doc, i: int, pre: str) -> tuple[int, str | None]:
    """(first token, ISO code) of a currency glued before the digits ("RM", "$" + "US")."""
    if not pre:
        return i, None
    key = pre.lower()
    if i > 0 and doc[i - 1].text == "$" and not doc[i - 1].whitespace_:
        return i - 1, CURRENCY_PREFIXES["$" + key]
    return i, CURRENCY_PREFIXES[key]


def _scale_after(doc: Doc, j: int, currency: str | None) -> int:
    """End of a scale word after the digits: "1.2 million", "10 mln", "USD10 m", "10 m users"."""
    if j >= len(doc):
        return j
    low = doc[j].lower_
    if low in _SCALE_WORDS:
        return j + 1
    if low in ("m", "k", "b") and doc[j].text != "b":
        counted = j + 1 < len(doc) and doc[j + 1].tag_ in ("NNS", "NNPS")
        if currency or counted or doc[j].text.isupper():
            return j + 1
    return j


def _scale_of(doc: Doc, j: int, end: int) -> float:
    """The factor of the scale word at j (1.0 when ``end`` shows there is none)."""
    return MAGNITUDES.get(doc[j].lower_, 100.0) if end > j else 1.0


def _mixed_fraction(doc: Doc, j: int, value: float, bare: bool) -> tuple[int, float]:
    """ "2 1/2 inches": a whole number followed by a proper fraction."""
    if bare and j < len(doc) and value == int(value):
        m = _FRACTION.match(doc[j].text)
        if m and 0 < int(m.group(1)) < int(m.group(2)):
            return j + 1, value + int(m.group(1)) / int(m.group(2))
    return j, value


def _parse_digits(doc: Doc, i: int) -> Num | None:
    """Digits at token i, with what is glued to them and a scale word after them."""
    text = doc[i].text
    frac = _FRACTION.match(text)
    if frac:
        a, b = int(frac.group(1)), int(frac.group(2))
        return Num(i, i + 1, round(a / b, 5), unit="fraction") if 0 < a < b else None
    m = _TOKEN.match(text)
    if m is None:
        return None
    try:
        begin, currency = _glued_currency(doc, i, m["pre"])
        before = doc[i - 1].lower_ if i > 0 else ""
        scale, unit = _glued_suffix(doc, i, m["suf"], currency or CURRENCY_PREFIXES.get(before))
    except KeyError:
        return None
    value = float(m["num"].replace(",", "")) + (_VULGAR[m["vf"]] if m["vf"] else 0.0)
    sign = -1.0 if m["sign"] in ("-", "−") else 1.0
    if unit is not None and unit.isupper() and len(unit) == 3:  # "85p", "15€": money
        currency, unit = unit, None
    j = i + 1
    if scale == 1.0 and unit is None:
        j = _scale_after(doc, j, currency)
        scale = _scale_of(doc, i + 1, j)
    upper = float(m["num2"].replace(",", "")) * scale if m["num2"] else None
    j, value = _mixed_fraction(doc, j, value, scale == 1.0 and unit is None)
    plain = j == i + 1 and text.isdigit()
    return Num(begin, j, sign * value * scale, upper, unit=unit, plain_int=plain, currency=currency)


#: The words a number can start with (every other token needs a digit in its first five
#: characters): :func:`could_start` lets the scanner skip the rest without parsing.
STARTERS = frozenset({"not", "a", "an", "several", "few", "half", *_VAGUE, *SMALL, *_TENS})


def could_start(tok: Token) -> bool:
    """Whether a number can start at ``tok`` (False means :func:`parse_at` returns None)."""
    return tok.lower_ in STARTERS or any(c.isdigit() for c in tok.text[:5])


def parse_at(doc: Doc, i: int) -> Num | None:
    """The number that starts at token ``i`` of ``doc``, or None."""
    low = doc[i].lower_
    if low == "not":
        return _parse_negated_zero(doc, i)
    if low in _VAGUE:
        return _parse_vague(doc, i)
    found = _parse_fraction_words(doc, i)
    if found is not None:
        return found
    if doc[i].text[:1].isdigit() or any(c.isdigit() for c in doc[i].text[:5]):
        return _parse_digits(doc, i)
    if low in SMALL or low in _TENS or low in ("a", "an"):
        return _parse_words(doc, i)
    return None
