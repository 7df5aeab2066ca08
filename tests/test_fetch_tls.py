"""HTTPS through the guarded transport: TLS over the address guard and its wide reads, against
a real TLS server the test starts on 127.0.0.1 (a throwaway self-signed certificate)."""

from __future__ import annotations

import asyncio
import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline.crawl.fetch import GuardedTransport
from pipeline.crawl.netguard import AddressPolicy

BODY = b"<html><body><article><p>" + b"A long paragraph of the story. " * 100_000 + b"</p>"


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[str]:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/story"
    finally:
        server.shutdown()
        server.server_close()


def test_a_large_page_over_tls_arrives_whole(tls_server: str) -> None:
    async def fetch_twice() -> list[bytes]:
        transport = GuardedTransport(AddressPolicy(["127.0.0.1/32"]), verify=False)
        async with httpx.AsyncClient(transport=transport) as client:
            return [(await client.get(tls_server)).content for _ in range(2)]

    assert asyncio.run(fetch_twice()) == [BODY, BODY]


def test_an_unverified_certificate_is_refused_by_default(tls_server: str) -> None:
    async def fetch() -> None:
        transport = GuardedTransport(AddressPolicy(["127.0.0.1/32"]))
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get(tls_server)

    with pytest.raises(httpx.ConnectError):
        asyncio.run(fetch())
