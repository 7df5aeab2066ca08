"""Where newsmill's extraction time goes: CPU time per stage on every development set.

Usage::

    .venv/bin/python bench/extraction_stages.py                       # every set
    .venv/bin/python bench/extraction_stages.py --sets wcxb-articles-dev --warm

Each set runs in a child process of its own, as the scorer (``bench/extraction.py``) times
it: one warm-up call on the first page, then ``pipeline.extract_article(html, url,
enrich=False)`` once per page (``--warm``: after one pass over the whole set, so the lazy
tables a process builds on its first pages are paid already). The stages' functions are
wrapped with CPU timers (``time.process_time``); a stage's time includes the stages listed
under it, and "other" is what the named stages leave of the whole call. trafilatura's
``extract`` (what the scorer times for it) runs after it in the same child, on the same
pages, for scale: the speed target is newsmill at 5× trafilatura's pages/s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
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
    ("metadata", 0, "pipeline.extract", "extract_metadata"),
    ("dates", 1, "pipeline.extract.metadata", "find_page_dates"),
    ("htmldate", 2, "pipeline.extract.pubdate", "_htmldate"),
    ("body", 0, "pipeline.extract", "extract_body"),
    ("walk, score, read", 1, "pipeline.extract.body", "_scored_body"),
    ("JSON-LD body", 1, "pipeline.extract.body", "extract_body_from_jsonld"),
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


def measure(set_name: str, warm: bool) -> dict[str, Any]:
    """CPU seconds per stage over one set's pages, newsmill's total and trafilatura's."""
    import importlib

    from pipeline import extract_article
    from pipeline.errors import NewsmillError

    pages = corpora.load(set_name)
    totals = dict.fromkeys((label for label, *_ in STAGES), 0.0)
    modules: dict[str, ModuleType] = {}
    for label, _depth, module, attr in STAGES:
        mod = modules.setdefault(module, importlib.import_module(module))
        setattr(mod, attr, _timed(getattr(mod, attr), totals, label))

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
    newsmill = time.process_time() - started

    peer = None
    try:
        import trafilatura
    except ImportError:
        pass
    else:
        trafilatura.extract(pages[0].html, include_comments=False)
        started = time.process_time()
        for page in pages:
            trafilatura.extract(page.html, include_comments=False)
        peer = time.process_time() - started
    return {"pages": len(pages), "newsmill": newsmill, "trafilatura": peer, "stages": totals}


def table(set_name: str, result: dict[str, Any]) -> list[str]:
    """The Markdown rows of one set: ms per page and share of the whole, per stage."""
    n, total = result["pages"], result["newsmill"]
    stages: dict[str, float] = result["stages"]
    rows = [f"| {set_name} ({n} pages) | ms/page | share |", "|---|---:|---:|"]
    named = 0.0
    for label, depth, *_ in STAGES:
        seconds = stages[label]
        if depth == 0:
            named += seconds
        rows.append(
            f"| {'&nbsp;' * 4 * depth}{label} | {1000 * seconds / n:.1f} | {seconds / total:.0%} |"
        )
    rows.append(f"| other | {1000 * (total - named) / n:.1f} | {(total - named) / total:.0%} |")
    rows.append(f"| **newsmill, whole call** | **{1000 * total / n:.1f}** | 100% |")
    if result["trafilatura"] is not None:
        peer = result["trafilatura"]
        rows.append(
            f"| trafilatura extract (peer) | {1000 * peer / n:.1f} | "
            f"newsmill {peer / total:.1f}× its speed; 5× = {200 * peer / n:.1f} ms/page |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the stage table of every set (each measured in a child process)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS))
    ap.add_argument("--warm", action="store_true", help="time a second pass over the set")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.warm)))
        return 0
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available\n")
            continue
        cmd = [sys.executable, __file__, "--child", set_name] + (["--warm"] if args.warm else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{set_name}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            return 1
        print("\n".join(table(set_name, json.loads(proc.stdout.splitlines()[-1]))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
