"""Guards between fetching and extraction: what the bytes really are, and how old a page is.

:func:`sniff` looks at the first bytes (PDF, images, archives, audio/video, office files)
and the declared ``Content-Type``; servers often label everything ``text/html``, so the bytes
decide. :func:`parse_since` reads the ``--since`` option.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from pipeline.clock import to_utc
from pipeline.errors import ConfigError

__all__ = ["is_older", "parse_since", "sniff"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or office document)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0", "OLE2 office document"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
_TEXTUAL = re.compile(
    r"^(text/|application/(xhtml\+xml|xml|rss\+xml|atom\+xml|json|ld\+json)$|$)", re.I
)


def looks_binary(content: bytes) -> bool:
    """Whether ``content`` holds the NUL and control bytes of binary data. A stray NUL in a
    text page, and UTF-16/32 text (NUL-heavy but readable), are not binary."""
    from pipeline.extract.decode import sniff_binary

    return sniff_binary(content[:65536]) is not None


def sniff(content: bytes, content_type: str | None) -> str | None:
    """Why ``content`` cannot be an HTML article (e.g. ``"PDF served as text/html"``), or None."""
    head = content[:16]
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"{what} served as {declared or 'no content type'}"
    if head[:4] == b"RIFF" and content[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"RIFF {content[8:12].decode('ascii').strip()} served as {declared or 'nothing'}"
    if content[4:8] == b"ftyp":
        return f"MP4/MOV media served as {declared or 'no content type'}"
    if declared == "application/octet-stream":
        if not content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return "application/octet-stream that does not look like HTML"
    elif declared and not _TEXTUAL.match(declared):
        return f"content type {declared} is not a web page"
    if looks_binary(content):
        return "binary data (NUL and control bytes)"
    return None


_RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """``--since``: ``2d``, ``12h``, ``30m``, ``1w`` back from now, or an ISO 8601 date/time.

    Raises :class:`~pipeline.errors.ConfigError` for anything else.
    """
    match = _RELATIVE.match(value)
    if match:
        amount = float(match.group(1))
        delta = timedelta(**{_UNITS[match.group(2).lower()]: amount})
        return (now or datetime.now(UTC)) - delta
    moment = to_utc(value)
    if moment is None:
        raise ConfigError(
            f"--since must be like 2d, 12h, 30m, 1w or an ISO date such as 2024-05-01; "
            f"got {value!r}"
        )
    return moment


def is_older(published: str | datetime | None, since: datetime | None) -> bool:
    """Whether a known publication time lies before ``since`` (unknown dates are kept)."""
    if since is None:
        return False
    moment = to_utc(published)
    return moment is not None and moment < since
