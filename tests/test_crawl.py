"""End-to-end crawl tests over real loopback HTTP (the fixture site in tests/fixtures/site)."""

from __future__ import annotations

import json
import os
import re
import signal
from pathlib import Path

import pytest
from records import bare_article

import models
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.demo.serve import serve_directory
from pipeline.errors import ExtractionError
from pipeline.runs.crawl import (
    EXIT_FAILED,
    EXIT_NOTHING,
    EXIT_OK,
    CrawlOptions,
    CrawlResult,
    run_crawl,
)
from pipeline.spider import Spider

SITE = Path(__file__).parent / "fixtures" / "site"
ARTICLES = [f"/news/{i}.html" for i in (1, 2, 3, 4)]


class CrawlTestSpider(Spider):
    name = "crawltest_site"
    feeds = ("/rss.xml",)
    sitemaps = ("/sitemap.xml",)
    listings = ("/index.html",)
    article_url = r"/news/\d+\.html$"
    delay = 0.0


class CrawlTestPartialSpider(Spider):
    name = "crawltest_partial"
    feeds = ("/rss.xml", "/rss-missing.xml")
    article_url = r"/news/\d+\.html$"
    delay = 0.0


def fake_extract(
    html: bytes | str,
    url: str | None = None,
    *,
    spider: Spider | None = None,
    enrich: bool = True,
    content_type: str | None = None,
    fetched_at: str | None = None,
    settings: Settings | None = None,
) -> models.Article:
    """A stand-in for pipeline.api.extract_article: title from <title>, text from <p>."""
    page = html.decode("utf-8") if isinstance(html, bytes) else html
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    paragraphs = re.findall(r"<p>(.*?)</p>", page, re.S)
    if not title or "<article>" not in page:
        raise ExtractionError("no article in page", url=url)
    text = "\n\n".join(re.sub(r"<[^>]+>", "", p) for p in paragraphs)
    assert url is not None
    assert spider is not None
    return bare_article(
        url, site=spider.name, title=title.group(1), text=text, fetched_at=fetched_at
    )


def settings_for(tmp_path: Path, **crawl: object) -> Settings:
    values: dict[str, object] = {"delay": 0.0, "retries": 0, "deadline": 5.0}
    values.update(crawl)
    return Settings(
        out_dir=tmp_path / "out",
        crawl=CrawlSettings(**values),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),  # the test site is on loopback
    )


def read_records(result: CrawlResult) -> list[models.Article]:
    records = []
    for part in result.parts:
        for line in part.read_text(encoding="utf-8").splitlines():
            records.append(models.Article.model_validate_json(line))
    return records


def assert_no_temp_files(root: Path) -> None:
    leftovers = [p for p in root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_crawl_feed_sitemap_listing_end_to_end(tmp_path: Path) -> None:
    requests: list[str] = []
    seen: list[str] = []
    with serve_directory(SITE, request_log=requests) as base:
        spider = CrawlTestSpider(base_url=base)
        result = run_crawl(
            [spider],
            CrawlOptions.build(settings_for(tmp_path), out=tmp_path / "out", enrich=False),
            extract=fake_extract,
            on_article=lambda a: seen.append(a.url),
        )
    assert result.exit_code == EXIT_OK
    assert result.counts["written"] == 4
    assert result.counts["start_pages"] == 3
    assert result.counts["skipped_robots"] == 1
    assert result.counts["failed"] == 0
    records = read_records(result)
    assert sorted(r.url for r in records) == [base + path for path in ARTICLES]
    assert sorted(seen) == sorted(r.url for r in records)
    assert {r.title for r in records} == {f"Test article {i}" for i in (1, 2, 3, 4)}
    assert all(r.fetched_at and r.fetched_at.endswith("Z") for r in records)
    # one part, sorted by URL, named after the run, under the spider's folder
    assert len(result.parts) == 1
    part = result.parts[0]
    assert part.parent == tmp_path / "out" / "crawltest_site"
    assert re.fullmatch(rf"part-{re.escape(result.run_id)}-00001\.jsonl", part.name)
    lines = part.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["url"] for x in lines] == sorted(json.loads(x)["url"] for x in lines)
    assert_no_temp_files(tmp_path)
    # robots.txt read once, the disallowed page and the foreign host never asked for,
    # each article fetched once although several start points list it
    assert requests.count("/robots.txt") == 1
    assert "/private/news/9.html" not in requests
    for path in ARTICLES:
        assert requests.count(path) == 1
    # the manifest sits next to the parts
    assert result.manifest == tmp_path / "out" / "_runs" / f"{result.run_id}.json"
    manifest = models.RunManifest.model_validate_json(result.manifest.read_text("utf-8"))
    assert manifest.exit_code == EXIT_OK
    assert manifest.counts["written"] == 4
    assert manifest.parts == [str(part)]


