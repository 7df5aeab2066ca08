"""Where newsmill's extraction time goes: CPU time per stage on every development set.

Usage::

    .venv/bin/python bench/extraction_stages.py                       # every set
    .venv/bin/python bench/extraction_stages.py --sets wcxb-articles-dev --warm

Each set runs in a child process of its own, as the scorer (``bench/extraction.py``) times
it: one warm-up call on the first page, then ``pipeline.extract_article(html, url,
enrich=False)`` once per page (``--warm``: after one pass over the whole set, so the lazy
tables a process builds on its first pages are paid already). The stages' functions are
wrapped with CPU timers (``time.process_time``; the wrappers add a little to the whole); a
stage's time includes the stages listed under it, and "other" is what the named stages
leave of the whole call (a row may name a method: ``Class.method``). trafilatura's
``extract`` (what the scorer times for it) runs in a child of its own on the same pages, for
scale: the speed target is newsmill at 5× trafilatura's pages/s (``--no-peer``: newsmill
alone, for timing one change against another); then, like for like, ``extract`` with
``with_metadata=True`` (title, authors and dates besides the body, as newsmill's call gives;
by default trafilatura dates a page with htmldate's extensive search, as newsmill can).
Peak RSS includes the loaded pages (printed beside it); trafilatura's is its text-only
call's.
``--skip-htmldate`` is a diagnostic (it changes the dates of pages that declare none): what
newsmill costs in time and memory without htmldate's search; ``--no-extensive`` another:
without htmldate's extensive search, the one path to dateparser (:mod:`bench.diagnostics`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora

#: (label, depth, module, attribute): the stage functions timed, in the order printed.
STAGES: tuple[tuple[str, int, str, str], ...] = (
    ("parse (Lexbor)", 0, "pipeline.extract", "parse_html"),
    ("budget checks", 1, "pipeline.extract.parse", "check_budget"),
    ("metadata", 0, "pipeline.extract", "extract_metadata"),
    ("title", 1, "pipeline.extract.metadata", "choose_title"),
    ("authors", 1, "pipeline.extract.metadata", "_find_authors"),
    ("dates", 1, "pipeline.extract.metadata", "find_page_dates"),
    ("htmldate", 2, "pipeline.extract.pubdate", "_htmldate"),
    ("'Published' label in any text", 2, "pipeline.extract.pubdate", "_ShownDays.published"),
    ("day written in the markup", 2, "pipeline.extract.pubdate", "_writes_day"),
    ("JSON-LD body (metadata's articleBody)", 0, "pipeline.extract", "declared_blocks"),
    ("body", 0, "pipeline.extract", "extract_body"),
    ("walk, score, read", 1, "pipeline.extract.body", "_scored_body"),
    ("score and read", 2, "pipeline.extract.body", "_score_and_read"),
    ("readability second opinion", 1, "pipeline.extract.fallback", "readability_summary"),
    ("clean", 0, "pipeline.extract", "_clean"),
    ("language", 1, "pipeline.extract", "detect_language"),
    ("clean_text", 1, "pipeline.extract", "clean_text"),
    ("is_furniture", 1, "pipeline.extract", "is_furniture"),
)


def _timed(func: Callable[..., Any], totals: dict[str, float], label: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - started

    return wrapper


def _no_date(*args: Any, **kwargs: Any) -> None:
    return None


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(
    set_name: str, warm: bool, skip_htmldate: bool, no_extensive: bool = False
) -> dict[str, Any]:
    """CPU seconds per stage over one set's pages, the whole call's, and peak RSS (MB):
    after loading the pages, and at the end."""
    import importlib

    from pipeline import extract_article
    from pipeline.errors import NewsmillError

    pages = corpora.load(set_name)
    loaded = _peak_rss_mb()
    totals = dict.fromkeys((label for label, *_ in STAGES), 0.0)
    modules: dict[str, ModuleType] = {}
    for label, _depth, module, attr in STAGES:
        mod = modules.setdefault(module, importlib.import_module(module))
        owner: Any = mod
        *classes, name = attr.split(".")  # "Class.method": the method of a class
        for cls in classes:
            owner = getattr(owner, cls)
        setattr(owner, name, _timed(getattr(owner, name), totals, label))
    if skip_htmldate:  # a diagnostic: pages without a declared date then get none
        totals["htmldate"] = 0.0
        setattr(modules["pipeline.extract.pubdate"], "_htmldate", _no_date)  # noqa: B010
    elif no_extensive:  # a diagnostic: htmldate's fast search only (no dateparser)
        from bench.diagnostics import no_extensive_search

        no_extensive_search()  # wraps the timed function: the fast calls are timed

    def run(page: corpora.Page) -> None:
        with contextlib.suppress(NewsmillError):
            extract_article(page.html, page.url or None, enrich=False)

    for page in pages if warm else pages[:1]:
        run(page)
    for label in totals:  # the wrappers hold this dict: reset in place
        totals[label] = 0.0
    started = time.process_time()
    for page in pages:
        run(page)
    whole = time.process_time() - started
    return {"pages": len(pages), "whole": whole, "stages": totals, "loaded_mb": loaded,
            "peak_mb": _peak_rss_mb()}  # fmt: skip


def measure_peer(set_name: str, warm: bool) -> dict[str, Any]:
    """trafilatura's CPU seconds over one set's pages, as the scorer calls it (the body's text
    alone) and like for like with newsmill's call (``with_metadata=True``: title, authors,
    dates and body), peak RSS."""
    import trafilatura

    pages = corpora.load(set_name)
    loaded = _peak_rss_mb()
    result: dict[str, Any] = {"pages": len(pages), "loaded_mb": loaded}
    for key, metadata in (("whole", False), ("with_metadata", True)):
        for page in pages if warm else pages[:1]:
            trafilatura.extract(page.html, include_comments=False, with_metadata=metadata)
        started = time.process_time()
        for page in pages:
            trafilatura.extract(page.html, include_comments=False, with_metadata=metadata)
        result[key] = time.process_time() - started
        if key == "whole":  # the text-only call's peak, before the metadata's tables load
            result["peak_mb"] = _peak_rss_mb()
    return result


def table(results: dict[str, tuple[dict[str, Any], dict[str, Any] | None]]) -> list[str]:
    """One Markdown table: a row per stage, a column per set (ms per page and share of the
    whole call), then the whole call, trafilatura's, the 5× budget and peak RSS."""
    names = list(results)
    rows = [
        "| stage | " + " | ".join(f"{n} ({results[n][0]['pages']}) ms/page" for n in names) + " |",
        "|---|" + "---:|" * len(names),
    ]

    def cells(seconds_of: Callable[[dict[str, Any]], float]) -> str:
        out = []
        for name in names:
            res = results[name][0]
            seconds = seconds_of(res)
            out.append(f"{1000 * seconds / res['pages']:.2f} ({seconds / res['whole']:.0%})")
        return " | ".join(out)

    def stage(label: str) -> Callable[[dict[str, Any]], float]:
        return lambda r: float(r["stages"][label])

    for label, depth, *_ in STAGES:
        rows.append(f"| {'&nbsp;' * 4 * depth}{label} | {cells(stage(label))} |")
    named = [label for label, depth, *_ in STAGES if depth == 0]
    other = cells(lambda r: r["whole"] - sum(r["stages"][k] for k in named))
    rows.append(f"| other (API, record, budget checks) | {other} |")
    rows.append(f"| **newsmill, whole call** | {cells(lambda r: r['whole'])} |")
    peer_cells, budget, ratio, rss, meta_cells, meta_ratio = [], [], [], [], [], []
    for name in names:
        own, peer = results[name]
        rss_own = f"{own['peak_mb']:.0f}"
        if peer is None:
            peer_cells.append("—")
            budget.append("—")
            ratio.append("—")
            rss.append(f"{rss_own} / —")
            meta_cells.append("—")
            meta_ratio.append("—")
            continue
        peer_cells.append(f"{1000 * peer['whole'] / peer['pages']:.1f}")
        budget.append(f"{200 * peer['whole'] / peer['pages']:.1f}")
        ratio.append(f"{peer['whole'] / own['whole']:.1f}×")
        rss.append(f"{rss_own} / {peer['peak_mb']:.0f} (pages loaded: {own['loaded_mb']:.0f})")
        meta_cells.append(f"{1000 * peer['with_metadata'] / peer['pages']:.1f}")
        meta_ratio.append(f"{peer['with_metadata'] / own['whole']:.1f}×")
    rows.append(f"| trafilatura extract (peer) | {' | '.join(peer_cells)} |")
    rows.append(f"| newsmill ÷ trafilatura, pages/s | {' | '.join(ratio)} |")
    rows.append(f"| 5× trafilatura's speed = ms/page | {' | '.join(budget)} |")
    rows.append(f"| peak RSS MB, newsmill / trafilatura | {' | '.join(rss)} |")
    like = "trafilatura extract with_metadata=True (like for like)"
    rows.append(f"| {like} | {' | '.join(meta_cells)} |")
    rows.append(f"| newsmill ÷ trafilatura with metadata, pages/s | {' | '.join(meta_ratio)} |")
    return rows


