"""Crawl load benchmark: many local hosts, some faulty, 1 % scattered faults.

    .venv/bin/python bench/crawl_load.py                   # 20,000 pages over 50 hosts
    .venv/bin/python bench/crawl_load.py --pages 1000 --hosts 20

Simulated hosts run in a separate process (one port each on 127.0.0.1, asyncio); every host
has a sitemap of its pages. Five hosts are faulty: one hangs, one answers 503 with
Retry-After, one 429 with Retry-After, one truncates every body, one resets every
connection. On the healthy hosts 1 % of the pages fail once (500, a truncated body or a reset,
in turn) and succeed when retried. The crawler runs in its own process with a fake extractor
(no spaCy: this measures the crawler), writing parts and a state database to a temp folder.

The same crawl is run without faults for comparison. Printed: pages settled per second
(every URL reaching its terminal outcome), records written per second, peak RSS of the
crawler process, and the checks: every URL discovered has exactly one outcome, every healthy
page is written once, no faulty page is written, the parts hold exactly the records written.
Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # records, faults

FAULTY = ("hang", "503", "429", "truncate", "reset")
_CONFIG: dict[str, Any] = {}


# -- the simulated hosts (server process) -------------------------------------------------
def _handler(request: Any) -> Any:
    from faults import Reply

    pages, faults, rate = _CONFIG["pages"], _CONFIG["faults"], _CONFIG["rate"]
    if request.path == "/robots.txt":
        return Reply(200, b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    if request.path == "/sitemap.xml":
        locs = "".join(f"<url><loc>/a/{i}.html</loc></url>" for i in range(pages))
        body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        return Reply(body=body.encode(), content_type="application/xml")
    body = (
        f"<html><title>host {request.host} {request.path}</title><article><p>"
        f"Text of {request.path} on host {request.host}. " * 20 + "</p></article></html>"
    ).encode()
    kind = FAULTY[request.host] if faults and request.host < len(FAULTY) else None
    if kind == "hang":
        return Reply(hang=True)
    if kind in ("503", "429"):
        return Reply(int(kind), b"busy", headers={"Retry-After": "1"})
    if kind == "truncate":
        return Reply(body=body, truncate=len(body) // 3)
    if kind == "reset":
        return Reply(reset=True)
    digest = int(hashlib.md5(f"{request.host}{request.path}".encode()).hexdigest(), 16)
    if faults and digest % 10_000 < rate * 10_000 and request.hit == 1:
        return [Reply(500, b"oops"), Reply(body=body, truncate=10), Reply(reset=True)][digest % 3]
    return Reply(body=body)


def _serve(hosts: int, conn: Any) -> None:
    from faults import FaultHostServer

    async def main() -> None:
        inner = FaultHostServer(_handler, hosts)
        await inner.start()
        conn.send(inner.bases)
        await asyncio.Event().wait()

    asyncio.run(main())


# -- the crawler (crawler process) ----------------------------------------------------------
def _fake_extract(html: bytes, url: str | None = None, *, spider: Any = None, **kw: Any) -> Any:
    from records import bare_article

    page = html.decode("utf-8")
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    text = page[page.index("<p>") + 3 : page.index("</p>")].strip()
    assert url is not None
    return bare_article(
        url,
        site=spider.name,
        title=title,
        text=text,
        fetched_at=kw.get("fetched_at"),
        version="bench",
    )


def _crawl(bases: list[str], deadline: float, conn: Any) -> None:
    import logging

    logging.basicConfig(level=logging.ERROR)  # the per-URL warnings would flood the table
    from pipeline.config import CrawlSettings, FetchSettings, Settings
    from pipeline.runs.crawl import CrawlOptions, run_crawl
    from pipeline.spider import Spider

    class LoadSpider(Spider):
        name = "load"
        article_url = r"/a/\d+\.html$"

    settings = Settings(
        crawl=CrawlSettings(
            delay=0.0,
            retries=2,
            deadline=deadline,
            connect_timeout=deadline,
            read_timeout=deadline,
            connections_per_host=2,
            park_after=5,
            max_in_flight=64,
        ),
        fetch=FetchSettings(allow_networks=["127.0.0.1/32"]),  # the simulated hosts
    )
    with tempfile.TemporaryDirectory(prefix="newsmill-load-") as tmp:
        started = time.monotonic()
        result = run_crawl(
            [LoadSpider()],
            CrawlOptions.build(
                settings,
                out=Path(tmp) / "out",
                state=Path(tmp) / "state.sqlite",
                start_urls=[b + "/sitemap.xml" for b in bases],
                keep_articles=False,
                track_urls=True,
                handle_signals=False,
            ),
            extract=_fake_extract,
        )
        seconds = time.monotonic() - started
        urls_in_parts = [
            json.loads(line)["url"] for p in result.parts for line in p.read_text().splitlines()
        ]
    conn.send(
        {
            "seconds": seconds,
            "counts": result.counts,
            "outcomes": result.outcomes,
            "parked": sorted(result.parked),
            "urls_in_parts": urls_in_parts,
            "exit_code": result.exit_code,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    )


def run_load(
    pages: int = 20_000,
    hosts: int = 50,
    *,
    faults: bool = True,
    rate: float = 0.01,
    deadline: float = 2.0,
) -> dict[str, Any]:
    """One crawl of ``pages`` pages over ``hosts`` simulated hosts; its measures and checks."""
    ctx = multiprocessing.get_context("fork")
    _CONFIG.update(pages=pages // hosts, faults=faults, rate=rate)
    server_end, here = ctx.Pipe()
    server = ctx.Process(target=_serve, args=(hosts, server_end), daemon=True)
    server.start()
    try:
        bases = here.recv()
        crawl_end, crawl_here = ctx.Pipe()
        crawler = ctx.Process(target=_crawl, args=(bases, deadline, crawl_end))
        crawler.start()
        stats = crawl_here.recv()
        crawler.join()
    finally:
        server.kill()
        server.join()
    stats["checks"] = _check(stats, bases, pages // hosts, faults)
    return stats


def _check(stats: dict[str, Any], bases: list[str], per_host: int, faults: bool) -> list[str]:
    """Problems found (empty: all good)."""
    problems = []
    counts, outcomes = stats["counts"], stats["outcomes"]
    expected = {f"{b}/a/{i}.html" for b in bases for i in range(per_host)}
    if set(outcomes) != expected:
        problems.append(f"{len(expected ^ set(outcomes))} URLs without an outcome or unexpected")
    from pipeline.runs.crawl import OUTCOMES

    if sum(counts[k] for k in OUTCOMES) != counts["discovered"] or counts.get("double_outcome"):
        problems.append("outcome counts do not add up to the URLs discovered")
    faulty = set(bases[: len(FAULTY)]) if faults else set()
    healthy = {u for u in expected if u.rsplit("/a/", 1)[0] not in faulty}
    written = {u for u, o in outcomes.items() if o == "written"}
    if written != healthy:
        problems.append(
            f"{len(healthy - written)} healthy pages not written, "
            f"{len(written - healthy)} faulty pages written"
        )
    parts = stats["urls_in_parts"]
    if len(parts) != len(set(parts)) or set(parts) != written:
        problems.append("the parts do not hold exactly the records written, once each")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run the fault-free and the faulty crawl and print a table; 1 if a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--deadline", type=float, default=2.0)
    args = parser.parse_args(argv)
    rows = []
    for label, faults in (("fault-free", False), ("faulty", True)):
        stats = run_load(args.pages, args.hosts, faults=faults, deadline=args.deadline)
        settled = sum(1 for _ in stats["outcomes"])
        rows.append((label, stats, settled / stats["seconds"]))
    base_rate = rows[0][2]
    print(f"pages {args.pages}, hosts {args.hosts} (5 faulty + 1 % scattered faults in 'faulty')")
    print(
        f"{'run':<11} {'seconds':>8} {'settled/s':>10} {'written/s':>10} {'ratio':>6} "
        f"{'RSS MB':>7} {'parked':>6}  outcomes"
    )
    failed = False
    for label, stats, rate in rows:
        c = stats["counts"]
        shown = ", ".join(f"{k} {c[k]}" for k in ("written", "failed", "deferred") if c[k])
        print(
            f"{label:<11} {stats['seconds']:>8.1f} {rate:>10.0f} "
            f"{c['written'] / stats['seconds']:>10.0f} {rate / base_rate:>6.2f} "
            f"{stats['peak_rss_mb']:>7.0f} {len(stats['parked']):>6}  {shown}"
        )
        for problem in stats["checks"]:
            print(f"  CHECK FAILED ({label}): {problem}")
            failed = True
    ratio = rows[1][2] / base_rate
    ok = not failed and ratio >= 0.6 and max(r[1]["peak_rss_mb"] for r in rows) < 500
    print(
        f"every URL in exactly one terminal state: {'yes' if not failed else 'NO'}; "
        f"throughput ratio {ratio:.2f} (target >= 0.60); {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
