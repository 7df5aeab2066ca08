"""The Russian gazetteer and word lists (``gazetteer.json``), keyed by dictionary forms."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.enrich.ru.morph import lemma

__all__ = ["Lexicon", "key", "lexicon", "word_key"]

GAZETTEER = Path(__file__).with_name("gazetteer.json")


def key(word: str) -> str:
    """Lower case with "ё" as "е": how dictionary forms are compared."""
    return word.lower().replace("ё", "е")


def word_key(word: str) -> str:
    """The comparable dictionary form of a word as written (abbreviations stay as written)."""
    if word.isupper() or not word.isalpha():
        return word
    return key(lemma(word))


@dataclass(frozen=True)
class Lexicon:
    """``names`` maps a tuple of word keys to ``(label, canonical)``; ``abbreviations`` maps an
    upper-case token to ``(label, canonical)``."""

    names: dict[tuple[str, ...], tuple[str, str]]
    abbreviations: dict[str, tuple[str, str]]
    longest: int
    org_descriptors: frozenset[str]
    geo_descriptors: frozenset[str]
    titles: frozenset[str]
    state_bodies: frozenset[str]


@functools.cache
def lexicon() -> Lexicon:
    """The gazetteer, loaded once."""
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    names: dict[tuple[str, ...], tuple[str, str]] = {}
    abbreviations: dict[str, tuple[str, str]] = {}
    entries = [("ORG", canon, v) for canon, vs in data["org"].items() for v in (*vs, canon)]
    entries += [("LOC", name, name) for name in data["loc"]]
    for label, canonical, variant in entries:
        words = variant.split()
        if len(words) == 1 and variant.isupper():
            abbreviations[variant] = (label, canonical)
        else:
            names[tuple(word_key(w) for w in words)] = (label, canonical)
    return Lexicon(
        names=names,
        abbreviations=abbreviations,
        longest=max(len(k) for k in names),
        org_descriptors=frozenset(key(w) for w in data["org_descriptors"]),
        geo_descriptors=frozenset(key(w) for w in data["geo_descriptors"]),
        titles=frozenset(key(w) for w in data["titles"]),
        state_bodies=frozenset(key(w) for w in data["state_bodies"]),
    )
