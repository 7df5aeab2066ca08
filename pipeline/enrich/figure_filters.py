"""What is not a figure, or is an age: the filters of :mod:`pipeline.enrich.figures`.

Clock times ("10:30", "9 p.m.", "opened at 10"), numbers in names and references ("Article
19", "Apollo 11", "No. 5", HTML-entity residue "&# 160"), phone numbers and URLs, numbers
inside date mentions, bare years, the pronoun "one" ("no one", "one of them"); and the
contexts that make a bare number an age ("aged 34", "the age of five", "Marie Struthers, 52,").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.enrich.figure_numbers import Num
from pipeline.enrich.figure_unit_words import currency_before
from pipeline.enrich.figure_units import MEASURES, PERCENT_WORDS

__all__ = [
    "age_before",
    "in_dates",
    "in_name",
    "is_bare_year",
    "is_person_age",
    "is_pronoun_one",
    "is_time",
    "not_figure_ranges",
]

_NOUN_POS = frozenset({"NOUN", "PROPN"})


_TIME_AFTER = frozenset({"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc", "hrs", "h"})

_NAME_LABELS = frozenset(
    {"ORG", "PERSON", "GPE", "LOC", "FAC", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"}
)

_REFERENCE_WORDS = frozenset(
    [
        "no.",
        "no",
        "number",
        "article",
        "section",
        "chapter",
        "page",
        "paragraph",
        "item",
        "room",
        "flight",
        "route",
        "highway",
        "resolution",
        "case",
        "protocol",
        "part",
        "point",
        "level",
        "grade",
        "phase",
        "stage",
        "class",
        "interstate",
    ]
)


def is_time(doc: Doc, num: Num, qual: str | None) -> bool:
    """Clock times: "10:30", "9 p.m.", "opened at 10" (but not "at 5%" or "at 10 people")."""
    tok = doc[num.start]
    if ":" in tok.text:
        return True
    nxt = doc[num.end] if num.end < len(doc) else None
    if nxt is not None and nxt.lower_ in _TIME_AFTER:
        return True
    if (
        num.unit
        or num.currency
        or (
            nxt is not None
            and (nxt.lower_ in PERCENT_WORDS or nxt.lower_ in MEASURES or nxt.pos_ in _NOUN_POS)
        )
    ):
        return False
    prev = doc[num.start - 1].lower_ if num.start > 0 else ""
    return prev == "at" and qual is None and num.value <= 24


def in_name(doc: Doc, num: Num) -> bool:
    """Numbers that are part of a name or a reference: "Article 19", "No. 5", "&# 160"."""
    tok = doc[num.start]
    plain = tok.text.replace(",", "").replace(".", "").isdigit()
    if tok.ent_type_ in _NAME_LABELS and plain and not currency_before(doc, num)[1]:
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


def not_figure_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of phone numbers (9+ digits in groups) and URLs / e-mail addresses."""
    out = [m.span() for m in _URL.finditer(text)]
    for m in _PHONE.finditer(text):
        if sum(c.isdigit() for c in m.group()) >= 9:
            out.append(m.span())
    return out


def in_dates(tok_idx: int, dates: list[tuple[int, int]]) -> bool:
    return any(s <= tok_idx < e for s, e in dates)


def is_pronoun_one(doc: Doc, num: Num) -> bool:
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


def age_before(doc: Doc, num: Num) -> bool:
    """ "aged 34", "ages 5", "the age of five"."""
    prev = [t.lower_ for t in doc[max(num.start - 2, 0) : num.start]]
    return prev[-1:] in (["aged"], ["ages"], ["age"]) or prev == ["age", "of"]


def is_person_age(doc: Doc, num: Num) -> bool:
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


def is_bare_year(doc: Doc, num: Num) -> bool:
    """ "in 2019" that the dates missed, unless it counts something ("2020 ballots")."""
    if not (num.plain_int and num.upper is None and 1800 <= num.value <= 2100):
        return False
    nxt = doc[num.end] if num.end < len(doc) else None
    return nxt is None or nxt.pos_ not in _NOUN_POS or nxt.tag_ not in ("NNS", "NNPS")
