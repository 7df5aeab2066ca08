"""Figures: the quantities of a text (counts, money, percentages, measures, ranges, ages).

A token scanner, registered as the ``newsmill_figures`` component, reads every number in the
text (:mod:`pipeline.enrich.figure_numbers`: digits with separators, signs and magnitudes,
glued currencies and units, fractions, number words, vague amounts) and then, step by step:

1. a currency before it ("$", "€", "USD", "Rs", "US $"); a "minus" before it negates it;
2. a qualifier: more_than ("more than", "in excess of"), over ("over", "upwards of"),
   less_than, under ("under", "below"), at_least, at_most, about ("about", "around",
   "some", "an estimated"), nearly ("nearly", "almost", "close to"), up_to ("up to",
   "as many as"); "about"/"nearly" set ``approximate``;
3. a range: "between 20 and 30", "from 252 miles to 287 miles", "between 15kHz and 17kHz",
   "20-30", "3 to 4 hours", "S$80–150" → value 20, upper 30;
4. a ratio: "1 in 10 young children", "three out of four voters" → 0.1 / 0.75 "fraction";
5. the unit after it (:mod:`pipeline.enrich.figure_units`, one canonical name each): ISO
   4217 currencies ("dollars", "cents" → USD × 0.01), "percent", "percentage_point",
   measures ("km", "mi", "kg", "lb", "°C", "GHz", "km2"...), durations ("day", "year") and a
   compound unit after "per" or, for prices, "a"/"an": "miles per hour" → "mph",
   "$85 per barrel" → "USD/barrel", "48 cents a share" → 0.48 "USD/share";
6. ages are figures with unit "age": "a 33-year-old", "aged 18", "71 years old", "under the
   age of five", "Marie Struthers, 52, said";
7. the noun it counts, with its modifiers and an "of" complement: "more than 900 complaints
   of police abuse" → noun "complaints of police abuse". Money, percentages, measures and
   ages have noun null.

Vague amounts are one order of magnitude and ``approximate``: "dozens" 12–120, "scores"
20–100, "hundreds" 100–1000, "tens of millions" 1e7–1e8. A figure's ``text`` runs from its
qualifier to its noun (or unit).

Not figures: an elliptical count after "of" with no noun ("a mother of two"), phone numbers
(9+ digits in groups), URLs and e-mail addresses, numbers inside date mentions (the date
component runs first), bare years, decades ("the 1990s"), ordinals ("first", "28th"), clock
times ("at 10", "10:30", "9 p.m.", "7.30pm"), sports scores and vote tallies written "3-1" /
"103-97" (a descending or equal pair), the pronoun "one" ("no one", "one of"), and numbers
that are part of a name ("Article 19", "Apollo 11").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

import pipeline.enrich.extensions  # noqa: F401  (registers the Doc._ attributes)
from pipeline.enrich.figure_numbers import FRACTION_WORDS, Num, parse_at
from pipeline.enrich.figure_units import (
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    MEASURES,
    PERCENT_WORDS,
    PRICE_NOUNS,
    UNIT_PHRASES,
    unit_of_noun,
)

__all__ = ["figures_component", "find_figures"]

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
_TIME_AFTER = frozenset({"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "hrs", "h"})
_NAME_LABELS = frozenset(
    {"ORG", "PERSON", "GPE", "LOC", "FAC", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"}
)
_REFERENCE_WORDS = frozenset(
    [
        "no.", "no", "number", "article", "section", "chapter", "page", "paragraph", "item", "room",
        "flight", "route", "highway", "resolution", "case", "protocol", "part", "point", "level",
        "grade", "phase", "stage", "class", "interstate",
    ]
)
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_MOD_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_PARTITIVE_DETS = frozenset(
    ["the", "these", "those", "them", "their", "its", "his", "her", "our", "your", "whom", "which"]
)
_RANGE_JOINERS = ("-", "–", "to", "and")
_WEIGHT_WORDS = frozenset({"weigh", "weighs", "weighed", "weighing", "weight", "heavy", "heavier"})


def _qualifier(doc: Doc, start: int) -> tuple[int, str | None]:
    before = tuple(doc[k].lower_ for k in range(max(start - 3, 0), start))
    if before == ("the", "age", "of"):
        start -= 3  # "under the age of five": the qualifier is before "the age of"
        before = tuple(doc[k].lower_ for k in range(max(start - 3, 0), start))
    for words, name in _QUALIFIERS:
        k = len(words)
        if k <= len(before) and before[len(before) - k :] == words:
            return start - k, name
    return start, None


def _currency_token(tok: Token) -> str | None:
    """ISO code of a currency symbol or code token ("$", "USD", "Rs"), else None."""
    code = CURRENCY_PREFIXES.get(tok.lower_)
    if code is None or (tok.is_alpha and tok.is_lower):
        return None  # "rub", "sar": lower-case words, not codes
    return code


def _currency_before(doc: Doc, num: Num) -> tuple[int, str | None]:
    """(first token, ISO code) of the currency written before the number."""
    start = num.start
    if num.currency or start == 0:
        return start, num.currency
    code = _currency_token(doc[start - 1])
    if code is None:
        return start, None
    begin = start - 1
    if begin > 0 and doc[begin - 1].text in ("US", "U.S.") and doc[begin].text == "$":
        begin -= 1
    return begin, code


def _noun_after(doc: Doc, j: int, partitive: bool) -> tuple[int, int] | None:
    """Token range of the counted noun phrase starting at j (after an optional 'of the')."""
    n = len(doc)
    if j < n and doc[j].lower_ == "of" and partitive:
        j += 1
        while j < n and (doc[j].lower_ in _PARTITIVE_DETS or doc[j].tag_ == "PRP$"):
            j += 1
    if j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        j += 1  # "a three-judge panel": the number is fused to the noun it counts
    start, last_noun = j, -1
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
    return start, _of_complement(doc, last_noun + 1)


def _of_complement(doc: Doc, end: int) -> int:
    """ "complaints of police abuse": an "of" complement without a determiner extends the noun."""
    n = len(doc)
    if end + 1 < n and doc[end].lower_ == "of" and doc[end + 1].pos_ in _MOD_POS:
        k, last = end + 1, -1
        while k < n and doc[k].pos_ in _MOD_POS and doc[k].ent_type_ not in ("DATE", "CARDINAL"):
            if doc[k].pos_ in _NOUN_POS:
                last = k
            k += 1
        if last > end:
            return last + 1
    return end


def _is_time(doc: Doc, num: Num, qual: str | None) -> bool:
    """Clock times: "10:30", "9 p.m.", "opened at 10" (but not "at 5%" or "at 10 people")."""
    tok = doc[num.start]
    if ":" in tok.text:
        return True
    nxt = doc[num.end] if num.end < len(doc) else None
    if nxt is not None and nxt.lower_ in _TIME_AFTER:
        return True
    if num.unit or num.currency or (nxt is not None and (
        nxt.lower_ in PERCENT_WORDS or nxt.lower_ in MEASURES or nxt.pos_ in _NOUN_POS
    )):
        return False
    prev = doc[num.start - 1].lower_ if num.start > 0 else ""
    return prev == "at" and qual is None and num.value <= 24


def _in_name(doc: Doc, num: Num) -> bool:
    """Numbers that are part of a name or a reference: "Article 19", "No. 5", "&# 160"."""
    tok = doc[num.start]
    plain = tok.text.replace(",", "").replace(".", "").isdigit()
    if tok.ent_type_ in _NAME_LABELS and plain and not _currency_before(doc, num)[1]:
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
        ordinal = tok.ent_type_ == "ORDINAL" and tok.is_alpha and tok.lower_ not in FRACTION_WORDS
        skip = ordinal or _in_dates(tok.idx, dates) or _in_dates(tok.idx, blocked)
        num = None if skip else parse_at(doc, i)
        if num is None:
            i += 1
            continue
        fig = _complete(doc, num, dates)
        if fig is not None:
            out.append(fig)
        i = max(num.end, i + 1)
    return out


def _is_pronoun_one(doc: Doc, num: Num) -> bool:
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


def _same_unit_range(doc: Doc, num: Num, lead: int) -> bool | None:
    """ "between 5% and 10%", "from 252 miles to 287 miles", "between 15kHz and 17kHz"."""
    n, end = len(doc), num.end
    unit_len = _unit_len(doc, end)
    if not (unit_len or num.unit) or end + unit_len + 1 >= n:
        return False
    joiner = doc[end + unit_len].lower_
    if joiner not in _RANGE_JOINERS:
        return False
    k = end + unit_len + 1
    if _currency_token(doc[k]) is not None:
        return False
    other = parse_at(doc, k)
    if other is None or other.unit != num.unit or other.value <= num.value:
        return False
    if doc[other.end : other.end + unit_len].text.lower() != doc[end : end + unit_len].text.lower():
        return False
    between = lead > 0 and doc[lead - 1].lower_ in ("between", "from")
    if joiner == "and" and not between:
        return False
    num.upper, num.end = other.value, other.end
    return between


def _extend_range(doc: Doc, num: Num, lead: int) -> bool | None:
    """Read "-30", "to 30", "and 30" after the number into ``num.upper``.

    ``lead`` is the first token of the number with its currency symbol. Returns None when
    the pair is not a figure at all (a score "3-1", a span of years),
    True when a "between"/"from" before the number belongs to the figure, else False.
    """
    if num.upper is not None:
        return lead > 0 and doc[lead - 1].lower_ in ("between", "from")
    if _unit_len(doc, num.end) or num.unit:
        return _same_unit_range(doc, num, lead)
    n, end = len(doc), num.end
    if end + 1 >= n or doc[end].lower_ not in _RANGE_JOINERS:
        return False
    k = end + 1
    if _currency_token(doc[k]) is not None and k + 1 < n:
        k += 1  # "between $10 and $20"
    other = parse_at(doc, k)
    if other is None or other.vague or (other.unit is not None and other.unit != "fraction"):
        return False if other is None or other.vague else _unit_range(num, other, lead, doc)
    joiner = doc[end].lower_
    between = lead > 0 and doc[lead - 1].lower_ in ("between", "from")
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
    return lead > 0 and doc[lead - 1].lower_ in ("between", "from")


def _unit_len(doc: Doc, j: int) -> int:
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


def _age_before(doc: Doc, num: Num) -> bool:
    """ "aged 34", "ages 5", "the age of five"."""
    prev = [t.lower_ for t in doc[max(num.start - 2, 0) : num.start]]
    return prev[-1:] in (["aged"], ["ages"], ["age"]) or prev == ["age", "of"]


def _is_person_age(doc: Doc, num: Num) -> bool:
    """ "Marie Struthers, 52, said": a bare number in commas after a person's name."""
    tok = doc[num.start]
    return (
        num.end - num.start == 1
        and num.unit is None
        and num.start > 0
        and num.end < len(doc)
        and doc[num.start - 1].text == ","
        and doc[num.end].text == ","
        and (tok.head.ent_type_ == "PERSON" or doc[num.start - 2].ent_type_ == "PERSON")
        and 0 < num.value < 120
    )


