"""Huge listing pages through ``parse_listing``: links found, CPU time, peak memory.

Usage::

    .venv/bin/python bench/listing_scan.py

A crawl's start page is read for its links only. Each shape puts 2,000 article links at
the top of a page, then markup that makes the page over the articles' structure budget
(elements, depth) or hard to tokenize (tags full of tag-like attributes), or slow for its
links (300,000 to other sites, each resolved and refused), up to 2.5-10 MB.
One row per page: what ``parse_listing`` gives (the number of links, or the error it
raises), CPU seconds, and the peak of Python's allocations during a second call, traced
(``tracemalloc``, which slows it: the tree Lexbor builds is not counted, but no tree is
built on the scan's path); then what the crawl gets from the page, ``read_listing`` with a
deadline of ``--deadline`` seconds (the crawl's is ``page_budget``): links, and the wall
seconds it took ("cut" when the deadline stopped it).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.crawl.discover import parse_listing, read_listing
from pipeline.errors import NewsmillError
from pipeline.extract.deadline import Deadline

BASE = "https://news.example.org/"
LINKS = "".join(f"<li><a href='/news/story-{i}.html'>Story {i}</a></li>" for i in range(2_000))
SHAPES = {
    "300k elements (2.5 MB)": "<b></b>" * 300_000,
    "1M nested divs (5 MB)": "<div>" * 1_000_000,
    "450k spans (10 MB)": "<span class=x>a</span>" * 450_000,
    "tag-like attributes (5 MB)": ("<a" + " <a" * 999 + ">x</a>") * 1_250,
    "one tag of 5M attributes (10 MB)": "<a " + "x " * 5_000_000 + "href=/news/last.html>",
    "300k links to other sites (8 MB)": "".join(
        f"<a href=//o{i}.example/>" for i in range(300_000)
    ),
    "400k nested svg elements, 400k end tags (3 MB)": "<svg>" + "<g>" * 400_000 + "</x>" * 400_000,
    "8k divs, 254 open svg elements, 400k end tags (1.6 MB)": "<div>" * 8_100
    + "<svg>"
    + "<g>" * 254
    + "</x>" * 400_000,
    "ordinary, in budget (0.1 MB)": "<p>text</p>" * 1_000,
}


def _outcome(page: str) -> str:
    try:
        return str(len(parse_listing(page, BASE)))
    except NewsmillError as exc:
        return f"refused: {getattr(exc, 'reason', type(exc).__name__)}"


def _capped(page: str, seconds: float) -> str:
    started = time.monotonic()
    try:
        found = read_listing(page, BASE, deadline=Deadline(seconds))
    except NewsmillError as exc:
        return f"refused: {getattr(exc, 'reason', type(exc).__name__)}"
    took = time.monotonic() - started
    return f"{len(found.urls)}{', cut' if found.cut else ''}, {took:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--deadline", type=float, default=5.0, help="seconds (default 5)")
    args = parser.parse_args()
    capped = f"{args.deadline:g} s deadline: links, wall s"
    print(f"| listing page | links | CPU s | peak MB (Python) | {capped} |")
    print("|---|---:|---:|---:|---:|")
    for name, filler in SHAPES.items():
        head = "<html><head><title>Archive</title></head>"
        page = f"{head}<body><ul>{LINKS}</ul>{filler}</body></html>"
        started = time.process_time()
        outcome = _outcome(page)
        took = time.process_time() - started
        tracemalloc.start()
        _outcome(page)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        capped = _capped(page, args.deadline)
        print(f"| {name} | {outcome} | {took:.2f} | {peak:.1f} | {capped} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
