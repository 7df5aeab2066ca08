"""Figures: the quantities of a text (counts, money, percentages, measures, ranges).

A token scanner, registered as the ``newsmill_figures`` component, reads every number in the
text — digits ("657", "2,000", "1.2 million", "3bn"), number words ("four", "two dozen",
"half a million"), vague amounts ("hundreds", "dozens", "tens of millions") and fractions
("a third of", "two-thirds of") — then looks around it for:

* a qualifier before it: more_than ("more than", "in excess of"), over ("over", "upwards
  of"), less_than ("less than", "fewer than"), under ("under", "below"), at_least ("at
  least", "no fewer than"), at_most ("at most", "no more than"), about ("about", "around",
  "approximately", "roughly", "some", "an estimated"), nearly ("nearly", "almost", "close
  to"), up_to ("up to", "as many as");
* a range: "between 20 and 30", "from 20 to 30", "20-30", "20 to 30" → value 20, upper 30;
* a ratio: "1 in 10 young children", "three out of four voters" → 0.1 / 0.75, unit
  "fraction";
* a unit: currencies ("$", "€", "£", "dollars", "rubles" → "USD", "EUR", "GBP", "RUB"...),
  "percent" ("%", "per cent"), measures ("km", "kg", "hour", "day", "year" — "a 10-day
  campaign" is 10 with unit "day") and "fraction" for "a third";
* the noun it counts, with its modifiers and an "of" complement: "more than 900 complaints of
  police abuse" → noun "complaints of police abuse"; "hundreds of criminal cases" →
  "criminal cases". Money, percentages and measures have noun null.

Vague amounts are one order of magnitude and ``approximate``: "dozens" 12–120, "hundreds"
100–1000, "thousands" 1e3–1e4, "tens of millions" 1e7–1e8. "about"/"nearly" also set
``approximate``. A figure's ``text`` runs from its qualifier to its noun (or unit).

Negated zero: "not a single criminal case", "not one complaint" → value 0 with the noun.

Not figures: ages ("a 33-year-old", "aged 18", "under the age of five", "X, 52, said"),
an elliptical count after "of" with no noun ("a mother of two"), phone numbers (9+ digits in
groups) and URLs / e-mail addresses, numbers inside date mentions ("2020" of "August
2020"; the date component runs first), bare years, ordinals ("first", "28th"), clock
times ("at 10", "10:30", "9 p.m."), sports scores and vote tallies written "3-1" /
"103-97" (a descending or equal pair), the pronoun "one" ("no one", "one of"), and numbers
that are part of a name ("Article 19").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

import pipeline.enrich.extensions  # noqa: F401  (registers the Doc._ attributes)

__all__ = ["figures_component", "find_figures"]

_SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen",
        ]
    )
}
_TENS = {
    w: (i + 2) * 10
    for i, w in enumerate([
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ])
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "mln": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "k": 1e3,
}
_VAGUE = {
    "dozens": 12.0,
    "tens": 10.0,
    "hundreds": 1e2,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
    "trillions": 1e12,
}
_FRACTIONS = {
    "half": 0.5,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 0.25,
    "quarters": 0.25,
    "fifth": 0.2,
    "fifths": 0.2,
}
_QUALIFIERS: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("more", "than"), "more_than"),
        (("in", "excess", "of"), "more_than"),
        (("just", "over"), "over"),
        (("well", "over"), "over"),
        (("over",), "over"),
        (("upwards", "of"), "over"),
        (("less", "than"), "less_than"),
        (("fewer", "than"), "less_than"),
        (("under",), "under"),
        (("just", "under"), "under"),
        (("below",), "under"),
        (("at", "least"), "at_least"),
        (("no", "fewer", "than"), "at_least"),
        (("no", "less", "than"), "at_least"),
        (("not", "less", "than"), "at_least"),
        (("at", "most"), "at_most"),
        (("no", "more", "than"), "at_most"),
        (("not", "more", "than"), "at_most"),
        (("about",), "about"),
        (("around",), "about"),
        (("approximately",), "about"),
        (("roughly",), "about"),
        (("some",), "about"),
        (("an", "estimated"), "about"),
        (("estimated",), "about"),
        (("circa",), "about"),
        (("nearly",), "nearly"),
        (("almost",), "nearly"),
        (("close", "to"), "nearly"),
        (("up", "to"), "up_to"),
        (("as", "many", "as"), "up_to"),
        (("as", "much", "as"), "up_to"),
    ],
    key=lambda q: -len(q[0]),
)
_APPROX_QUALIFIERS = frozenset({"about", "nearly"})
_CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "c$": "CAD",
    "a$": "AUD",
    "₽": "RUB",
    "rub": "RUB",
    "byn": "BYN",
    "₴": "UAH",
    "uah": "UAH",
    "chf": "CHF",
}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "yen": "JPY",
    "yuan": "CNY",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "francs": "CHF",
    "rupees": "INR",
}
_PERCENT_WORDS = {"%": "percent", "percent": "percent", "pct": "percent"}
_MEASURES = {
    "km": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mile": "mi",
    "miles": "mi",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "cm": "cm",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "ton": "t",
    "tons": "t",
    "tonne": "t",
    "tonnes": "t",
    "hectare": "ha",
    "hectares": "ha",
    "acre": "acre",
    "acres": "acre",
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "degree": "degree",
    "degrees": "degree",
    "liter": "l",
    "liters": "l",
    "litre": "l",
    "litres": "l",
}
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SCALE = re.compile(r"^(\d+(?:\.\d+)?)(bn|mn|m|k|b|tn)$", re.I)
_TIME_AFTER = frozenset({"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "hrs", "h"})
_NAME_LABELS = frozenset(
    {"ORG", "PERSON", "GPE", "LOC", "FAC", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"}
)
_REFERENCE_WORDS = frozenset(
    [
        "no.", "no", "number", "article", "section", "chapter", "page", "paragraph", "item", "room",
        "flight", "route", "highway", "resolution", "case", "protocol", "part", "point", "level",
        "grade", "phase", "stage", "class",
    ]
)
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_MOD_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_PARTITIVE_DETS = frozenset(
    ["the", "these", "those", "them", "their", "its", "his", "her", "our", "your", "whom", "which"]
)


@dataclass
class _Num:
    start: int  # first token of the number
    end: int  # one past its last token
    value: float
    upper: float | None = None
    approximate: bool = False
    unit: str | None = None
    vague: bool = False
    is_word: bool = False
    plain_int: bool = False


def _digits_value(text: str) -> float | None:
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    return None


def _is_joiner(doc: Doc, j: int, seen: bool) -> bool:
    """A hyphen or "and" inside a number written in words ("twenty-five", "two hundred and")."""
    if not seen or j + 1 >= len(doc):
        return False
    w, nxt = doc[j].lower_, doc[j + 1].lower_
    if w == "-":
        return nxt in _SMALL
    return (
        w == "and"
        and (nxt in _SMALL or nxt in _TENS)
        and doc[j - 1].lower_ in ("hundred", "thousand")
    )


def _parse_words(doc: Doc, i: int) -> _Num | None:
    """Number words at token i: "four", "twenty-five", "two hundred", "a dozen"."""
    total, current, j, seen = 0.0, 0.0, i, False
    n = len(doc)
    if doc[i].lower_ in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in (
        "hundred", "thousand", "million", "billion", "dozen",
    ):
        current, j, seen = 1.0, i + 1, True
    while j < n:
        w = doc[j].lower_
        if w in _SMALL:
            current += _SMALL[w]
        elif w in _TENS:
            current += _TENS[w]
        elif _is_joiner(doc, j, seen):
            j += 1
            continue
        elif w == "dozen" and seen:
            current = (current or 1) * 12
        elif w in ("hundred",) and seen:
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion") and seen:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            break
        seen = True
        j += 1
    if not seen or j == i:
        return None
    return _Num(i, j, total + current, is_word=True)


def _parse_at(doc: Doc, i: int) -> _Num | None:
    tok = doc[i]
    low = tok.lower_
    n = len(doc)
    nxt = doc[i + 1].lower_ if i + 1 < n else ""
    # Negated zero: "not a single criminal case", "not one complaint", "not even one".
    if low == "not":
        j = i + 1
        if j < n and doc[j].lower_ == "even":
            j += 1
        if j + 1 < n and doc[j].lower_ == "a" and doc[j + 1].lower_ == "single":
            return _Num(i, j + 2, 0.0, is_word=True)
        if j < n and doc[j].lower_ == "one" and (j + 1 >= n or doc[j + 1].lower_ != "of"):
            return _Num(i, j + 1, 0.0, is_word=True)
        return None
    # Vague amounts: "hundreds", "tens of thousands", "dozens".
    if low in _VAGUE:
        base = _VAGUE[low]
        j = i + 1
        if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in _VAGUE and \
                doc[j + 1].lower_ not in ("dozens", "tens"):
            base *= _VAGUE[doc[j + 1].lower_]
            j += 2
        elif low == "tens":
            return None
        return _Num(i, j, base, base * 10, approximate=True, vague=True)
    # "several hundred", "a few thousand", "a couple of dozen".
    if low in ("several", "few") and nxt in ("hundred", "thousand", "million", "billion", "dozen"):
        start = i - 1 if low == "few" and i > 0 and doc[i - 1].lower_ == "a" else i
        unit = 12.0 if nxt == "dozen" else _SCALES[nxt]
        return _Num(start, i + 2, 2 * unit, 9 * unit, approximate=True, vague=True)
    # Fractions: "a third of", "two-thirds of", "half of", "half a million".
    if low == "half" and nxt == "a" and i + 2 < n and doc[i + 2].lower_ in _SCALES:
        return _Num(i, i + 3, 0.5 * _SCALES[doc[i + 2].lower_], is_word=True)
    if low in ("a", "one", "two", "three") and nxt in _FRACTIONS and i + 2 < n and \
            doc[i + 2].lower_ == "of":
        k = 1.0 if low in ("a", "one") else float(_SMALL[low])
        return _Num(i, i + 2, round(k * _FRACTIONS[nxt], 4), unit="fraction", is_word=True)
    if low in ("two", "three") and nxt == "-" and i + 2 < n and doc[i + 2].lower_ in _FRACTIONS:
        return _Num(i, i + 3, round(_SMALL[low] * _FRACTIONS[doc[i + 2].lower_], 4),
                    unit="fraction", is_word=True)
    if low == "half" and nxt == "of":
        return _Num(i, i + 1, 0.5, unit="fraction", is_word=True)
    # Digits, optionally scaled: "1.2 million", "3bn", "5 m" (with a currency).
    m = _DIGITS_SCALE.match(tok.text)
    if m:
        scale = {"b": 1e9}.get(m.group(2).lower(), _SCALES.get(m.group(2).lower(), 1.0))
        return _Num(i, i + 1, float(m.group(1)) * scale)
    value = _digits_value(tok.text)
    if value is not None:
        j = i + 1
        if j < n and doc[j].lower_ in ("hundred", "thousand", "million", "billion", "trillion",
                                       "mln", "bn", "bln", "mn", "tn"):
            value *= _SCALES[doc[j].lower_]
            j += 1
        plain = j == i + 1 and "," not in tok.text and "." not in tok.text
        return _Num(i, j, value, plain_int=plain)
    if low in _SMALL or low in _TENS or low in ("a", "an"):
        return _parse_words(doc, i)
    return None


def _qualifier(doc: Doc, start: int) -> tuple[int, str | None]:
    before = tuple(doc[k].lower_ for k in range(max(start - 3, 0), start))
    for words, name in _QUALIFIERS:
        k = len(words)
        if k <= len(before) and before[len(before) - k :] == words:
            return start - k, name
    return start, None


def _currency_before(doc: Doc, start: int) -> tuple[int, str | None]:
    if start > 0:
        sym = doc[start - 1].lower_
        if sym in _CURRENCY_SYMBOLS:
            begin = start - 1
            if begin > 0 and doc[begin - 1].text in ("US", "U.S.") and sym == "$":
                begin -= 1
            return begin, _CURRENCY_SYMBOLS[sym]
    return start, None


def _noun_after(doc: Doc, j: int, partitive: bool) -> tuple[int, int] | None:
    """Token range of the counted noun phrase starting at j (after an optional 'of the')."""
    n = len(doc)
    if j < n and doc[j].lower_ == "of" and partitive:
        j += 1
        while j < n and (doc[j].lower_ in _PARTITIVE_DETS or doc[j].tag_ == "PRP$"):
            j += 1
    if j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        j += 1  # "a three-judge panel": the number is fused to the noun it counts
    start = j
    last_noun = -1
    while j < n:
        t = doc[j]
        if t.pos_ in _MOD_POS or (t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound")):
            if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"):
                break
            if t.pos_ in _NOUN_POS:
                last_noun = j
            j += 1
        elif t.text == "-" and j + 1 < n and not t.whitespace_ and doc[j - 1].whitespace_ == "":
            j += 1
        else:
            break
        if t.pos_ in _NOUN_POS and t.tag_ in ("NNS", "NNPS") and j < n and doc[j].pos_ != "NOUN":
            break
    if last_noun < start:
        return None
    end = last_noun + 1
    # "complaints of police abuse": an "of" complement without a determiner.
    if end + 1 < n and doc[end].lower_ == "of" and doc[end + 1].pos_ in _MOD_POS:
        k, last = end + 1, -1
        while k < n and doc[k].pos_ in _MOD_POS and doc[k].ent_type_ not in ("DATE", "CARDINAL"):
            if doc[k].pos_ in _NOUN_POS:
                last = k
            k += 1
        if last > end:
            end = last + 1
    return start, end


def _is_time(doc: Doc, num: _Num, qual: str | None) -> bool:
    """Clock times: "10:30", "9 p.m.", "opened at 10" (but not "at 5%" or "at 10 people")."""
    tok = doc[num.start]
    if ":" in tok.text:
        return True
    nxt = doc[num.end] if num.end < len(doc) else None
    if nxt is not None and nxt.lower_ in _TIME_AFTER:
        return True
    if nxt is not None and (
        nxt.lower_ in _PERCENT_WORDS or nxt.lower_ in _MEASURES or nxt.pos_ in _NOUN_POS
    ):
        return False
    prev = doc[num.start - 1].lower_ if num.start > 0 else ""
    return prev == "at" and qual is None and num.value <= 24


def _in_name(doc: Doc, num: _Num) -> bool:
    """Numbers that are part of a name or a reference: "Article 19", "No. 5", "&# 160"."""
    tok = doc[num.start]
    if tok.ent_type_ in _NAME_LABELS:
        return True
    prev = doc[num.start - 1] if num.start > 0 else None
    if prev is not None and prev.text == "." and num.start > 1:
        prev = doc[num.start - 2]  # "No . 5"
    if prev is not None and prev.text.endswith(("#", "&")):
        return True  # HTML entity residue ("&# 160") or "No. #5"
    return prev is not None and prev.lower_ in _REFERENCE_WORDS and prev.is_title


_PHONE = re.compile(
    r"(?<![\w.,])\+?(?:\(\d{1,4}\)\s?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){1,3}\d{2,4}(?![\w-])"
)
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+")


def _not_figure_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of phone numbers (9+ digits in groups) and URLs / e-mail addresses."""
    out = [m.span() for m in _URL.finditer(text)]
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 9:
            out.append(m.span())
    return out


