"""Score newsmill's date enrichment on the news_dates evaluation file.

Usage::

    PYTHONPATH=. python bench/dates_eval.py [../shared/corpora/dates/news_dates.jsonl] [-v]

Every case runs through the full pipeline (:func:`pipeline.enrich.enrich_many`), so detection
is scored as well as normalization. Relative dates are resolved against 2020-11-05.

* a phrase case ("absolute"/"relative") is right when the text yields exactly one date with a
  value and that value is the expected one;
* a sentence case is right when the list of non-null values found equals ``expect_dates``
  (order-insensitive); "A..B" in an expectation accepts any day from A to B.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from pipeline.enrich import enrich_many

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "corpora/dates/news_dates.jsonl"
PUBLISHED_AT = "2020-11-05T10:00:00Z"


def matches(value: str | None, expect: str) -> bool:
    """True when ``value`` equals ``expect`` or lies in the "A..B" day range."""
    if value is None:
        return False
    if ".." in expect:
        low, high = expect.split("..")
        return len(value) == len(low) and low <= value <= high
    return value == expect


def sentence_ok(values: list[str], expected: list[str]) -> bool:
    """Order-insensitive one-to-one match of found values against expected ones."""
    if len(values) != len(expected):
        return False
    left = list(values)
    for exp in expected:
        hit = next((v for v in left if matches(v, exp)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def main(argv: list[str]) -> int:
    """Print per-kind and total scores; list failures with -v."""
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else DEFAULT_PATH
    with path.open(encoding="utf-8") as fh:
        cases = [json.loads(line) for line in fh if line.strip()]
    results = enrich_many((c["text"], PUBLISHED_AT) for c in cases)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for case, res in zip(cases, results, strict=True):
        values = [d.value for d in res.dates if d.value is not None]
        if case["kind"] == "sentence":
            ok = sentence_ok(values, case["expect_dates"])
            expect = case["expect_dates"]
        else:
            ok = len(values) == 1 and matches(values[0], case["expect"])
            expect = case["expect"]
        total[case["kind"]] += 1
        right[case["kind"]] += ok
        if verbose and not ok:
            found = [(d.text, d.value, d.granularity) for d in res.dates]
            print(f"FAIL {case['id']}: {case['text']!r} expected {expect} got {found}")
    for kind in sorted(total):
        print(f"{kind:9s} {right[kind]:3d}/{total[kind]:<3d}")
    n, k = sum(total.values()), sum(right.values())
    print(f"total     {k:3d}/{n:<3d} = {k / n:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
