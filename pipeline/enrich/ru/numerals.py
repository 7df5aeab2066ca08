"""Russian numbers written in words, in any case: "четырех" → 4, "двадцать пять" → 25,
"полторы тысячи" → 1500, "полумиллиона" → 500000."""

from __future__ import annotations

from pipeline.enrich.ru.lexicon import key
from pipeline.enrich.ru.morph import lemma, parses

__all__ = ["SCALES", "number_word", "words_value"]

_UNITS = {
    "ноль": 0,
    "один": 1,
    "одна": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
    "полтора": 1.5,
    "полторы": 1.5,
    "двое": 2,
    "трое": 3,
    "четверо": 4,
    "пятеро": 5,
    "шестеро": 6,
    "семеро": 7,
    "восьмеро": 8,
    "девятеро": 9,
    "десятеро": 10,
    "оба": 2,
    "обе": 2,
}
#: Scale words (dictionary forms) and abbreviations.
SCALES = {
    "тысяча": 1e3,
    "тыс": 1e3,
    "миллион": 1e6,
    "млн": 1e6,
    "миллиард": 1e9,
    "млрд": 1e9,
    "триллион": 1e12,
    "трлн": 1e12,
}
_HALF_SCALES = {
    "полтысячи": 500.0,
    "полмиллиона": 5e5,
    "полумиллиона": 5e5,
    "полмиллиарда": 5e8,
    "полумиллиарда": 5e8,
}


#: The first three letters of every number word in any case: other words are not looked up.
_PREFIXES = frozenset(
    w[:3]
    for w in (
        *_UNITS,
        *SCALES,
        *_HALF_SCALES,
        "одного",
        "одной",
        "одним",
        "одному",
        "двух",
        "двум",
        "трех",
        "трём",
        "четырех",
        "ста",
        "полутора",
        "тысяч",
    )
)


def number_word(word: str) -> float | None:
    """The value of one number word in any case ("четырех" → 4), a scale word ("тысяч" →
    1000), else None. Ordinals ("третий") are not numbers."""
    w = key(word)
    if w[:3] not in _PREFIXES:
        return None
    if w in _HALF_SCALES:
        return _HALF_SCALES[w]
    if w in SCALES:
        return SCALES[w]
    if w in _UNITS:
        return float(_UNITS[w])
    for p in parses(word):
        if key(p.normal_form) == "один" and p.tag.POS in ("NUMR", "ADJF"):
            return 1.0
        if p.tag.POS == "NUMR" or (p.tag.POS == "NOUN" and key(p.normal_form) in SCALES):
            base = key(p.normal_form)
            if base in _UNITS:
                return float(_UNITS[base])
            if base in SCALES:
                return SCALES[base]
    if key(lemma(word)) in ("полтора", "полторы") or w == "полутора":
        return 1.5
    return None


def words_value(values: list[float]) -> float:
    """Combine consecutive number-word values: [20, 5] → 25, [4, 1000] → 4000,
    [1.5, 1000] → 1500, [120, 1000, 300] → 120300."""
    total = 0.0
    current = 0.0
    for v in values:
        if v >= 1000 and v in SCALES.values():
            total += (current or 1) * v
            current = 0.0
        else:
            current += v
    return total + current
