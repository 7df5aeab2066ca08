"""Polite HTTP fetching: the only module of newsmill that imports the HTTP client (httpx).

One :class:`Fetcher` per run wraps one ``httpx.AsyncClient`` and enforces, per origin
(``scheme://host:port``):

* at most ``connections_per_host`` requests in flight (an ``asyncio.Semaphore``), and a
  minimum delay between two request *starts*: the largest of ``settings.delay``, the
  spider's ``delay`` and robots.txt ``Crawl-delay`` (capped at ``max_crawl_delay``).
  Other origins proceed in parallel;
* robots.txt, checked before every request and every redirect hop (redirects are followed
  here, up to ``max_redirects``, never by the client);
* a total deadline per URL (``settings.deadline``), retries and redirect hops included:
  each attempt runs under ``asyncio.timeout`` of what its predecessors left (connect,
  headers and the whole streamed body; the backoff and politeness waits between attempts
  do not count), so a server trickling bytes holds a URL for the deadline plus a backoff
  at most; a retry with no time left is not tried and the URL waits for the next run;
* a cap on the *decoded* body size (``max_body_bytes``);
* retries with exponential backoff and jitter for connect errors, timeouts, 429 and 5xx,
  honouring ``Retry-After`` (capped at ``max_crawl_delay``). The backoff pushes the whole
  origin's next start, so other requests to a struggling host wait as well.

* a host *parked* for the rest of the run after ``park_after`` consecutive failed attempts
  (timeouts, connection errors, 429/5xx, truncated bodies): its queued requests then fail
  at once with :class:`HostParked` instead of each waiting out the deadline;
* a body shorter than its ``Content-Length`` is a failed (retried) attempt, never a result;
* conditional GET: ``headers`` (``If-None-Match`` / ``If-Modified-Since``) are sent as
  given and a ``304`` is returned, not raised.

Safety (SECURITY.md):

* the address guard (:mod:`pipeline.crawl.netguard`): every hop's host is checked before
  robots.txt or the page is asked for, and the connection itself goes through a network
  backend that resolves the host once, refuses private, loopback, link-local, metadata ...
  addresses unless ``fetch.allow_networks`` allows them, and dials the checked address
  (Host header and TLS SNI keep the name). A refusal raises
  :class:`~pipeline.errors.BlockedAddressError`; the origin is then refused for the run
  (:attr:`Fetcher.blocked`);
* URLs longer than ``max_url_length`` and more than ``max_pages_per_host`` requests to one
  host in a run are refused (:class:`HostLimitReached`);
* bodies are decoded here (gzip, deflate; nothing else is asked for) with the decoder's
  output bounded, so a compression bomb never grows past ``max_body_bytes`` in memory;
* TLS certificates are verified except for the hosts in ``fetch.tls_unverified_hosts``;
* credentials in a URL (``user:pass@``) are used for that request but never appear in a
  :class:`FetchResult`, a log line or an error.

Proxy variables of the environment are ignored (``trust_env=False``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
import time
import zlib
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpcore
import httpx

from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.crawl.netguard import AddressPolicy, Resolver, redact, strip_credentials
from pipeline.crawl.robots import RobotsCache, origin_of
from pipeline.errors import BlockedAddressError, FetchError

__all__ = [
    "REDIRECT_STATUSES",
    "FetchResult",
    "Fetcher",
    "HostLimitReached",
    "HostParked",
    "is_retryable_status",
]

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_RETRYABLE_EXC = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def is_retryable_status(status: int) -> bool:
    """Whether an HTTP status is worth retrying (429 and 5xx except 501)."""
    return status == 429 or (status >= 500 and status != 501)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched response, after redirects."""

    url: str
    """The URL that was asked for."""
    final_url: str
    """The URL that answered, after redirects."""
    status: int
    headers: dict[str, str]
    """Response headers of the final response, keys lower-cased."""
    content: bytes
    """The body, content-encoding (gzip, deflate, ...) already decoded."""
    content_type: str | None
    """The ``Content-Type`` header as sent, or None."""
    redirects: tuple[str, ...] = field(default=())
    """URLs that redirected, in order (empty without redirects)."""
    request_headers: dict[str, str] = field(default_factory=dict)
    """The headers of the request that got this response, as sent (credentials left out)."""

    @property
    def media_type(self) -> str:
        """The lower-cased media type of ``content_type`` without parameters ('' if none)."""
        return (self.content_type or "").split(";", 1)[0].strip().lower()


class HostParked(FetchError):
    """The host failed too often in a row; it is not asked again in this run."""


class HostLimitReached(FetchError):
    """``max_pages_per_host`` requests went to the host in this run; no more are sent."""


