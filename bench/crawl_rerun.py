"""A rerun with half the pages changed enriches only that half.

    .venv/bin/python bench/crawl_rerun.py [--pages 20]

One loopback host serves ``--pages`` ordinary articles. A first crawl (real extractor, with
enrichment, a state database) writes them all; then every other page's text is changed and
the same crawl runs again with the same state. The crawl decides unchanged / duplicate /
old / limit *before* enriching, so the rerun enriches only the changed half: printed are
each run's counts of fetched, enriched, written and unchanged pages, the enrichment calls
(``calls``: each a batch of the survivors waiting, through ``enrich_articles``) and the
enrichment time summed over the workers (the manifest's ``enrich_summed``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # hostile.py: the test suite's page makers

from pipeline.spider import Spider  # noqa: E402


class Site(Spider):
    """The one host (module level: spiders travel to the extraction processes)."""

    name = "site"
    listings = ("/index.html",)
    article_url = r"/a/\d+\.html$"
    delay = 0.0


def write_site(root: Path, pages: int, edition: int) -> None:
    from hostile import article, prose

    (root / "a").mkdir(parents=True, exist_ok=True)
    links = "".join(f"<a href='/a/{i}.html'>{i}</a>" for i in range(pages))
    (root / "index.html").write_text(f"<html><body>{links}</body></html>")
    for i in range(pages):
        changed = edition if i % 2 == 0 else 0  # every other page changes per edition
        paragraphs = [*prose(6, f" {i}"), f"Update {changed}: the council met again in Minsk."]
        (root / "a" / f"{i}.html").write_text(article(f"Report {i}", paragraphs))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()

    from pipeline.config import CrawlSettings, FetchSettings, Settings
    from pipeline.demo.serve import serve_directory
    from pipeline.enrich import load_nlp
    from pipeline.runs.crawl import CrawlOptions, run_crawl

    load_nlp()  # loaded once here, shared by the forked extraction workers
    print(
        f"{'run':<8} {'fetched':>8} {'enriched':>9} {'calls':>6} {'written':>8} "
        f"{'unchanged':>10} {'enrich s':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        site, out = Path(tmp) / "site", Path(tmp) / "out"
        settings = Settings(
            out_dir=out,
            crawl=CrawlSettings(delay=0.0, retries=0),
            fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
        )
        port = _free_port()  # the same address both times: the same URLs
        for run, edition in (("first", 1), ("rerun", 2)):
            write_site(site, args.pages, edition)
            with serve_directory(site, port=port) as base:
                options = CrawlOptions.build(
                    settings, out=out, state=Path(tmp) / "state.sqlite", handle_signals=False
                )
                result = run_crawl([Site(base_url=base)], options)
            manifest = json.loads(Path(result.manifest or "").read_text("utf-8"))
            c = result.counts
            print(
                f"{run:<8} {c['fetched']:>8} {c['enriched']:>9} {c['enrich_batches']:>6}"
                f" {c['written']:>8} {c['unchanged']:>10}"
                f" {manifest['durations']['enrich_summed']:>9.2f}"
            )


if __name__ == "__main__":
    main()
