"""Extraction on development pages rewritten the way other page builders write them.

Usage::

    .venv/bin/python bench/ablation.py                         # tune halves, every rewrite
    .venv/bin/python bench/ablation.py --half held-out         # report on the other half
    .venv/bin/python bench/ablation.py --rewrites none unclosed --sets wcxb-articles-dev

A held-out page set comes from other publishers and page builders: class names that are
hashes (CSS modules, Tailwind builds) instead of words, ``<div>`` where others write
``<article>``/``<nav>``/``<footer>``, templates that close a ``<nav>`` with ``</div>``. Each
rewrite applies one of these to every page of a set, and newsmill and trafilatura extract
the rewritten page (same process, same pages); the shared scorer's F1 against the page's
expected body is printed per set, rewrite and extractor. A drop from the ``none`` row is what
the extractor owes to the markup the rewrite took away:

- ``names``: every ``class`` and ``id`` value replaced by a hash of itself (the page keeps its
  structure, its names say nothing);
- ``divs``: ``article``, ``main``, ``section``, ``nav``, ``aside``, ``header``, ``footer``
  start and end tags written as ``div``;
- ``soup``: both (a page of ``<div class="c1a2b3c">``);
- ``unclosed``: the end tags of those elements written as ``</div>``, their start tags kept,
  so the parser leaves them open where no ``<div>`` is open (a ``<nav>`` then holds the
  rest of the page);
- ``p-divs``: every ``<p>`` written as ``<div>``;
- ``br-runs``: every ``<p>`` written as a ``<span>`` ended by ``<br><br>`` (paragraphs as
  runs of text between line breaks);
- ``custom``: every ``<div>`` written as a custom element, ``<x-box>`` (web components);
- ``stray-ends``: a ``</div>`` added after every fifth ``</p>`` (stray end tags close the
  story's containers early: its paragraphs land in several of their ancestors);
- ``lost-ends``: every seventh ``</div>`` left out (what follows nests deeper);
- ``tables``: every ``<div>`` written as a one-cell layout table (``<table><tr><td>`` …
  ``</td></tr></table>``), as pages were laid out before CSS.

Rewrites are regular expressions over the HTML, not a parser: enough for a benchmark, not
for output.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from bench.extraction_quick import load_scorer
from pipeline import extract_article
from pipeline.errors import ExtractionError

_NAMES = re.compile(r"""(\s)(class|id)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_SECTIONING = r"article|main|section|nav|aside|header|footer"
_SECTION_TAGS = re.compile(rf"(</?)(?:{_SECTIONING})(?=[\s>/])", re.I)
_SECTION_ENDS = re.compile(rf"</(?:{_SECTIONING})\s*>", re.I)
_P_START = re.compile(r"<p(?=[\s>])", re.I)
_P_END = re.compile(r"</p\s*>", re.I)
_DIV_TAGS = re.compile(r"(</?)div(?=[\s>])", re.I)
_DIV_END = re.compile(r"</div\s*>", re.I)
_DIV_START = re.compile(r"<div(?=[\s>])", re.I)


def _every(
    pattern: re.Pattern[str], nth: int, rewrite: Callable[[str], str]
) -> Callable[[str], str]:
    """A rewrite of the page that gives every ``nth`` match of ``pattern`` to ``rewrite``."""

    def pass_over(html: str) -> str:
        seen = 0

        def one(m: re.Match[str]) -> str:
            nonlocal seen
            seen += 1
            return rewrite(m.group(0)) if seen % nth == 0 else m.group(0)

        return pattern.sub(one, html)

    return pass_over


def _hashed(m: re.Match[str]) -> str:
    digest = hashlib.md5(m.group(3).encode(), usedforsecurity=False).hexdigest()[:6]
    return f'{m.group(1)}{m.group(2)}="c{digest}"'


def _names(html: str) -> str:
    return _NAMES.sub(_hashed, html)


def _divs(html: str) -> str:
    return _SECTION_TAGS.sub(lambda m: m.group(1) + "div", html)


def _unclosed(html: str) -> str:
    return _SECTION_ENDS.sub("</div>", html)


REWRITES: dict[str, Callable[[str], str]] = {
    "none": lambda html: html,
    "names": _names,
    "divs": _divs,
    "soup": lambda html: _names(_divs(html)),
    "unclosed": _unclosed,
    "p-divs": lambda html: _P_END.sub("</div>", _P_START.sub("<div", html)),
    "br-runs": lambda html: _P_END.sub("<br><br>", _P_START.sub("<span", html)),
    "custom": lambda html: _DIV_TAGS.sub(lambda m: m.group(1) + "x-box", html),
    "stray-ends": _every(_P_END, 5, lambda end: end + "</div>"),
    "lost-ends": _every(_DIV_END, 7, lambda end: ""),
    "tables": lambda html: _DIV_START.sub(
        "<table><tr><td", _DIV_END.sub("</td></tr></table>", html)
    ),
}


def _newsmill(html: str, url: str) -> str:
    try:
        return extract_article(html, url or None, spider="generic", enrich=False).text
    except ExtractionError:
        return ""


def _trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS[:3]))
    ap.add_argument("--half", choices=corpora.HALVES, default="tune")
    ap.add_argument("--rewrites", nargs="*", choices=list(REWRITES), default=list(REWRITES))
    args = ap.parse_args(argv)
    scorer = load_scorer()
    extractors = {"newsmill": _newsmill, "trafilatura": _trafilatura}
    print(f"half: {args.half}; F1 (shared scorer), pages with an empty body in brackets\n")
    print("| set | rewrite | " + " | ".join(extractors) + " |")
    print("|---|---|" + "---:|" * len(extractors))
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"| {set_name} | (not on disk) |")
            continue
        pages = [p for p in corpora.load(set_name) if corpora.half(set_name, p.id) == args.half]
        truth = {p.id: p.body for p in pages}
        for rewrite in args.rewrites:
            cells = []
            for extract in extractors.values():
                pred = {p.id: extract(REWRITES[rewrite](p.html), p.url) for p in pages}
                result = scorer.score(truth, pred, n_bootstrap=0)
                cells.append(f"{result['f1']:.3f} ({result['n_empty_pred']})")
            print(f"| {set_name} | {rewrite} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
