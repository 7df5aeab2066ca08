"""The fault-injecting server of the crawl tests and the load benchmark.

Many simulated hosts (one port each, 127.0.0.1 only) whose answers, including hangs,
trickles, truncated bodies, resets and huge bodies, come from one Python function.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus

__all__ = ["FaultHostServer", "FaultHosts", "FaultRequest", "Reply", "serve_fault_hosts"]


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


class FaultHostServer:
    """The simulated hosts on the running event loop (``await start()`` / ``await stop()``);
    :func:`serve_fault_hosts` runs them in a thread, bench/crawl_load.py in a process."""

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

    async def _client(
        self, host: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
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
        try:
            reason = HTTPStatus(reply.status).phrase
        except ValueError:
            reason = "X"
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

    def __init__(self, inner: FaultHostServer) -> None:
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
    inner = FaultHostServer(handler, hosts)
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
