"""Serve a folder over HTTP on the loopback interface, for ``newsmill demo`` and the tests.

``{{BASE_URL}}`` in ``.html``, ``.xml`` and ``.txt`` files is replaced by the server's own
base URL (``http://127.0.0.1:PORT``), so a static site can hold absolute links, feeds and
sitemaps that point back at whichever port the server got. Files are served with an ``ETag``
and ``Last-Modified`` and answer a matching conditional GET with ``304``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["content_type_for", "serve_directory"]

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
                self.send_header("Content-Type", content_type_for(target))
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
        name = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
        shown = f"[{name}]" if ":" in name else name
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
