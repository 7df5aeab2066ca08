"""Timestamps as newsmill writes them: ISO 8601 UTC with ``Z`` (the record, the manifests).

One place reads and writes them: :func:`utc_now`, :func:`iso_z` and :func:`to_utc`.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso_z", "to_utc", "utc_now"]


def utc_now() -> str:
    """The current time, ISO 8601 UTC with ``Z``, to the second."""
    return iso_z(datetime.now(UTC))


def iso_z(moment: datetime) -> str:
    """``moment`` as ISO 8601 UTC with ``Z``, to the second (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_utc(value: str | datetime | None) -> datetime | None:
    """An ISO 8601 string (``Z`` allowed, a date alone allowed) or a datetime, as an aware UTC
    datetime; a value without an offset is taken as UTC. None when absent or not ISO 8601."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        if text[-1:] in ("Z", "z"):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
