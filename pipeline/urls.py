"""URL canonicalization shared by the crawler (dedup, state) and the record (``id``)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["canonicalize", "parsable_url"]

_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|ref_src)$", re.I
)


def canonicalize(url: str) -> str:
    """A stable form of ``url``: tracking parameters and the fragment dropped, query sorted,
    scheme and host lower-cased, percent-encoding normalized (w3lib)."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def parsable_url(url: str | None) -> str | None:
    """``url`` when it can be taken apart (host, port) and put in canonical form, else
    ``None``: a malformed address ("http://[::1", "http://[::1]x/", an out-of-range port) is
    treated as no address rather than failing whatever reads it."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        _ = parts.hostname, parts.port
        canonicalize(url)
    except ValueError:
        return None
    return url
