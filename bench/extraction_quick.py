"""newsmill alone on every extraction development set, in this process: the quick loop.

Usage::

    .venv/bin/python bench/extraction_quick.py                 # F1 per set and half, titles
    .venv/bin/python bench/extraction_quick.py --save DIR      # … and DIR/<set>.json per page
    .venv/bin/python bench/extraction_quick.py --half tune     # only the tuned halves
    .venv/bin/python bench/extraction_quick.py --standfirst    # the standfirst evidence

Scores with the shared scorer's own metric functions (``../shared/eval/extraction_eval.py``)
on the fixed halves of :mod:`bench.corpora`. No peers, no timing isolation: for deciding a
change, not for claims (``bench/extraction.py`` prints those).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import traceback
import unicodedata
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from pipeline import extract_article
from pipeline.errors import ExtractionError

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "\u00a0": " "})  # fmt: skip


def norm_title(title: str | None) -> str:
    """A title compared "exact after normalization": Unicode NFKC, case folded, quotes and
    dashes unified, white space collapsed, trailing punctuation dropped."""
    text = unicodedata.normalize("NFKC", title or "").translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip().rstrip(".:;!? ").strip()


def load_scorer() -> ModuleType:
    """The shared scorer script as a module (its metric functions)."""
    spec = importlib.util.spec_from_file_location("extraction_eval", corpora.SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {corpora.SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_set(set_name: str, only: str | None = None) -> dict[str, dict[str, object]]:
    """newsmill's body and title for every page of a set, or of its half ``only`` (the
    other half is not even extracted, so ``--half tune --save`` holds no held-out text);
    ``error`` when it raised."""
    out: dict[str, dict[str, object]] = {}
    for page in corpora.load(set_name):
        rec: dict[str, object] = {"half": corpora.half(set_name, page.id)}
        if only is not None and rec["half"] != only:
            continue
        try:
            art = extract_article(page.html, page.url or None, spider="generic", enrich=False)
            rec.update(text=art.text, title=art.title)
        except ExtractionError:
            rec.update(text="", title="")
        except Exception as exc:  # a crash is what this loop must show
            rec.update(text="", title="", error="".join(traceback.format_exception(exc))[-800:])
        out[page.id] = rec
    return out


def standfirst(set_name: str, half_name: str = "tune") -> str:
    """On how many pages the declared description (8+ words: ``lead``) is in the expected
    body, and on how many of those newsmill's ``text`` has it too; and, of the pages that
    show the description as a block of their own outside newsmill's ``text`` (a standfirst
    beside the body), on how many the expected body holds it."""
    from pipeline.extract.body import _Page
    from pipeline.extract.parse import parse_html

    words = re.compile(r"\w+")

    def key(text: str | None) -> str:
        return " ".join(words.findall((text or "").lower()))

    with_lead = in_truth = in_both = shown_out = shown_out_truth = 0
    for page in corpora.load(set_name):
        if corpora.half(set_name, page.id) != half_name:
            continue
        try:
            art = extract_article(page.html, page.url or None, spider="generic", enrich=False)
        except ExtractionError:
            continue
        lead = key(art.lead)
        if len(lead.split()) < 8:
            continue
        with_lead += 1
        truth = key(page.body)
        if lead in truth:
            in_truth += 1
            in_both += lead in key(art.text)
        if lead not in key(art.text):
            walked = _Page()
            tree = parse_html(page.html)
            if tree.body is not None:
                walked.walk(tree.body)
                walked.flush()
            blocks = (key(text) for _, text, _ in walked.blocks)
            if any(lead in b and len(b) < 1.3 * len(lead) for b in blocks):
                shown_out += 1
                shown_out_truth += lead in truth
    return (
        f"{set_name:30} {half_name:8} pages with a lead {with_lead}; in the expected body "
        f"{in_truth}; of those in newsmill's text {in_both}; shown outside newsmill's text "
        f"{shown_out}, of those in the expected body {shown_out_truth}"
    )


def main(argv: list[str] | None = None) -> int:
    """Score newsmill on every set and half; print one line per set and half."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.SETS))
    ap.add_argument("--half", choices=corpora.HALVES)
    ap.add_argument("--save", type=Path, help="write DIR/<set>.json (per-page text, title)")
    ap.add_argument("--standfirst", action="store_true", help="print the standfirst evidence")
    args = ap.parse_args(argv)
    if args.standfirst:
        for set_name in args.sets:
            if corpora.available(set_name):
                print(standfirst(set_name, args.half or "tune"), flush=True)
        return 0
    scorer = load_scorer()
    for set_name in args.sets:
        if not corpora.available(set_name):
            print(f"{set_name}: not available")
            continue
        pages = {p.id: p for p in corpora.load(set_name)}
        preds = run_set(set_name, args.half)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{set_name}.json").write_text(
                json.dumps(preds, ensure_ascii=False, indent=1), "utf-8"
            )
        for half_name in corpora.HALVES:
            if args.half and half_name != args.half:
                continue
            ids = [k for k, v in preds.items() if v["half"] == half_name]
            truth = {k: pages[k].body for k in ids}
            m = scorer.score(truth, {k: str(preds[k]["text"]) for k in ids}, 0)
            empty = sum(1 for k in ids if scorer.words(truth[k]) and not preds[k]["text"])
            errors = sum(1 for k in ids if "error" in preds[k])
            line = (
                f"{set_name:30} {half_name:8} n={len(ids):3} F1 {m['f1']:.4f} "
                f"P {m['precision']:.4f} R {m['recall']:.4f} empty {empty} errors {errors}"
            )
            if set_name in corpora.TITLE_SETS:
                ok = sum(norm_title(str(preds[k]["title"])) == norm_title(pages[k].title)
                         for k in ids)  # fmt: skip
                line += f" title {ok / len(ids):.3f}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
