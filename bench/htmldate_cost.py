"""What htmldate's extensive search costs newsmill, and where: dateparser, page by page.

Usage::

    .venv/bin/python bench/htmldate_cost.py                        # the dev sets
    .venv/bin/python bench/htmldate_cost.py --sets wcxb-articles-dev --tree 200

Each page of the sets runs through ``pipeline.extract_article(html, url, enrich=False)``
under a profiler of its own, which counts (without changing any library) the calls of
dateparser's ``get_date_data``: htmldate's extensive search (``find_date(
extensive_search=True)``) hands it the texts its own readers cannot read, and a text no
locale reads makes dateparser load and compile every one of its locales, once per process.
Per set: the pages on which dateparser is called, its calls, the CPU seconds of the page
that pays the first call (profiled, so slower than plain), and the peak RSS of the process
before and after the first call; then the pages whose date changes when the date step skips
the extensive search (:mod:`bench.diagnostics`), and how many of them reach dateparser. With
``--tree N``: htmldate's fast then extensive search
on the first N pages of wcxb, each given the page's bytes (htmldate parses it twice) or one
tree parsed by ``htmldate.utils.load_html`` (htmldate copies a tree it is given before
pruning it), in CPU seconds, after a warm-up pass, and whether any date differs.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora

FETCHED_AT = "2026-12-01T00:00:00Z"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _calls(profile: cProfile.Profile, name: str) -> int:
    stats = pstats.Stats(profile)
    return sum(v[1] for k, v in stats.stats.items() if k[2] == name)  # type: ignore[attr-defined]


def dateparser_pages(set_name: str) -> list[str]:
    """One line per set: the pages that reach dateparser and what the first call costs."""
    pages = corpora.load(set_name)
    reaching, calls, first = 0, 0, None
    dates: dict[str, str | None] = {}
    through: set[str] = set()  # pages whose extraction reaches dateparser
    for page in pages:
        rss = _peak_rss_mb()
        profile = cProfile.Profile()
        started = time.process_time()
        profile.enable()
        dates[page.id] = _published(page)
        profile.disable()
        took = time.process_time() - started
        n = _calls(profile, "get_date_data")
        if n:
            through.add(page.id)
            reaching += 1
            calls += n
            if first is None:
                first = (page.id, took, rss, _peak_rss_mb())
    line = (
        f"{set_name}: {len(pages)} pages, {reaching} reach dateparser ({calls} calls of"
        " get_date_data)"
    )
    lost = _dated_by_extensive(pages, dates)
    line += (
        f"; {len(lost)} pages lose their date without the extensive search, of which"
        f" {len(lost & through)} reach dateparser"
    )
    if first is not None:
        page_id, took, before, after = first
        line += (
            f"; the first, page {page_id}: {took:.2f} s CPU (profiled), peak RSS"
            f" {before:.0f} -> {after:.0f} MB"
        )
    return [line]


def _published(page: corpora.Page) -> str | None:
    from pipeline import extract_article
    from pipeline.errors import NewsmillError

    with contextlib.suppress(NewsmillError):
        art = extract_article(page.html, page.url or None, enrich=False, fetched_at=FETCHED_AT)
        return art.published_at
    return None


def _dated_by_extensive(pages: list[corpora.Page], dates: dict[str, str | None]) -> set[str]:
    """The pages whose date changes when the date step skips the extensive search (the
    diagnostic stays on in this process: it comes last)."""
    from bench.diagnostics import no_extensive_search

    no_extensive_search()
    return {page.id for page in pages if _published(page) != dates[page.id]}


def tree_or_bytes(count: int) -> list[str]:
    """htmldate's fast then extensive search on each page, given bytes or one parsed tree."""
    from htmldate import find_date
    from htmldate.utils import load_html

    pages = corpora.load("wcxb-articles-dev")[:count]
    data = [(p.html.encode("utf-8", "replace"), p.url or None) for p in pages]

    def on_bytes() -> list[tuple[str | None, str | None]]:
        return [
            (
                find_date(b, url=u, original_date=True, extensive_search=False),
                find_date(b, url=u, original_date=True, extensive_search=True),
            )
            for b, u in data
        ]

    def on_tree() -> list[tuple[str | None, str | None]]:
        out: list[tuple[str | None, str | None]] = []
        for b, u in data:
            tree = load_html(b)
            if tree is None:
                out.append((None, None))
                continue
            out.append(
                (
                    find_date(tree, url=u, original_date=True, extensive_search=False),
                    find_date(tree, url=u, original_date=True, extensive_search=True),
                )
            )
        return out

    on_bytes()  # warm-up: dateparser's locales, htmldate's caches
    started = time.process_time()
    first = on_bytes()
    bytes_s = time.process_time() - started
    started = time.process_time()
    second = on_tree()
    tree_s = time.process_time() - started
    differ = sum(a != b for a, b in zip(first, second, strict=True))
    return [
        f"wcxb first {len(data)} pages, fast + extensive search: bytes {bytes_s:.2f} s CPU,"
        f" one load_html tree {tree_s:.2f} s CPU; dates differing: {differ}"
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the dateparser lines of the sets (and the tree comparison with ``--tree``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=["readability-pages", "wcxb-articles-dev"])
    ap.add_argument("--tree", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)
    for set_name in args.sets:  # one process per set: each pays dateparser's first call
        if not corpora.available(set_name):
            print(f"{set_name}: not available")
            continue
        if len(args.sets) > 1:
            command = [sys.executable, __file__, "--sets", set_name]
            subprocess.run(command, check=True)
            continue
        print("\n".join(dateparser_pages(set_name)), flush=True)
    if args.tree:
        print("\n".join(tree_or_bytes(args.tree)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
