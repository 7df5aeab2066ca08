"""Enrichment time against text length: chunked (newsmill) vs. the whole text at once.

Usage::

    .venv/bin/python bench/enrich_length.py [--sizes 10000,100000,1000000] [--whole-max 200000]

The text is the demo site's article texts (data/demo, extracted without enrichment) joined
and repeated to each length, so it reads like news (names, places, dates, figures, quotes).
``chunked`` is :func:`pipeline.enrich.enrich_many` (texts over ``CHUNK_CHARS`` enriched in
chunks); ``whole`` runs the same pipeline on the whole text as one ``Doc`` (``max_length``
raised), only up to ``--whole-max`` characters since its cost grows with the square of the
length. Prints seconds, microseconds per character and the ratio of each row's
per-character cost to the first row's: linear cost keeps that ratio near 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def demo_text() -> str:
    from pipeline.api import extract_article

    texts = []
    for page in sorted((ROOT / "data" / "demo" / "a").glob("*/*.html")):
        html = page.read_text(encoding="utf-8").replace("{{BASE_URL}}", "http://127.0.0.1")
        texts.append(extract_article(html, "http://127.0.0.1/a.html", enrich=False).text)
    return "\n\n".join(texts)


def text_of(length: int, base: str) -> str:
    return ((base + "\n\n") * (length // (len(base) + 2) + 1))[:length]


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--whole-max", type=int, default=200_000)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from pipeline.enrich import CHUNK_CHARS, enrich_many, load_nlp

    nlp = load_nlp()
    base = demo_text()
    enrich_many([(base[:2000], None)], nlp=nlp)  # warm-up
    print(f"chunk size {CHUNK_CHARS:,} characters; demo text {len(base):,} characters")
    print(f"{'mode':<8} {'chars':>10} {'seconds':>9} {'us/char':>8} {'vs first':>9} {'items':>7}")
    for mode in ("chunked", "whole"):
        first = None
        for size in sizes:
            if mode == "whole" and size > args.whole_max:
                continue
            text = text_of(size, base)
            if mode == "whole":
                nlp.max_length = max(nlp.max_length, size + 1)
                seconds, (result,) = (
                    timed(enrich_many, [(text, None)], nlp=nlp, batch_size=1)
                    if size <= CHUNK_CHARS
                    else _whole(nlp, text)
                )
            else:
                seconds, (result,) = timed(enrich_many, [(text, None)], nlp=nlp)
            per = seconds / size * 1e6
            first = first or per
            items = len(result.entities) + len(result.figures) + len(result.dates)
            print(
                f"{mode:<8} {size:>10,} {seconds:>9.2f} {per:>8.1f} {per / first:>8.2f}x {items:>7}"
            )


def _whole(nlp, text):  # type: ignore[no-untyped-def]
    from pipeline.enrich import enrich_stream

    started = time.perf_counter()
    ((result, _),) = enrich_stream([(text, None, None)], nlp=nlp, chunk_chars=len(text) + 1)
    return time.perf_counter() - started, (result,)


if __name__ == "__main__":
    main()
