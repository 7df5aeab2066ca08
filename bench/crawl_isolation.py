"""A hostile host cannot starve a healthy one: CPU isolation of a crawl's extraction.

    .venv/bin/python bench/crawl_isolation.py [--pages 120] [--hostile 12] [--repeat 2]
                                              [--enrich-long]

Two loopback hosts (two HTTP servers on 127.0.0.1, different ports: two origins), served
from processes of their own. The healthy one serves ``--pages`` ordinary articles; the
hostile one serves ``--hostile`` pages, alternately a million-level ``<div>`` bomb (5 MB)
and a 1.2 M-character article. Both crawls use the real extractor (``extract_article``, no
enrichment), no delay, a fresh state. Phase ``alone`` crawls the healthy host alone;
``mixed`` crawls both at once. The healthy host's throughput is its records written divided
by the time from the start to its last record; printed for both phases with their ratio
(the goal: >= 0.8), and the outcomes of the mixed run. Each phase runs in a fresh child
process; the phases alternate ``--repeat`` times and the best time of each is kept (other
jobs share the machine); the ratio of the phases' median throughputs over the repeats is
printed beside it, with each repeat's own ratio (the same runs: how much noise there is).

Memory and CPU: each phase's table row has the crawling process's CPU seconds (its event
loop serves every host: what the hostile host costs it, the healthy one waits for), its
peak resident memory and the largest peak of its extraction worker processes
(``ru_maxrss``). A second table takes each
hostile page of the test suite (``tests/hostile.py``) alone through extraction in a fresh
worker process (:class:`pipeline.runs.workers.Bounded`, the ``extract`` path): its time, its
outcome and the worker's peak memory above an idle worker's. ``--enrich-long`` adds the
1.2M-character article's enrichment (chunked; about two minutes).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # hostile.py: the test suite's page makers

from pipeline.spider import Spider  # noqa: E402


class Site(Spider):
    """The healthy host (module level: spiders travel to the extraction processes)."""

    name = "site"
    listings = ("/index.html",)
    article_url = r"/a/\d+\.html$"
    delay = 0.0


class Other(Site):
    """The hostile host."""

    name = "other"


def build_sites(root: Path, pages: int, hostile: int) -> tuple[Path, Path]:
    from hostile import good_page, long_article, nesting_bomb

    healthy, bad = root / "healthy", root / "hostile"
    for site, count in ((healthy, pages), (bad, hostile)):
        (site / "a").mkdir(parents=True)
        links = "".join(f"<a href='/a/{i}.html'>{i}</a>" for i in range(count))
        (site / "index.html").write_text(f"<html><body>{links}</body></html>")
    for i in range(pages):
        (healthy / "a" / f"{i}.html").write_bytes(good_page(i).body)
    long_body, bomb_body = long_article().body, nesting_bomb().body
    for i in range(hostile):
        (bad / "a" / f"{i}.html").write_bytes(bomb_body if i % 2 == 0 else long_body)
    return healthy, bad


def _serve(root: str, bases: Any, stop: Any) -> None:
    from pipeline.demo.serve import serve_directory

    with serve_directory(root) as base:
        bases.put(base)
        stop.wait()


@contextlib.contextmanager
def served(root: str) -> Iterator[str]:
    """Serve ``root`` from another process (the servers' CPU is not the crawler's)."""
    ctx = multiprocessing.get_context("spawn")
    bases, stop = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=_serve, args=(root, bases, stop), daemon=True)
    proc.start()
    try:
        yield bases.get(timeout=60)
    finally:
        stop.set()
        proc.join(10)


def phase(mode: str, healthy: str, bad: str) -> dict:
    """One crawl in this process; the healthy host's numbers as a dict."""
    from pipeline.config import CrawlSettings, FetchSettings, Settings
    from pipeline.runs.crawl import CrawlOptions, run_crawl

    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, served(healthy) as good:
        settings = Settings(
            out_dir=Path(tmp) / "out",
            crawl=CrawlSettings(delay=0.0, retries=0, deadline=60.0),
            fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),
        )
        spiders = [Site(base_url=good)]
        started = time.perf_counter()
        cpu = time.process_time()

        def on_article(article) -> None:  # type: ignore[no-untyped-def]
            if article.url.startswith(good):
                times.append(time.perf_counter() - started)

        with served(bad) as evil:
            if mode == "mixed":
                spiders.append(Other(base_url=evil))
            options = CrawlOptions.build(
                settings,
                out=Path(tmp) / "out",
                enrich=False,
                keep_articles=False,
                handle_signals=False,
            )
            result = run_crawl(spiders, options, on_article=on_article)
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu
    return {
        "written": len(times),
        "seconds": max(times) if times else total,
        "total": total,
        "counts": {k: v for k, v in result.counts.items() if v},
        "errors": result.errors,
        "crawler_cpu": cpu,
        "crawler_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_mb": result.worker_peak_rss / 2**20,
    }