#: Bytes asked of the socket per read (httpcore asks 64 KiB): a large body passes through
#: httpcore, h11 and httpx in a few large chunks instead of many small ones, which is what
#: it costs the event loop that serves every host; a read still returns what has arrived.
READ_BYTES = 1024 * 1024


class _WideReads(httpcore.AsyncNetworkStream):
    """A network stream whose reads ask for at least :data:`READ_BYTES`."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max(max_bytes, READ_BYTES), timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _WideReads(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend that connects only to addresses the policy checked.

    ``connect_tcp`` gets the URL's host, asks :meth:`AddressPolicy.resolve` (DNS once, every
    answer classified) and dials the vetted IP addresses in order; the TLS layer above still
    uses the host name for SNI and certificate checks, and the Host header is untouched.
    """

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._policy.resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return _WideReads(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("newsmill does not connect to Unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


#: Connection pool limits of one transport (httpx's defaults for its own transport).
POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)

#: httpcore's exceptions and the httpx exceptions they stand for, most specific first.
_HTTPCORE_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


def _as_httpx_error(exc: Exception) -> Exception:
    """The httpx exception for an httpcore one (``exc`` itself when it is not httpcore's)."""
    for core, mapped in _HTTPCORE_ERRORS:
        if isinstance(exc, core):
            return mapped(str(exc))
    return exc


class _ResponseStream(httpx.AsyncByteStream):
    """An httpcore response body as an httpx stream, its errors as httpx errors."""

    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except Exception as exc:
            mapped = _as_httpx_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)  # httpcore's streams have one
        if close is not None:
            await close()


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over httpcore's connection pool whose every connection goes
    through the address guard (:class:`_GuardedBackend`); HTTP/1.1, TLS verified unless
    ``verify=False``, no proxies. Only public httpx and httpcore interfaces are used.
    """

    def __init__(
        self, policy: AddressPolicy, *, verify: bool = True, limits: httpx.Limits = POOL_LIMITS
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(policy),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the pool; the response with its body still to stream."""
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = await self._pool.handle_async_request(core_request)
        except Exception as exc:
            mapped = _as_httpx_error(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        assert isinstance(response.stream, AsyncIterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._pool.aclose()


def _split_credentials(url: str) -> tuple[str, httpx.BasicAuth | None]:
    """``url`` without ``user:pass@``, and those credentials as Basic auth (if any)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    auth = httpx.BasicAuth(unquote(parts.username or ""), unquote(parts.password or ""))
    return strip_credentials(url), auth


def _sent_headers(request: httpx.Request) -> dict[str, str]:
    """The headers a request went out with, without credentials (Authorization, Cookie)."""
    secret = ("authorization", "proxy-authorization", "cookie")
    return {k: v for k, v in request.headers.items() if k.lower() not in secret}


class _BoundedDecoder:
    """Content-Encoding decoder whose output never exceeds what the caller has room for."""

    def __init__(self, encoding: str, url: str) -> None:
        self.encoding = encoding
        self._first = True
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}", url=url)
        self._url = url

    def decode(self, data: bytes, room: int) -> bytes:
        """Up to ``room`` decoded bytes of ``data`` (more are never produced)."""
        if self._z is None:
            return data[:room]
        first, self._first = self._first, False
        try:
            return self._z.decompress(data, room)
        except zlib.error as exc:
            if not (first and self.encoding == "deflate"):
                raise FetchError(f"corrupt {self.encoding} body: {exc}", url=self._url) from None
        self._z = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
        return self.decode(data, room)

    def flush(self, room: int) -> bytes:
        if self._z is None:
            return b""
        return self._z.flush()[:room] if room > 0 else b""


class _Clock:
    """The deadline of one URL, shared by its attempts (retries, redirect hops): the time
    spent inside attempts adds up; the waits between them (backoff, politeness) do not."""

    __slots__ = ("began", "seconds", "spent")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.spent = 0.0
        self.began = 0.0

    def start(self) -> float:
        """An attempt starts: the seconds it may take (what is left of the deadline)."""
        self.began = time.monotonic()
        return max(0.001, self.seconds - self.spent)

    def stop(self) -> None:
        """The attempt ended (answered or failed): its time is spent."""
        self.spent += time.monotonic() - self.began

    def left(self) -> float:
        """Seconds left of the deadline."""
        return self.seconds - self.spent


class _HostSlot:
    """Politeness state of one origin: connection semaphore, start-to-start delay, health."""

    def __init__(self, connections: int, delay: float) -> None:
        self.semaphore = asyncio.Semaphore(connections)
        self.lock = asyncio.Lock()
        self.delay = delay
        self.next_start = 0.0
        self.failures = 0  # consecutive failed attempts
        self.parked: str | None = None  # why the host is parked, or None

    async def wait_turn(self, sleep: Callable[[float], Awaitable[object]]) -> None:
        async with self.lock:
            wait = self.next_start - time.monotonic()
            if wait > 0:
                await sleep(wait)
            self.next_start = time.monotonic() + self.delay

    def defer(self, seconds: float) -> None:
        self.next_start = max(self.next_start, time.monotonic() + seconds)


class _Retry(Exception):
    """Internal: one attempt failed in a way worth retrying."""

    def __init__(self, message: str, *, status: int | None = None, wait: float | None = None):
        super().__init__(message)
        self.status = status
        self.wait = wait


class Fetcher:
    """Polite async HTTP fetcher for one run; use as ``async with Fetcher(settings) as f:``.

    ``backoff`` is the first retry wait in seconds (doubled per attempt, plus up to 50 %
    jitter, at most ``max_backoff``). ``fetch`` is the network policy (``settings.fetch``
    when ``settings`` is a :class:`Settings`, else none allowed: private addresses refused);
    ``resolver`` replaces the system DNS resolver (tests). ``transport`` is for tests of the
    client plumbing only: it bypasses the connect-time address check.
    """

    def __init__(
        self,
        settings: Settings | CrawlSettings,
        *,
        fetch: FetchSettings | None = None,
        resolver: Resolver | None = None,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        crawl = settings.crawl if isinstance(settings, Settings) else settings
        self.settings: CrawlSettings = crawl
        if fetch is None:
            fetch = settings.fetch if isinstance(settings, Settings) else FetchSettings()
        self.network: FetchSettings = fetch
        self.policy = AddressPolicy(fetch.allow_networks, resolver=resolver)
        #: Origins the address guard refused in this run, with the reason.
        self.blocked: dict[str, str] = {}
        self._pages: Counter[str] = Counter()
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.robots: RobotsCache | None = (
            RobotsCache(self, self.settings.user_agent) if self.settings.obey_robots else None
        )
        #: Origins parked in this run, with the reason.
        self.parked: dict[str, str] = {}
        self._transport = transport
        self._sleep = sleep
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, _HostSlot] = {}

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        transport = self._transport or GuardedTransport(self.policy)
        mounts: dict[str, httpx.AsyncBaseTransport | None] = {}
        if self._transport is None:
            for host in self.network.tls_unverified_hosts:
                log.warning("TLS certificates of %s are not verified (config)", host)
                mounts[f"https://{host}"] = GuardedTransport(self.policy, verify=False)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None
            ),
            follow_redirects=False,
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
            transport=transport,
            mounts=mounts,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client and its connections."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    # -- politeness ---------------------------------------------------------------------------
    def host_delay(self, url: str, spider_delay: float | None = None) -> float:
        """Seconds between request starts to ``url``'s origin under the current knowledge."""
        delay = max(self.settings.delay, spider_delay or 0.0)
        if self.robots is not None:
            crawl_delay = self.robots.crawl_delay(url)
            if crawl_delay is not None:
                delay = max(delay, min(crawl_delay, self.settings.max_crawl_delay))
        return delay

    def _slot(self, url: str, spider_delay: float | None, concurrency: int | None) -> _HostSlot:
        origin = origin_of(url)
        delay = self.host_delay(url, spider_delay)
        slot = self._hosts.get(origin)
        if slot is None:
            connections = self.settings.connections_per_host
            if concurrency is not None:
                connections = max(1, min(connections, concurrency))
            slot = self._hosts[origin] = _HostSlot(connections, delay)
        else:
            slot.delay = max(slot.delay, delay)
        return slot

    # -- fetching -----------------------------------------------------------------------------
    async def fetch(
        self,
        url: str,
        *,
        delay: float | None = None,
        concurrency: int | None = None,
        check_robots: bool = True,
        raise_for_status: bool = True,
        max_bytes: int | None = None,
        truncate: bool = False,
        headers: dict[str, str] | None = None,
    ) -> FetchResult:
        """GET ``url`` politely, following redirects; the final response.

        ``delay``/``concurrency`` are the spider's wishes (the stricter of them and the
        settings wins). Raises :class:`~pipeline.errors.RobotsDenied` when robots.txt
        forbids the URL or a redirect target, and :class:`~pipeline.errors.FetchError` for
        network failures after retries, deadline, body cap, too many redirects and, when
        ``raise_for_status``, a final status outside 2xx. ``max_bytes`` overrides the body
        cap; with ``truncate`` a longer body is cut there instead of failing (robots.txt).
        ``headers`` are sent with the first request (conditional GET); a ``304`` answer is
        returned. :class:`HostParked` is raised at once for a parked host,
        :class:`~pipeline.errors.BlockedAddressError` when the address guard refuses the
        host of the URL or of a redirect hop (before anything is sent to it, robots.txt
        included), :class:`HostLimitReached` past ``max_pages_per_host``.
        """
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        clock = _Clock(self.settings.deadline)
        current = url
        hops: list[str] = []
        while True:
            self._check_url(current, url, count=check_robots)
            if check_robots and self.robots is not None:
                try:
                    await self.robots.check(current)
                except BlockedAddressError as exc:
                    raise self._refused(exc, current, url) from None
            slot = self._slot(current, delay, concurrency)
            extra = headers if not hops else None
            try:
                result = await self._fetch_with_retries(
                    current, slot, max_bytes, truncate, extra, clock
                )
            except BlockedAddressError as exc:
                raise self._refused(exc, current, url) from None
            location = result.headers.get("location")
            if result.status not in REDIRECT_STATUSES or not location:
                break
            if len(hops) >= self.settings.max_redirects:
                raise FetchError(
                    f"too many redirects (more than {self.settings.max_redirects})",
                    url=strip_credentials(url),
                    status=result.status,
                )
            hops.append(current)
            current = urljoin(current, location.strip())
            log.debug("redirect %d %s -> %s", result.status, redact(hops[-1]), redact(current))
        result = replace(
            result,
            url=strip_credentials(url),
            final_url=strip_credentials(result.final_url),
            redirects=tuple(strip_credentials(h) for h in hops),
        )
        if raise_for_status and not (200 <= result.status < 300 or result.status == 304):
            raise FetchError(f"HTTP {result.status}", url=result.url, status=result.status)
        return result

    def _check_url(self, current: str, url: str, *, count: bool) -> None:
        """Scheme, length, address guard (numeric hosts) and the per-host request cap."""
        shown = strip_credentials(url)
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme in {redact(current)!r}", url=shown)
        limit = self.settings.max_url_length
        if len(current) > limit:
            raise FetchError(
                f"URL longer than {limit} characters (crawl.max_url_length)", url=shown
            )
        if not parts.hostname:
            raise FetchError(f"no host in {redact(current)!r}", url=shown)
        origin = origin_of(current)
        reason = self.blocked.get(origin)
        if reason is not None:
            what = f"{origin} was refused earlier in this run: {reason}"
            raise BlockedAddressError(what, url=shown, host=parts.hostname, reason=reason)
        try:
            self.policy.check_host(parts.hostname)
        except BlockedAddressError as exc:
            raise self._refused(exc, current, url) from None
        if count:
            self._pages[origin] += 1
            cap = self.settings.max_pages_per_host
            if self._pages[origin] > cap:
                raise HostLimitReached(
                    f"{cap} requests to {origin} in this run (crawl.max_pages_per_host)", url=shown
                )

    def _refused(self, exc: BlockedAddressError, current: str, url: str) -> BlockedAddressError:
        """Remember the refused origin, log it once, and name the URL that was asked for."""
        origin = origin_of(current)
        message = redact(str(exc.args[0])) if exc.args else str(exc)  # without exc.url
        reason = exc.reason or message
        if origin not in self.blocked:
            self.blocked[origin] = reason
            log.warning("address guard: %s", message)
        if current != url:
            message = f"redirect to {redact(current)}: {message}"
        return BlockedAddressError(
            message, url=strip_credentials(url), host=exc.host, reason=exc.reason
        )

    async def _fetch_with_retries(
        self,
        url: str,
        slot: _HostSlot,
        max_bytes: int | None,
        truncate: bool,
        headers: dict[str, str] | None,
        clock: _Clock | None = None,
    ) -> FetchResult:
        clock = clock or _Clock(self.settings.deadline)
        attempt = 0
        while True:
            if slot.parked:
                raise HostParked(f"host parked: {slot.parked}", url=url)
            try:
                result = await self._request(url, slot, max_bytes, truncate, headers, clock)
            except _Retry as exc:
                slot.failures += 1
                if slot.failures >= self.settings.park_after and not slot.parked:
                    slot.parked = f"{slot.failures} failed attempts in a row, last: {exc}"
                    self.parked[origin_of(url)] = slot.parked
                    log.warning("parking %s for this run: %s", origin_of(url), slot.parked)
                if slot.parked:
                    raise HostParked(f"host parked: {slot.parked}", url=url) from None
                if attempt >= self.settings.retries:
                    raise FetchError(str(exc), url=url, status=exc.status) from None
                wait = self._backoff_wait(attempt)
                if exc.wait is not None:
                    wait = max(wait, exc.wait)
                if clock.left() < min(1.0, clock.seconds / 10):  # spent: the next run tries
                    raise FetchError(
                        f"{exc}; no time left for a retry within the deadline of "
                        f"{self.settings.deadline:g} s",
                        url=url,
                        status=exc.status,
                    ) from None
                attempt += 1
                log.info(
                    "retry %d/%d of %s in %.2f s: %s",
                    *(attempt, self.settings.retries, url, wait, exc),
                )
                slot.defer(wait)
            else:
                slot.failures = 0
                return result

    def _backoff_wait(self, attempt: int) -> float:
        base = self.backoff * (2**attempt)
        return min(self.max_backoff, base + random.uniform(0, base / 2))

    def _retry_after(self, value: str | None) -> float | None:
        """Seconds asked by a ``Retry-After`` header (delta or HTTP date), capped."""
        if not value:
            return None
        value = value.strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return None
            seconds = when.timestamp() - time.time()
        return min(max(seconds, 0.0), self.settings.max_crawl_delay)

    async def _request(
        self,
        url: str,
        slot: _HostSlot,
        max_bytes: int | None,
        truncate: bool,
        headers: dict[str, str] | None = None,
        clock: _Clock | None = None,
    ) -> FetchResult:
        """One GET (no redirects, no retries) inside the origin's slot and what is left of
        the URL's deadline."""
        assert self._client is not None
        cap = max_bytes if max_bytes is not None else self.settings.max_body_bytes
        clock = clock or _Clock(self.settings.deadline)
        async with slot.semaphore:
            if slot.parked:
                raise HostParked(f"host parked: {slot.parked}", url=url)
            await slot.wait_turn(self._sleep)
            deadline = clock.start()
            log.debug("GET %s", redact(url))
            try:
                async with asyncio.timeout(deadline):
                    # user:pass@ of the URL goes as Basic auth, never in a URL httpx logs
                    clean, auth = _split_credentials(url)
                    stream = self._client.stream("GET", clean, headers=headers, auth=auth)
                    async with stream as response:
                        status = response.status_code
                        sent = _sent_headers(response.request)
                        headers = {k.lower(): v for k, v in response.headers.items()}
                        if is_retryable_status(status):
                            wait = self._retry_after(headers.get("retry-after"))
                            raise _Retry(f"HTTP {status}", status=status, wait=wait)
                        content = b""
                        if not (status in REDIRECT_STATUSES and "location" in headers):
                            content = await self._read_body(response, url, cap, truncate)
            except TimeoutError:
                raise _Retry(f"deadline of {clock.seconds:g} s exceeded") from None
            except _RETRYABLE_EXC as exc:
                raise _Retry(f"{type(exc).__name__}: {exc}".rstrip(": ")) from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(
                    f"{type(exc).__name__}: {redact(str(exc))}".rstrip(": "),
                    url=strip_credentials(url),
                ) from None
            finally:
                clock.stop()
        return FetchResult(
            url=url,
            final_url=url,
            status=status,
            headers=headers,
            content=content,
            content_type=headers.get("content-type"),
            request_headers=sent,
        )

    @staticmethod
    async def _read_body(response: httpx.Response, url: str, cap: int, truncate: bool) -> bytes:
        """The decoded body, at most ``cap`` bytes ever held (``truncate``: cut there)."""
        url = strip_credentials(url)
        too_big = f"body larger than {cap} bytes"
        length = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "").strip().lower()
        declared = length.isdigit() and int(length) > cap
        if not truncate and declared and encoding in ("", "identity"):
            raise FetchError(too_big, url=url, status=response.status_code)
        decoder = _BoundedDecoder(encoding, url)
        chunks: list[bytes] = []
        size = 0
        # the decoder never yields more than one byte past the cap: a bomb never inflates
        async for raw in response.aiter_raw():
            data = decoder.decode(raw, cap - size + 1)
            size += len(data)
            chunks.append(data)
            if size > cap:
                break
        else:
            data = decoder.flush(cap - size + 1)
            size += len(data)
            chunks.append(data)
        if size > cap:
            if truncate:
                return b"".join(chunks)[:cap]
            raise FetchError(too_big, url=url, status=response.status_code)
        if length.isdigit() and response.num_bytes_downloaded < int(length):
            # h11 normally raises first; this guards any transport that does not
            raise _Retry(
                f"truncated body: {response.num_bytes_downloaded} of {length} bytes",
                status=response.status_code,
            )
        return b"".join(chunks)