def _child(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=False)  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: failed\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """Print the stage table of the sets (each measured in child processes of its own)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS))
    ap.add_argument("--warm", action="store_true", help="time a second pass over the set")
    ap.add_argument(
        "--skip-htmldate",
        action="store_true",
        help="diagnostic: no htmldate call (pages without a declared date get none)",
    )
    ap.add_argument(
        "--no-extensive",
        action="store_true",
        help="diagnostic: htmldate's fast search only, no extensive one (bench/diagnostics.py)",
    )
    ap.add_argument("--no-peer", action="store_true", help="do not time trafilatura")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--peer", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        if args.peer:
            print(json.dumps(measure_peer(args.child, args.warm)))
        else:
            print(json.dumps(measure(args.child, args.warm, args.skip_htmldate, args.no_extensive)))
        return 0
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        has_peer = False
    else:
        has_peer = not args.no_peer
    flags = (
        (["--warm"] if args.warm else [])
        + (["--skip-htmldate"] if args.skip_htmldate else [])
        + (["--no-extensive"] if args.no_extensive else [])
    )
    results: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available")
            continue
        own = _child(["--child", set_name, *flags])
        peer = _child(["--child", set_name, "--peer", *flags]) if has_peer else None
        results[set_name] = (own, peer)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# {'warm' if args.warm else 'one warm-up call'}; load avg {load}; "
          f"python {platform.python_version()}; {os.cpu_count()} CPUs")  # fmt: skip
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
