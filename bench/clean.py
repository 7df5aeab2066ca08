"""Micro-benchmark of the clean stage: our ``clean_text`` against ``ftfy.fix_text`` alone.

Texts: the 181 article bodies of ``article-extraction-benchmark/ground-truth.json`` split
into paragraphs, as they are ("clean") and with the noise real pages carry injected into
them ("noisy": broken / double-escaped / semicolon-less / C1 entities, mojibake, no-break
and zero-width spaces, soft hyphens, Windows line endings, doubled periods, a space before
a closing quote). Both cleaners see the same strings in the same run.

Prints three tables:

1. time per cleaner, and the ratio ours / ftfy;
2. on the noisy texts, the share of paragraphs each cleaner brings back exactly to the
   original (after white-space normalization);
3. the clean stage's share of ``pipeline.extract_article`` time per article on the 181
   pages (clean_text, clean_inline and is_furniture timed inside the real call), with and
   without enrichment. Target: under 5 %.

Usage: ``.venv/bin/python bench/clean.py [--corpus DIR] [--repeat N] [--pages N]``
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ftfy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pipeline.extract as extract_module  # noqa: E402
from pipeline import extract_article  # noqa: E402
from pipeline.extract.clean import clean_text  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"


# -- noise ------------------------------------------------------------------------------------
def _mojibake(s: str) -> str:
    try:
        return s.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return s


NOISES: list[tuple[str, Callable[[str, random.Random], str]]] = [
    ("broken entity", lambda s, r: s.replace(" ", "&# 160;", 2)),
    ("double-escaped", lambda s, r: s.replace(" ", "&amp;#160;", 2).replace("’", "&amp;#8217;")),
    ("triple-escaped", lambda s, r: s.replace(" ", "&amp;amp;nbsp;", 1)),
    ("no semicolon", lambda s, r: s.replace(" ", "&nbsp", 1)),
    ("C1 reference", lambda s, r: s.replace("’", "&#146;").replace(" - ", " &#150; ")),
    ("mojibake", lambda s, r: _mojibake(s)),
    ("nbsp", lambda s, r: s.replace(" ", "\u00a0", 3)),
    ("zero-width", lambda s, r: s.replace(" ", " \u200b", 2).replace("e", "e\u00ad", 1)),
    ("CRLF", lambda s, r: s.replace(" ", "\r\n", 1)),
    ("double period", lambda s, r: s[:-1] + ".." if s.endswith(".") else s),
    ("quote spacing", lambda s, r: s.replace("”", " ”", 1) if "” " in s else s),
]


def noisy_variants(paragraphs: list[str], seed: int = 3) -> list[tuple[str, str, str]]:
    """(kind, noisy, original) for each paragraph and one noise chosen at random."""
    rng = random.Random(seed)
    out = []
    for p in paragraphs:
        kind, fn = NOISES[rng.randrange(len(NOISES))]
        noisy = fn(p, rng)
        if noisy != p:
            out.append((kind, noisy, p))
    return out


# -- timing -----------------------------------------------------------------------------------
def time_cleaner(fn: Callable[[str], str], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for s in texts:
            fn(s)
        best = min(best, time.perf_counter() - t)
    return best


def ours(s: str) -> str:
    return clean_text(s, Counter())


def norm(s: str) -> str:
    return " ".join(s.split())


class StageTimer:
    """Wraps the clean-stage functions ``pipeline.extract`` calls and sums their time."""

    NAMES = ("clean_text", "clean_inline", "is_furniture")

    def __init__(self) -> None:
        self.seconds = 0.0
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> StageTimer:
        for name in self.NAMES:
            original = getattr(extract_module, name)
            self._saved[name] = original
            setattr(extract_module, name, self._wrap(original))
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self._saved.items():
            setattr(extract_module, name, original)

    def _wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t

        return timed


def stage_share(
    pages: list[tuple[bytes, str]], *, enrich: bool
) -> dict[str, tuple[list[float], float, float]]:
    """Per-article share of clean time in extract_article, grouped by whether the article
    was enriched (English) or not; with the total and the clean seconds of each group."""
    groups: dict[str, tuple[list[float], float, float]] = {}
    with StageTimer() as timer:
        for html, url in pages:
            timer.seconds = 0.0
            t = time.perf_counter()
            try:
                record = extract_article(html, url, enrich=enrich)
            except Exception:  # a page without article text is left out
                continue
            elapsed = time.perf_counter() - t
            skipped = any("enrichment skipped" in w for w in record.extraction.warnings)
            key = "extract only" if not enrich else ("not English" if skipped else "enriched")
            shares, total, clean = groups.get(key, ([], 0.0, 0.0))
            shares.append(timer.seconds / elapsed)
            groups[key] = (shares, total + elapsed, clean + timer.seconds)
    return groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=181)
    args = parser.parse_args()
    truth_path = args.corpus / "ground-truth.json"
    if not truth_path.exists():
        print(f"error: {truth_path} not found (pass --corpus DIR)", file=sys.stderr)
        return 2
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    paragraphs = [
        p.strip() for v in truth.values() for p in v["articleBody"].split("\n") if p.strip()
    ]
    variants = noisy_variants(paragraphs)
    noisy = [n for _, n, _ in variants]

    print(f"texts: {len(paragraphs)} clean paragraphs, {len(noisy)} noisy variants\n")
    print("| texts | ours clean_text (s) | ftfy.fix_text (s) | ours / ftfy |")
    print("|---|---|---|---|")
    for label, texts in (("clean", paragraphs), ("noisy", noisy)):
        a = time_cleaner(ours, texts, args.repeat)
        b = time_cleaner(ftfy.fix_text, texts, args.repeat)
        print(f"| {label} | {a:.3f} | {b:.3f} | {a / b:.2f} |")

    print("\n| noise kind | paragraphs | ours restored | ftfy restored |")
    print("|---|---|---|---|")
    by_kind: dict[str, list[tuple[bool, bool]]] = {}
    for kind, n, original in variants:
        want = norm(original)
        by_kind.setdefault(kind, []).append((norm(ours(n)) == want, norm(ftfy.fix_text(n)) == want))
    rows = sorted(by_kind.items())
    rows.append(("all", [x for _, v in rows for x in v]))
    for kind, results in rows:
        a = sum(r[0] for r in results) / len(results)
        b = sum(r[1] for r in results) / len(results)
        print(f"| {kind} | {len(results)} | {a:.1%} | {b:.1%} |")
    unchanged = sum(norm(ours(p)) == norm(p) for p in paragraphs) / len(paragraphs)
    print(f"\nclean paragraphs left unchanged by ours: {unchanged:.1%}")

    html_dir = args.corpus / "html"
    pages = [
        (gzip.decompress((html_dir / f"{key}.html.gz").read_bytes()), value["url"])
        for key, value in list(truth.items())[: args.pages]
    ]
    print(
        "\n| extract_article | articles | total (s) | clean (s) | clean share of total "
        "| per article: median | p95 | max |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for enrich in (True, False):
        for key, (shares, total, clean) in sorted(stage_share(pages, enrich=enrich).items()):
            shares.sort()
            p95 = shares[int(0.95 * (len(shares) - 1))]
            print(
                f"| enrich={enrich}, {key} | {len(shares)} | {total:.1f} | {clean:.2f} | "
                f"{clean / total:.1%} | {statistics.median(shares):.1%} | {p95:.1%} | "
                f"{shares[-1]:.1%} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