def _extend_ratio(doc: Doc, num: Num, dates: list[tuple[int, int]]) -> None:
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
    if k >= n or _in_dates(doc[k].idx, dates):
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


def _phrase_unit(doc: Doc, j: int) -> tuple[str, int] | None:
    """A unit of two or three words at j ("per cent", "miles per hour", "° C")."""
    for words, unit in UNIT_PHRASES:
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


def _unit_after(doc: Doc, num: Num, j: int, unit: str | None) -> tuple[str | None, int] | None:
    """The unit written after the number and where it ends; None for "N days ago" (a date)."""
    n = len(doc)
    if j < n and unit is None:
        if doc[j].text == "-" and j + 1 < n and doc[j + 1].lower_ in MEASURES:
            return _hyphen_unit(doc, j + 1)
        found = _word_unit(doc, j)
        if found is not None:
            unit, j, factor = found
            num.value, num.upper = _scaled(num.value, factor), _scaled(num.upper, factor)
            if unit in ("year", "day", "week", "month", "hour") and j < n and \
                    doc[j].lower_ == "ago":
                return None
            if j < n and doc[j].lower_ in ("old", "long"):
                unit, j = ("age", j + 1) if doc[j].lower_ == "old" and unit == "year" \
                    else (unit, j + 1)
            return unit, j
    if num.vague and unit is None and j + 1 < n and doc[j].lower_ == "of" and \
            doc[j + 1].lower_ in CURRENCY_WORDS:
        return CURRENCY_WORDS[doc[j + 1].lower_][0], j + 2  # "tens of millions of dollars"
    if unit == "fraction" and j < n and doc[j].lower_ in MEASURES and doc[j].lower_ != "m":
        return MEASURES[doc[j].lower_], j + 1  # "1/2 inch"
    if unit in ("in", "fraction") and j + 2 < n and doc[j].lower_ == "of" and \
            doc[j + 1].lower_ in ("a", "an") and doc[j + 2].lower_ in MEASURES:
        return MEASURES[doc[j + 2].lower_], j + 3  # "1⁄32 of an inch"
    return unit, j


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else round(value * factor, 6) if factor != 1.0 else value


