"""URL canonicalization shared by the crawler (dedup, state) and the record (``id``).

Every URL a page names (a canonical link, ``og:url``, a JSON-LD ``url``, a ``<base>``) is
input from the page: :func:`http_url` is the one place such a value is checked before it is
used, so a hostile value (brackets that hold no IPv6 address, a port out of range, a host
no IDNA encoder accepts) is dropped instead of raising in the middle of a page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["canonicalize", "http_url", "is_valid_url", "strip_tracking"]

#: Click and campaign identifiers appended to a link by ad, mail, social and portal platforms:
#: the one list the crawler's canonical form and the record's ``canonical_url`` both drop.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|ref_src|ocid|cmpid)$", re.I
)


def strip_tracking(url: str) -> str:
    """``url`` without its fragment and its tracking parameters; the other parameters keep
    their order and spelling (:func:`canonicalize` also sorts and normalizes)."""
    parts = urlsplit(url)
    if not parts.query:
        return urlunsplit(parts._replace(fragment=""))
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def canonicalize(url: str) -> str:
    """A stable form of ``url``: tracking parameters and the fragment dropped, query sorted,
    scheme and host lower-cased, percent-encoding normalized (w3lib).

    Raises ``ValueError`` for a URL that cannot be parsed; :func:`http_url` and
    :func:`is_valid_url` tell such URLs beforehand."""
    return _canonicalized(url)


#: URLs canonicalized lately: one page's URL is checked and canonicalized two or three times
#: (the extract stage's check, its canonical link's, the record's id), a crawl's URLs once.
@lru_cache(maxsize=128)
def _canonicalized(url: str) -> str:
    parts = urlsplit(strip_tracking(url.strip()))
    cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def is_valid_url(url: str) -> bool:
    """Whether ``url`` parses as a URL whose host, port and encoding every later step can
    read (``urllib``'s parser and w3lib's canonicalization both accept it)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        parts.hostname  # noqa: B018 - raises ValueError for brackets without an IPv6 address
        if parts.netloc:
            canonicalize(url)
    except ValueError:  # UnicodeError (a host IDNA refuses) is a ValueError too
        return False
    return True


def http_url(value: str | None, base: str | None = None) -> str | None:
    """The absolute ``http``/``https`` URL that ``value`` names, resolved against ``base``;
    ``None`` for an empty value, another scheme, a URL without a host or one that
    :func:`is_valid_url` refuses (a base that is itself invalid resolves nothing)."""
    if not value or not value.strip():
        return None
    try:
        absolute = urljoin(base, value.strip()) if base else value.strip()
    except ValueError:
        return None
    if not is_valid_url(absolute):
        return None
    parts = urlsplit(absolute)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return absolute
