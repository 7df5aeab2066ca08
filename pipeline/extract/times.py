"""Page dates → ISO 8601 UTC (``YYYY-MM-DDTHH:MM:SSZ``).

``datetime.fromisoformat`` reads the machine-written dates (JSON-LD, meta tags, ``<time>``);
``dateparser`` is the fallback for what people write ("April 28, 2024 3:00 PM EDT").
A time without a zone is taken as UTC; a date without a time is midnight UTC.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime

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


def _from_dateparser(text: str) -> datetime | None:
    if not re.search(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]{3}|\d{1,4}[./-]\d{1,2}", text):
        return None
    import dateparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation noise
        try:
            parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)  # type: ignore[arg-type]
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