def _hyphen_unit(doc: Doc, j: int) -> tuple[str, int]:
    """ "a 10-day campaign", "a 33-year-old" (unit "age")."""
    unit, j = MEASURES[doc[j].lower_], j + 1
    if j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ == "old":
        return ("age" if unit == "year" else unit), j + 2
    return unit, j


def _compound_unit(doc: Doc, unit: str, j: int) -> tuple[str, int]:
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


def _counted_noun(doc: Doc, num: Num, j: int, unit: str | None,
                  dates: list[tuple[int, int]]) -> tuple[str | None, int]:
    """The noun a count (or a fraction) counts, and where the figure ends."""
    if unit is not None and unit != "fraction":
        return None, j
    n = len(doc)
    partitive = num.vague or unit == "fraction" or (
        j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in _PARTITIVE_DETS
    )
    rng = _noun_after(doc, j, partitive)
    if rng is None or _in_dates(doc[rng[0]].idx, dates):
        return None, j
    return doc[rng[0] : rng[1]].text, rng[1]


def _is_bare_year(doc: Doc, num: Num) -> bool:
    """ "in 2019" that the dates missed, unless it counts something ("2020 ballots")."""
    if not (num.plain_int and num.upper is None and 1800 <= num.value <= 2100):
        return False
    nxt = doc[num.end] if num.end < len(doc) else None
    return nxt is None or nxt.pos_ not in _NOUN_POS or nxt.tag_ not in ("NNS", "NNPS")


