"""robots.txt for the crawl: fetched once per origin per run, parsed with protego.

Rules (RFC 9309 and the design card):

* 2xx: the file is parsed and obeyed (``Disallow``/``Allow`` and ``Crawl-delay``);
* 4xx: no usable robots.txt, everything is allowed;
* 5xx, unreachable, too many redirects: the origin is *deferred* for the rest of the run,
  every URL on it is denied (:class:`RobotsUnavailable`) and the reason is logged once;
* an origin the address guard refuses raises
  :class:`~pipeline.errors.BlockedAddressError` (nothing was sent to it), not a deferral.

The cache talks to the network only through the :class:`~pipeline.crawl.fetch.Fetcher` it
is given (so this module does not import the HTTP client).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

from pipeline.errors import BlockedAddressError, FetchError, RobotsDenied

if TYPE_CHECKING:
    from pipeline.crawl.fetch import Fetcher

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache", "RobotsUnavailable", "origin_of"]

log = logging.getLogger(__name__)

#: Bytes of robots.txt that are read; the rest is ignored (Google reads 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024


class RobotsUnavailable(RobotsDenied):
    """robots.txt could not be fetched (5xx or unreachable): the host is deferred this run."""


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-cased, default ports dropped."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal: keep its brackets
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in {("http", 80), ("https", 443)}:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


@dataclass
class _Entry:
    parser: Protego | None  # None: allow everything
    deferred: str | None = None  # reason the origin is deferred, or None


class RobotsCache:
    """robots.txt rules of every origin seen in one run.

    :meth:`check` fetches an origin's robots.txt on first use (one fetch per origin even
    under concurrency); :meth:`crawl_delay` answers from the cache only.
    """

    def __init__(self, fetcher: Fetcher, user_agent: str) -> None:
        self._fetcher = fetcher
        self._user_agent = user_agent
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _entry(self, url: str) -> _Entry:
        origin = origin_of(url)
        entry = self._entries.get(origin)
        if entry is not None:
            return entry
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            entry = self._entries.get(origin)
            if entry is None:
                entry = await self._load(origin)
                self._entries[origin] = entry
        return entry

    async def _load(self, origin: str) -> _Entry:
        robots_url = origin + "/robots.txt"
        try:
            result = await self._fetcher.fetch(
                robots_url,
                check_robots=False,
                raise_for_status=False,
                max_bytes=ROBOTS_MAX_BYTES,
                truncate=True,
            )
        except BlockedAddressError:
            raise  # the address guard's refusal is the page's answer, not a deferral
        except FetchError as exc:
            if exc.status is not None:
                reason = f"robots.txt answered HTTP {exc.status}"
            else:
                reason = f"robots.txt unreachable: {exc}"
            log.warning("deferring %s for this run: %s", origin, reason)
            return _Entry(parser=None, deferred=reason)
        if 200 <= result.status < 300:
            text = result.content.decode("utf-8", errors="replace")
            try:
                parser = Protego.parse(text)
            except Exception as exc:  # protego is lenient; a crash means garbage: allow all
                log.info("unparseable %s (%s): allowing all", robots_url, exc)
                return _Entry(parser=None)
            log.debug("robots.txt of %s loaded (%d bytes)", origin, len(result.content))
            return _Entry(parser=parser)
        if 400 <= result.status < 500:
            log.debug("robots.txt of %s: HTTP %d, allowing all", origin, result.status)
            return _Entry(parser=None)
        reason = f"robots.txt answered HTTP {result.status}"
        log.warning("deferring %s for this run: %s", origin, reason)
        return _Entry(parser=None, deferred=reason)

    async def check(self, url: str) -> None:
        """Raise :class:`RobotsDenied` (or :class:`RobotsUnavailable`) unless ``url`` is allowed."""
        entry = await self._entry(url)
        if entry.deferred:
            raise RobotsUnavailable(f"host deferred, {entry.deferred}", url=url)
        if entry.parser is not None and not entry.parser.can_fetch(url, self._user_agent):
            raise RobotsDenied("robots.txt disallows the URL", url=url)

    def crawl_delay(self, host: str) -> float | None:
        """The ``Crawl-delay`` of ``host`` (an origin or any URL on it), if loaded and set."""
        entry = self._entries.get(origin_of(host if "://" in host else "http://" + host))
        if entry is None or entry.parser is None:
            return None
        delay = entry.parser.crawl_delay(self._user_agent)
        return float(delay) if delay is not None else None
