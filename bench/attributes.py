"""What one element's attribute count costs the HTML parser: the evidence for
``pipeline.extract.parse.MAX_ATTRIBUTES``.

Usage::

    .venv/bin/python bench/attributes.py
    .venv/bin/python bench/attributes.py wcxb-articles-dev   # the scan's cost per real page,
                                                          # pages refused at lower budgets

Parses, with selectolax's Lexbor (the parser newsmill uses), a page whose one ``<div>``
carries N distinct attributes, and prints the CPU seconds per N beside the time
``check_budget`` takes to refuse it. The parse time grows with the square of N (each new
attribute is compared with those before it); the budget check is one scan of the page.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selectolax.lexbor import LexborHTMLParser

from pipeline.errors import OverBudgetError
from pipeline.extract.parse import MAX_ATTRIBUTES, check_attributes, check_budget


def page(count: int) -> str:
    """A page whose one element has ``count`` distinct attributes."""
    attributes = " ".join(f"a{i}" for i in range(count))
    return f"<html><body><div {attributes}><p>story</p></div></body></html>"


def seconds(fn: Callable[[str], object], html: str) -> float:
    """CPU seconds of ``fn(html)`` (a refusal is a result too)."""
    started = time.process_time()
    with contextlib.suppress(OverBudgetError):
        fn(html)
    return time.process_time() - started


def scan_cost(set_name: str) -> None:
    """CPU ms per page the attribute scan adds on a development set's real pages (it runs on
    every page before parsing)."""
    from bench import corpora

    if not corpora.available(set_name):
        print(f"{set_name}: not available")
        return
    pages = corpora.load(set_name)
    started = time.process_time()
    for item in pages:
        check_attributes(item.html, MAX_ATTRIBUTES)
    ms = (time.process_time() - started) * 1000 / len(pages)
    print(f"attribute scan on {set_name} ({len(pages)} pages): {ms:.2f} CPU ms per page")
    started = time.process_time()
    for item in pages:
        check_budget(item.html)
    ms = (time.process_time() - started) * 1000 / len(pages)
    print(f"whole structure budget (check_budget): {ms:.2f} CPU ms per page")
    for budget in (100, 300, 600, MAX_ATTRIBUTES):  # the budget's margin on real pages
        refused = sum(1 for item in pages if _refused(item.html, budget))
        print(f"  pages refused at a budget of {budget:,} attributes: {refused}")


def _refused(html: str, budget: int) -> bool:
    try:
        check_attributes(html, budget)
    except OverBudgetError:
        return True
    return False


def main() -> int:
    if len(sys.argv) > 1:  # a development set's name: the scan's cost on its pages
        scan_cost(sys.argv[1])
        return 0
    print("| attributes on one element | page kB | Lexbor parse, CPU s | check_budget, CPU s |")
    print("|---:|---:|---:|---:|")
    for count in (1_000, 5_000, 10_000, 20_000, 40_000):
        html = page(count)
        parse = seconds(LexborHTMLParser, html)
        check = seconds(check_budget, html)
        print(f"| {count:,} | {len(html) / 1000:.0f} | {parse:.3f} | {check:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
