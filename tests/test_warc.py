"""WARC out (crawl --warc) and in (extract --warc): archives any tool can read, re-extracted
into the same records as a crawl, damaged records counted and skipped, memory flat.

Budget: about 15 s (one demo crawl without NER, one enriched extraction of 12 articles).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import tracemalloc
import zlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warc_corpus import HTML, Corpus, fixture_pages, gzip_members, served_as, write_corpus
from warcio.archiveiterator import ArchiveIterator

import models
from pipeline.api import extract_article
from pipeline.cli import demo_root, main
from pipeline.config import CrawlSettings, FetchSettings, Settings
from pipeline.demo.serve import serve_directory
from pipeline.output.warc import WarcArchiver, iter_responses
from pipeline.runs.archive import ArchiveOptions, run_archives
from pipeline.runs.crawl import CrawlOptions, run_crawl
from pipeline.spider import get_spider


def _records(parts: list[Path]) -> list[dict]:
    return [json.loads(line) for p in parts for line in p.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def demo_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The demo site crawled over HTTP with every response archived (files rotated small)."""
    tmp = tmp_path_factory.mktemp("warc-crawl")
    settings = Settings(
        out_dir=tmp / "out",
        crawl=CrawlSettings(delay=0.0, retries=0, deadline=5.0),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
    )
    archiver = WarcArchiver(tmp / "warc", "crawl1", max_bytes=20_000, user_agent="ua")
    with serve_directory(demo_root()) as base, archiver:
        result = run_crawl(
            [get_spider("demo", base_url=base)],
            CrawlOptions.build(settings, out=tmp / "out", enrich=False),
            on_response=archiver.archive_fetch,
        )
    return {"tmp": tmp, "result": result, "files": archiver.files, "base": base}


def test_crawl_archives_every_response_as_warc_1_1_gzip_per_record(demo_crawl: dict) -> None:
    files: list[Path] = demo_crawl["files"]
    result = demo_crawl["result"]
    assert result.counts["written"] == 8
    assert len(files) > 1, "20 kB files should have rotated"
    assert all(f.name.endswith(".warc.gz") for f in files)
    assert not list(files[0].parent.glob("*.open")), "a file left unfinished"
    responses, requests, concurrent = {}, {}, {}
    for path in files:
        data = path.read_bytes()
        for offset in gzip_members(data):  # every member holds exactly one record
            record = zlib.decompressobj(31).decompress(data[offset:])
            assert record.startswith(b"WARC/1.1\r\n")
            assert record.count(b"\r\nWARC-Type: ") == 1
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                date = rec.rec_headers.get_header("WARC-Date")
                if rec.rec_type == "warcinfo":
                    continue
                moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
                assert abs(datetime.now(UTC) - moment) < timedelta(minutes=10)
                if rec.rec_type == "response":
                    status = rec.http_headers.get_statuscode()
                    responses[uri] = (status, rec.content_stream().read())
                    concurrent[rec.rec_headers.get_header("WARC-Record-ID")] = uri
                elif rec.rec_type == "request":
                    requests[uri] = rec.http_headers
                    concurrent_to = rec.rec_headers.get_header("WARC-Concurrent-To")
                    assert concurrent_to in concurrent  # paired with its response
    base = demo_crawl["base"]
    articles = sorted(r for r in responses if "/a/" in r)
    assert len(articles) == 8
    assert f"{base}/rss.xml" in responses  # start pages are archived too
    assert set(requests) == set(responses)
    for uri in articles:
        status, body = responses[uri]
        assert status == "200"
        served = (demo_root() / uri.removeprefix(base + "/")).read_bytes()
        assert body == served.replace(b"{{BASE_URL}}", base.encode())
        assert requests[uri].get_header("User-Agent")
        assert requests[uri].protocol == "GET"  # warcio's reading of "GET /a/… HTTP/1.1"
        assert requests[uri].statusline.startswith("/a/")


