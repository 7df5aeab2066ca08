"""pipeline.demo.serve: the loopback static server used by `newsmill demo` and the crawl tests."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from pipeline.demo.serve import serve_directory

SITE = Path(__file__).parent / "fixtures" / "site"


def get(base: str, path: str, method: str = "GET") -> tuple[int, str, bytes]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        conn.close()


def test_content_types_and_base_url_substitution() -> None:
    with serve_directory(SITE) as base:
        assert base.startswith("http://127.0.0.1:")
        status, ctype, body = get(base, "/rss.xml")
        assert (status, ctype.split(";")[0]) == (200, "application/rss+xml")
        assert b"{{BASE_URL}}" not in body
        assert f"{base}/news/1.html".encode() in body
        assert get(base, "/sitemap.xml")[1].startswith("application/xml")
        assert get(base, "/robots.txt")[1].startswith("text/plain")
        assert get(base, "/news/1.html")[1] == "text/html; charset=utf-8"
        assert get(base, "/")[2] == get(base, "/index.html")[2]  # index.html of a folder


def test_missing_files_folders_and_traversal_are_404(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("no")
    (tmp_path / "site" / "doc.pdf").write_bytes(b"%PDF-1.4 {{BASE_URL}}")
    with serve_directory(tmp_path / "site", substitute_base=True) as base:
        assert get(base, "/nope.html")[0] == 404
        assert get(base, "/empty/")[0] == 404  # no directory listings
        assert get(base, "/../secret.txt")[0] == 404
        assert get(base, "/%2e%2e/secret.txt")[0] == 404
        status, ctype, body = get(base, "/doc.pdf")
        assert (status, ctype, body) == (200, "application/pdf", b"%PDF-1.4 {{BASE_URL}}")
        assert get(base, "/doc.pdf", method="HEAD")[2] == b""


def test_not_a_directory() -> None:
    with pytest.raises(NotADirectoryError), serve_directory(SITE / "robots.txt"):
        pass