def _in_dates(tok_idx: int, dates: list[tuple[int, int]]) -> bool:
    return any(s <= tok_idx < e for s, e in dates)


def find_figures(doc: Doc, date_ranges: list[tuple[int, int]] | None = None) -> list[dict]:
    """All figures of ``doc`` as dicts shaped like :class:`models.Figure`.

    ``date_ranges`` are character ranges of date mentions; numbers inside them are skipped.
    """
    dates = date_ranges or []
    blocked = _not_figure_ranges(doc.text)
    out: list[dict] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        ordinal = tok.ent_type_ == "ORDINAL" and tok.lower_ not in _FRACTIONS
        skip = ordinal or _in_dates(tok.idx, dates) or _in_dates(tok.idx, blocked)
        num = None if skip else _parse_at(doc, i)
        if num is None:
            i += 1
            continue
        fig = _complete(doc, num, dates)
        if fig is not None:
            out.append(fig)
        i = max(num.end, i + 1)
    return out


def _is_pronoun_one(doc: Doc, num: _Num) -> bool:
    """ "no one", "one of them", "one another": not a count."""
    low = doc[num.start].lower_
    if num.start > 0 and doc[num.start - 1].lower_ == "no" and low == "one":
        return True
    if num.is_word and num.unit is None and num.value == 1 and low in ("one", "a", "an"):
        nxt = doc[num.end].lower_ if num.end < len(doc) else ""
        after = doc[num.end + 1] if num.end + 1 < len(doc) else None
        if nxt in ("in", "out") and after is not None and (after.like_num or after.lower_ == "of"):
            return False  # "one in 10 children", "one out of four": a ratio
        return doc[num.start].dep_ != "nummod" or nxt in ("of", "another")
    return False


