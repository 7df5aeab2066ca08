"""Over-budget work stops for real, on every path; the crawl enriches its survivors in batches.

The page that takes too long is made here: a spider whose byline pattern backtracks
exponentially (``(\\w+\\s?)+`` against a byline of 30 letters and a "!": minutes), a
regular expression stuck in C code, which no check between stages and no signal in the main
thread can interrupt. Its worker process is killed a grace after the page budget and replaced;
the page is one ``over_budget`` outcome (reason ``time``) and every other page is written.

A page that is only slow (240,000 empty elements, just within the element budget: seconds in
the budget scan, which reads the page's deadline) stops itself at its budget with its own
refusal ("extraction took 1.0s"): the kill comes a grace later
(:func:`~pipeline.runs.workers.kill_timeout`), so it does not beat the refusal, and no worker
is killed.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from hostile import article, good_page, prose

import models
from pipeline.cli import main
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.extract.parse import LexborHTMLParser
from pipeline.extract.raw import RawArticle
from pipeline.runs import crawl as crawl_module
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import Spider

BUDGET = 1.0
#: Far above the budget (the stuck page alone would take hours), far below "never ends".
BOUND = 60.0
BYLINE = re.compile(r"^By ((?:\w+\s?)+)$")


class SlowBylineSpider(Spider):
    """A site whose byline pattern backtracks exponentially on a malformed byline."""

    name = "slow_byline"
    listings = ("/index.html",)
    article_url = r"/a/\w+\.html$"
    delay = 0.0

    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        raw = super().parse_article(tree, url)
        for node in tree.css("p.byline"):
            found = BYLINE.match(node.text())
            if found:
                raw.authors = [found.group(1)]
        return raw


def stuck_page() -> bytes:
    byline = "<p class='byline'>By " + "a" * 30 + "!</p>"  # minutes of backtracking
    return (
        article("A page with a malformed byline", prose(5, " (stuck)"), head="")
        .replace("<article>", f"<article>{byline}", 1)
        .encode()
    )


NAMES = ("Anna Petrova", "Mark Wells", "Lena Ortiz", "Tom Baker", "Ivy Chen", "Omar Haddad")


def ok_page(n: int) -> bytes:
    byline = f"<p class='byline'>By {NAMES[n % len(NAMES)]}</p>"
    return good_page(n).body.replace(b"<article>", f"<article>{byline}".encode(), 1)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "newsmill.toml"
    path.write_text(f"page_budget = {BUDGET}\n")
    return path


def test_extract_files_stop_a_stuck_page_at_its_budget(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for name, body in (("one", ok_page(1)), ("stuck", stuck_page()), ("two", ok_page(2))):
        (tmp_path / f"{name}.html").write_bytes(body)
        files.append(str(tmp_path / f"{name}.html"))
    started = time.monotonic()
    args = ["--spider", "slow_byline", "--no-enrich", "--config", str(config)]
    code = main(["extract", *files, *args])
    took = time.monotonic() - started
    out, err = capsys.readouterr()
    assert took < BOUND, took
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["authors"] for r in records] == [["Mark Wells"], ["Lena Ortiz"]]  # in order
    (line,) = [ln for ln in err.splitlines() if "error:" in ln]
    assert "stuck.html" in line
    assert "deadline" in line
    assert "Traceback" not in err


def test_extract_warc_counts_the_stuck_page_over_budget(tmp_path: Path, config: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from pipeline.output.warc import WarcArchiver

    moment = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    with WarcArchiver(tmp_path, "stuck", prefix="test") as archiver:
        for name, body in (("one", ok_page(1)), ("stuck", stuck_page()), ("two", ok_page(2))):
            moment += timedelta(seconds=5)
            headers = {"Content-Type": "text/html; charset=utf-8"}
            url = f"http://stuck.test/a/{name}.html"
            archiver.archive(url, 200, headers, body, fetched_at=moment)
    (warc,) = archiver.files
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(
        ["extract", "--warc", str(warc), "--spider", "slow_byline", "--no-enrich",
         "--config", str(config), "--out", str(out)]
    )  # fmt: skip
    assert time.monotonic() - started < BOUND
    assert code == 1
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text("utf-8"))
    assert manifest["counts"]["written"] == 2
    assert manifest["counts"]["over_budget"] == 1
    assert manifest["errors"] == {"OverBudget:time": 1}


def crawl_settings(tmp_path: Path, **extra: object) -> Settings:
    return Settings(
        out_dir=tmp_path / "out",
        crawl=CrawlSettings(delay=0.0, retries=0, deadline=20.0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
        **extra,  # type: ignore[arg-type]
    )


def serve_pages(loopback_http, pages: dict[str, bytes]):  # type: ignore[no-untyped-def]
    links = "".join(f"<a href='/a/{name}.html'>{name}</a>" for name in pages)
    html = "text/html; charset=utf-8"
    routes = {
        "/index.html": (200, {"Content-Type": "text/html"}, f"<html>{links}</html>".encode()),
        "/robots.txt": (404, {}, b""),
    }
    for name, body in pages.items():
        routes[f"/a/{name}.html"] = (200, {"Content-Type": html}, body)
    return loopback_http(routes)


def crawl_pages(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    loopback_http,
    pages: dict[str, bytes],
    *,
    enrich: bool = False,
    **settings: object,
):
    """Serve ``pages`` on the loopback and crawl them from the listing (``settings``: of
    :func:`crawl_settings`): (the server, the crawl's result, its wall seconds)."""
    server = serve_pages(loopback_http, pages)
    options = CrawlOptions.build(
        crawl_settings(tmp_path, **settings),
        out=tmp_path / "out",
        enrich=enrich,
        handle_signals=False,
        track_urls=True,
    )
    started = time.monotonic()
    result = run_crawl([SlowBylineSpider(base_url=server.base)], options)
    return server, result, time.monotonic() - started


def test_crawl_kills_the_stuck_worker_and_goes_on(tmp_path: Path, loopback_http) -> None:  # type: ignore[no-untyped-def]
    pages = {"p0": ok_page(0), "stuck": stuck_page(), **{f"p{i}": ok_page(i) for i in (1, 2, 3)}}
    server, result, seconds = crawl_pages(tmp_path, loopback_http, pages, page_budget=BUDGET)
    assert seconds < BOUND
    assert result.counts["written"] == 4  # the pages after the stuck one: a new worker took them
    assert result.counts["over_budget"] == 1
    assert result.errors == {"OverBudget:time": 1}
    assert result.outcomes is not None
    assert result.outcomes[server.base + "/a/stuck.html"] == "over_budget"
    assert result.exit_code == 1
    assert result.worker_peak_rss > 0
    assert result.workers_killed == 1


#: A page slow to extract (4.5 s on one core, 2 s of it in the budget scan, which reads the
#: deadline every 1,024 tags), but not stuck: refused by itself at the budget.
SLOW_PAGE = article("Many empty tags", [*prose(5, " (slow)"), "<b></b>" * 240_000]).encode()


def test_a_slow_page_refuses_itself_before_its_worker_is_killed(
    tmp_path: Path, loopback_http, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # no lower CPU priority at 1 s (the budget): on a machine busy with other work, a worker
    # running only on idle CPU time may wait past any grace (what is tested is the grace)
    monkeypatch.setattr(crawl_module, "HEAVY_SECONDS", 30.0)
    pages = {"p0": ok_page(0), "slow": SLOW_PAGE, "p1": ok_page(1)}
    server, result, seconds = crawl_pages(tmp_path, loopback_http, pages, page_budget=BUDGET)
    assert seconds < 10.0
    slow = server.base + "/a/slow.html"
    assert result.outcomes is not None
    assert result.outcomes[slow] == "over_budget"
    assert result.errors == {"OverBudget:time": 1}
    assert result.counts["written"] == 2
    assert result.workers_killed == 0  # the page's own refusal came first
    (line,) = [r.getMessage() for r in caplog.records if slow in r.getMessage()]
    assert "page over budget: extraction took" in line
    assert "worker was replaced" not in line


def test_extract_files_report_a_slow_page_s_own_refusal(
    tmp_path: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "slow.html").write_bytes(SLOW_PAGE)
    (tmp_path / "one.html").write_bytes(ok_page(1))
    files = [str(tmp_path / "slow.html"), str(tmp_path / "one.html")]
    started = time.monotonic()
    code = main(["extract", *files, "--no-enrich", "--config", str(config)])
    assert time.monotonic() - started < 10.0
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) == 1
    (line,) = [ln for ln in err.splitlines() if "error:" in ln]
    assert "slow.html" in line
    assert "page over budget: extraction took" in line
    assert "worker was replaced" not in line


# -- enrichment of the survivors, batched ------------------------------------------------------
REAL_BATCH = crawl_module._enrich_batch


def poisoned_batch(articles: list[models.Article], settings: Settings) -> list[object]:
    """The real batch function, except that a record named "poison" kills its worker (as a
    crash in a C extension would), and the first call is slow (as a model load is)."""
    if any(a.url.endswith("/p0.html") for a in articles):
        time.sleep(2.0)  # the others queue up meanwhile: the next call is a batch
    if any(a.url.endswith("/poison.html") for a in articles):
        os._exit(9)
    return REAL_BATCH(articles, settings)


@pytest.mark.usefixtures("nlp")
def test_crawl_enriches_survivors_in_batches_and_a_bad_one_costs_itself(
    tmp_path: Path, loopback_http, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pipeline.api import extract_article

    pages = {f"p{i}": ok_page(i) for i in range(6)}
    pages["poison"] = ok_page(99)
    pages["p6"] = ok_page(6)
    # the workers are forked from this process: they call the patched function
    monkeypatch.setattr(crawl_module, "_enrich_batch", poisoned_batch)
    server, result, _ = crawl_pages(tmp_path, loopback_http, pages, enrich=True)
    c = result.counts
    assert c["written"] == 7
    assert c["enriched"] == 7
    assert c["failed"] == 1
    assert result.outcomes is not None
    assert result.outcomes[server.base + "/a/poison.html"] == "failed"
    # p0 alone, then a batch holding the poison, which died: its records one by one
    assert c["enrich_retried"] >= 2
    assert c["enrich_batches"] - c["enrich_retried"] < 7  # fewer calls than survivors
    # the crawl's records are the archive path's: extract, then enrich_articles
    by_url = {a.url: a for a in result.articles}
    url = server.base + "/a/p3.html"
    alone = extract_article(ok_page(3), url, spider=SlowBylineSpider(base_url=server.base))
    record = by_url[url]
    assert record.figures  # enriched: "24 complaints" ...
    assert record.extraction.ner_model
    for name in ("entities", "organizations", "people", "places", "dates", "figures"):
        assert getattr(record, name) == getattr(alone, name), name
