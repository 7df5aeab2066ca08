"""How often newsmill's extraction calls the functions a speed change is about: call counts
per set, which a noisy machine does not move (the timings beside them are profiled, so
only their ratios between two runs mean something).

Usage::

    .venv/bin/python bench/extraction_calls.py                      # wcxb-articles-dev
    .venv/bin/python bench/extraction_calls.py --sets readability-pages --top 30

Runs ``pipeline.extract_article(html, url, enrich=False)`` over every page of each set under
cProfile, after one warm-up call, and prints for each function of :data:`WATCHED` (file and
function name, matched on the profile's entries) its calls and cumulative profiled
seconds, then the sizes of newsmill's caches; ``--top N`` adds the N functions of most
own time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora

#: (file name ending, function name) of the functions whose calls are counted.
WATCHED: tuple[tuple[str, str], ...] = (
    ("pipeline/api.py", "extract_article"),
    ("pipeline/urls.py", "is_valid_url"),
    ("pipeline/urls.py", "canonicalize"),
    ("w3lib/url.py", "canonicalize_url"),
    ("pipeline/spider.py", "spider_for_url"),
    ("pipeline/spider.py", "__init__"),
    ("pipeline/extract/metadata.py", "_jsonld_of"),
    ("pipeline/extract/metadata.py", "_load_json"),
    ("pipeline/extract/metadata.py", "article_jsonld"),
    ("pipeline/extract/body.py", "declared_blocks"),
    ("pipeline/extract/__init__.py", "_code_samples"),
    ("pipeline/extract/body.py", "walk"),
    ("pipeline/extract/body.py", "_attr_info"),
    ("pipeline/extract/clean.py", "clean_text"),
    ("pipeline/extract/clean.py", "is_furniture"),
    ("pipeline/extract/pubdate.py", "_htmldate"),
    ("htmldate/core.py", "find_date"),
    ("dateparser/date.py", "get_date_data"),
)


def counts(set_name: str, top: int) -> list[str]:
    """Markdown rows: each watched function's calls and profiled seconds on one set."""
    from pipeline import extract_article
    from pipeline.errors import NewsmillError

    pages = corpora.load(set_name)

    def run(page: corpora.Page) -> None:
        with contextlib.suppress(NewsmillError):
            extract_article(page.html, page.url or None, enrich=False)

    run(pages[0])
    profile = cProfile.Profile()
    profile.enable()
    for page in pages:
        run(page)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    rows = [
        f"| {set_name} ({len(pages)} pages) | calls | profiled s (cumulative) |",
        "|---|---:|---:|",
    ]
    for path, name in WATCHED:
        calls, seconds = 0, 0.0
        for (filename, _line, func), (_cc, ncalls, _tt, cum, _callers) in stats.items():
            if func == name and filename.endswith(path):
                calls += ncalls
                seconds += cum
        rows.append(f"| `{path}` {name} | {calls:,} | {seconds:.2f} |")
    rows.append(f"| caches after the set: {_cache_sizes()} | | |")
    if top:
        ranked = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
        rows.append(f"| **top {top} by own time** | | (own) |")
        for (filename, _line, func), (_cc, ncalls, tt, _cum, _callers) in ranked:
            where = "/".join(Path(filename).parts[-2:]) if filename != "~" else ""
            rows.append(f"| `{where}` {func} | {ncalls:,} | {tt:.2f} |")
    return rows


def _cache_sizes() -> str:
    """Entries in newsmill's own caches (and htmldate's date-expression cache)."""
    from htmldate.extractors import try_date_expr

    from pipeline import urls
    from pipeline.extract import body, boilerplate

    return (
        f"class weights {boilerplate.class_weight.cache_info().currsize:,}, hidden styles"
        f" {len(body._HIDDEN_STYLES):,}, canonical URLs"
        f" {urls._canonicalized.cache_info().currsize}, htmldate try_date_expr"
        f" {try_date_expr.cache_info().currsize:,}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the call table of each set (each in this process, one after the other)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=["wcxb-articles-dev"])
    ap.add_argument("--top", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available")
            continue
        print("\n".join(counts(set_name, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