def _enrich_one(article):  # type: ignore[no-untyped-def]
    from pipeline.api import enrich_articles

    return next(iter(enrich_articles([article])))


def hostile_memory(enrich_long: bool) -> list[tuple[str, int, str, float, float]]:
    """Each hostile page alone in a fresh worker: (name, bytes, outcome, seconds, peak MB
    above an idle worker)."""
    from hostile import hostile_pages

    from pipeline.api import extract_article
    from pipeline.errors import NewsmillError
    from pipeline.runs.workers import Bounded

    rows = []
    pages = [p for p in hostile_pages() if p.name != "good2" and p.name != "good3"]
    jobs: list[tuple[str, Any, Any]] = [(p.name, p, None) for p in pages]
    if enrich_long:
        jobs.append(("long+enrich", next(p for p in pages if p.name == "long"), _enrich_one))
    for name, page, then in jobs:
        with Bounded(600.0) as bounded:
            bounded(int)  # fork the worker: its memory before any page
            idle = bounded.peak_rss
            started = time.perf_counter()
            try:
                article = bounded(
                    extract_article,
                    page.body,
                    f"http://hostile.test/{page.name}.html",
                    enrich=False,
                    content_type=page.content_type,
                )
                if then is not None:
                    article = bounded(then, article)
                outcome = f"written, {len(article.text):,} chars"
            except NewsmillError as exc:
                outcome = "refused: " + " ".join(str(exc).split())[:48]
            seconds = time.perf_counter() - started
            rows.append((name, len(page.body), outcome, seconds, (bounded.peak_rss - idle) / 2**20))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--hostile", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--enrich-long", action="store_true")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--sites", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, *args.sites)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        healthy, bad = build_sites(Path(tmp), args.pages, args.hostile)
        best: dict[str, dict] = {}
        runs: dict[str, list[dict]] = {"alone": [], "mixed": []}
        for _ in range(args.repeat):
            for mode in ("alone", "mixed"):
                out = subprocess.run(
                    [sys.executable, __file__, "--phase", mode, "--sites", str(healthy), str(bad)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                got = json.loads(out.stdout.strip().splitlines()[-1])
                runs[mode].append(got)
                if mode not in best or got["seconds"] < best[mode]["seconds"]:
                    best[mode] = got
    print(
        f"healthy host: {args.pages} pages; hostile host: {args.hostile} pages "
        "(half 1M-level nesting bombs, half 1.2M-character articles)"
    )
    print(
        f"{'phase':<6} {'written':>8} {'seconds':>8} {'pages/s':>8} {'crawler CPU s':>14}"
        f" {'crawler MB':>11} {'workers MB':>11}"
    )
    rate = {}
    for mode in ("alone", "mixed"):
        b = best[mode]
        rate[mode] = b["written"] / b["seconds"]
        print(
            f"{mode:<6} {b['written']:>8} {b['seconds']:>8.2f} {rate[mode]:>8.1f}"
            f" {b['crawler_cpu']:>14.2f} {b['crawler_mb']:>11.0f} {b['workers_mb']:>11.0f}"
        )
    print(f"healthy throughput mixed/alone: {rate['mixed'] / rate['alone']:.2f}")
    median = {m: statistics.median(r["written"] / r["seconds"] for r in runs[m]) for m in runs}
    each = " ".join(
        f"{(m['written'] / m['seconds']) / (a['written'] / a['seconds']):.2f}"
        for a, m in zip(runs["alone"], runs["mixed"], strict=True)
    )
    print(
        f"median of the {args.repeat} runs: {median['mixed'] / median['alone']:.2f}"
        f" (each run, mixed/alone in turn: {each})"
    )
    print(f"mixed run outcomes: {best['mixed']['counts']}; errors: {best['mixed']['errors']}")
    print()
    print("each hostile page alone in a fresh extraction worker (peak RSS above an idle worker)")
    print(f"{'page':<12} {'bytes':>10} {'seconds':>8} {'peak MB':>8}  outcome")
    for name, size, outcome, seconds, mb in hostile_memory(args.enrich_long):
        print(f"{name:<12} {size:>10,} {seconds:>8.2f} {mb:>8.0f}  {outcome}")


if __name__ == "__main__":
    main()
