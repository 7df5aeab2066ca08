"""Peak memory of extracting each development set: newsmill beside trafilatura, each in a
fresh worker process of its own, on the same pages, in the same run.

Usage::

    .venv/bin/python bench/extraction_memory.py                          # every set
    .venv/bin/python bench/extraction_memory.py --sets readability-pages --no-extensive

Each worker does what the scorer's worker does (``../shared/eval/extraction_eval.py``):
imports the extractor, loads the whole set (:func:`bench.corpora.load`), makes one warm-up
call on the first page, extracts every page keeping its text, then writes its result as one
JSON file (every page's text). The worker's peak RSS (``ru_maxrss``, a high-water mark) is
read after each of these steps, so a row says which step raised it: the scorer's "peak RSS"
is the last column. "held" is the worker's resident memory after the extraction
(``VmRSS``): what the extractor keeps once every page is done (caches, lazily loaded
tables). newsmill is called as ``bench/extraction.py`` has the scorer call it (no
enrichment), trafilatura as the scorer calls it. ``--no-extensive`` is a diagnostic (it
changes dates): newsmill's date step without htmldate's extensive search, the one path to
dateparser (:mod:`bench.diagnostics`), to see what dateparser's tables hold.
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
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora

EXTRACTORS = ("newsmill", "trafilatura")
#: (key, column heading): the worker's peak RSS after each step, in the order printed.
STEPS = (
    ("start", "python"),
    ("imported", "+ import"),
    ("loaded", "+ pages loaded"),
    ("extracted", "+ extraction"),
    ("written", "+ result JSON written"),
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def worker(set_name: str, extractor: str, no_extensive: bool) -> dict[str, Any]:
    """One extractor over one set in this process: its peak RSS (MB) after each step."""
    import gc

    peaks = {"start": _peak_mb()}
    if extractor == "newsmill":
        if no_extensive:
            from bench.diagnostics import no_extensive_search

            no_extensive_search()
        from pipeline import extract_article
        from pipeline.errors import ExtractionError

        def extract(html: str, url: str | None) -> str:  # bench/extraction.py's body_text
            try:
                return extract_article(html, url or None, enrich=False).text
            except ExtractionError:
                return ""
    else:
        import trafilatura

        def extract(html: str, url: str | None) -> str:
            return trafilatura.extract(html, include_comments=False) or ""

    peaks["imported"] = _peak_mb()
    pages = corpora.load(set_name)
    peaks["loaded"] = _peak_mb()
    with contextlib.suppress(Exception):
        extract(pages[0].html, pages[0].url or None)  # the scorer's warm-up call
    gc.collect()
    texts: dict[str, str] = {}
    for page in pages:
        try:
            texts[page.id] = extract(page.html, page.url or None) or ""
        except Exception:  # a failure is an empty text, as the scorer counts it
            texts[page.id] = ""
    peaks["extracted"] = _peak_mb()
    held = _current_mb()
    with tempfile.TemporaryDirectory() as tmp:  # as the scorer's worker writes its result
        out = Path(tmp) / "result.json"
        out.write_text(json.dumps({"preds": texts}, ensure_ascii=False), encoding="utf8")
    peaks["written"] = _peak_mb()
    return {"pages": len(pages), "peaks": peaks, "held": held}


def _run_worker(set_name: str, extractor: str, no_extensive: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", set_name, extractor]
    cmd += ["--no-extensive"] if no_extensive else []
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{set_name} {extractor}: worker failed\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


def table(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """One Markdown table: a row per set and extractor, the peak RSS after each step."""
    heads = " | ".join(head for _, head in STEPS)
    rows = [
        f"| set (pages) | extractor | peak RSS MB: {heads} | held MB |",
        "|---|---|" + "---:|" * (len(STEPS) + 1),
    ]
    for set_name, by_extractor in results.items():
        for extractor, res in by_extractor.items():
            peaks = " | ".join(f"{res['peaks'][key]:.0f}" for key, _ in STEPS)
            rows.append(
                f"| {set_name} ({res['pages']}) | {extractor} | {peaks} | {res['held']:.0f} |"
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the table of the sets (each extractor in a fresh worker per set)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS))
    ap.add_argument(
        "--no-extensive",
        action="store_true",
        help="diagnostic: newsmill without htmldate's extensive search (no dateparser)",
    )
    ap.add_argument("--worker", nargs=2, metavar=("SET", "EXTRACTOR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        set_name, extractor = args.worker
        print(json.dumps(worker(set_name, extractor, args.no_extensive)))
        return 0
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available")
            continue
        results[set_name] = {
            name: _run_worker(set_name, name, args.no_extensive) for name in EXTRACTORS
        }
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    note = "; newsmill without htmldate's extensive search" if args.no_extensive else ""
    print(f"# peak RSS of a fresh worker per set and extractor{note}; load avg {load}; "
          f"python {platform.python_version()}")  # fmt: skip
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
