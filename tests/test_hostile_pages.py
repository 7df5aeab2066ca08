"""One bad page costs one record — on every path (issue #13).

Hostile pages made by the tests (tests/hostile.py: a 1.2 M-character article, a million
levels of nesting, attribute bombs (one inside an SVG icon's style), a 6 MB title, a NUL
byte, UTF-16 without a BOM, PHP source, malformed URLs, a headline with 100,000 spaces
inside) go with good pages through ``extract a.html b.html …``, ``extract --warc``,
``--dask local:2`` and a crawl of a loopback server: every other record is written, each bad
page is one counted outcome with a one-line reason, and the run ends in bounded time.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hostile import HostilePage, hostile_pages

from pipeline.cli import main
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.output.warc import WarcArchiver
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import Spider

BASE = "http://hostile.test"
#: Generous: each path takes a few seconds here; without the budgets the bomb alone took
#: minutes (quadratic parsing), and the long article hit spaCy's max_length.
BOUND = 60.0


@pytest.fixture(scope="module")
def pages() -> list[HostilePage]:
    return hostile_pages()


def expected(pages: list[HostilePage], *, headers: bool) -> tuple[list[str], list[str]]:
    """(names written, names refused); without HTTP headers UTF-16 is still sniffed."""
    written = [p.name for p in pages if p.refused is None]
    refused = [p.name for p in pages if p.refused is not None]
    del headers
    return written, refused


def check_records(lines: list[str], written: list[str]) -> list[dict]:
    records = [json.loads(line) for line in lines if line.strip()]
    by_name = {r["url"].rsplit("/", 1)[-1].removesuffix(".html"): r for r in records}
    assert sorted(by_name) == sorted(written)
    assert len(by_name["long"]["text"]) > 1_000_000  # kept whole, not refused
    title = by_name["title"]
    assert len(title["title"]) == 1_000
    assert any("title cut from 6,000,000" in w for w in title["extraction"]["warnings"])
    assert by_name["nul"]["extraction"]["cleaning"]["nul_bytes"] == 1
    assert "\x00" not in by_name["nul"]["text"]
    assert by_name["utf16"]["title"] == "Zürich report, in UTF-16"
    assert by_name["badurls"]["title"] == "Council delays the vote"  # its URLs ignored
    assert by_name["badurls"]["authors"] == ["Dana Ortiz"]
    assert by_name["spaces"]["title"] == "Council votes on the harbour budget"
    return records


def test_extract_files_isolates_each_page(
    pages: list[HostilePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = []
    for page in pages:
        path = tmp_path / f"{page.name}.html"
        path.write_bytes(page.body)
        files.append(str(path))
    started = time.monotonic()
    code = main(["extract", *files, "--no-enrich"])
    assert time.monotonic() - started < BOUND
    out, err = capsys.readouterr()
    written, refused = expected(pages, headers=False)
    assert code == 1  # some inputs failed, the others written
    records = check_records(out.splitlines(), written)
    # in input order
    assert [r["url"].rsplit("/", 1)[-1] for r in records] == [f"{n}.html" for n in written]
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == len(refused)
    for page in pages:
        if page.refused:
            (line,) = [e for e in errors if f"{page.name}.html" in e]
            assert page.refused in line
    assert "Traceback" not in err


def write_warc(directory: Path, name: str, pages: list[HostilePage]) -> Path:
    moment = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
    with WarcArchiver(directory, name, prefix="test") as archiver:
        for page in pages:
            moment += timedelta(seconds=5)
            archiver.archive(
                f"{BASE}/{page.name}.html",
                200,
                {"Content-Type": page.content_type},
                page.body,
                fetched_at=moment,
            )
    (path,) = archiver.files
    return path


def test_extract_warc_isolates_each_record(
    pages: list[HostilePage], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = write_warc(tmp_path, "hostile", pages)
    started = time.monotonic()
    code = main(["extract", "--warc", str(warc), "--no-enrich"])
    assert time.monotonic() - started < BOUND
    out, err = capsys.readouterr()
    written, _ = expected(pages, headers=True)
    check_records(out.splitlines(), written)
    assert code == 1  # the bombs are over budget: failed pages, the rest written
    assert "nested more than 8,000 levels" in err
    assert "more than 1,000 attributes" in err
    assert "Traceback" not in err

    out_dir = tmp_path / "out"
    assert main(["extract", "--warc", str(warc), "--no-enrich", "--out", str(out_dir)]) == 1
    manifest = json.loads(next((out_dir / "_runs").glob("*.json")).read_text("utf-8"))
    assert manifest["counts"]["written"] == len(written)
    assert manifest["counts"]["over_budget"] == 4  # the two nesting and the two attribute bombs
    assert manifest["counts"]["skipped_not_article"] == 1  # the PHP source
    assert manifest["errors"] == {"OverBudget:depth": 2, "OverBudget:attributes": 2}
    lines = [ln for part in manifest["parts"] for ln in Path(part).read_text("utf-8").splitlines()]
    check_records(lines, written)


def test_dask_keeps_every_good_record(pages: list[HostilePage], tmp_path: Path) -> None:
    from pipeline.runs.archive import ArchiveOptions
    from pipeline.runs.cluster import run_on_dask

    files = [
        write_warc(tmp_path / "a", "hostile-a", pages[:4]),
        write_warc(tmp_path / "b", "hostile-b", pages[4:]),
    ]
    out_dir = tmp_path / "out"
    run = run_on_dask(files, out_dir, ArchiveOptions(enrich=False), "local:2")
    written, _ = expected(pages, headers=True)
    assert run.counts["files_failed"] == 0
    assert run.counts["over_budget"] == 4  # the two nesting and the two attribute bombs
    assert run.counts["written"] == len(written)
    lines = [ln for part in run.parts for ln in part.read_text("utf-8").splitlines()]
    check_records(lines, written)


class HostileSpider(Spider):
    name = "hostile_site"
    listings = ("/index.html",)
    article_url = r"/a/\w+\.html$"
    delay = 0.0


def test_crawl_over_loopback_isolates_each_page(
    pages: list[HostilePage], tmp_path: Path, loopback_http
) -> None:  # type: ignore[no-untyped-def]
    links = "".join(f"<a href='/a/{p.name}.html'>{p.name}</a>" for p in pages)
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/index.html": (200, {"Content-Type": "text/html"}, f"<html>{links}</html>".encode()),
        "/robots.txt": (404, {}, b""),
    }
    for page in pages:
        routes[f"/a/{page.name}.html"] = (200, {"Content-Type": page.content_type}, page.body)
    server = loopback_http(routes)
    settings = Settings(
        out_dir=tmp_path / "out",
        # 3–4 s on a quiet machine; the heavy host's worker runs at a lower CPU priority, so
        # on a loaded one the 1.2 M-character page needed more than 20 s
        crawl=CrawlSettings(delay=0.0, retries=0, deadline=40.0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )
    started = time.monotonic()
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        options = CrawlOptions.build(
            settings, out=tmp_path / "out", state=tmp_path / "state.sqlite", enrich=False
        )
        result = run_crawl([HostileSpider(base_url=server.base)], options)
    assert time.monotonic() - started < BOUND
    written, refused = expected(pages, headers=True)
    lines = [ln for part in result.parts for ln in part.read_text("utf-8").splitlines()]
    check_records(lines, written)
    assert result.counts["written"] == len(written)
    assert result.counts["over_budget"] == 4  # the four bombs, with their reasons
    assert result.errors.get("OverBudget:depth") == 2
    assert result.errors.get("OverBudget:attributes") == 2
    assert result.counts["skipped_not_article"] == 1  # the PHP source
    assert len(refused) == 5  # the four bombs and the PHP source
    assert result.exit_code == 1