def test_exit_code_1_when_some_pages_fail(tmp_path: Path) -> None:
    with serve_directory(SITE) as base:
        result = run_crawl(
            [CrawlTestPartialSpider(base_url=base)],
            CrawlOptions.build(settings_for(tmp_path), out=tmp_path / "out"),
            extract=fake_extract,
        )
    assert result.exit_code == EXIT_FAILED
    assert result.counts["written"] == 2
    assert result.counts["failed"] == 1
    assert result.errors == {"FetchError": 1}
    assert len(read_records(result)) == 2


def test_exit_code_3_when_nothing_is_written(tmp_path: Path) -> None:
    with serve_directory(SITE) as base:
        result = run_crawl(
            [CrawlTestSpider(base_url=base)],
            CrawlOptions.build(
                settings_for(tmp_path),
                out=tmp_path / "out",
                start_urls=[base + "/rss-missing.xml", base + "/nowhere.xml"],
            ),
            extract=fake_extract,
        )
    assert result.exit_code == EXIT_NOTHING
    assert result.counts["written"] == 0
    assert result.counts["start_failed"] == 1  # nowhere.xml
    assert result.counts["failed"] == 1  # the article rss-missing.xml lists
    assert result.parts == []
    assert result.manifest is not None
    assert result.manifest.is_file()


def test_exit_code_0_when_there_is_nothing_new(tmp_path: Path) -> None:
    with serve_directory(SITE) as base:
        result = run_crawl(
            [CrawlTestSpider(base_url=base)],
            CrawlOptions.build(
                settings_for(tmp_path),
                out=tmp_path / "out",
                start_urls=[base + "/about.html"],  # a listing without article links
            ),
            extract=fake_extract,
        )
    assert result.exit_code == EXIT_OK
    assert result.counts["start_pages"] == 1
    assert result.counts["written"] == 0
    assert result.parts == []


def test_start_url_that_is_an_article_is_taken_as_one(tmp_path: Path) -> None:
    requests: list[str] = []
    with serve_directory(SITE, request_log=requests) as base:
        result = run_crawl(
            [CrawlTestSpider(base_url=base)],
            CrawlOptions.build(
                settings_for(tmp_path),
                out=tmp_path / "out",
                start_urls=["/news/3.html"],
            ),
            extract=fake_extract,
        )
    assert result.exit_code == EXIT_OK
    assert [a.url for a in result.articles] == [base + "/news/3.html"]
    assert requests.count("/news/3.html") == 1


def test_max_articles_caps_the_run(tmp_path: Path) -> None:
    with serve_directory(SITE) as base:
        result = run_crawl(
            [CrawlTestSpider(base_url=base)],
            CrawlOptions.build(settings_for(tmp_path), out=tmp_path / "out", max_articles=2),
            extract=fake_extract,
        )
    assert result.exit_code == EXIT_OK
    assert result.counts["written"] == 2
    assert len(read_records(result)) == 2


def test_not_an_article_is_skipped_not_failed(tmp_path: Path) -> None:
    class Everything(Spider):
        name = "crawltest_everything"
        article_url = r"\.html$"
        delay = 0.0

    with serve_directory(SITE) as base:
        result = run_crawl(
            [Everything(base_url=base)],
            CrawlOptions.build(
                settings_for(tmp_path),
                out=tmp_path / "out",
                start_urls=["/sitemap.xml"],
            ),
            extract=fake_extract,
        )
    # the sitemap lists news/3, news/1 and about.html, all article-shaped for this spider
    assert result.counts["skipped_not_article"] == 1  # about.html has no <article>
    assert result.errors == {"ExtractionError": 1}
    assert result.counts["written"] == 2
    assert result.exit_code == EXIT_OK


def test_stdout_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve_directory(SITE) as base:
        result = run_crawl(
            [CrawlTestSpider(base_url=base)],
            CrawlOptions.build(settings_for(tmp_path), out="-", start_urls=["/sitemap.xml"]),
            extract=fake_extract,
        )
    lines = capsys.readouterr().out.splitlines()
    assert sorted(models.Article.model_validate_json(x).url for x in lines) == [
        base + "/news/1.html",
        base + "/news/3.html",
    ]
    assert result.manifest is None
    assert not (tmp_path / "out").exists()


def test_sigterm_stops_taking_urls_and_flushes(tmp_path: Path) -> None:
    sent: list[str] = []

    def stop_after_first(article: models.Article) -> None:
        if not sent:  # a second SIGTERM would get the default action: end the process
            sent.append(article.url)
            os.kill(os.getpid(), signal.SIGTERM)

    with serve_directory(SITE) as base:
        result = run_crawl(
            [CrawlTestSpider(base_url=base)],
            CrawlOptions.build(settings_for(tmp_path, delay=0.1), out=tmp_path / "out"),
            extract=fake_extract,
            on_article=stop_after_first,
        )
    assert result.interrupted
    assert 1 <= result.counts["written"] < 4
    assert len(read_records(result)) == result.counts["written"]
    assert result.manifest is not None
    assert result.manifest.is_file()
    assert_no_temp_files(tmp_path)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
