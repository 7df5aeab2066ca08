"""Where the expected body text newsmill leaves out sits, by kind, on the tuned halves.

Usage::

    .venv/bin/python bench/extraction_misses.py                       # readability, wcxb
    .venv/bin/python bench/extraction_misses.py --sets wcxb-articles-dev --max-recall 0.9

For every tuned page whose recall is at most ``--max-recall``, the page is walked again as
the generic extractor walks it (:mod:`pipeline.extract.body`), and every block of the page
whose word 4-grams are mostly in the expected body but mostly not in newsmill's ``text`` is
a missed block. Each is put in one kind: inside the chosen container, under a furniture
element (``in:boiler`` and the element's tag when the tag makes it furniture, else its class
weight: ``w-1`` weak word, ``w-2`` firm word), in a list of links (``in:linklist``), a link
line (``in:linkline``), under a link-dense box (``in:linkhidden``), a caption, or other;
outside it, by how many levels up the chosen container the block's branch joins it
(``out:up1`` a sibling's, ``out:up4`` four levels or more) and whether furniture is on the way.

Prints, per kind, the sum over pages of the missed block's share of the page's expected
text (a recall loss, in pages) and the number of sites; a kind shared by many sites is worth
a rule, one site's is not. Tune halves only: the held-out halves are never read here.

``--excluded`` prints both sides of each kind, set by set, on every tuned page: what a rule
reading that kind would gain (blocks left out whose words are in the expected body) and
what it would cost (blocks left out that are not), each as a share of the page's expected
text summed over pages, with the number of sites; a kind whose cost outweighs its gain on
some set is no rule for all of them::

    .venv/bin/python bench/extraction_misses.py --excluded --sets article-extraction-benchmark \
        readability-pages wcxb-articles-dev
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from bench.extraction_quick import load_scorer
from pipeline import extract_article
from pipeline.errors import ExtractionError
from pipeline.extract import body as body_module
from pipeline.extract.deadline import Deadline
from pipeline.extract.parse import parse_html


def chosen_reading(html: str) -> tuple[Any, list[int]] | None:
    """The walked page and the containers the generic extractor chose (None: no text)."""
    seen: dict[str, Any] = {}
    choose = body_module._choose

    def spy(page: Any, *args: Any) -> list[int]:
        chosen = choose(page, *args)
        seen.update(page=page, chosen=chosen)
        return chosen

    body_module._choose = spy  # type: ignore[assignment]
    try:
        body_module._scored_body(parse_html(html), Deadline(None))
    finally:
        body_module._choose = choose  # type: ignore[assignment]
    return (seen["page"], seen["chosen"]) if "page" in seen else None


def kind(page: Any, chosen: set[int], owner: int, links: int, length: int) -> str:
    """The kind of a missed block (see the module's docstring)."""
    text_len, link_len, link_lists = _lengths(page)
    up = []
    node = owner
    while node >= 0:
        up.append(node)
        node = page.parent[node]
    inside = next((a for a in up if a in chosen), None)
    if inside is not None:
        below = up[: up.index(inside)]
        boiler = next((a for a in reversed(below) if page.boiler[a]), None)
        if any(a in link_lists for a in below):
            return "in:linklist"
        if boiler is not None:
            tag = page.tag[boiler]
            named = tag if tag in body_module.BOILER_TAGS else f"w{page.weight[boiler]}"
            return f"in:boiler {named}"
        if any(page.tag[a] in body_module._CAPTION_TAGS for a in below):
            return "in:caption"
        if links > 0.5 * length:
            return "in:linkline"
        if any(link_len[a] > 0.5 * text_len[a] for a in below):
            return "in:linkhidden"
        return "in:other"
    first = min(chosen)
    chain = []
    node = first
    while node >= 0:
        chain.append(node)
        node = page.parent[node]
    joined = next(a for a in up if a in chain)
    furniture = " boiler" if any(page.boiler[a] for a in up) else ""
    return f"out:up{min(chain.index(joined), 4)}{furniture}"


_LENGTHS: dict[int, tuple[list[int], list[int], set[int]]] = {}


def _lengths(page: Any) -> tuple[list[int], list[int], set[int]]:
    """Text and link characters of every element and the lists of links (once a page)."""
    if id(page) not in _LENGTHS:
        _LENGTHS.clear()
        sums = body_module._sums(page)
        lists = body_module._link_lists(page, sums[1], sums[2])
        _LENGTHS[id(page)] = (sums[1], sums[2], lists)
    return _LENGTHS[id(page)]


def _left_out(set_name: str, max_recall: float) -> Iterator[tuple[str, float, str, bool]]:
    """Every block newsmill leaves out on the set's tuned half, on pages whose recall is at
    most ``max_recall``: (kind, its share of the expected body, site, in the expected body)."""
    scorer = load_scorer()
    for page in corpora.load(set_name):
        if corpora.half(set_name, page.id) != "tune":
            continue
        try:
            text = extract_article(page.html, page.url or None, spider="generic", enrich=False).text
        except ExtractionError:
            text = ""
        if scorer._page_recall(*scorer.page_counts(page.body, text)) > max_recall:
            continue
        reading = chosen_reading(page.html)
        if reading is None:
            continue
        walked, chosen = reading
        truth, found = scorer.shingles(page.body), scorer.shingles(text)
        site = page.url.split("/")[2] if page.url.count("/") >= 2 else page.id
        for owner, block, links in walked.blocks:
            grams = scorer.shingles(block)
            if not grams or sum(1 for g in grams if g in found) >= 0.5 * len(grams):
                continue
            name = kind(walked, set(chosen), owner, links, len(block))
            in_body = sum(1 for g in grams if g in truth) >= 0.5 * len(grams)
            yield name, len(block) / max(len(page.body), 1), site, in_body


def misses(set_name: str, max_recall: float) -> tuple[Counter[str], dict[str, set[str]]]:
    """Recall lost per kind (pages) and the sites of each kind, on the set's tuned half."""
    lost: Counter[str] = Counter()
    sites: dict[str, set[str]] = defaultdict(set)
    for name, share, site, in_body in _left_out(set_name, max_recall):
        if in_body:
            lost[name] += share
            sites[name].add(site)
    return lost, sites


def excluded(set_name: str) -> dict[str, list[Any]]:
    """Per kind, the blocks newsmill leaves out on the set's tuned half: [share in the
    expected body, share not in it, sites of the first, sites of the second]."""
    out: dict[str, list[Any]] = defaultdict(lambda: [0.0, 0.0, set(), set()])
    for name, share, site, in_body in _left_out(set_name, max_recall=1.0):
        side = 0 if in_body else 1
        out[name][side] += share
        out[name][side + 2].add(site)
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the recall lost per kind of missed block, largest first."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=["readability-pages", "wcxb-articles-dev"])
    ap.add_argument("--max-recall", type=float, default=0.98)
    ap.add_argument("--top", type=int, default=14)
    ap.add_argument("--excluded", action="store_true", help="gain and cost of each kind")
    args = ap.parse_args(argv)
    if args.excluded:
        print("set                            kind                  in body (sites)  not (sites)")
        for set_name in args.sets:
            if not corpora.available(set_name):
                print(f"{set_name}: not available")
                continue
            rows = excluded(set_name)
            for name, (gain, cost, won, lost) in sorted(rows.items(), key=lambda r: -r[1][0]):
                if name.startswith("in:") or gain >= 0.05:
                    print(f"{set_name:30} {name:20} {gain:8.2f} ({len(won):3})  "
                          f"{cost:6.2f} ({len(lost):3})")  # fmt: skip
        return 0
    total: Counter[str] = Counter()
    sites: dict[str, set[str]] = defaultdict(set)
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available")
            continue
        lost, where = misses(set_name, args.max_recall)
        total.update(lost)
        for name, hosts in where.items():
            sites[name] |= hosts
    print("recall lost (pages)  sites  kind")
    for name, value in total.most_common(args.top):
        print(f"{value:19.2f}  {len(sites[name]):5}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
