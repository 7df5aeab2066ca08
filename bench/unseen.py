"""Stress and agreement on pages newsmill was never tuned on: htmldate-pages, three extractors.

Usage::

    .venv/bin/python bench/unseen.py                       # the dev half
    .venv/bin/python bench/unseen.py --half held-out       # once, at the end of a round
    .venv/bin/python bench/unseen.py --list                # … and the "probably wrong" pages
    .venv/bin/python bench/unseen.py --short               # … and newsmill's short outputs
    .venv/bin/python bench/unseen.py --peers-cache FILE    # keep the peers' texts between runs

``../shared/corpora/htmldate-pages`` holds 799 real pages of 2003-2023 (blogs, forums, CMSs,
news sites; mostly German, English, French) with only a publication-day truth, no body
truth. On every page of the chosen half (the fixed dev / held-out split of
``bench/pubdate.py``) this runs newsmill (``extract_article(html, url, enrich=False)``),
trafilatura (``trafilatura.extract``) and readability-lxml (``Document(html).summary()`` as
text), and prints:

- crashes (any exception; for newsmill, any exception other than its own refusals, which are
  counted apart by class) and empty bodies, per extractor;
- the mean pairwise F1 between extractors (the shared scorer's 4-token shingle metric,
  ``../shared/eval/extraction_eval.py``, loaded as ``bench/extraction_quick.py`` does);
- the key row: pages where the two peers agree with each other (F1 >= 0.8) and newsmill
  disagrees with both (F1 < 0.5), "newsmill probably wrong", split into newsmill shorter
  than the peers (lost recall, refusals included) and longer (boilerplate taken);
- the same counts per page language (newsmill's detected language; the peers' text's when
  newsmill refused) and per year of the page's publication day.

THIS IS A PROXY: agreement of two other extractors, not truth. Two peers can agree on the
wrong text (both take comments, both miss a lead), and newsmill can be right alone. Use it to
find pages worth reading, never as a score to claim.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extraction_quick import load_scorer
from bench.pubdate import DEFAULT_DATA, half
from pipeline import extract_article
from pipeline.errors import NewsmillError
from pipeline.extract.decode import decode_page
from pipeline.extract.language import detect_language

AGREE = 0.8  # the peers agree with each other at or above this F1
DISAGREE = 0.5  # newsmill disagrees with a peer below this F1
PEERS = ("trafilatura", "readability")
YEARS = ((0, 2009, "2003-2009"), (2010, 2014, "2010-2014"), (2015, 2019, "2015-2019"),
         (2020, 9999, "2020-2023"))  # fmt: skip


def year_bucket(day: str) -> str:
    """The year bucket of a ``YYYY-MM-DD`` publication day."""
    year = int(day[:4]) if day[:4].isdigit() else 0
    return next(name for low, high, name in YEARS if low <= year <= high)


def _peer_runners() -> dict[str, Callable[[str, str | None], str]]:
    import html_text
    import trafilatura
    from readability import Document

    def traf(html: str, url: str | None) -> str:
        return trafilatura.extract(html, url=url, include_comments=False) or ""

    def read(html: str, url: str | None) -> str:
        return str(html_text.extract_text(Document(html).summary(html_partial=True)) or "")

    return {"trafilatura": traf, "readability": read}


def _run_peer(run: Callable[[str, str | None], str], html: str, url: str | None) -> dict[str, str]:
    try:
        return {"text": run(html, url)}
    except Exception as exc:  # a crash is what this bench counts
        return {"text": "", "crash": type(exc).__name__}


def _run_newsmill(raw: bytes, url: str | None) -> dict[str, Any]:
    try:
        art = extract_article(raw, url, spider="generic", enrich=False)
    except NewsmillError as exc:
        return {"text": "", "refusal": type(exc).__name__, "language": None}
    except Exception as exc:  # a crash is what this bench counts
        return {"text": "", "crash": type(exc).__name__, "language": None}
    return {"text": art.text, "language": art.language}


def f1(scorer: Any, a: str, b: str) -> float:
    """Pairwise agreement of two texts: F1 of their 4-token shingle multisets (1.0 when both
    are empty)."""
    tp, fp, fn = scorer.page_counts(a, b)
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def collect(data: Path, which: str, peers_cache: Path | None) -> list[dict[str, Any]]:
    """One record per page of the half ``which`` (``dev``, ``held-out`` or ``both``)."""
    truth = json.loads((data / "truth.json").read_text("utf-8"))
    cache: dict[str, dict[str, dict[str, str]]] = {}
    if peers_cache is not None and peers_cache.is_file():
        cache = json.loads(peers_cache.read_text("utf-8"))
    runners: dict[str, Callable[[str, str | None], str]] | None = None
    records = []
    for name in sorted(truth):
        if which != "both" and half(name) != which:
            continue
        raw = gzip.decompress((data / "html" / f"{name}.html.gz").read_bytes())
        url = truth[name].get("url") or None
        if name not in cache:
            runners = runners or _peer_runners()
            html = decode_page(raw).text
            cache[name] = {k: _run_peer(runners[k], html, url) for k in PEERS}
        rec: dict[str, Any] = {"id": name, "half": half(name), "url": url,
                               "year": year_bucket(truth[name].get("published") or "")}  # fmt: skip
        rec["newsmill"] = _run_newsmill(raw, url)
        rec.update(cache[name])
        records.append(rec)
    if peers_cache is not None:
        peers_cache.write_text(json.dumps(cache, ensure_ascii=False), "utf-8")
    return records


def judge(scorer: Any, rec: dict[str, Any]) -> None:
    """Add the pairwise F1s, the language and the verdict (``wrong-shorter``,
    ``wrong-longer`` or ``""``) to one page's record."""
    n, t, r = (rec[k]["text"] for k in ("newsmill", "trafilatura", "readability"))
    rec["f1"] = {"n-t": f1(scorer, n, t), "n-r": f1(scorer, n, r), "t-r": f1(scorer, t, r)}
    rec["language"] = rec["newsmill"]["language"] or detect_language(t or r) or "?"
    words = {k: len(scorer.words(rec[k]["text"])) for k in ("newsmill", *PEERS)}
    rec["words"] = words
    peers_agree = bool(t.strip() and r.strip()) and rec["f1"]["t-r"] >= AGREE
    wrong = peers_agree and max(rec["f1"]["n-t"], rec["f1"]["n-r"]) < DISAGREE
    rec["verdict"] = ""
    if wrong:
        shorter = words["newsmill"] < (words["trafilatura"] + words["readability"]) / 2
        rec["verdict"] = "wrong-shorter" if shorter else "wrong-longer"


