"""The evidence for the second opinion's thresholds (:mod:`pipeline.extract.fallback`).

Usage::

    .venv/bin/python bench/extraction_fallback.py                # grid on the tuned halves
    .venv/bin/python bench/extraction_fallback.py --report       # the chosen setting, both halves
    .venv/bin/python bench/extraction_fallback.py --speed        # its CPU cost per set

Reads every page of every development set twice through ``extract_article`` (no
enrichment): once with newsmill's scored body only, once with readability-lxml's body in its
place (both through the same clean stage), recording what the rule reads (characters of
newsmill's body, of the prose the page shows, of readability's body, and the share of
newsmill's word 4-grams readability's holds). Then it scores, per set, every setting of the
rule on the ``tune`` halves of :mod:`bench.corpora` (mean F1 over the sets, and how many pages
ask for the second opinion: the speed cost). ``--report`` prints the setting in
``pipeline.extract.fallback`` on both halves, once. The per-page readings are cached in
``--cache`` (default: a file in the system's temporary directory).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from bench.extraction_quick import load_scorer
from pipeline import extract_article
from pipeline.errors import ExtractionError
from pipeline.extract import fallback


def _text(html: str, url: str) -> str:
    try:
        return extract_article(html, url or None, spider="generic", enrich=False).text
    except ExtractionError:
        return ""


def read_pages() -> list[dict[str, Any]]:
    """Both readings of every page with the rule's inputs (``found`` is None where the
    rule is never asked: the page's declared JSON-LD body won)."""
    rows: list[dict[str, Any]] = []
    unsure, prefer = fallback.unsure, fallback.prefer_second
    seen: dict[str, Any] = {}

    def record_unsure(found: int, shown: int) -> bool:
        seen.update(found=found, shown=shown)
        return seen["force"]

    def record_prefer(own: list[str], second: list[str]) -> bool:
        mine = fallback._grams(own)
        shared = sum((mine & fallback._grams(second)).values())
        seen.update(second=sum(map(len, second)),
                    contains=shared / sum(mine.values()) if mine else 1.0)  # fmt: skip
        return bool(second)

    fallback.unsure, fallback.prefer_second = record_unsure, record_prefer  # type: ignore[assignment]
    try:
        for set_name in corpora.SETS:
            if not corpora.available(set_name):
                continue
            for page in corpora.load(set_name):
                seen.clear()
                seen["force"] = False
                own = _text(page.html, page.url)
                found, shown = seen.get("found"), seen.get("shown")
                seen["force"] = True
                second = _text(page.html, page.url)
                rows.append({
                    "set": set_name, "id": page.id, "half": corpora.half(set_name, page.id),
                    "truth": page.body, "own": own, "other": second, "found": found,
                    "shown": shown, "second": seen.get("second"),
                    "contains": seen.get("contains"),
                })  # fmt: skip
    finally:
        fallback.unsure, fallback.prefer_second = unsure, prefer  # type: ignore[assignment]
    return rows


def takes_second(row: dict[str, Any], coverage: float, short: int, contains: float,
                 longer: float) -> tuple[bool, bool]:  # fmt: skip
    """(asked, taken): whether the rule with these thresholds asks readability on the page,
    and whether it takes readability's body."""
    found, shown = row["found"], row["shown"]
    if found is None:
        return False, False
    asked = found < short or found < coverage * shown
    # (the rule's "a block of MIN_PROSE characters", read here as the body's length)
    if not asked or (row["second"] or 0) < max(longer * found, fallback.MIN_PROSE):
        return asked, False
    return asked, found == 0 or row["contains"] >= contains


Setting = tuple[float, int, float, float]
Result = dict[str, tuple[float, int, int, int]]


def evaluate(rows: list[dict[str, Any]], scorer: Any, half: str, setting: Setting) -> Result:
    """Per set: (F1, pages, pages asked, pages taken) on ``half`` with ``setting``."""
    out = {}
    for set_name in corpora.SETS:
        sel = [r for r in rows if r["set"] == set_name and r["half"] == half]
        if not sel:
            continue
        counts, asked, taken = [], 0, 0
        for r in sel:
            if "own_counts" not in r:  # the scorer's per-page counts, computed once
                r["own_counts"] = scorer.page_counts(r["truth"], r["own"])
                r["other_counts"] = scorer.page_counts(r["truth"], r["other"])
            a, t = takes_second(r, *setting)
            asked += a
            taken += t
            counts.append(r["other_counts"] if t else r["own_counts"])
        out[set_name] = (scorer.aggregate(counts)["f1"], len(sel), asked, taken)
    return out


