"""Fetcher behaviour against a fault-injecting HTTP server on 127.0.0.1 (real sockets)."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import models
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.crawl.fetch import Fetcher, FetchResult
from pipeline.crawl.robots import RobotsUnavailable
from pipeline.errors import FetchError, RobotsDenied
from pipeline.runs.crawl import EXIT_NOTHING, CrawlOptions, run_crawl
from pipeline.spider import Spider

Route = Callable[[BaseHTTPRequestHandler], None]


class FaultServer:
    """A loopback HTTP server whose paths are functions; logs (path, start time) per request."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = routes
        self.log: list[tuple[str, float]] = []
        self.hits: dict[str, int] = {}
        self.base = ""

    def paths(self) -> list[str]:
        return [p for p, _ in self.log]

    def times(self, prefix: str = "") -> list[float]:
        return [t for p, t in self.log if p.startswith(prefix)]

    @contextlib.contextmanager
    def running(self) -> Iterator[FaultServer]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.log.append((self.path, time.monotonic()))
                outer.hits[self.path] = outer.hits.get(self.path, 0) + 1
                route = outer.routes.get(self.path)
                if route is None:
                    send(self, 404, b"missing")
                else:
                    route(self)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients hanging up on purpose (deadline, body cap)

        server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    length: bool = True,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    if length:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def ok(h: BaseHTTPRequestHandler) -> None:
    send(h, 200, b"<html><body><p>ok</p></body></html>")


def no_robots(h: BaseHTTPRequestHandler) -> None:
    send(h, 404, b"no robots here")


def robots(text: str) -> Route:
    return lambda h: send(h, 200, text.encode(), {"Content-Type": "text/plain"})


def settings(**values: object) -> CrawlSettings:
    base: dict[str, object] = {"delay": 0.0, "retries": 0, "deadline": 5.0}
    base.update(values)
    return CrawlSettings(**base)


#: These tests talk to servers on 127.0.0.1, which the address guard allows only when told.
LOOPBACK = FetchSettings(allow_networks=["127.0.0.1/32"])


def fetch(cs: CrawlSettings, url: str, backoff: float = 0.01, **kwargs: object) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(cs, fetch=LOOPBACK, backoff=backoff) as fetcher:
            return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_simple_get_lower_cases_headers() -> None:
    with FaultServer({"/robots.txt": no_robots, "/a": ok}).running() as srv:
        result = fetch(settings(), srv.base + "/a")
    assert result.status == 200
    assert result.final_url == srv.base + "/a"
    assert result.content == b"<html><body><p>ok</p></body></html>"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert result.media_type == "text/html"


def test_per_host_delay_between_request_starts_other_hosts_in_parallel() -> None:
    routes = {"/robots.txt": no_robots, "/1": ok, "/2": ok, "/3": ok}
    delay = 0.5  # wide enough that loopback and scheduling jitter are a small part of it
    with (
        FaultServer(routes).running() as slow,
        FaultServer(dict(routes)).running() as other,
    ):

        async def go() -> float:
            async with Fetcher(
                settings(delay=delay, connections_per_host=2), fetch=LOOPBACK
            ) as fetcher:
                t0 = time.monotonic()
                await asyncio.gather(
                    *(fetcher.fetch(f"{slow.base}/{i}") for i in (1, 2, 3)),
                    fetcher.fetch(other.base + "/1"),
                )
                return t0

        t0 = asyncio.run(go())
    starts = sorted(slow.times())
    assert len(starts) == 4  # robots.txt + 3 pages
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # without the delay the gaps are milliseconds; the slack is for a loaded machine
    assert min(gaps) >= delay * 0.8, gaps
    # the other host did not queue behind the first one (serialized it would start after
    # 4 delays): its robots.txt and page are one delay apart
    other_starts = sorted(other.times())
    assert other_starts[-1] - t0 < 2.5 * delay


def test_crawl_delay_from_robots_is_honoured_and_capped() -> None:
    routes = {"/robots.txt": robots("User-agent: *\nCrawl-delay: 10\n"), "/1": ok, "/2": ok}
    cap = 1.0
    with FaultServer(routes).running() as srv:

        async def go() -> None:
            async with Fetcher(settings(delay=0.0, max_crawl_delay=cap), fetch=LOOPBACK) as fetcher:
                await fetcher.fetch(srv.base + "/1")
                await fetcher.fetch(srv.base + "/2")

        started = time.monotonic()
        asyncio.run(go())
        took = time.monotonic() - started
    first, second = srv.times("/1")[0], srv.times("/2")[0]
    # honoured (without it: milliseconds; the slack is for a loaded machine) ...
    assert second - first >= cap * 0.8
    assert took < 5.0  # ... and capped (robots.txt asks for 10 s)


def test_robots_disallow_and_redirect_hops_are_checked() -> None:
    routes = {
        "/robots.txt": robots("User-agent: *\nDisallow: /private/\n"),
        "/private/x": ok,
        "/to-private": lambda h: send(h, 302, b"", {"Location": "/private/x"}),
    }
    with FaultServer(routes).running() as srv:
        with pytest.raises(RobotsDenied):
            fetch(settings(), srv.base + "/private/x")
        with pytest.raises(RobotsDenied):
            fetch(settings(), srv.base + "/to-private")
    assert "/private/x" not in srv.paths()
    assert srv.hits["/to-private"] == 1


