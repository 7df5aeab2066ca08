"""Time helpers defined once: timestamps as newsmill writes them (ISO 8601 UTC with ``Z``,
in the records and the manifests: :func:`utc_now`, :func:`iso_z`, :func:`to_utc`) and the
English month names the date readers share (:data:`MONTH_NAMES`, :data:`MONTH_NUMBERS`).
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["MONTH_NAMES", "MONTH_NUMBERS", "iso_z", "to_utc", "utc_now"]

#: The English month names, January first.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Month names and their abbreviations ("jan", "sept"), lower-case, to the month number.
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)},
    **{name.lower()[:3]: i for i, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}


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
