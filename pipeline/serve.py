"""Serve a folder over HTTP on the loopback interface, for ``newsmill demo`` and the tests.

``{{BASE_URL}}`` in ``.html``, ``.xml`` and ``.txt`` files is replaced by the server's own
base URL (``http://127.0.0.1:PORT``), so a static site can hold absolute links, feeds and
sitemaps that point back at whichever port the server got. Files are served with an ``ETag``
and ``Last-Modified`` and answer a matching conditional GET with ``304``.

:func:`serve_fault_hosts` is the fault-injecting server of the crawl tests and the load
benchmark: many simulated hosts (one port each, 127.0.0.1 only) whose answers, including
hangs, trickles, truncated bodies, resets and huge bodies, come from one Python function.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["FaultRequest", "Reply", "content_type_for", "serve_directory", "serve_fault_hosts"]

log = logging.getLogger(__name__)

PLACEHOLDER = b"{{BASE_URL}}"
_SUBSTITUTED = {".html", ".htm", ".xml", ".txt"}
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


def content_type_for(path: Path) -> str:
    """The Content-Type served for ``path`` (``rss*.xml`` is ``application/rss+xml``)."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        if path.name.lower().startswith(("rss", "feed")):
            return "application/rss+xml; charset=utf-8"
        if path.name.lower().startswith("atom"):
            return "application/atom+xml; charset=utf-8"
        return "application/xml; charset=utf-8"
    return _TYPES.get(suffix, "application/octet-stream")


_META_CHARSET = re.compile(rb"<meta\s+charset=[\"']?([\w-]+)", re.I)


def _declared(content_type: str, body: bytes) -> str:
    """An HTML page is served in the charset its ``<meta charset>`` declares (the demo's
    Russian report is windows-1251), else as ``content_type`` says."""
    found = _META_CHARSET.search(body[:2048]) if content_type.startswith("text/html") else None
    return f"text/html; charset={found.group(1).decode('ascii')}" if found else content_type


