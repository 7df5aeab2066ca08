"""Russian dates, normalized like the English ones (``DateMention`` values).

Absolute: "28 октября 2020 года" → 2020-10-28, "в августе 2020 года" → 2020-08, "12.05.2018",
"в 2015 году" → 2015, "летом 2019 года" → 2019-summer, "в 1990-х годах" → 1990s, day ranges
("с 10 по 14 августа" → both days). A four-digit number is a year only with "год"/"г." or a
month; other numbers never make a date.

Relative, against ``published_at``: "сегодня", "вчера", "позавчера", "завтра", "три дня
назад", "через две недели", "на прошлой/следующей неделе" (seven days back/on), "в
прошлом/этом/следующем году/месяце", weekdays ("в прошлый вторник", "в понедельник").

A day, month or weekday without a year takes the year (week) the clause's tense points to:
a past verb or past participle → the last one on or before publication, a future verb
("встретятся", "будет") → the next one, otherwise the nearest.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from pipeline.enrich.ru.lexicon import key
from pipeline.enrich.ru.morph import parses
from pipeline.enrich.ru.numerals import number_word

__all__ = ["find_dates"]

_MONTH_RE = (
    r"(?P<month>январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|"
    r"августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
_MONTHS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_YEAR_TAIL = r"(?:\s+(?P<year>\d{4})(?:\s*(?:года|году|год|г\.))?)?"
_PHASE = r"(?:(?:в|на)\s+)?(?:(?:начале|середине|середину|конце|конец|начало)\s+)?"
_DAY_RANGE = re.compile(
    rf"\b(?:[сc]\s+)?(?P<d1>\d{{1,2}})\s*(?:[–—-]|\s(?:по|до)\s)\s*(?P<d2>\d{{1,2}})\s+"
    rf"{_MONTH_RE}\b{_YEAR_TAIL}",
    re.I,
)
_DAY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH_RE}\b{_YEAR_TAIL}", re.I)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})\b")
_MONTH_ONLY = re.compile(rf"\b{_PHASE}{_MONTH_RE}\b{_YEAR_TAIL}", re.I)
_SEASON = re.compile(
    r"\b(?P<season>летом|зимой|весной|осенью|лет[оа]|зим[аы]|весн[аы]|осен[ьи])\s+"
    r"(?P<year>\d{4})(?:\s*(?:года|г\.))?",
    re.I,
)
_SEASONS = {"лет": "summer", "зим": "winter", "вес": "spring", "осе": "autumn"}
_DECADE = re.compile(
    r"\b(?P<year>1\d|20)(?P<dec>\d)0-(?:х|е|ых|ые)(?:\s+(?:годах|годов|годы|гг\.))?", re.I
)
_YEAR = re.compile(r"\b(?P<year>\d{4})(?:-м)?\s*(?:году|года|год|г\.|гг\.)", re.I)
_DEICTIC = re.compile(r"\b(?P<word>сегодня|вчера|позавчера|завтра|послезавтра)\b", re.I)
_DEICTIC_DAYS = {"сегодня": 0, "вчера": -1, "позавчера": -2, "завтра": 1, "послезавтра": 2}
_AGO = re.compile(
    r"\b(?:(?P<through>через)\s+)?(?:(?P<n>\d+|[а-яё]+)\s+)?(?P<unit>дн[еяи]й?|день|недел[юиь]|"
    r"месяц(?:а|ев)?|год(?:а)?|лет)(?(through)|\s+(?P<ago>назад|тому\s+назад))\b",
    re.I,
)
_WEEK = re.compile(r"\bна\s+(?P<which>прошлой|следующей|будущей|этой|текущей)\s+неделе\b", re.I)
_REL_PERIOD = re.compile(
    r"\bв\s+(?P<which>прошлом|этом|текущем|следующем|будущем)\s+(?P<unit>году|месяце)\b", re.I
)
_WEEKDAY = re.compile(
    r"\b(?:в|во)\s+(?:(?P<which>прошл\w+|следующ\w+|будущ\w+|эт\w+)\s+)?"
    r"(?P<day>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b",
    re.I,
)
_WEEKDAYS = ("пон", "вто", "сре", "чет", "пят", "суб", "вос")
_WHICH = {"прошл": -1, "следу": 1, "будущ": 1, "эт": 0, "теку": 0}

Found = tuple[int, int, str | None, str | None]  # start, end, value, granularity


def _month(word: str) -> int | None:
    w = key(word)
    for i, prefix in enumerate(_MONTHS):
        if w.startswith(prefix) and not (prefix == "ма" and w.startswith("мар")):
            return i + 1
    return None


def _base(published_at: str | None) -> date | None:
    if not published_at:
        return None
    try:
        return datetime.fromisoformat(published_at.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _tense(text: str, start: int, end: int) -> int:
    """-1 past, 1 future, 0 neither: the verbs of the clause around ``[start, end)``."""
    left = max(text.rfind(c, 0, start) for c in ",;:—.!?\n")
    rights = [i for i in (text.find(c, end) for c in ",;:—.!?\n") if i >= 0]
    right = min(rights) if rights else len(text)
    tense = _clause_tense(text[left + 1 : right])
    return tense


def _clause_tense(clause: str) -> int:
    past = future = False
    for word in re.findall(r"[а-яё]+", clause.lower()):
        if word in ("будет", "будут", "буду", "будем", "будете"):
            future = True
            continue
        p = parses(word)[0] if parses(word) else None
        if p is None:
            continue
        if p.tag.POS == "VERB":
            past |= p.tag.tense == "past"
            future |= p.tag.tense == "futr"
        elif p.tag.POS == "PRTF" and p.tag.tense == "past" and "actv" in p.tag:
            past = True
    if past == future:
        return 0
    return -1 if past else 1


def _year_for(month: int, day: int | None, base: date, tense: int) -> int:
    target = (month, day or 0)
    now = (base.month, base.day if day else 0)
    if tense < 0:
        return base.year if target <= now else base.year - 1
    if tense > 0:
        return base.year if target >= now else base.year + 1
    delta = (month - base.month) * 30 + ((day or 15) - base.day)
    if delta > 183:
        return base.year - 1
    if delta < -183:
        return base.year + 1
    return base.year


def _safe_day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


class _Finder:
    """Collects non-overlapping date spans, longest patterns first."""

    def __init__(self, text: str, base: date | None) -> None:
        self.text = text
        self.base = base
        self.found: list[Found] = []

    def free(self, start: int, end: int) -> bool:
        return all(e <= start or end <= s for s, e, _, _ in self.found)

    def add(self, start: int, end: int, value: str | None, gran: str | None) -> None:
        if self.free(start, end):
            self.found.append((start, end, value, gran))

    def year(self, m: re.Match[str], month: int, day: int | None) -> int | None:
        if m.group("year"):
            return int(m.group("year"))
        if self.base is None:
            return None
        return _year_for(month, day, self.base, _tense(self.text, m.start(), m.end()))

    def ranges(self) -> None:
        for m in _DAY_RANGE.finditer(self.text):
            month = _month(m.group("month"))
            if month is None:
                continue
            year = self.year(m, month, int(m.group("d1")))
            first = _safe_day(year, month, int(m.group("d1"))) if year else None
            second = _safe_day(year, month, int(m.group("d2"))) if year else None
            self.add(m.start("d1"), m.end("d1"), first, "day")
            self.add(m.start("d2"), m.end(), second, "day")

    def days(self) -> None:
        for m in _DAY.finditer(self.text):
            month = _month(m.group("month"))
            if month:
                year = self.year(m, month, int(m.group("day")))
                value = _safe_day(year, month, int(m.group("day"))) if year else None
                self.add(m.start(), m.end(), value, "day")
        for m in _NUMERIC.finditer(self.text):
            value = _safe_day(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
            if value:
                self.add(m.start(), m.end(), value, "day")

    def months(self) -> None:
        for m in _MONTH_ONLY.finditer(self.text):
            month = _month(m.group("month"))
            if month is None or (m.group("month")[0].isupper() and not m.group("year")):
                continue  # "Марта" alone is a name
            year = self.year(m, month, None)
            phase = re.match(r"(?:(?:в|на)\s+)?", m.group(0), re.I)
            start = m.start() + (phase.end() if phase else 0)
            self.add(start, m.end(), f"{year:04d}-{month:02d}" if year else None, "month")

    def coarse(self) -> None:
        for m in _SEASON.finditer(self.text):
            season = _SEASONS[key(m.group("season"))[:3]]
            self.add(m.start(), m.end(), f"{m.group('year')}-{season}", "season")
        for m in _DECADE.finditer(self.text):
            self.add(m.start(), m.end(), f"{m.group('year')}{m.group('dec')}0s", "decade")
        for m in _YEAR.finditer(self.text):
            self.add(m.start(), m.end(), m.group("year"), "year")

    def relative(self) -> None:
        base = self.base
        for m in _DEICTIC.finditer(self.text):
            days = _DEICTIC_DAYS[key(m.group("word"))]
            self.add(m.start(), m.end(), _shift(base, days), "day" if base else None)
        for m in _AGO.finditer(self.text):
            self._ago(m)
        for m in _WEEK.finditer(self.text):
            step = _which(m.group("which"))
            self.add(m.start(), m.end(), _shift(base, 7 * step), "day" if base else None)
        for m in _REL_PERIOD.finditer(self.text):
            self._period(m)
        for m in _WEEKDAY.finditer(self.text):
            self._weekday(m)

    def _ago(self, m: re.Match[str]) -> None:
        n = m.group("n")
        count = float(n) if n and n.isdigit() else (number_word(n) if n else 1.0)
        if count is None:
            return
        sign = 1 if m.group("through") else -1
        unit = key(m.group("unit"))[:3]
        days = {"дне": 1, "дня": 1, "ден": 1, "дни": 1, "нед": 7, "мес": 30, "год": 365, "лет": 365}
        if self.base is None:
            self.add(m.start(), m.end(), None, None)
            return
        shifted = self.base + timedelta(days=sign * count * days.get(unit, 1))
        if unit in ("год", "лет"):
            self.add(m.start(), m.end(), str(self.base.year + sign * int(count)), "year")
        elif unit == "мес":
            day = _safe_day(*_add_months(self.base, sign * int(count)))
            self.add(m.start(), m.end(), day, "day")
        else:
            self.add(m.start(), m.end(), shifted.isoformat(), "day")

    def _period(self, m: re.Match[str]) -> None:
        step = _which(m.group("which"))
        if self.base is None:
            self.add(m.start(), m.end(), None, None)
        elif key(m.group("unit")).startswith("год"):
            self.add(m.start(), m.end(), str(self.base.year + step), "year")
        else:
            y, mo, _ = _add_months(self.base, step)
            self.add(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month")

    def _weekday(self, m: re.Match[str]) -> None:
        if self.base is None:
            self.add(m.start(), m.end(), None, None)
            return
        target = _WEEKDAYS.index(key(m.group("day"))[:3])
        which = m.group("which")
        step = _which(which) if which else _tense(self.text, m.start(), m.end())
        delta = target - self.base.weekday()
        if step < 0:
            delta = delta - 7 if delta >= 0 else delta
        elif step > 0:
            delta = delta + 7 if delta <= 0 else delta
        else:
            delta = delta if abs(delta) <= 3 else (delta - 7 if delta > 0 else delta + 7)
        self.add(m.start(), m.end(), (self.base + timedelta(days=delta)).isoformat(), "day")


def _which(word: str) -> int:
    w = key(word)
    return next((v for k, v in _WHICH.items() if w.startswith(k)), 0)


def _shift(base: date | None, days: int) -> str | None:
    return (base + timedelta(days=days)).isoformat() if base else None


def _add_months(base: date, months: int) -> tuple[int, int, int]:
    index = base.year * 12 + base.month - 1 + months
    return index // 12, index % 12 + 1, min(base.day, 28)


def find_dates(text: str, published_at: str | None) -> list[dict]:
    """Date mentions of ``text`` as ``DateMention`` dicts, in text order."""
    finder = _Finder(text, _base(published_at))
    finder.ranges()
    finder.days()
    finder.months()
    finder.coarse()
    finder.relative()
    return [
        {"text": text[s:e], "value": v, "granularity": g if v else None, "start": s, "end": e}
        for s, e, v, g in sorted(finder.found)
    ]