def test_robots_5xx_defers_the_host_and_4xx_allows_all() -> None:
    routes: dict[str, Route] = {"/robots.txt": lambda h: send(h, 503, b"down"), "/a": ok}
    with FaultServer(routes).running() as srv:
        with pytest.raises(RobotsUnavailable, match="503"):
            fetch(settings(), srv.base + "/a")
        assert "/a" not in srv.paths()
        routes["/robots.txt"] = lambda h: send(h, 403, b"forbidden")
        assert fetch(settings(), srv.base + "/a").status == 200


def test_redirects_followed_up_to_the_limit() -> None:
    routes: dict[str, Route] = {"/robots.txt": no_robots, "/final": ok}
    for i in range(1, 5):
        target = f"/r{i - 1}" if i > 1 else "/final"
        routes[f"/r{i}"] = lambda h, t=target: send(h, 301, b"", {"Location": t})
    with FaultServer(routes).running() as srv:
        result = fetch(settings(max_redirects=5), srv.base + "/r4")
        assert result.final_url == srv.base + "/final"
        assert result.url == srv.base + "/r4"
        assert len(result.redirects) == 4
        with pytest.raises(FetchError, match="too many redirects"):
            fetch(settings(max_redirects=2), srv.base + "/r4")


def test_total_deadline_beats_a_trickling_server() -> None:
    def trickle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "50")
        h.end_headers()
        for _ in range(50):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.2)

    routes = {"/robots.txt": no_robots, "/slow": trickle}
    with FaultServer(routes).running() as srv:
        started = time.monotonic()
        with pytest.raises(FetchError, match="deadline"):
            fetch(settings(deadline=1.0, read_timeout=5.0), srv.base + "/slow")
        took = time.monotonic() - started
    assert 0.9 < took < 2.5


def test_body_cap_on_decoded_size() -> None:
    big = b"a" * 5000
    bomb = gzip.compress(b"0" * 200_000)
    routes = {
        "/robots.txt": no_robots,
        "/big": lambda h: send(h, 200, big),
        "/big-unsized": lambda h: send(h, 200, big, length=False),
        "/gz": lambda h: send(h, 200, bomb, {"Content-Encoding": "gzip"}),
        "/small-gz": lambda h: send(
            h, 200, gzip.compress(b"b" * 900), {"Content-Encoding": "gzip"}
        ),
    }
    with FaultServer(routes).running() as srv:
        cs = settings(max_body_bytes=1000)
        for path in ("/big", "/big-unsized", "/gz"):
            with pytest.raises(FetchError, match="body larger than 1000 bytes"):
                fetch(cs, srv.base + path)
        assert len(bomb) < 1000  # the cap is on the decoded size, not the wire size
        assert fetch(cs, srv.base + "/small-gz").content == b"b" * 900


def test_retry_after_503_then_success() -> None:
    def flaky(h: BaseHTTPRequestHandler) -> None:
        if srv.hits[h.path] == 1:
            send(h, 503, b"busy", {"Retry-After": "1"})
        else:
            ok(h)

    with FaultServer({"/robots.txt": no_robots, "/flaky": flaky}).running() as srv:
        result = fetch(settings(retries=2), srv.base + "/flaky")
    assert result.status == 200
    first, second = srv.times("/flaky")
    assert second - first >= 1.0 - 0.01  # Retry-After honoured (backoff alone is 0.01 s)


def test_retries_exhausted_and_non_retryable_statuses() -> None:
    routes = {
        "/robots.txt": no_robots,
        "/down": lambda h: send(h, 500, b"oops"),
        "/gone": lambda h: send(h, 404, b"gone"),
    }
    with FaultServer(routes).running() as srv:
        with pytest.raises(FetchError) as info:
            fetch(settings(retries=2), srv.base + "/down")
        assert info.value.status == 500
        assert srv.hits["/down"] == 3  # first try + 2 retries
        with pytest.raises(FetchError) as info:
            fetch(settings(retries=2), srv.base + "/gone")
        assert info.value.status == 404
        assert srv.hits["/gone"] == 1


def test_connect_error_is_retried_then_reported() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(FetchError, match="ConnectError"):
        fetch(settings(retries=2, obey_robots=False), f"http://127.0.0.1:{port}/x")
    assert time.monotonic() - started < 2.0


def test_long_robots_txt_is_truncated_not_fatal() -> None:
    text = "User-agent: *\nDisallow: /private/\n" + "# filler\n" * 70_000  # > 512 KiB
    routes = {"/robots.txt": robots(text), "/a": ok, "/private/b": ok}
    with FaultServer(routes).running() as srv:
        assert fetch(settings(max_body_bytes=100_000), srv.base + "/a").status == 200
        with pytest.raises(RobotsDenied):
            fetch(settings(), srv.base + "/private/b")


def test_crawl_of_a_host_whose_robots_fails_exits_3(tmp_path: Path) -> None:
    class RobotsDownSpider(Spider):
        name = "fetchtest_robots_down"
        feeds = ("/rss.xml",)
        delay = 0.0

    def never(*args: object, **kwargs: object) -> models.Article:
        raise AssertionError("nothing may be extracted")

    routes = {"/robots.txt": lambda h: send(h, 500, b"down"), "/rss.xml": ok}
    with FaultServer(routes).running() as srv:
        result = run_crawl(
            [RobotsDownSpider(base_url=srv.base)],
            CrawlOptions.build(Settings(crawl=settings(retries=1), fetch=LOOPBACK), out=tmp_path),
            extract=never,
        )
    assert result.exit_code == EXIT_NOTHING
    assert result.errors == {"RobotsUnavailable": 1}
    assert srv.paths() == ["/robots.txt", "/robots.txt"]  # one retry, then the host is deferred