def _make_handler(
    root: Path, base: list[str], substitute: bool, request_log: list[str] | None
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "newsmill-serve"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:
            log.debug("%s - %s", self.address_string(), format % args)

        def _resolve(self) -> Path | None:
            path = unquote(urlsplit(self.path).path)
            try:
                target = (root / path.lstrip("/")).resolve()
            except (OSError, ValueError):
                return None
            if target != root and root not in target.parents:
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None

        def _respond(self, with_body: bool) -> None:
            if request_log is not None:
                request_log.append(urlsplit(self.path).path)
            target = self._resolve()
            if target is None:
                body = b"not found\n"
                self.send_response(HTTPStatus.NOT_FOUND)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
            else:
                body = target.read_bytes()
                if substitute and target.suffix.lower() in _SUBSTITUTED:
                    body = body.replace(PLACEHOLDER, base[0].encode("ascii"))
                etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
                modified = formatdate(int(target.stat().st_mtime), usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", _declared(content_type_for(target), body))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._respond(with_body=True)

        def do_HEAD(self) -> None:
            self._respond(with_body=False)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        log.debug("error serving %s", client_address, exc_info=True)


@contextlib.contextmanager
def serve_directory(
    root: Path | str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    substitute_base: bool = True,
    request_log: list[str] | None = None,
) -> Iterator[str]:
    """Serve ``root`` over HTTP in a background thread; yields the base URL.

    ``port=0`` picks a free port. Missing files and directories without ``index.html`` are
    404 (no listings). With ``substitute_base``, ``{{BASE_URL}}`` in .html/.xml/.txt files
    becomes the base URL. ``request_log``, when given, receives the path of every request
    (tests count requests with it). The server is shut down and its socket closed on exit.
    """
    directory = Path(root).resolve()
    if not directory.is_dir():
        raise NotADirectoryError(f"not a directory: {directory}")
    base: list[str] = [""]
    handler = _make_handler(directory, base, substitute_base, request_log)
    server = _QuietServer((host, port), handler)
    try:
        bound_host, bound_port = server.server_address[:2]
        shown = f"[{bound_host}]" if ":" in str(bound_host) else str(bound_host)
        base[0] = f"http://{shown}:{bound_port}"
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield base[0]
        finally:
            server.shutdown()
            thread.join(timeout=5)
    finally:
        server.server_close()


# -- fault-injecting hosts ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FaultRequest:
    """One request as a fault handler sees it."""

    host: int
    """Index of the simulated host (0-based), in the order of the base URLs."""
    path: str
    headers: dict[str, str]
    """Request headers, keys lower-cased."""
    hit: int
    """How many times this host and path were asked for, this request included."""


@dataclass(slots=True)
class Reply:
    """What a simulated host answers, faults included (they combine where it makes sense)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    wait: float = 0.0
    """Seconds before the status line."""
    hang: bool = False
    """Never answer (until the client gives up)."""
    reset: bool = False
    """Close the connection without answering."""
    trickle: float = 0.0
    """Seconds between body chunks of 16 bytes."""
    truncate: int | None = None
    """Send this many body bytes, then close (Content-Length says the full size)."""
    size: int = 0
    """Generate a body of this many bytes (``x``), in 64 KiB chunks, instead of ``body``."""
    chunked: bool = False
    """Send no Content-Length (read until close)."""


FaultHandler = Callable[[FaultRequest], Reply]


class _FaultHosts:
    def __init__(self, handler: FaultHandler, hosts: int) -> None:
        self.handler = handler
        self.count = hosts
        self.hits: dict[tuple[int, str], int] = {}
        self.log: list[tuple[int, str, float]] = []
        self.bases: list[str] = []
        self.servers: list[asyncio.Server] = []

    async def start(self) -> None:
        for index in range(self.count):
            server = await asyncio.start_server(
                lambda r, w, i=index: self._client(i, r, w), "127.0.0.1", 0
            )
            self.servers.append(server)
            self.bases.append(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}")

    async def stop(self) -> None:
        for server in self.servers:
            server.close()
        for server in self.servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 1)

    async def _client(self, host: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):  # type: ignore[no-untyped-def]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                if len(parts) < 2:
                    return
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        key, value = line.split(":", 1)
                        headers[key.strip().lower()] = value.strip()
                path = parts[1]
                key = (host, path)
                self.hits[key] = self.hits.get(key, 0) + 1
                self.log.append((host, path, time.monotonic()))
                reply = self.handler(FaultRequest(host, path, headers, self.hits[key]))
                if not await self._answer(reply, writer, parts[0] == "HEAD"):
                    return
        except (ConnectionError, OSError, asyncio.CancelledError):
            return  # the client left, or the server is shutting down
        finally:
            writer.close()

    async def _answer(self, reply: Reply, writer: asyncio.StreamWriter, head_only: bool) -> bool:
        """Send ``reply``; whether the connection may be kept alive."""
        if reply.wait:
            await asyncio.sleep(reply.wait)
        if reply.hang:
            await asyncio.sleep(3600)
        if reply.reset:
            return False
        size = reply.size or len(reply.body)
        reason = (
            HTTPStatus(reply.status).phrase
            if reply.status in HTTPStatus._value2member_map_
            else "X"
        )
        lines = [f"HTTP/1.1 {reply.status} {reason}", f"Content-Type: {reply.content_type}"]
        lines += [f"{k}: {v}" for k, v in reply.headers.items()]
        keep = not (reply.chunked or reply.truncate is not None)
        if not reply.chunked:
            lines.append(f"Content-Length: {size}")
        lines.append("Connection: " + ("keep-alive" if keep else "close"))
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if head_only or reply.status in (204, 304):
            await writer.drain()
            return keep
        limit = size if reply.truncate is None else min(reply.truncate, size)
        sent = 0
        step = 16 if reply.trickle else 65536
        while sent < limit:
            n = min(step, limit - sent)
            writer.write(reply.body[sent : sent + n] if not reply.size else b"x" * n)
            sent += n
            await writer.drain()
            if reply.trickle:
                await asyncio.sleep(reply.trickle)
        await writer.drain()
        return keep


class FaultHosts:
    """Handle of running fault hosts: ``bases`` (one URL per host), ``hits`` and ``log``."""

    def __init__(self, inner: _FaultHosts) -> None:
        self._inner = inner

    @property
    def bases(self) -> list[str]:
        """Base URL of each simulated host."""
        return self._inner.bases

    @property
    def log(self) -> list[tuple[int, str, float]]:
        """``(host, path, monotonic time)`` of every request, in arrival order."""
        return self._inner.log

    def hits(self, host: int, path: str) -> int:
        """How often ``path`` was asked of ``host``."""
        return self._inner.hits.get((host, path), 0)

    def times(self, host: int, prefix: str = "") -> list[float]:
        """Arrival times of the requests to ``host`` whose path starts with ``prefix``."""
        return [t for h, p, t in self._inner.log if h == host and p.startswith(prefix)]


@contextlib.contextmanager
def serve_fault_hosts(handler: FaultHandler, hosts: int = 1) -> Iterator[FaultHosts]:
    """Run ``hosts`` simulated hosts on 127.0.0.1 (one port each) in a background thread.

    Every request of every host is answered by ``handler(FaultRequest) -> Reply``, called on
    the server's event loop (keep it quick). HTTP/1.1 with keep-alive; GET and HEAD.
    """
    inner = _FaultHosts(handler, hosts)
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(inner.start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True, name="fault-hosts")
    thread.start()
    ready.wait(10)
    try:
        yield FaultHosts(inner)
    finally:
        asyncio.run_coroutine_threadsafe(inner.stop(), loop).result(5)

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_all(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()
