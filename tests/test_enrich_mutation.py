"""Mutation check: switching off any one figure or date rule breaks a development case.

Every rule of the figures and dates components is a function (or a pattern) that can be
replaced by a neutral stand-in ("the rule never fires"). For each rule the development
tables are re-scored with the rule switched off; at least one case that does not come from
the seed report must go wrong, else the rule has no case backing it (add one from varied
prose, or remove the rule). The held-out tables are not used here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.enrich import (
    dates,
    figure_filters,
    figure_numbers,
    figure_ranges,
    figure_unit_words,
    figures,
)
from pipeline.enrich.figure_units import MEASURES

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
SEED = (FIXTURES / "belarus_clean.txt").read_text(encoding="utf-8")
FIGURE_MODULES = (figures, figure_numbers, figure_filters, figure_ranges, figure_unit_words)
PUBLISHED = "2020-11-05T10:00:00Z"


def _shingles(text: str, k: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


_SEED_SHINGLES = _shingles(SEED)


def _from_seed(text: str) -> bool:
    return bool(_shingles(text) & _SEED_SHINGLES)


def _no_glued_currency(doc: Doc, i: int, pre: str) -> tuple[int, str | None]:
    if pre:
        raise KeyError(pre)
    return i, None


def _no_glued_suffix(doc: Doc, i: int, suf: str, currency: str | None) -> tuple[float, None]:
    if suf:
        raise KeyError(suf)
    return 1.0, None


#: (rule, stand-in) — the stand-in is what the code does with the rule switched off.
FIGURE_RULES: list[tuple[str, Callable[..., Any]]] = [
    ("_parse_negated_zero", lambda doc, i: None),
    ("_parse_vague", lambda doc, i: None),
    ("_parse_fraction_words", lambda doc, i: None),
    ("_parse_words", lambda doc, i: None),
    ("_glued_currency", _no_glued_currency),
    ("_glued_suffix", _no_glued_suffix),
    ("_scale_after", lambda doc, j, currency: j),
    ("_mixed_fraction", lambda doc, j, value, bare: (j, value)),
    ("currency_before", lambda doc, num: (num.start, num.currency)),
    ("_after_word_unit", lambda doc, num, found: (found[0], found[1])),
    ("compound_unit", lambda doc, unit, j: (unit, j)),
    ("_phrase_unit", lambda doc, j: None),
    ("_pound_unit", lambda doc, j: "GBP"),
    ("_hyphen_unit", lambda doc, j: (MEASURES[doc[j].lower_], j + 1)),
    ("is_time", lambda doc, num, qual: False),
    ("in_name", lambda doc, num: False),
    ("not_figure_ranges", lambda text: []),
    ("in_dates", lambda idx, ranges: False),
    ("is_pronoun_one", lambda doc, num: False),
    ("is_bare_year", lambda doc, num: False),
    ("age_before", lambda doc, num: False),
    ("is_person_age", lambda doc, num: False),
    ("extend_ratio", lambda doc, num, dates: None),
    ("_same_unit_range", lambda doc, num, lead: False),
    ("_plain_range", lambda doc, num, other, lead: False),
    ("_unit_range", lambda num, other, lead, doc: False),
    ("_qualifier", lambda doc, start: (start, None)),
    ("_negate_after_minus", lambda doc, num, start: start),
    ("_of_complement", lambda doc, end: end),
    ("_counted_noun", lambda doc, num, j, unit, dates: (None, j)),
]


@contextmanager
def _switched_off(modules: tuple[ModuleType, ...], name: str, stub: Any) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        hits = [m for m in modules if hasattr(m, name)]
        assert hits, f"no rule named {name}"
        for module in hits:
            mp.setattr(module, name, stub)
        yield


def _figure_rows() -> list[tuple[str, list[str]]]:
    rows = []
    for name in ("figures_cases.txt", "figures_news_dev.txt"):
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                text, *fields = (p.strip() for p in line.split(" | "))
                if not _from_seed(text):
                    rows.append((text, fields))
    return rows


def _figure_ok(found: list[dict], fields: list[str]) -> bool:
    if fields == ["NONE"]:
        return not found
    value, upper, approx, qualifier, unit, noun = fields
    hits = [f for f in found if f["value"] == pytest.approx(float(value), rel=1e-3)]
    if len(hits) != 1:
        return False
    f = hits[0]
    want_upper = None if upper == "-" else float(upper)
    return (
        (f["upper"] is None) == (want_upper is None)
        and (want_upper is None or f["upper"] == pytest.approx(want_upper))
        and (f["approximate"], f["qualifier"], f["unit"], f["noun"])
        == (
            approx == "y",
            None if qualifier == "-" else qualifier,
            None if unit == "-" else unit,
            None if noun == "-" else noun,
        )
    )


@pytest.fixture(scope="module")
def figure_docs(nlp: Language) -> list[tuple[Doc, list[str]]]:
    rows = _figure_rows()
    made = []
    for text, _ in rows:
        doc = nlp.make_doc(text)
        doc._.published_at = PUBLISHED
        made.append(doc)
    return [(doc, fields) for doc, (_, fields) in zip(nlp.pipe(made), rows, strict=True)]


def _figure_score(docs: list[tuple[Doc, list[str]]]) -> list[bool]:
    out = []
    for doc, fields in docs:
        ranges = [(d["start"], d["end"]) for d in doc._.dates or []]
        out.append(_figure_ok(figures.find_figures(doc, ranges), fields))
    return out


def test_figure_tables_are_not_the_seed(figure_docs: list) -> None:
    assert len(figure_docs) >= 250


@pytest.mark.parametrize(("name", "stub"), FIGURE_RULES, ids=[r[0] for r in FIGURE_RULES])
def test_every_figure_rule_has_a_case(figure_docs: list, name: str, stub: Any) -> None:
    base = _figure_score(figure_docs)
    with _switched_off(FIGURE_MODULES, name, stub):
        mutated = _figure_score(figure_docs)
    broken = [
        doc.text for (doc, _), b, m in zip(figure_docs, base, mutated, strict=True) if b and not m
    ]
    assert broken, f"switching off {name} breaks no development case"


# -- dates -------------------------------------------------------------------------------------


def _date_rows() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in (FIXTURES / "dates_cases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pub, text, expect = (part.strip() for part in line.split(" | "))
            rows.append((f"{pub}T10:00:00Z", text, [] if expect == "-" else expect.split(",")))
    with (FIXTURES / "news_dates.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            expect = case.get("expect_dates", [case.get("expect")])
            rows.append((PUBLISHED, case["text"], expect))
    return [r for r in rows if not _from_seed(r[1])]


def _date_ok(values: list[str], expected: list[str]) -> bool:
    if len(values) != len(expected):
        return False

    def hit(value: str, exp: str) -> bool:
        if ".." in exp:
            low, high = exp.split("..")
            return len(value) == len(low) and low <= value <= high
        return value == exp

    left = list(values)
    for exp in expected:
        found = next((v for v in left if hit(v, exp)), None)
        if found is None:
            return False
        left.remove(found)
    return True


@pytest.fixture(scope="module")
def date_docs(nlp: Language) -> list[tuple[Doc, str, list[str]]]:
    rows = _date_rows()
    made = []
    for pub, text, _ in rows:
        doc = nlp.make_doc(text)
        doc._.published_at = pub
        made.append(doc)
    piped = nlp.pipe(made)
    return [(doc, pub, exp) for doc, (pub, _, exp) in zip(piped, rows, strict=True)]


@pytest.fixture(scope="module")
def date_docs_patterns_only(date_docs: list) -> list[tuple[Doc, str, list[str]]]:
    """The same docs with the model's DATE/TIME entities removed: the patterns alone."""
    out = []
    for doc, pub, expected in date_docs:
        bare = doc.copy()
        bare.ents = [e for e in bare.ents if e.label_ not in ("DATE", "TIME")]
        out.append((bare, pub, expected))
    return out