def _extend_range(doc: Doc, num: _Num, lead: int) -> bool | None:
    """Read "-30", "to 30", "and 30" after the number into ``num.upper``.

    ``lead`` is the first token of the number with its currency symbol. Returns None when
    the pair is not a figure at all (a score "3-1", a span of years),
    True when a "between"/"from" before the number belongs to the figure, else False.
    """
    n, end = len(doc), num.end
    unit_len = _unit_len(doc, end)
    joiners = ("-", "–", "to", "and")
    if unit_len and end + unit_len + 1 < n and doc[end + unit_len].lower_ in joiners:
        # "between 5% and 10%", "20 km to 30 km": the unit is written after both numbers.
        k = end + unit_len + 1
        other = _parse_at(doc, k) if doc[k].lower_ not in _CURRENCY_SYMBOLS else None
        if other is not None and _unit_len(doc, other.end) == unit_len and \
                doc[other.end : other.end + unit_len].text.lower() == \
                doc[end : end + unit_len].text.lower() and other.value > num.value:
            between = lead > 0 and doc[lead - 1].lower_ in ("between", "from")
            if doc[end + unit_len].lower_ != "and" or between:
                num.upper, num.end = other.value, other.end
                return between
        return False
    if end + 1 >= n or doc[end].lower_ not in ("-", "–", "to", "and"):
        return False
    k = end + 1
    if doc[k].lower_ in _CURRENCY_SYMBOLS and k + 1 < n:
        k += 1  # "between $10 and $20"
    other = _parse_at(doc, k)
    if other is None or other.vague or other.unit is not None:
        return False
    joiner = doc[end].lower_
    between = lead > 0 and doc[lead - 1].lower_ in ("between", "from")
    if joiner in ("-", "–") and not doc[end].whitespace_ and other.value <= num.value:
        num.end = other.end  # a score or tally such as 3-1: swallow, emit nothing
        return None
    if num.plain_int and other.plain_int and 1800 <= num.value <= other.value <= 2100:
        num.end = other.end  # a span of years ("2015-2019") belongs to the dates
        return None
    if other.value > num.value and (joiner != "and" or between):
        num.upper, num.end = other.value, other.end
        return between
    return False