def _negate_after_minus(doc: Doc, num: Num, start: int) -> int:
    """ "minus 387 Fahrenheit": the value is negative and "minus" is part of the figure."""
    if start > 0 and doc[start - 1].lower_ == "minus" and num.value > 0:
        num.value = -num.value
        return start - 1
    return start


def _read_unit(doc: Doc, num: Num, currency: str | None) -> tuple[str | None, int] | None:
    """Unit of the figure (glued, written after, compound) and the token where it ends."""
    j = num.end
    if currency and j < len(doc) and doc[j].lower_ in ("m", "m."):
        num.value *= 1e6  # "$5 m": a bare m after a currency amount is millions
        j += 1
    found = _unit_after(doc, num, j, num.unit or currency)
    if found is None:
        return None
    unit, j = found
    if unit is not None:
        unit, j = _compound_unit(doc, unit, j)
    return unit, j


def _complete(doc: Doc, num: Num, dates: list[tuple[int, int]]) -> dict | None:
    """Qualifier, range, unit and noun around a parsed number → a figure dict (or None)."""
    if _is_pronoun_one(doc, num):
        return None
    c_start, currency = _currency_before(doc, num)
    c_start = _negate_after_minus(doc, num, c_start)
    qual_start, qualifier = _qualifier(doc, c_start)
    between = _extend_range(doc, num, c_start)
    if between is None:
        return None
    if between:
        qual_start = c_start - 1
    _extend_ratio(doc, num, dates)
    if _is_bare_year(doc, num) or _in_name(doc, num) or _is_time(doc, num, qualifier):
        return None
    read = _read_unit(doc, num, currency)
    if read is None:
        return None
    unit, j = read
    if unit is None and (_age_before(doc, num) or _is_person_age(doc, num)):
        unit = "age"
    noun, j = _counted_noun(doc, num, j, unit, dates)
    if noun is None and unit is None and qualifier is None and num.upper is None \
            and not num.vague and num.start > 0 and doc[num.start - 1].lower_ == "of":
        return None  # "a mother of two", "one of three": an elliptical count of nothing named
    span = doc[qual_start : max(j, num.end)]
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
