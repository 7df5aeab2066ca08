"""Russian figures: counted quantities, money, percentages and measures.

A figure is a number — digits ("657", "100 000", "2,5"), number words in any case
("четырех", "двадцать пять", "полутора тысяч"), a scale ("5 млн", "300 тыс.", "2 тысяч"),
a vague amount ("сотни"/"сотен" 100–1000, "десятки" 12–120, "тысячи" 1000–10000,
"миллионы") or "ни одного"/"ни одной" (0) — with

* a qualifier before it: "более" more_than, "свыше" over, "около"/"примерно"/"порядка"
  about, "почти" nearly, "не менее"/"по меньшей мере"/"как минимум" at_least, "не более"
  at_most, "менее" less_than, "до" up_to ("почти на 3 процента" too);
* a unit after it: "руб."/"рублей"/"₽" RUB, "долларов"/"$" USD, "евро"/"€" EUR, "%"/
  "процентов" percent, "лет" year, "месяцев" month, "км", "тонн" t, …; or else
* the counted noun, as written, with its adjectives and genitive complements ("уголовных
  дел", "сотрудников ГАИ", "обращений граждан").

Numbers inside dates, times ("14:30"), phone numbers, and numbers of articles, houses or
items ("статья 293", "дом номер 12") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.enrich.ru.doc import RuDoc, Token
from pipeline.enrich.ru.lexicon import key
from pipeline.enrich.ru.morph import lemma, parses
from pipeline.enrich.ru.numerals import SCALES, number_word, words_value

__all__ = ["find_figures"]

_DIGITS = re.compile(r"^\d+(?:,\d+)?$")
_TRIPLE = re.compile(r"^\d{3}(?:,\d+)?$")
_QUALIFIERS_2 = {
    ("не", "менее"): "at_least",
    ("не", "меньше"): "at_least",
    ("как", "минимум"): "at_least",
    ("не", "более"): "at_most",
    ("не", "больше"): "at_most",
    ("как", "максимум"): "at_most",
    ("меньшей", "мере"): "at_least",
    ("крайней", "мере"): "at_least",
}
_QUALIFIERS_1 = {
    "более": "more_than",
    "больше": "more_than",
    "свыше": "over",
    "около": "about",
    "примерно": "about",
    "приблизительно": "about",
    "порядка": "about",
    "почти": "nearly",
    "менее": "less_than",
    "меньше": "less_than",
    "до": "up_to",
    "минимум": "at_least",
    "максимум": "at_most",
    "ориентировочно": "about",
}
_APPROXIMATE = frozenset({"about", "nearly"})
_VAGUE = {
    "сотня": (100.0, 1000.0),
    "десяток": (12.0, 120.0),
    "десятка": (12.0, 120.0),
    "тысяча": (1000.0, 10000.0),
    "миллион": (1e6, 1e7),
}
_CURRENCY = {
    "руб": "RUB",
    "рубль": "RUB",
    "₽": "RUB",
    "доллар": "USD",
    "$": "USD",
    "евро": "EUR",
    "€": "EUR",
    "фунт": "GBP",
    "£": "GBP",
    "гривна": "UAH",
    "юань": "CNY",
    "иена": "JPY",
    "тенге": "KZT",
}
_MEASURES = {
    "%": "percent",
    "процент": "percent",
    "километр": "km",
    "км": "km",
    "килограмм": "kg",
    "кг": "kg",
    "тонна": "t",
    "т": "t",
    "год": "year",
    "лет": "year",
    "месяц": "month",
    "день": "day",
    "сутки": "day",
    "час": "hour",
    "неделя": "week",
    "метр": "m",
    "гектар": "ha",
    "га": "ha",
    "литр": "l",
    "минута": "minute",
}
_NOT_COUNTS = frozenset(
    {
        "статья",
        "ст",
        "номер",
        "№",
        "пункт",
        "п",
        "часть",
        "ч",
        "дом",
        "д",
        "глава",
        "квартира",
        "кв",
        "корпус",
        "маршрут",
        "рейс",
        "тур",
        "место",
    }
)
_NOUNISH = frozenset({"NOUN", "ADJF", "PRTF"})


@dataclass
class _Num:
    first: int  # token index of the number's first token
    last: int  # token index of its last token (scale included)
    value: float
    upper: float | None = None
    vague: bool = False


def _is_digits(t: Token) -> bool:
    return bool(_DIGITS.match(t.text))


def _digits_value(text: str) -> float:
    return float(text.replace(",", "."))


class _Scanner:
    def __init__(self, doc: RuDoc, blocked: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.blocked = blocked

    def tok(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def adjacent(self, i: int, j: int) -> bool:
        """Tokens ``i`` and ``j`` = i + 1 are separated by one space at most."""
        gap = self.doc.text[self.tokens[i].end : self.tokens[j].start]
        return gap in ("", " ", "\u00a0")

    def number_at(self, i: int) -> _Num | None:
        t = self.tokens[i]
        if _is_digits(t):
            return self._digits(i)
        w = key(t.text)
        if w == "ни" and key(self.tok(i + 1)) in ("одного", "одной", "один", "одна"):
            return _Num(i, i + 1, 0.0)
        if number_word(t.text) is not None and key(lemma(t.text)) not in _VAGUE:
            return self._words(i)
        return self._vague(i)

    def _digits(self, i: int) -> _Num | None:
        text = self.tokens[i].text
        j = i
        while _TRIPLE.match(self.tok(j + 1)) and self.adjacent(j, j + 1):
            j += 1
            text += self.tok(j)
        return self._scaled(_Num(i, j, _digits_value(text)))

    def _words(self, i: int) -> _Num | None:
        values: list[float] = []
        j = i
        while j < len(self.tokens) and self.tokens[j].text.isalpha():
            v = number_word(self.tokens[j].text)
            if v is None or (values and key(lemma(self.tok(j))) in _VAGUE and v < 1000):
                break
            values.append(v)
            j += 1
        return _Num(i, j - 1, words_value(values))

    def _scaled(self, num: _Num) -> _Num:
        j = num.last + 1
        word = key(self.tok(j))
        scale = SCALES.get(word) or SCALES.get(key(lemma(self.tok(j)))) if word.isalpha() else None
        if scale:
            num.value *= scale
            num.last = j + 1 if self.tok(j + 1) == "." and word in ("тыс",) else j
        return num

    def _vague(self, i: int) -> _Num | None:
        base = key(lemma(self.tokens[i].text))
        if base not in _VAGUE:
            return None
        plural = any(p.tag.number == "plur" for p in parses(self.tokens[i].text))
        counted = key(self.tok(i - 1)) in _QUALIFIERS_1  # "около тысячи" is one thousand
        if not plural or counted:
            if base == "тысяча" or base == "миллион":
                return _Num(i, i, SCALES[base])
            return None
        low, high = _VAGUE[base]
        nxt = key(lemma(self.tok(i + 1)))
        if nxt in ("тысяча", "миллион"):
            return _Num(i, i + 1, low * SCALES[nxt], high * SCALES[nxt], vague=True)
        return _Num(i, i, low, high, vague=True)

    def excluded(self, num: _Num) -> bool:
        start, end = self.tokens[num.first].start, self.tokens[num.last].end
        if any(s < end and start < e for s, e in self.blocked):
            return True
        before = self.doc.text[max(0, start - 1) : start]
        after = self.doc.text[end : end + 2]
        if before in (":", "-", "/", ".") or re.match(r"[:/\-.]\d", after):
            return True
        prev = key(self.tok(num.first - 1).rstrip("."))
        return prev in _NOT_COUNTS or key(lemma(prev)) in _NOT_COUNTS if prev else False

    def qualifier(self, num: _Num) -> tuple[str | None, int]:
        i = num.first
        if key(self.tok(i - 1)) == "на" and key(self.tok(i - 2)) in _QUALIFIERS_1:
            i -= 1
        pair = (key(self.tok(i - 2)), key(self.tok(i - 1)))
        if pair in _QUALIFIERS_2:
            start = i - 3 if key(self.tok(i - 3)) == "по" else i - 2
            return _QUALIFIERS_2[pair], start
        one = key(self.tok(i - 1))
        if one in _QUALIFIERS_1 and not (one == "до" and num.vague):
            return _QUALIFIERS_1[one], i - 1
        return None, num.first

    def unit(self, num: _Num) -> tuple[str | None, int]:
        j = num.last + 1
        word = self.tok(j)
        if self.tok(num.first - 1) in ("$", "€", "£"):
            return _CURRENCY[self.tok(num.first - 1)], num.last
        base = key(lemma(word)) if word.isalpha() else word
        if word in ("%", "₽", "$", "€", "£"):
            return _MEASURES.get(word) or _CURRENCY[word], j
        for table in (_CURRENCY, _MEASURES):
            found = table.get(base) or table.get(key(word))
            if found:
                return found, j
        return None, num.last

    def noun(self, num: _Num) -> tuple[str | None, int]:
        j = num.last + 1
        first = j
        while j < len(self.tokens) and self._modifier(j):
            j += 1
        if j < len(self.tokens) and self._head(j):
            j += 1
        elif j == first:
            return None, num.last
        while j < len(self.tokens) and j - first < 6 and self._genitive(j):
            j += 1
        if j == first:
            return None, num.last
        start, end = self.tokens[first].start, self.tokens[j - 1].end
        return self.doc.text[start:end], j - 1

    def _modifier(self, j: int) -> bool:
        word = self.tok(j)
        if not word.isalpha() or not word[:1].islower():
            return False
        found = parses(word)
        return bool(found) and found[0].tag.POS in ("ADJF", "PRTF") and self._nounish(j + 1)

    def _nounish(self, j: int) -> bool:
        """The most probable reading is a noun or adjective, or a reading is a genitive plural
        noun (the form a number governs: "70 сел")."""
        word = self.tok(j)
        found = parses(word) if word.isalpha() else ()
        return bool(found) and (
            found[0].tag.POS in _NOUNISH
            or any(p.tag.POS == "NOUN" and {"gent", "plur"} <= set(p.tag.grammemes) for p in found)
        )

    def _head(self, j: int) -> bool:
        word = self.tok(j)
        return word.isalpha() and word[:1].islower() and self._nounish(j)

    def _genitive(self, j: int) -> bool:
        word = self.tok(j)
        if not word.isalpha():
            return False
        if word.isupper() and len(word) > 1:
            return True
        if len(word) < 3 or parses(word)[0].tag.POS not in _NOUNISH:
            return False
        return (
            word[:1].islower()
            and any(p.tag.case == "gent" and p.tag.POS in _NOUNISH for p in parses(word)[:2])
            and any(p.tag.POS == "NOUN" for p in parses(word))
        )


def find_figures(doc: RuDoc, blocked: list[tuple[int, int]]) -> list[dict]:
    """Figures of ``doc`` as ``Figure`` dicts; ``blocked`` are spans (dates) to leave alone."""
    scanner = _Scanner(doc, blocked)
    out = []
    i = 0
    while i < len(doc.tokens):
        num = scanner.number_at(i)
        if num is None or scanner.excluded(num):
            i += 1
            continue
        figure, last = _figure(scanner, num)
        out.append(figure)
        i = max(last, num.last) + 1
    return out


def _figure(scanner: _Scanner, num: _Num) -> tuple[dict, int]:
    qualifier, first = scanner.qualifier(num)
    unit, last = scanner.unit(num)
    noun = None
    if unit is None:
        noun, last = scanner.noun(num)
    tokens = scanner.tokens
    start, end = tokens[first].start, tokens[last].end
    return {
        "text": scanner.doc.text[start:end],
        "value": num.value,
        "upper": num.upper,
        "approximate": num.vague or qualifier in _APPROXIMATE,
        "qualifier": qualifier,
        "unit": unit,
        "noun": noun,
        "start": start,
        "end": end,
    }, last
