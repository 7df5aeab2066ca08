"""One bookkeeping for every way to run: a crawl, an archive run and a cluster run of the
same pages end each page in the same outcome, write manifests with the same counts and
exit with the same code.

The pages are served on 127.0.0.1 and crawled through the real HTTP stack with every
response archived as WARC; the archive is then read in this process and on a one-worker
local Dask cluster. Budget: about 25 s (the cluster start and its model load dominate).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import demo_root
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.demo.serve import serve_directory
from pipeline.output.warc import WarcArchiver
from pipeline.runs.archive import ArchiveOptions, run_archives
from pipeline.runs.bookkeeping import (
    ARCHIVE_COUNTS,
    CRAWL_COUNTS,
    EXIT_DAMAGED,
    EXIT_FAILED,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_STOPPED,
    OUTCOMES,
    STOPPED_BY_OUTPUT,
    exit_code_for,
)
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import Spider


class SamePagesSpider(Spider):
    """Pages under /a/ are articles; the spider's own code fails on the "broken" one."""

    name = "same_pages_test"
    article_url = r"/a/"

    def parse_title(self, tree, url):  # type: ignore[no-untyped-def]
        if url and "broken" in url:
            raise RuntimeError("the spider's own bug")
        return None


def _site(root: Path) -> list[str]:
    """Three demo articles, a copy of one under another URL (same rel=canonical), a page
    that is not an article, and one the spider fails on; their paths."""
    demo = demo_root()
    articles = sorted((demo / "a").glob("*/*.html"))[:3]
    paths = []
    for page in articles:
        path = page.relative_to(demo).as_posix()
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, root / path)
        paths.append(path)
    (root / "a" / "copy").mkdir()
    shutil.copy(articles[0], root / "a" / "copy" / "1.html")
    shutil.copy(articles[1], root / "a" / "broken.html")
    (root / "a" / "contact.html").write_text(
        "<html><head><title>Contact</title></head><body><p>Write to us.</p></body></html>",
        encoding="utf-8",
    )
    return [*paths, "a/copy/1.html", "a/broken.html", "a/contact.html"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The manifests of the three runs of the same pages."""
    from pipeline.runs.cluster import run_on_dask

    tmp = tmp_path_factory.mktemp("same-pages")
    site = tmp / "site"
    site.mkdir()
    paths = _site(site)
    settings = Settings(
        crawl=CrawlSettings(delay=0.0, retries=0, deadline=5.0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )
    with serve_directory(site) as base, WarcArchiver(tmp / "warc", "same") as archiver:
        options = CrawlOptions.build(
            settings,
            out=tmp / "crawl",
            start_urls=[f"{base}/{p}" for p in paths],  # each page is its own start point
            enrich=False,
        )
        crawled = run_crawl([SamePagesSpider()], options, on_response=archiver.archive_fetch)
    archive_options = ArchiveOptions(spider=SamePagesSpider.name, enrich=False)
    archived = run_archives(archiver.files, tmp / "archive", archive_options)
    clustered = run_on_dask(archiver.files, tmp / "cluster", archive_options, "local:1")
    manifests = {}
    for name, run in (("crawl", crawled), ("archive", archived), ("cluster", clustered)):
        assert run.manifest is not None
        manifests[name] = json.loads(run.manifest.read_text(encoding="utf-8"))
        assert manifests[name]["exit_code"] == run.exit_code
    return manifests


def test_the_same_pages_give_the_same_counts_and_exit_code(runs: dict[str, dict]) -> None:
    outcomes = {name: {k: m["counts"][k] for k in OUTCOMES} for name, m in runs.items()}
    assert outcomes["crawl"] == outcomes["archive"] == outcomes["cluster"]
    expected = {"written": 3, "duplicate": 1, "skipped_not_article": 1, "failed": 1}
    assert {k: v for k, v in outcomes["crawl"].items() if v} == expected
    assert {m["exit_code"] for m in runs.values()} == {EXIT_FAILED}
    assert runs["crawl"]["counts"]["start_pages"] == 6
    assert runs["archive"]["counts"]["responses"] == runs["cluster"]["counts"]["responses"] == 6


def test_every_manifest_holds_every_count_of_its_kind(runs: dict[str, dict]) -> None:
    assert list(runs["crawl"]["counts"]) == list(CRAWL_COUNTS)
    for name in ("archive", "cluster"):
        assert list(runs[name]["counts"]) == list(ARCHIVE_COUNTS)
    assert runs["archive"]["errors"] == runs["cluster"]["errors"] == {"RuntimeError": 1}


@pytest.mark.parametrize(
    ("counts", "code"),
    [
        ({}, EXIT_OK),  # nothing to do
        ({"unchanged": 4}, EXIT_OK),  # nothing new
        ({"skipped_old": 3}, EXIT_OK),
        ({"written": 2, "skipped_not_article": 5}, EXIT_OK),
        ({"written": 2, "failed": 1}, EXIT_FAILED),
        ({"written": 2, "deferred": 1}, EXIT_FAILED),
        ({"written": 2, "files_failed": 1}, EXIT_FAILED),
        # a damaged archive is said (issue #13): its intact records are written, exit 65
        ({"written": 2, "corrupt": 1}, EXIT_DAMAGED),
        ({"written": 2, "over_budget": 1}, EXIT_FAILED),
        ({"failed": 1}, EXIT_NOTHING),
        ({"start_failed": 2}, EXIT_NOTHING),
        ({"skipped_not_article": 2}, EXIT_NOTHING),
        ({"truncated": 1}, EXIT_DAMAGED),
        ({"unchanged": 1, "failed": 1}, EXIT_FAILED),
    ],
)
def test_one_exit_code_policy(counts: dict[str, int], code: int) -> None:
    assert exit_code_for(counts) == code


def test_a_stopped_run_exits_4_and_a_failed_output_74() -> None:
    assert exit_code_for({"written": 3}, stopped="received SIGTERM") == EXIT_STOPPED
    assert exit_code_for({"written": 3}, stopped=STOPPED_BY_OUTPUT) == EXIT_OUTPUT


def test_crawl_options_resolve_the_flags_against_the_settings(tmp_path: Path) -> None:
    import dataclasses
    from datetime import UTC, datetime, timedelta

    from pipeline.errors import ConfigError

    settings = Settings(out_dir=tmp_path / "out", crawl=CrawlSettings(max_articles=9))
    default = CrawlOptions.build(settings)
    assert default.out_dir == tmp_path / "out"
    assert default.max_articles == 9  # the settings' cap unless a flag says otherwise
    assert default.state is None
    flags = CrawlOptions.build(settings, out="-", max_articles=2, since="2d", state="s.db")
    assert flags.out_dir is None  # stdout
    assert flags.max_articles == 2
    assert flags.state == Path("s.db")
    assert flags.since is not None
    assert abs(datetime.now(UTC) - timedelta(days=2) - flags.since) < timedelta(minutes=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        flags.max_articles = 5  # type: ignore[misc]
    with pytest.raises(ConfigError):
        CrawlOptions.build(settings, since="the other day")