def _unit_len(doc: Doc, j: int) -> int:
    """Tokens of a percent sign/word or a measure unit written at token j (0 for none)."""
    if j >= len(doc):
        return 0
    w = doc[j].lower_
    if w == "per" and j + 1 < len(doc) and doc[j + 1].lower_ == "cent":
        return 2
    if w in _PERCENT_WORDS or (w in _MEASURES and w != "m") or w in _CURRENCY_WORDS:
        return 1
    return 0


def _is_age(doc: Doc, num: _Num, unit: str | None, j: int) -> bool:
    """Ages are not figures: "aged 34", "under the age of five", "a 34-year-old teacher",
    "34 years old", "Marie Struthers, 52, said"."""
    prev = [t.lower_ for t in doc[max(num.start - 2, 0) : num.start]]
    if prev[-1:] in (["aged"], ["ages"], ["age"]) or prev == ["age", "of"]:
        return True
    if unit == "year" and j > 0 and doc[j - 1].lower_ == "old":
        return True
    tok = doc[num.start]
    return (
        num.end - num.start == 1
        and num.start > 0
        and num.end < len(doc)
        and doc[num.start - 1].text == ","
        and doc[num.end].text == ","
        and tok.head.ent_type_ == "PERSON"
        and num.value < 120
    )