def _row(label: str, recs: list[dict[str, Any]]) -> str:
    agree = sum(1 for r in recs if r["f1"]["t-r"] >= AGREE and r["trafilatura"]["text"].strip()
                and r["readability"]["text"].strip())  # fmt: skip
    verdicts = Counter(r["verdict"] for r in recs)
    wrong = verdicts["wrong-shorter"] + verdicts["wrong-longer"]
    return (f"| {label} | {len(recs)} | {agree} | {wrong} | {verdicts['wrong-shorter']} | "
            f"{verdicts['wrong-longer']} |")  # fmt: skip


def report(recs: list[dict[str, Any]], title: str) -> None:
    """Print the tables for one set of judged records."""
    print(f"\n## {title}: {len(recs)} pages\n")
    print("| extractor | crashes | refusals | empty bodies |")
    print("|---|---|---|---|")
    for k in ("newsmill", *PEERS):
        crashes = Counter(r[k]["crash"] for r in recs if "crash" in r[k])
        refusals = Counter(r[k]["refusal"] for r in recs if "refusal" in r[k])
        empty = sum(1 for r in recs if not r[k]["text"].strip())
        fmt = lambda c: f"{sum(c.values())}" + (f" ({dict(c)})" if c else "")  # noqa: E731
        print(f"| {k} | {fmt(crashes)} | {fmt(refusals) if k == 'newsmill' else '-'} | {empty} |")
    print("\n| pair | mean F1 | pages F1 >= 0.8 | pages F1 < 0.5 |")
    print("|---|---|---|---|")
    for pair in ("n-t", "n-r", "t-r"):
        vals = [r["f1"][pair] for r in recs]
        print(f"| {pair} | {sum(vals) / len(vals):.3f} | {sum(v >= AGREE for v in vals)} | "
              f"{sum(v < DISAGREE for v in vals)} |")  # fmt: skip
    head = "| {} | pages | peers agree | newsmill probably wrong | shorter | longer |"
    for key, label in (("", "all"), ("language", "language"), ("year", "year")):
        print("\n" + head.format(label if key else "half"))
        print("|---|---|---|---|---|---|")
        if not key:
            print(_row(title, recs))
            continue
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in recs:
            groups[r[key]].append(r)
        big = sorted(groups, key=lambda g: (-len(groups[g]), g))
        for g in big:
            print(_row(g, groups[g]))