def test_a_crawl_archive_re_extracts_to_the_crawls_records(demo_crawl: dict) -> None:
    crawled = {r["url"]: r for r in _records(demo_crawl["result"].parts)}
    out = demo_crawl["tmp"] / "again"
    paths = [str(p) for p in demo_crawl["files"]]
    args = ["extract", "--warc", *paths, "--spider", "demo", "--no-enrich", "--out", str(out)]
    assert main(args) == 0
    again = {r["url"]: r for r in _records(sorted(out.glob("demo/part-*.jsonl")))}
    assert sorted(again) == sorted(crawled)
    for url, record in again.items():
        fetched = [datetime.fromisoformat(r[url]["fetched_at"][:-1]) for r in (again, crawled)]
        assert abs(fetched[0] - fetched[1]) < timedelta(seconds=5)  # the WARC-Date
        assert {**record, "fetched_at": None} == {**crawled[url], "fetched_at": None}
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text("utf-8"))
    assert manifest["counts"]["written"] == 8
    assert manifest["counts"]["skipped_not_article"] >= 1  # the front page listing


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return write_corpus(tmp_path_factory.mktemp("warc-corpus"))


@pytest.fixture(scope="module")
def extracted(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return run_archives(corpus.files, tmp_path_factory.mktemp("warc-out"), ArchiveOptions())


def test_warc_in_keeps_html_200_routes_spiders_and_writes_crawl_records(
    corpus: Corpus, extracted
) -> None:  # type: ignore[no-untyped-def]
    counts = extracted.counts
    assert counts["written"] == len(corpus.articles) == 13
    assert counts["skipped_status"] == 2  # the 404 and the 301
    assert counts["skipped_type"] == 2  # robots.txt, the SVG
    assert counts["duplicate"] == 1
    assert extracted.exit_code == 0
    records = _records(extracted.parts)
    assert len({r["id"] for r in records}) == len(records)
    by_url = {r["url"]: r for r in records}
    assert {r["site"] for r in records} == {"generic", "voa", "apnews", "euronews"}
    for page in fixture_pages():
        assert by_url[page.url]["site"] in page.url  # voanews.com → voa, ...
    # each record is what extract_article makes of the page, enriched, fetched at WARC-Date
    for page in corpus.articles[:2] + corpus.articles[-2:]:
        record = by_url[page.url]
        served = served_as(page.body)["Content-Type"]
        direct = extract_article(
            page.body, page.url, content_type=served, fetched_at=record["fetched_at"]
        )
        assert record == json.loads(direct.to_json())
        assert record["extraction"]["ner_model"]
    for record in records:
        models.Article.model_validate(record)
    # parts live under <out>/<site>/, one manifest for the run
    root = extracted.manifest.parent.parent
    sites = ("generic", "voa", "apnews", "euronews")
    assert {p.parent for p in extracted.parts} <= {root / s for s in sites}
    manifest = json.loads(extracted.manifest.read_text("utf-8"))
    assert manifest["counts"]["written"] == 13
    assert sorted(manifest["parts"]) == sorted(str(p) for p in extracted.parts)


def test_filters_site_domain_since_and_max_articles(corpus: Corpus, tmp_path: Path) -> None:
    def written(out: str, *extra: str) -> list[dict]:
        args = ["extract", "--warc", *map(str, corpus.files), "--no-enrich", "--out", out, *extra]
        assert main(args) == 0
        return _records(sorted(Path(out).glob("*/part-*.jsonl")))

    voa_ap = written(str(tmp_path / "a"), "--site", "voa", "--site", "apnews")
    assert sorted({r["site"] for r in voa_ap}) == ["apnews", "voa"]
    assert len(voa_ap) == 3
    euronews = written(str(tmp_path / "b"), "--domain", "euronews.com")
    assert {r["site"] for r in euronews} == {"euronews"}
    assert len(euronews) == 2
    recent = written(str(tmp_path / "c"), "--since", "2024-01-01")
    assert recent
    assert all(r["published_at"] >= "2024-01-01" for r in recent)
    assert len(recent) < 13  # the demo's 2020 articles are gone
    four = written(str(tmp_path / "d"), "--max-articles", "4")
    assert len(four) == 4


def test_stdout_is_the_same_records(corpus: Corpus, capsysbinary) -> None:  # type: ignore[no-untyped-def]
    assert main(["extract", "--warc", str(corpus.files[0]), "--no-enrich"]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5  # file 1: 5 articles, then the duplicate skipped
    assert all(r["fetched_at"].startswith("2026-01-10T12:") for r in records)


def test_corrupt_and_truncated_records_are_counted_and_skipped(
    corpus: Corpus, tmp_path: Path
) -> None:
    data = corpus.files[1].read_bytes()
    members = gzip_members(data)
    damaged = bytearray(data)
    kinds = [zlib.decompressobj(31).decompress(data[m:])[:400] for m in members]
    responses = [m for m, k in zip(members, kinds, strict=True) if b"WARC-Type: response" in k]
    hit, last = responses[0], responses[-1]
    damaged[hit + 12 : hit + 60] = b"\x00" * 48
    bad = tmp_path / "damaged.warc.gz"
    bad.write_bytes(bytes(damaged[: last + 200]))  # and the last response cut short
    stats: Counter[str] = Counter()
    urls = [r.url for r in iter_responses(bad, stats)]
    assert stats["corrupt"] + stats["truncated"] == 2
    intact = [r.url for r in iter_responses(corpus.files[1])]
    assert len(urls) == len(intact) - 2
    assert set(urls) < set(intact)
    out = tmp_path / "out"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = main(["extract", "--warc", str(bad), "--no-enrich", "--out", str(out)])
    assert code == 65  # a damaged archive: EX_DATAERR, its intact records written
    manifest = json.loads(next((out / "_runs").glob("*.json")).read_text("utf-8"))
    assert manifest["counts"]["corrupt"] + manifest["counts"]["truncated"] == 2
    assert manifest["counts"]["written"] >= 2


def test_a_file_that_is_not_warc_is_one_error_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>hello</p></body></html>")
    assert main(["extract", "--warc", str(page), "--no-enrich", "--out", str(tmp_path)]) == 3
    assert main(["extract", "--warc", str(tmp_path / "missing.warc.gz")]) == 2
    err = capsys.readouterr().err
    assert "not a WARC file" in err
    assert "no such WARC file" in err
    assert "Traceback" not in err


def _big_archive(path: Path, pages: int) -> Path:
    """``pages`` distinct 200 kB article pages (padding in a comment the extractor ignores)."""
    stored = sorted(Path(__file__).parent.glob("fixtures/voa/*.html.gz"))[0]
    body = gzip.decompress(stored.read_bytes())
    padding = b"<!--" + b"x" * 200_000 + b"-->"
    with WarcArchiver(path, "mem", max_bytes=10**12) as archiver:
        for i in range(pages):
            page = body.replace(b"</body>", padding + f"<p>{i}</p></body>".encode())
            archiver.archive(
                f"https://www.voanews.com/a/story-{i}/{7000000 + i}.html",
                200,
                HTML,
                page,
                fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
    return archiver.files[0]


def test_memory_stays_flat_however_large_the_archive(tmp_path: Path) -> None:
    small, large = _big_archive(tmp_path / "s", 15), _big_archive(tmp_path / "l", 60)
    peaks = []
    for archive in (small, large):
        tracemalloc.start()
        out = tmp_path / f"out-{archive.parent.name}"
        result = run_archives([archive], out, ArchiveOptions(enrich=False))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert result.counts["written"] > 0
    # 4× the pages (12 MB of HTML more), the same peak within a part's worth of records
    assert peaks[1] < peaks[0] * 1.3 + 1_000_000, peaks
