"""A crawl's work per URL is bounded: a trickling page costs the deadline (plus a backoff),
not (retries + 1) deadlines; the crawl decides before it enriches; WARC files carry the
run's id; durations say what they measure; a stopped run exits 4."""

from __future__ import annotations

import json
import time
from pathlib import Path

from faults import FaultRequest, Reply, serve_fault_hosts
from hostile import good_page

from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import Spider


class BoundSpider(Spider):
    name = "bounds_site"
    listings = ("/index.html",)
    article_url = r"/a/\d+\.html$"
    delay = 0.0


def settings_for(tmp_path: Path, **crawl: object) -> Settings:
    return Settings(
        out_dir=tmp_path / "out",
        crawl=CrawlSettings(delay=0.0, **crawl),  # default retries and backoff
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )


def test_a_trickling_page_costs_one_deadline_not_one_per_retry(tmp_path: Path) -> None:
    deadline = 1.5

    def handler(r: FaultRequest) -> Reply:
        if r.path == "/robots.txt":
            return Reply(404)
        if r.path == "/index.html":
            return Reply(body=b"<html><a href='/a/1.html'>1</a><a href='/a/2.html'>2</a></html>")
        if r.path == "/a/1.html":  # 16 bytes every 0.1 s: never done within the deadline
            return Reply(body=b"x" * 100_000, trickle=0.1)
        return Reply(body=good_page(2).body)

    settings = settings_for(tmp_path, deadline=deadline)
    assert settings.crawl.retries >= 1  # the default retries a timeout… within the deadline
    with serve_fault_hosts(handler) as hosts:
        started = time.monotonic()
        options = CrawlOptions.build(
            settings,
            out=tmp_path / "out",
            state=tmp_path / "state.sqlite",
            enrich=False,
            handle_signals=False,
        )
        result = run_crawl([BoundSpider(base_url=hosts.bases[0])], options)
        took = time.monotonic() - started
    assert result.counts["written"] == 1
    assert result.counts["failed"] == 1  # waits for the next run
    # one deadline, a backoff and the good page: far from (retries + 1) x deadline
    assert took < deadline + 1.5, took


def test_warc_files_carry_the_run_id_and_durations_say_what_they_sum(
    tmp_path: Path, loopback_http
) -> None:  # type: ignore[no-untyped-def]
    from pipeline.cli import main

    routes = {
        "/robots.txt": (404, {}, b""),
        "/index.html": (200, {"Content-Type": "text/html"}, b"<a href='/a/1.html'>1</a>"),
        "/a/1.html": (200, {"Content-Type": "text/html; charset=utf-8"}, good_page(1).body),
    }
    server = loopback_http(routes)
    config = tmp_path / "newsmill.toml"
    config.write_text('[crawl]\ndelay = 0\n[fetch]\nallow_networks = ["127.0.0.1/32"]\n')
    out, warc = tmp_path / "out", tmp_path / "warc"
    code = main(
        [
            "crawl", "--start", server.base + "/index.html", "--no-enrich", "--config",
            str(config), "--out", str(out), "--state", str(tmp_path / "s.sqlite"),
            "--warc", str(warc),
        ]
    )  # fmt: skip
    assert code == 0
    (manifest_path,) = (out / "_runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    run_id = manifest["run_id"]
    assert manifest_path.stem == run_id
    files = list(warc.glob("*.warc.gz"))
    assert files
    assert all(run_id in f.name for f in files)
    durations = manifest["durations"]
    assert set(durations) == {"total", "extract_summed", "enrich_summed"}
    assert manifest["counts"]["written"] == 1