def speed() -> None:
    """CPU seconds of ``extract_article`` (no enrichment) on every page of each set, with
    and without the second opinion (best of two runs each, alternated), and how many pages
    ask for it."""
    unsure = fallback.unsure
    asked = [0]

    def counting(found: int, shown: int) -> bool:
        ask = unsure(found, shown)
        asked[0] += ask
        return ask

    def run(pages: list[corpora.Page]) -> float:
        start = time.process_time()
        for page in pages:
            _text(page.html, page.url)
        return time.process_time() - start

    try:
        for set_name in corpora.SETS:
            if not corpora.available(set_name):
                continue
            pages = corpora.load(set_name)
            run(pages[:20])  # imports and caches warm
            with_, without = [], []
            for _ in range(2):
                fallback.unsure = counting  # type: ignore[assignment]
                asked[0] = 0
                with_.append(run(pages))
                fallback.unsure = lambda found, shown: False  # type: ignore[assignment]
                without.append(run(pages))
            on, off = min(with_), min(without)
            cost = 100 * (on - off) / off
            print(f"{set_name:30} pages {len(pages):4} asked {asked[0]:3}  CPU s with the "
                  f"second opinion {on:6.2f}  without {off:6.2f}  (+{cost:.1f} %)",
                  flush=True)  # fmt: skip
    finally:
        fallback.unsure = unsure  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    """Grid the thresholds on the tuned halves (or report the chosen setting)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_cache = Path(tempfile.gettempdir()) / "newsmill-fallback-pages.json"
    ap.add_argument("--cache", type=Path, default=default_cache)
    ap.add_argument("--refresh", action="store_true", help="read the pages again")
    ap.add_argument("--report", action="store_true", help="the chosen setting, both halves")
    ap.add_argument("--speed", action="store_true", help="its CPU cost per set")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args(argv)
    if args.speed:
        speed()
        return 0
    if args.refresh or not args.cache.is_file():
        args.cache.write_text(json.dumps(read_pages(), ensure_ascii=False), "utf-8")
    rows = json.loads(args.cache.read_text("utf-8"))
    scorer = load_scorer()
    chosen = (fallback.UNSURE_COVERAGE, fallback.UNSURE_SHORT, fallback.CONTAINS, fallback.LONGER)
    never = (0.0, 0, 2.0, 1e9)

    def line(label: str, res: dict[str, tuple[float, int, int, int]]) -> str:
        cells = "  ".join(f"{s[:12]} {f:.4f} ({a}/{t})" for s, (f, _n, a, t) in res.items())
        mean = sum(f for f, *_ in res.values()) / len(res)
        return f"{label:28} mean {mean:.4f}  {cells}"

    if args.report:
        for half in corpora.HALVES:
            print(line(f"{half} never", evaluate(rows, scorer, half, never)))
            print(line(f"{half} {chosen}", evaluate(rows, scorer, half, chosen)))
        return 0
    print("setting (coverage, short, contains, longer): mean tuned F1; per set F1 (asked/taken)")
    print(line("never", evaluate(rows, scorer, "tune", never)))
    results = []
    every = float("inf")  # coverage "inf": every page asks
    for setting in itertools.product(
        (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, every),
        (0, 300, 500, 1000),
        (0.5, 0.7, 0.8, 0.9, 0.95),
        (1.05, 1.1, 1.2, 1.5, 2.0),
    ):
        res = evaluate(rows, scorer, "tune", setting)
        results.append((sum(f for f, *_ in res.values()) / len(res), setting, res))
    results.sort(key=lambda x: -x[0])
    for _mean, setting, res in results[: args.top]:
        print(line(str(setting), res))
    print(line(f"chosen {chosen}", evaluate(rows, scorer, "tune", chosen)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
