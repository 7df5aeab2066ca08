"""Russian morphology for the rules: cached pymorphy3 parses, case agreement, nominative forms.

One :class:`pymorphy3.MorphAnalyzer` is built lazily and shared (it loads the dictionaries
shipped in the ``pymorphy3-dicts-ru`` wheel). Every lookup is cached per word form, so the
rules cost a dictionary lookup per distinct word of an article.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["CASES", "analyzer", "cases_of", "inflect_phrase", "is_name_part", "lemma", "parses"]

#: Case tags in the order a tie is broken (nominative first).
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "gen2", "loc2", "acc2", "voct")


@functools.cache
def analyzer() -> Any:
    """The shared ``pymorphy3.MorphAnalyzer``."""
    import pymorphy3  # type: ignore[import-untyped]

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=200_000)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's parses of ``word`` (lower-cased), most probable first."""
    return tuple(analyzer().parse(word.lower()))


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of ``word``'s most probable parse (lower case)."""
    found = parses(word)
    return str(found[0].normal_form) if found else word.lower()


def cases_of(word: str, pos: frozenset[str] | None = None) -> set[str]:
    """The cases ``word`` can be in (restricted to parses whose POS is in ``pos``)."""
    return {
        str(p.tag.case) for p in parses(word) if p.tag.case and (pos is None or p.tag.POS in pos)
    }


@functools.lru_cache(maxsize=50_000)
def is_name_part(word: str) -> bool:
    """Whether a parse of ``word`` is a first name, surname or patronymic."""
    return any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses(word))


def _nominative(word: str, case: str, gender: str | None, prefer: frozenset[str]) -> str:
    """``word`` (in ``case``) put in the nominative singular, its capitalization kept."""
    candidates = [p for p in parses(word) if p.tag.case == case]
    if gender:
        candidates = [p for p in candidates if p.tag.gender in (gender, None)] or candidates
    preferred = [p for p in candidates if prefer & set(p.tag.grammemes)]
    for p in preferred or candidates:
        target = {"nomn"} if p.tag.number != "sing" or "Pltm" in p.tag else {"nomn", "sing"}
        form = p.inflect(target)
        if form is not None:
            return _recase(word, str(form.word))
    return word


def _recase(original: str, form: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _common_case(words: list[str], pos: frozenset[str] | None) -> str | None:
    common: set[str] | None = None
    for w in words:
        found = cases_of(w, pos)
        if not found:  # indeclinable or unknown: agrees with anything
            continue
        common = found if common is None else common & found
    if not common:
        return None
    return next(c for c in CASES if c in common)


def _gender(words: list[str]) -> str | None:
    genders: set[str] | None = None
    for w in words:
        found = {str(p.tag.gender) for p in parses(w) if p.tag.gender and p.tag.case}
        if found:
            genders = found if genders is None else (genders & found) or genders
    if genders and len(genders) == 1:
        return next(iter(genders))
    return None


_AGREEING = frozenset({"NOUN", "ADJF", "PRTF", "NUMR"})
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_GEO_TAGS = frozenset({"Geox", "Orgn"})


def inflect_phrase(words: list[str], kind: str) -> list[str]:
    """The words of a name put in the nominative: the agreeing head group only.

    ``kind`` is ``"PER"`` (every word is a name part: "Марии Стразерс" → "Мария Стразерс"),
    or ``"LOC"``/``"ORG"``: leading adjectives and the first noun agree and are inflected,
    the words after the head keep their form ("Генеральной прокуратуры Беларуси" →
    "Генеральная прокуратура Беларуси"). Quoted names and Latin words are left as written.
    """
    if not words:
        return words
    if kind == "PER":
        group = list(range(len(words)))
        prefer = _NAME_TAGS
    else:
        group = _head_group(words)
        prefer = _GEO_TAGS
    if not group:
        return words
    chosen = [words[i] for i in group if _cyrillic(words[i])]
    if not chosen:
        return words
    case = _common_case(chosen, None if kind == "PER" else _AGREEING)
    if case is None or case == "nomn":
        return words
    gender = _gender(chosen) if kind == "PER" else None
    out = list(words)
    for i in group:
        if _cyrillic(words[i]):
            out[i] = _nominative(words[i], case, gender, prefer)
    return out


def _cyrillic(word: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in word)


def _head_group(words: list[str]) -> list[int]:
    """Indices of the leading adjectives and the first noun (the part that agrees)."""
    group: list[int] = []
    for i, w in enumerate(words):
        if not _cyrillic(w) or w == "-":
            break
        pos = {p.tag.POS for p in parses(w)}
        group.append(i)
        if pos & {"NOUN"} or not pos & {"ADJF", "PRTF"}:
            break
    return group