def _extend_ratio(doc: Doc, num: _Num, dates: list[tuple[int, int]]) -> None:
    """ "1 in 10 young children", "three out of four voters" → a fraction."""
    n, end = len(doc), num.end
    if num.upper is not None or num.unit is not None:
        return
    if end + 1 < n and doc[end].lower_ == "out" and doc[end + 1].lower_ == "of":
        k = end + 2
    elif end < n and doc[end].lower_ == "in":
        k = end + 1
    else:
        return
    if k >= n or _in_dates(doc[k].idx, dates):
        return
    other = _parse_at(doc, k)
    if other is None or other.vague or other.unit is not None or other.value <= num.value:
        return
    if other.end < n and (
        doc[other.end].lower_ in _MEASURES or doc[other.end].lower_ in _PERCENT_WORDS
    ):
        return  # "2 in 35 minutes"
    num.value, num.unit = round(num.value / other.value, 4), "fraction"
    num.plain_int = False
    num.end = other.end


def _unit_after(doc: Doc, num: _Num, j: int, unit: str | None) -> tuple[str | None, int] | None:
    """The unit written after the number (percent, currency word, measure) and where it ends.

    Returns None for "N days ago" (a date, not a figure).
    """
    n = len(doc)
    if j < n and unit is None:
        w = doc[j].lower_
        if w in _PERCENT_WORDS:
            return "percent", j + 1
        if w == "per" and j + 1 < n and doc[j + 1].lower_ == "cent":
            return "percent", j + 2
        if w == "percentage" and j + 1 < n and doc[j + 1].lower_ in ("point", "points"):
            return "percentage_point", j + 2
        if w in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[w], j + 1
        if w == "-" and j + 1 < n and doc[j + 1].lower_ in _MEASURES:
            unit, j = _MEASURES[doc[j + 1].lower_], j + 2
            if j + 1 < n and doc[j].text == "-" and doc[j + 1].lower_ == "old":
                j += 2  # "33-year-old"
            return unit, j
        if w in _MEASURES and w != "m":
            unit, j = _MEASURES[w], j + 1
            if j < n and doc[j].lower_ == "ago":
                return None
            if j < n and doc[j].lower_ in ("old", "long"):
                j += 1
            return unit, j
        if w in ("m", "m."):
            return "m", j + 1
    if num.vague and unit is None and j + 1 < n and doc[j].lower_ == "of" and \
            doc[j + 1].lower_ in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[doc[j + 1].lower_], j + 2  # "tens of millions of dollars"
    return unit, j


