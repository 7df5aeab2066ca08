"""What one element's attribute count costs the HTML parser: the evidence for
``pipeline.extract.parse.MAX_ATTRIBUTES``.

Usage::

    .venv/bin/python bench/attributes.py

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
from pipeline.extract.parse import check_budget


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


def main() -> int:
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
