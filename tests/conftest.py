"""Shared pytest fixtures."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The newsmill spaCy pipeline, loaded once per test session."""
    from pipeline.enrich import load_nlp

    return load_nlp()


# -- loopback HTTP servers for the security tests -----------------------------------------------
# Network tests use loopback addresses only (127.0.0.1, 127.0.0.2, ::1): never any other.


class LoopbackServer:
    """A tiny threaded HTTP(S) server on one loopback address; ``routes`` map a path to
    ``(status, headers, body)`` or to a callable of the request handler returning that."""

    def __init__(self, routes: dict, host: str, tls: bool) -> None:
        import http.server
        import ssl
        import threading
        from pathlib import Path

        server_self = self
        self.requests: list[tuple[str, dict[str, str]]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server_self.requests.append((self.path, dict(self.headers.items())))
                route = routes.get(self.path.split("?", 1)[0], (404, {}, b"not found"))
                status, headers, body = route(self) if callable(route) else route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        family = socket.AF_INET6 if ":" in host else socket.AF_INET

        class Server(http.server.ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

        self._server = Server((host, 0), Handler)
        if tls:
            here = Path(__file__).parent / "fixtures" / "tls"
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(here / "cert.pem", here / "key.pem")
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        self.base = f"{'https' if tls else 'http'}://{shown}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def paths(self) -> list[str]:
        """Paths asked for, in order."""
        return [path for path, _ in self.requests]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def loopback_http():
    """``serve(routes, host="127.0.0.1", tls=False)`` → a running :class:`LoopbackServer`
    (skips the test when the loopback address cannot be bound); all stop after the test."""
    servers: list[LoopbackServer] = []

    def serve(routes: dict, host: str = "127.0.0.1", tls: bool = False) -> LoopbackServer:
        try:
            server = LoopbackServer(routes, host, tls)
        except OSError as exc:
            pytest.skip(f"cannot listen on {host}: {exc}")
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.close()
