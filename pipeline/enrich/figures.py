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

from spacy.language import Language
from spacy.tokens import Doc, Token

import pipeline.enrich.extensions  # noqa: F401  (registers the Doc._ attributes)
from pipeline.enrich.extensions import doc_text
from pipeline.enrich.figure_filters import (
    age_before,
    in_dates,
    in_name,
    is_bare_year,
    is_person_age,
    is_pronoun_one,
    is_time,
    not_figure_ranges,
)
from pipeline.enrich.figure_numbers import FRACTION_WORDS, Num, could_start, parse_at
from pipeline.enrich.figure_ranges import extend_range, extend_ratio
from pipeline.enrich.figure_unit_words import currency_before, read_unit

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
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_MOD_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_PARTITIVE_DETS = frozenset(
    ["the", "these", "those", "them", "their", "its", "his", "her", "our", "your", "whom", "which"]
)


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


def _noun_after(doc: Doc, j: int, partitive: bool) -> tuple[int, int] | None:
    """Token range of the counted noun phrase starting at j (after an optional 'of the')."""
    n = len(doc)
    if j < n and doc[j].lower_ == "of" and partitive:
        j += 1
        while j < n and (doc[j].lower_ in _PARTITIVE_DETS or doc[j].tag_ == "PRP$"):
            j += 1
    if j + 1 < n and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_:
        j += 1  # "a three-judge panel": the number is fused to the noun it counts
    last_noun = _last_noun(doc, j)
    if last_noun < j:
        return None
    return j, _of_complement(doc, last_noun + 1)


def _is_modifier(tok: Token) -> bool:
    return tok.pos_ in _MOD_POS or (tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound"))


def _last_noun(doc: Doc, j: int) -> int:
    """Index of the last noun of the modifier-noun chain starting at j (-1 for none)."""
    n, last_noun = len(doc), -1
    while j < n:
        t = doc[j]
        if _is_modifier(t):
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
    return last_noun


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


def find_figures(doc: Doc, date_ranges: list[tuple[int, int]] | None = None) -> list[dict]:
    """All figures of ``doc`` as dicts shaped like :class:`models.Figure`.

    ``date_ranges`` are character ranges of date mentions; numbers inside them are skipped.
    """
    dates = date_ranges or []
    blocked = not_figure_ranges(doc_text(doc))
    out: list[dict] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if not could_start(tok):  # most tokens: no number can start here
            i += 1
            continue
        ordinal = tok.ent_type_ == "ORDINAL" and tok.is_alpha and tok.lower_ not in FRACTION_WORDS
        skip = ordinal or in_dates(tok.idx, dates) or in_dates(tok.idx, blocked)
        num = None if skip else parse_at(doc, i)
        if num is None:
            i += 1
            continue
        fig = _complete(doc, num, dates)
        if fig is not None:
            out.append(fig)
        i = max(num.end, i + 1)
    return out


def _counted_noun(
    doc: Doc, num: Num, j: int, unit: str | None, dates: list[tuple[int, int]]
) -> tuple[str | None, int]:
    """The noun a count (or a fraction) counts, and where the figure ends."""
    if unit is not None and unit != "fraction":
        return None, j
    n = len(doc)
    partitive = (
        num.vague
        or unit == "fraction"
        or (j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in _PARTITIVE_DETS)
    )
    rng = _noun_after(doc, j, partitive)
    if rng is None or in_dates(doc[rng[0]].idx, dates):
        return None, j
    return doc[rng[0] : rng[1]].text, rng[1]


def _negate_after_minus(doc: Doc, num: Num, start: int) -> int:
    """ "minus 387 Fahrenheit": the value is negative and "minus" is part of the figure."""
    if start > 0 and doc[start - 1].lower_ == "minus" and num.value > 0:
        num.value = -num.value
        return start - 1
    return start


def _complete(doc: Doc, num: Num, dates: list[tuple[int, int]]) -> dict | None:
    """Qualifier, range, unit and noun around a parsed number → a figure dict (or None)."""
    if is_pronoun_one(doc, num):
        return None
    c_start, currency = currency_before(doc, num)
    c_start = _negate_after_minus(doc, num, c_start)
    qual_start, qualifier = _qualifier(doc, c_start)
    between = extend_range(doc, num, c_start)
    if between is None:
        return None
    if between:
        qual_start = c_start - 1
    extend_ratio(doc, num, dates)
    if is_bare_year(doc, num) or in_name(doc, num) or is_time(doc, num, qualifier):
        return None
    read = read_unit(doc, num, currency)
    if read is None:
        return None
    unit, j = read
    if unit is None and (age_before(doc, num) or is_person_age(doc, num)):
        unit = "age"
    noun, j = _counted_noun(doc, num, j, unit, dates)
    if (
        noun is None
        and unit is None
        and qualifier is None
        and num.upper is None
        and not num.vague
        and num.start > 0
        and doc[num.start - 1].lower_ == "of"
    ):
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
