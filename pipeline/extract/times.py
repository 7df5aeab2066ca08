"""Page dates → ISO 8601 UTC (``YYYY-MM-DDTHH:MM:SSZ``).

``datetime.fromisoformat`` reads the machine-written dates (JSON-LD, meta tags, ``<time>``),
a small reader the common English forms people write ("April 28, 2024 3:00 PM EDT",
"Mon, 18 Nov 2019 10:15 GMT", "28.04.2024 10:15"), and ``dateparser`` the rest (other
languages, odd orders). A time without a zone is taken as UTC; a date without a time is
midnight UTC; US zone names (``EDT``, ``ET``, ``PT``…) and a few others are known.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.clock import MONTH_NUMBERS

__all__ = ["to_utc_iso"]

_SPACE_BEFORE_OFFSET = re.compile(r"\s+([+-]\d{2}:?\d{2}|Z)$")
_OFFSET_NO_COLON = re.compile(r"([+-])(\d{2})(\d{2})$")
_UTC_SUFFIX = re.compile(r"\s*(?:UTC|GMT)$", re.I)
_YEAR_RANGE = range(1900, 2101)
_DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DAY_OF_MONTH": "first",
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # no "2 hours ago"
}
_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|updated|last\s+updated|posted|modified|date|on)\b\s*(?:on\b)?[:\s]*",
    re.I,
)


def to_utc_iso(value: str | None) -> str | None:
    """``value`` as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, or None when it is not a date.

    >>> to_utc_iso("2024-04-28T03:00:00-04:00")
    '2024-04-28T07:00:00Z'
    """
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > 80 or not re.search(r"\d", text):
        return None
    text = _LABEL.sub("", text) or text
    parsed = _from_iso(text)
    if parsed is None:
        parsed = _from_words(text)
    if parsed is None:
        parsed = _from_dateparser(text)
    if parsed is None or parsed.year not in _YEAR_RANGE:
        return None
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _from_iso(text: str) -> datetime | None:
    candidate = _UTC_SUFFIX.sub("Z", text)
    candidate = _SPACE_BEFORE_OFFSET.sub(r"\1", candidate)
    if "T" in candidate or " " in candidate:
        candidate = _OFFSET_NO_COLON.sub(r"\1\2:\3", candidate)
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        try:
            day = date.fromisoformat(candidate)
        except ValueError:
            return None
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


_MONTHS = MONTH_NUMBERS
_TIME = (
    r"(?:\s*(?:,|at|-|–|\|)?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*\(?(?P<zone>[a-z]{1,5}|[+-]\d{2}:?\d{2})\)?)?)?"
)
_NUMERIC_FORMS = (
    # 28.04.2024 10:15 (day first, as Europe writes it with dots)
    re.compile(rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}}){_TIME}$", re.I),
    # 2024/04/28 10:15
    re.compile(rf"^(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_TIME}$", re.I),
)
#: One token of a written date: a time, a number, a word, a UTC offset, or punctuation.
_TOKEN = re.compile(
    r"\s*(?:(?P<time>\d{1,2}:\d{2}(?::\d{2})?)|(?P<num>\d{1,4})(?:st|nd|rd|th)?\b"
    r"|(?P<ampm>[ap]\.m\.|[ap]m\b)|(?P<word>[a-z]+)\.?|(?P<offset>[+-]\d{2}:?\d{2})"
    r"|[,|/()@–—-])",
    re.I,
)
_WEEKDAYS = frozenset(
    {"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
     "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"}
)  # fmt: skip
_FILLER = frozenset({"at", "on", "of", "the", "de", "t"})
_FIXED_ZONES: dict[str, float] = {
    "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
    "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10, "bst": 1, "cet": 1,
    "cest": 2, "eet": 2, "eest": 3, "wet": 0, "west": 1, "msk": 3, "jst": 9, "kst": 9,
    "aest": 10, "aedt": 11, "ist": 5.5, "sgt": 8, "hkt": 8, "wib": 7,
}  # fmt: skip
_REGION_ZONES = {
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles",
}  # fmt: skip


def _from_words(text: str) -> datetime | None:
    """The common written forms, without dateparser (slow to start, and multilingual):
    "April 28, 2024 3:00 PM EDT", "Tue Nov 19 2019 03:05:46 GMT+0000", "28.04.2024 10:15".
    Any word that is not an English month, weekday, filler or known zone gives None."""
    for form in _NUMERIC_FORMS:
        m = form.match(text)
        if m:
            return _build(
                m.group("year"), int(m.group("month")), m.group("day"), m.group("hour"),
                m.group("minute"), m.group("second"), m.group("ampm"), m.group("zone"),
            )  # fmt: skip
    year = month = day = hour = minute = second = ampm = zone = None
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            return None if text[pos:].strip() else _done(year, month, day, hour, minute,
                                                         second, ampm, zone)  # fmt: skip
        pos = m.end()
        if m.group("time"):
            if hour is not None:
                return None
            hour, minute, *rest = m.group("time").split(":")
            second = rest[0] if rest else None
        elif m.group("num"):
            number = m.group("num")
            if len(number) == 4 and year is None:
                year = number
            elif len(number) <= 2 and day is None:
                day = number
            else:
                return None
        elif m.group("ampm"):
            ampm = m.group("ampm")
        elif m.group("word"):
            word = m.group("word").lower()
            if word in _MONTHS and month is None:
                month = _MONTHS[word]
            elif word in _FIXED_ZONES or word in _REGION_ZONES:
                zone = zone or word
            elif word not in _WEEKDAYS and word not in _FILLER:
                return None  # another language or a phrase: leave it to dateparser
        elif m.group("offset"):
            zone = m.group("offset")
    return _done(year, month, day, hour, minute, second, ampm, zone)


def _done(
    year: str | None, month: int | None, day: str | None, hour: str | None,
    minute: str | None, second: str | None, ampm: str | None, zone: str | None,
) -> datetime | None:  # fmt: skip
    if year is None or month is None or day is None:
        return None
    return _build(year, month, day, hour, minute, second, ampm, zone)


def _build(
    year: str, month: int, day: str, hour: str | None, minute: str | None,
    second: str | None, ampm: str | None, zone: str | None,
) -> datetime | None:  # fmt: skip
    h = int(hour or 0)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
    try:
        naive = datetime(int(year), month, int(day), h, int(minute or 0), int(second or 0))
    except ValueError:
        return None
    return _zoned(naive, zone)


def _zoned(naive: datetime, zone: str | None) -> datetime | None:
    if not zone:
        return naive.replace(tzinfo=UTC)
    name = zone.lower()
    if name in _FIXED_ZONES:
        return naive.replace(tzinfo=timezone(timedelta(hours=_FIXED_ZONES[name])))
    if name in _REGION_ZONES:
        try:
            return naive.replace(tzinfo=ZoneInfo(_REGION_ZONES[name]))
        except ZoneInfoNotFoundError:
            return None
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", zone)
    if m:
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
        return naive.replace(tzinfo=timezone(-delta if m.group(1) == "-" else delta))
    return None  # a zone we do not know: let dateparser try


def _from_dateparser(text: str) -> datetime | None:
    if not re.search(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]{3}|\d{1,4}[./-]\d{1,2}", text):
        return None
    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation noise
        try:
            parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