def _complete(doc: Doc, num: _Num, dates: list[tuple[int, int]]) -> dict | None:
    """Qualifier, range, unit and noun around a parsed number → a figure dict (or None)."""
    n = len(doc)
    if _is_pronoun_one(doc, num):
        return None
    start = num.start
    c_start, currency = _currency_before(doc, start)
    qual_start, qualifier = _qualifier(doc, c_start)
    between = _extend_range(doc, num, c_start)
    if between is None:
        return None
    if between:
        qual_start = c_start - 1
    _extend_ratio(doc, num, dates)
    # Bare years ("in 2019" the dates missed) unless they count something ("2020 ballots").
    if num.plain_int and num.upper is None and 1800 <= num.value <= 2100:
        nxt = doc[num.end] if num.end < n else None
        if nxt is None or nxt.pos_ not in _NOUN_POS or nxt.tag_ not in ("NNS", "NNPS"):
            return None
    if _in_name(doc, num) or _is_time(doc, num, qualifier):
        return None
    fig_start = qual_start
    j = num.end
    if currency and j < n and doc[j].lower_ == "m":
        num.value *= 1e6  # "$5 m": a bare m after a currency amount is millions
        j += 1
    found = _unit_after(doc, num, j, num.unit or currency)
    if found is None:
        return None
    unit, j = found
    if _is_age(doc, num, unit, j):
        return None
    noun = None
    if unit is None or unit == "fraction":
        partitive = num.vague or unit == "fraction" or (
            j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in _PARTITIVE_DETS
        )
        rng = _noun_after(doc, j, partitive)
        if rng is not None and not _in_dates(doc[rng[0]].idx, dates):
            noun = doc[rng[0] : rng[1]].text
            j = rng[1]
    if noun is None and unit is None and qualifier is None and num.upper is None \
            and not num.vague and num.start > 0 and doc[num.start - 1].lower_ == "of":
        return None  # "a mother of two", "one of three": an elliptical count of nothing named
    span = doc[fig_start : max(j, num.end)]
    return {
        "text": span.text,
        "value": num.value,
        "upper": num.upper,
        "approximate": num.approximate or qualifier in _APPROX_QUALIFIERS,
        "qualifier": qualifier,
        "unit": unit,
        "noun": noun,
        "start": span.start_char,
        "end": span.end_char,
    }


@Language.component("newsmill_figures")
def figures_component(doc: Doc) -> Doc:
    """Find the figures of ``doc`` (after ``newsmill_dates``) → ``doc._.figures``."""
    ranges = [(d["start"], d["end"]) for d in (doc._.dates or [])]
    doc._.figures = find_figures(doc, ranges)
    return doc