def _clean_text(text: str) -> bool:
    """A mention is the date itself: no leading "on"/"in" (but "in two weeks"), no trailing
    comma."""
    first = text.split()[0].lower()
    lead_ok = first not in dates._LEADING_WORDS or bool(dates._IN_FUTURE.match(text))
    return lead_ok and text[-1] not in ",;:)"


def _date_score(docs: list[tuple[Doc, str, list[str]]]) -> list[bool]:
    out = []
    for doc, pub, expected in docs:
        found = dates.find_dates(doc, dates.parse_published_at(pub))
        ok = _date_ok([d["value"] for d in found if d["value"]], expected)
        out.append(ok and all(_clean_text(d["text"]) for d in found))
    return out


_NEVER = re.compile(r"(?!x)x")
_year_for = dates._year_for
DATE_RULES: list[tuple[str, Any]] = [
    ("_NOT_DATE", _NEVER),
    ("_DURATION", _NEVER),
    ("_YEAR_RANGE", _NEVER),
    ("_ambiguous_month_ok", lambda span: True),
    ("_strip_span", lambda span: span),
    ("_future_by_auxiliary", lambda tok: False),
    ("_future_by_aspect", lambda span, tok, auxes: False),
    ("clause_tense", lambda span: None),
    ("_year_for", lambda month, day, base, tense: _year_for(month, day, base, None)),
    *[(f"NORMALIZERS[{i}]", i) for i in range(len(dates.NORMALIZERS))],
    *[(f"_RULES[{i}]", i) for i in range(len(dates._RULES))],
]


@pytest.mark.parametrize(("name", "stub"), DATE_RULES, ids=[r[0] for r in DATE_RULES])
def test_every_date_rule_has_a_case(
    date_docs: list, date_docs_patterns_only: list, name: str, stub: Any
) -> None:
    """Patterns (``_RULES``) back up the model's DATE entities: each is checked on the texts
    with those entities removed, so each pattern must find some date by itself."""
    if name.startswith("_RULES"):
        date_docs = date_docs_patterns_only
    base = _date_score(date_docs)
    with pytest.MonkeyPatch.context() as mp:
        if "[" in name:  # one entry of a rule list: drop it
            attr = name.split("[")[0]
            rules = list(getattr(dates, attr))
            del rules[stub]
            mp.setattr(dates, attr, rules)
        else:
            mp.setattr(dates, name, stub)
        mutated = _date_score(date_docs)
    broken = [
        d.text for (d, _, _), b, m in zip(date_docs, base, mutated, strict=True) if b and not m
    ]
    assert broken, f"switching off {name} breaks no development case"
