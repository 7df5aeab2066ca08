"""What htmldate's extensive search costs newsmill, and where: dateparser, page by page.

Usage::

    .venv/bin/python bench/htmldate_cost.py                        # the dev sets
    .venv/bin/python bench/htmldate_cost.py --sets wcxb-articles-dev
    .venv/bin/python bench/htmldate_cost.py --sets --tree 115 --rounds 8   # input forms only

Each page of the sets runs through ``pipeline.extract_article(html, url, enrich=False)``
under a profiler of its own, which counts (without changing any library) the calls of
dateparser's ``get_date_data``: htmldate's extensive search (``find_date(
extensive_search=True)``) hands it the texts its own readers cannot read, and a text no
locale reads makes dateparser load and compile every one of its locales, once per process.
Per set: the pages on which dateparser is called, its calls, the CPU seconds of the page
that pays the first call (profiled, so slower than plain), and the peak RSS of the process
before and after the first call; then the pages whose date changes when the date step skips
the extensive search (:mod:`bench.diagnostics`), and how many of them reach dateparser.
With ``--tree N``: htmldate's fast search, and its fast then extensive search, on the
first N pages of readability-pages and wcxb, each given the page's bytes, its text (``str``, as
newsmill gives it), or one tree parsed by ``htmldate.utils.load_html`` for both calls
(htmldate copies a tree it is given before pruning it), in CPU seconds after a warm-up
pass, and whether any date differs.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _dates_found(
    find_date: Callable[..., str | None],
    pages: list[tuple[str, str | None]],
    searches: tuple[bool, ...],
    form: Callable[[str], Any],
) -> list[tuple[str | None, ...]]:
    """htmldate's date of each page given in ``form``, by each of ``searches``."""
    out: list[tuple[str | None, ...]] = []
    for html, url in pages:
        given = form(html)
        out.append(
            tuple(
                None
                if given is None
                else find_date(given, url=url, original_date=True, extensive_search=search)
                for search in searches
            )
        )
    return out


def tree_or_bytes(count: int, rounds: int = 3) -> list[str]:
    """htmldate's searches on the first ``count`` pages of each set, given the page in each
    form: its UTF-8 bytes (newsmill before the fifth speed round), the page's text as
    newsmill gives it now (:func:`pipeline.extract.pubdate._htmldate_page`: the ``str``), or
    one tree parsed by ``htmldate.utils.load_html`` for both calls (the parse counted);
    for the fast search alone (most pages) and for the fast then the extensive search.
    After a warm-up pass (dateparser's locales, htmldate's caches), the forms run in turn,
    ``rounds`` times; the fastest round of each is printed, in CPU seconds."""
    from htmldate import find_date
    from htmldate.utils import load_html

    from pipeline.extract.pubdate import _htmldate_page

    lines = []
    for set_name in ("readability-pages", "wcxb-articles-dev"):
        if not corpora.available(set_name):
            continue
        pages = [(p.html, p.url or None) for p in corpora.load(set_name)[:count]]
        forms: dict[str, Callable[[str], Any]] = {
            "bytes": lambda html: html.encode("utf-8", "replace"),
            "str": _htmldate_page,
            "tree": lambda html: load_html(_htmldate_page(html)),
        }
        for searches in ((False,), (False, True)):
            run = functools.partial(_dates_found, find_date, pages, searches)
            found = {name: run(form) for name, form in forms.items()}  # warm-up
            best = dict.fromkeys(forms, float("inf"))
            for _ in range(rounds):
                for name, form in forms.items():
                    started = time.process_time()
                    run(form)
                    best[name] = min(best[name], time.process_time() - started)
            differ = {n: sum(a != b for a, b in zip(found["bytes"], f, strict=True))
                      for n, f in found.items()}  # fmt: skip
            what = "fast search" if searches == (False,) else "fast + extensive search"
            lines.append(
                f"{set_name} first {len(pages)} pages, {what}: "
                + ", ".join(f"{n} {best[n]:.2f} s" for n in forms)
                + " CPU; dates differing from bytes: "
                + ", ".join(f"{n} {differ[n]}" for n in forms if n != "bytes")
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the dateparser lines of the sets (and the tree comparison with ``--tree``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=["readability-pages", "wcxb-articles-dev"])
    ap.add_argument("--tree", type=int, default=0, metavar="N")
    ap.add_argument("--rounds", type=int, default=3, help="--tree: timed rounds of each form")
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
        print("\n".join(tree_or_bytes(args.tree, args.rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
