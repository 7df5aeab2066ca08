"""How deep the depth budget's scan counts real pages, beside the depth Lexbor builds: the
evidence that ``pipeline.extract.parse.check_budget`` refuses no real page and
under-counts none.

Usage::

    .venv/bin/python bench/depth_budget.py                    # every development set
    .venv/bin/python bench/depth_budget.py wcxb-articles-dev  # one set
    .venv/bin/python bench/depth_budget.py --shapes           # made pages, see below

For every page of the development sets (:mod:`bench.corpora`) it runs the scan in full
(``parse._scan``, which most pages skip: their start tags are fewer than the budget) and
parses the page with Lexbor (the parser newsmill uses), then prints per set: pages, how many
take the scan in ``check_budget``, the deepest the scan counts and the deepest tree Lexbor
builds (elements, ``<html>`` being level 1), and how many pages the scan counts shallower
than Lexbor past the three levels it leaves to the budget's margin (``<html>``, ``<body>``
the parser adds, a void element at the bottom): that count must be 0.

``--shapes`` prints, for the review's hostile pages (N = 20,000) and for ordinary shapes of
unclosed formatting the scan over-counts (3,000 units), the page's size, what
``check_budget`` says and its CPU ms, the scan's count and Lexbor's depth.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selectolax.lexbor import LexborHTMLParser

from bench import corpora
from pipeline.errors import OverBudgetError
from pipeline.extract import parse

#: What a tree may nest past the scan's count (see the module's docstring).
MARGIN = 3


def lexbor_depth(html: str) -> int:
    """Deepest element level of the tree Lexbor builds from ``html`` (no recursion)."""
    tree = LexborHTMLParser(html)
    deepest = 0
    stack = [(tree.root, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        child = node.child if node is not None else None
        while child is not None:
            if child.tag not in ("-text", "-comment"):
                stack.append((child, level + 1))
            child = child.next
    return deepest


def scanned(html: str) -> bool:
    """Whether ``check_budget`` runs the scan on this page (its shortcuts do not pass it)."""
    fewest = min(parse.MAX_DEPTH, parse.MAX_NODES)
    count = html.count("<")
    shallow = (
        3 * count <= fewest
        or count + 2 * (html.count("<t") + html.count("<T")) <= fewest
        or (count <= parse.MAX_NODES and parse._nesting_starts(html) <= parse.MAX_DEPTH)
    )
    return not (shallow and parse._rebuilds_few(html, count, parse.MAX_NODES))


#: The review's pages (N = 20,000) and ordinary shapes with formatting left open.
SHAPES = {
    "<span><div></span>": "<span><div></span>" * 20_000,
    "<div><object></div>": "<div><object></div>" * 20_000,
    "<ul> <li><section>": "<ul>" + "<li><section>" * 20_000,
    "<dl> <dd><article>": "<dl>" + "<dd><article>" * 20_000,
    "<option><div>word": "<option><div>word " * 30_000,
    "<p><svg><desc>": "<p><svg><desc>" * 20_000,
    "<template></template> <div><!--</div>-->": "<template></template>"
    + "<div><!--</div>-->" * 20_000,
    "<select></select> <div><script></div></script>": "<select></select>"
    + "<div><script></div></script>" * 20_000,
    "<table><td> (3,990)": "<table><td>" * 3_990,
    "<b><div></b>": "<b><div></b>" * 20_000,
    "ordinary: <p><b>text": "<body>" + "<p><b>text" * 3_000,
    "ordinary: <li><a href>link": "<body>" + "<li><a href=x>link" * 3_000,
    "ordinary: <div><b>t</div>": "<body>" + "<div><b>t</div>" * 3_000,
}


def shapes() -> None:
    """The made pages' table (see the module's docstring)."""
    print("| page | kB | check_budget | CPU ms | scan count | Lexbor depth |")
    print("|---|---:|---|---:|---:|---:|")
    for name, html in SHAPES.items():
        started = time.process_time()
        try:
            parse.check_budget(html)
            verdict = "passes"
        except OverBudgetError as refused:
            verdict = f"refused ({refused.reason})"
        ms = (time.process_time() - started) * 1000
        count = parse._scan(html, parse.MAX_DEPTH * 100, parse.MAX_NODES * 100)
        print(
            f"| `{name}` | {len(html) / 1000:.0f} | {verdict} | {ms:.0f} | {count:,} "
            f"| {lexbor_depth(html):,} |"
        )


def main() -> int:
    if sys.argv[1:] == ["--shapes"]:
        shapes()
        return 0
    sets = sys.argv[1:] or list(corpora.SETS)
    print(
        "| set | pages | scanned in check_budget | deepest scan | deepest Lexbor | under-counted |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for set_name in sets:
        if not corpora.available(set_name):
            print(f"| {set_name} | not available | | | | |")
            continue
        pages = corpora.load(set_name)
        scan_max = tree_max = under = full = 0
        for item in pages:
            depth = parse._scan(item.html, parse.MAX_DEPTH * 100, parse.MAX_NODES * 100)
            tree = lexbor_depth(item.html)
            scan_max, tree_max = max(scan_max, depth), max(tree_max, tree)
            under += tree > depth + MARGIN
            full += scanned(item.html)
        print(f"| {set_name} | {len(pages)} | {full} | {scan_max} | {tree_max} | {under} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
