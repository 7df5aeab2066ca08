"""Crawl behaviour under faults, over real HTTP to simulated hosts on 127.0.0.1.

Hanging and failing hosts, Retry-After as an HTTP date, truncated bodies, content types that
lie, a 50 MB page, incremental reruns (304 / edited article), --since with Google News
sitemaps, max_articles, overlapping runs and the CLI's exit 75 and JSON logs.
Budget: about 15 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import time
import tracemalloc
from email.utils import formatdate
from pathlib import Path

import pytest
from faults import FaultRequest, Reply, serve_fault_hosts
from test_crawl import fake_extract

from pipeline.cli import main
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.crawl.fetch import Fetcher
from pipeline.crawl.lock import LockHeld, RunLock
from pipeline.errors import FetchError
from pipeline.runs.crawl import EXIT_FAILED, EXIT_OK, OUTCOMES, CrawlOptions, CrawlResult, run_crawl
from pipeline.spider import Spider


class FaultSpider(Spider):
    name = "faulttest"
    article_url = r"/a/"


def html(title: str, text: str = "Body text.") -> bytes:
    return f"<html><title>{title}</title><article><p>{text}</p></article></html>".encode()


def sitemap(paths: list[str], dates: list[str] | None = None) -> Reply:
    items = []
    for i, path in enumerate(paths):
        news = ""
        if dates:
            news = (
                "<news:news><news:publication><news:name>T</news:name>"
                "<news:language>en</news:language></news:publication>"
                f"<news:publication_date>{dates[i]}</news:publication_date>"
                "<news:title>t</news:title></news:news>"
            )
        items.append(f"<url><loc>{path}</loc>{news}</url>")
    body = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(items)
        + "</urlset>"
    )
    return Reply(body=body.encode(), content_type="application/xml")


def settings(**crawl: object) -> Settings:
    values: dict[str, object] = {"delay": 0.0, "retries": 0, "deadline": 5.0}
    values.update(crawl)
    # the fault hosts are on 127.0.0.1, which the address guard allows only when told
    return Settings(crawl=CrawlSettings(**values), fetch=FetchSettings(allow_networks=LOOPBACK))


LOOPBACK = ("127.0.0.1/32",)


def crawl(
    bases: list[str],
    tmp: Path,
    st: Settings | None = None,
    *,
    since: str | None = None,
    max_articles: int | None = None,
) -> CrawlResult:
    options = CrawlOptions.build(
        st or settings(),
        out=tmp / "out",
        state=tmp / "state.sqlite",
        start_urls=[b + "/sitemap.xml" for b in bases],
        since=since,
        max_articles=max_articles,
        track_urls=True,
    )
    return run_crawl([FaultSpider()], options, extract=fake_extract)


def assert_one_outcome_each(result: CrawlResult) -> None:
    assert result.outcomes is not None
    assert sum(result.counts[k] for k in OUTCOMES) == result.counts["discovered"]
    assert len(result.outcomes) == result.counts["discovered"]
    assert "double_outcome" not in result.counts


def written_urls(result: CrawlResult) -> list[str]:
    return [json.loads(line)["url"] for p in result.parts for line in p.read_text().splitlines()]


PAGES = [f"/a/{i}.html" for i in range(5)]


def test_a_hanging_host_does_not_stall_the_others_and_gets_parked(tmp_path: Path) -> None:
    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/sitemap.xml":
            return sitemap(PAGES)
        if r.host == 0:
            return Reply(hang=True)
        return Reply(body=html(r.path))

    deadline = 1.0
    with serve_fault_hosts(handler, hosts=2) as hosts:
        result = crawl(hosts.bases, tmp_path, settings(deadline=deadline, park_after=2))
        ended = time.monotonic()
        healthy = hosts.times(1, "/a/")
        first_hang = min(hosts.times(0, "/a/"))
        hanging = hosts.log
    assert sorted(written_urls(result)) == sorted(hosts.bases[1] + p for p in PAGES)
    # every healthy page was asked before the hanging host's first request timed out
    assert max(healthy) < first_hang + deadline
    assert list(result.parked) == [hosts.bases[0]]
    assert sum(1 for h, p, _ in hanging if h == 0 and p.startswith("/a/")) == 2  # then parked
    assert result.counts["failed"] == 1  # the first timeout
    assert result.counts["deferred"] == 4  # the second parked the host: the rest wait a run
    assert result.exit_code == EXIT_FAILED
    # two timeouts, then parked: far from one deadline per page (5) after its first request
    assert ended - first_hang < 3 * deadline
    assert_one_outcome_each(result)


def test_retry_after_http_date_delays_the_host() -> None:
    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.hit == 1:
            return Reply(503, headers={"Retry-After": formatdate(time.time() + 2, usegmt=True)})
        return Reply(body=b"<html>ok</html>")

    async def go(base: str) -> None:
        async with Fetcher(settings(retries=1), backoff=0.01) as fetcher:
            await fetcher.fetch(base + "/x")

    with serve_fault_hosts(handler) as hosts:
        asyncio.run(go(hosts.bases[0]))
        first, second = hosts.times(0, "/x")
    assert second - first >= 1.0  # an HTTP date has 1 s resolution: at least 1 s of the 2


def test_truncated_bodies_are_retried_and_never_recorded(tmp_path: Path) -> None:
    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/sitemap.xml":
            return sitemap(["/a/once.html", "/a/always.html"])
        body = html(r.path, "The whole text, all of it.")
        if r.path == "/a/always.html" or r.hit == 1:
            return Reply(body=body, truncate=len(body) // 2)
        return Reply(body=body)

    with serve_fault_hosts(handler) as hosts:
        result = crawl(hosts.bases, tmp_path, settings(retries=1))
        base = hosts.bases[0]
    assert result.outcomes == {base + "/a/once.html": "written", base + "/a/always.html": "failed"}
    texts = [json.loads(x)["text"] for p in result.parts for x in p.read_text().splitlines()]
    assert texts == ["The whole text, all of it."]


def test_pdf_and_images_served_as_html_are_skipped_with_a_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/sitemap.xml":
            return sitemap(["/a/doc", "/a/pic", "/a/page"])
        if r.path == "/a/doc":
            return Reply(body=b"%PDF-1.4 binary")
        if r.path == "/a/pic":
            return Reply(body=b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/html")
        return Reply(body=html("page"))

    caplog.set_level("INFO")
    with serve_fault_hosts(handler) as hosts:
        result = crawl(hosts.bases, tmp_path)
    assert result.counts["skipped_type"] == 2
    assert result.counts["written"] == 1
    assert "PDF served as text/html" in caplog.text
    assert "PNG image served as text/html" in caplog.text
    assert result.exit_code == EXIT_OK


def test_a_50_mb_page_is_aborted_at_the_cap_with_bounded_memory() -> None:
    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        return Reply(size=50_000_000, chunked=r.path == "/unsized")

    async def go(url: str) -> None:
        async with Fetcher(settings(max_body_bytes=1_000_000)) as fetcher:
            await fetcher.fetch(url)

    with serve_fault_hosts(handler) as hosts:
        for path in ("/sized", "/unsized"):
            tracemalloc.start()
            started = time.monotonic()
            with pytest.raises(FetchError, match="body larger than 1000000 bytes"):
                asyncio.run(go(hosts.bases[0] + path))
            took = time.monotonic() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert peak < 6_000_000, f"{path}: peak {peak} bytes"
            assert took < 3.0


def test_rerun_gets_304s_writes_nothing_and_an_edit_is_written_again(tmp_path: Path) -> None:
    texts = {p: f"Original text of {p}." for p in PAGES}
    conditional: list[str] = []

    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/sitemap.xml":
            return sitemap(PAGES)
        etag = f'"{abs(hash(texts[r.path]))}"'
        if "if-none-match" in r.headers:
            conditional.append(r.path)
            if r.headers["if-none-match"] == etag:
                return Reply(304, headers={"ETag": etag})
        return Reply(body=html(r.path, texts[r.path]), headers={"ETag": etag})

    with serve_fault_hosts(handler) as hosts:
        first = crawl(hosts.bases, tmp_path)
        second = crawl(hosts.bases, tmp_path)
        texts["/a/2.html"] = "An edited text."
        third = crawl(hosts.bases, tmp_path)
    assert first.counts["written"] == 5
    assert (second.counts["written"], second.counts["not_modified"]) == (0, 5)
    assert second.parts == []
    assert second.exit_code == EXIT_OK
    assert sorted(conditional[:5]) == PAGES  # every second-run request was conditional
    assert third.counts["written"] == 1
    assert third.counts["unchanged"] == 4
    [record] = [json.loads(x) for x in third.parts[0].read_text().splitlines()]
    assert record["text"] == "An edited text."
    old = {json.loads(x)["url"]: json.loads(x) for x in first.parts[0].read_text().splitlines()}
    assert record["content_sha256"] != old[record["url"]]["content_sha256"]


def test_since_skips_old_entries_of_a_google_news_sitemap_unfetched(tmp_path: Path) -> None:
    dates = ["2024-05-09T10:00:00Z", "2024-04-01", "2024-05-10T08:00:00+02:00"]
    paths = ["/a/new.html", "/a/old.html", "/a/today.html"]

    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/sitemap.xml":
            return sitemap(paths, dates)
        return Reply(body=html(r.path))

    with serve_fault_hosts(handler) as hosts:
        result = crawl(hosts.bases, tmp_path, since="2024-05-01")
        asked = [p for _, p, _ in hosts.log]
    assert result.counts["skipped_old"] == 1
    assert result.counts["written"] == 2
    assert "/a/old.html" not in asked


def test_max_articles_counts_records_written(tmp_path: Path) -> None:
    paths = [f"/a/nope{i}" for i in range(3)] + PAGES

    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/sitemap.xml":
            return sitemap(paths)
        if "nope" in r.path:
            return Reply(body=b"<html><title>x</title><p>no article</p></html>")
        return Reply(body=html(r.path))

    with serve_fault_hosts(handler) as hosts:
        result = crawl(hosts.bases, tmp_path, max_articles=2)
    assert result.counts["written"] == 2
    assert result.counts["skipped_not_article"] == 3
    assert_one_outcome_each(result)


def test_overlapping_run_exits_75_at_once(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with serve_fault_hosts(lambda r: Reply(404)) as hosts, RunLock(str(state) + ".lock"):
        with pytest.raises(LockHeld):
            crawl(hosts.bases, tmp_path)
        started = time.monotonic()
        code = main(["crawl", "--start", hosts.bases[0] + "/x", "--state", str(state)])
        assert code == 75
        assert time.monotonic() - started < 2.0
        assert hosts.log == []  # nothing was fetched


def test_cli_json_logs_stdout_output_and_no_progress_bar_off_a_tty(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/rss.xml":
            items = "".join(f"<item><link>/a/{i}.html</link></item>" for i in range(2))
            body = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
            return Reply(body=body.encode(), content_type="application/rss+xml")
        words = " ".join(["Officials said the flood relief reached families on Monday."] * 8)
        return Reply(body=html(f"Story {r.path}", words))

    config = tmp_path / "newsmill.toml"  # the fault hosts are on loopback: allow it
    config.write_text('[fetch]\nallow_networks = ["127.0.0.1/32"]\n', encoding="utf-8")
    with serve_fault_hosts(handler) as hosts:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(
                [
                    "crawl",
                    "--config",
                    str(config),
                    "--start",
                    hosts.bases[0] + "/rss.xml",
                    "--out",
                    "-",
                    "--state",
                    str(tmp_path / "s.sqlite"),
                    "--no-enrich",
                    "--log-format",
                    "json",
                    "--since",
                    "3d",
                ]
            )
    err = capfd.readouterr().err
    assert code == EXIT_OK
    assert "\r" not in err
    lines = [json.loads(line) for line in err.splitlines()]  # every log line is JSON
    assert all({"time", "level", "message"} <= set(x) for x in lines)
    assert any("run " in x["message"] and "done" in x["message"] for x in lines)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(r["url"] for r in records) == [hosts.bases[0] + f"/a/{i}.html" for i in (0, 1)]