#: ``--short``: newsmill's text has fewer words than this share of the longer peer's …
SHORT_SHARE = 0.5
#: … and that peer has at least this many words (a story, not a "Loading…" line).
SHORT_PEER_WORDS = 20


def print_short(recs: list[dict[str, Any]]) -> None:
    """The pages where newsmill refuses or gives little text while a peer reads a story,
    whether or not the peers agree (one of them often reads a log-in dialog): the short
    pages to read by hand, with each extractor's words and newsmill's first characters."""
    print("\n| page | words n/t/r | F1 n-t n-r t-r | refusal | newsmill's text |")
    print("|---|---|---|---|---|")
    for r in recs:
        w, f = r["words"], r["f1"]
        peer = max(w["trafilatura"], w["readability"])
        if peer >= SHORT_PEER_WORDS and w["newsmill"] < SHORT_SHARE * peer:
            start = " ".join(r["newsmill"]["text"].split())[:60].replace("|", "/")
            print(f"| {r['id']} | {w['newsmill']}/{w['trafilatura']}/{w['readability']} | "
                  f"{f['n-t']:.2f} {f['n-r']:.2f} {f['t-r']:.2f} | "
                  f"{r['newsmill'].get('refusal', '')} | {start} |")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run the three extractors on a half of htmldate-pages and print the agreement tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--half", choices=("dev", "held-out", "both"), default="dev")
    ap.add_argument("--list", action="store_true", help="print the probably-wrong pages")
    ap.add_argument("--peers-cache", type=Path, help="JSON file keeping the peers' texts")
    ap.add_argument("--save", type=Path, help="write every page's record to this JSON file")
    ap.add_argument("--short", action="store_true",
                    help="print the pages where newsmill gives no or little text and a peer "
                    "a story")  # fmt: skip
    args = ap.parse_args(argv)
    scorer = load_scorer()
    recs = collect(args.data, args.half, args.peers_cache)
    for rec in recs:
        judge(scorer, rec)
    for name in ("dev", "held-out"):
        part = [r for r in recs if r["half"] == name]
        if part:
            report(part, name)
    if args.list:
        print("\n| page | verdict | language | year | words n/t/r | F1 n-t n-r t-r | refusal |")
        print("|---|---|---|---|---|---|---|")
        for r in recs:
            if r["verdict"]:
                w, f = r["words"], r["f1"]
                print(f"| {r['id']} | {r['verdict']} | {r['language']} | {r['year']} | "
                      f"{w['newsmill']}/{w['trafilatura']}/{w['readability']} | "
                      f"{f['n-t']:.2f} {f['n-r']:.2f} {f['t-r']:.2f} | "
                      f"{r['newsmill'].get('refusal', '')} |")  # fmt: skip
    if args.short:
        print_short(recs)
    if args.save:
        args.save.write_text(json.dumps(recs, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
