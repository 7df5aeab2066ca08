"""Throughput of newsmill's enrichment vs. the bare spaCy model, and with two processes.

Usage::

    .venv/bin/python bench/enrich.py [ground-truth.json] [--repeat N]

Texts: the English ``articleBody`` texts of the article-extraction benchmark's ground truth
(``../shared/corpora/article-extraction-benchmark/ground-truth.json`` by default; English
= at least 8% of the words are common English function words). Each phase runs in a fresh
child process (so its peak memory is its own) and the phases alternate ``--repeat`` times;
the best time of each is kept, since other jobs share the machine:

* ``bare``   — ``spacy.load(model).pipe(texts)``: the model's own pipeline, no newsmill parts;
* ``full``   — :func:`pipeline.enrich.enrich_many` (entity ruler, fixes, dates, figures,
  entities, quotes, and the conversion to ``Enrichment`` records), one process;
* ``full2``  — the same with ``n_process=2``;
* ``api``    — the public batch API :func:`pipeline.enrich_texts` (settings, model and
  ``published_at`` handling included), one process;
* ``single`` — one :func:`pipeline.enrich_text` call per text (what a notebook loop does).

Prints words/s, the ratios full/bare and full2/full, and each phase's peak RSS (MiB,
parent + workers).
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpora/article-extraction-benchmark/ground-truth.json"
)
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "was",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "this",
        "be",
        "are",
        "have",
        "not",
    ]
)


def english_bodies(path: Path) -> list[str]:
    """The ground truth's article bodies that read as English."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in data.values():
        body = item.get("articleBody") or ""
        words = re.findall(r"[a-z]+", body.lower())
        if len(words) >= 50 and sum(w in _FUNCTION_WORDS for w in words) / len(words) >= 0.08:
            out.append(body)
    return out


def _phase(name: str, path: Path) -> dict:
    texts = english_bodies(path)
    if name == "bare":
        import spacy

        from pipeline.enrich.nlp import load_nlp

        model = load_nlp().meta["name"]  # the same model the full pipeline loaded
        nlp = spacy.load(f"en_{model}" if not model.startswith("en_") else model)
        list(nlp.pipe(texts[:2]))  # warm-up
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
    elif name in ("api", "single"):
        import pipeline
        from pipeline.enrich import load_nlp

        nlp = load_nlp()
        pipeline.enrich_texts(texts[:2])  # warm-up
        t0 = time.perf_counter()
        if name == "api":
            pipeline.enrich_texts(texts, published_at="2020-11-05T10:00:00Z")
        else:
            for text in texts:
                pipeline.enrich_text(text, published_at="2020-11-05T10:00:00Z")
    else:
        from pipeline.enrich import enrich_many, load_nlp

        nlp = load_nlp()
        enrich_many([(t, None) for t in texts[:2]], nlp=nlp)  # warm-up
        t0 = time.perf_counter()
        enrich_many(
            [(t, "2020-11-05T10:00:00Z") for t in texts],
            nlp=nlp,
            n_process=2 if name == "full2" else 1,
        )
    secs = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "secs": secs,
        "words": sum(len(t.split()) for t in texts),
        "texts": len(texts),
        "rss_mib": (rss + rss_children) / 1024,
        "pipes": list(nlp.pipe_names),
    }


def main(argv: list[str]) -> int:
    """Run the phases in child processes and print the table."""
    if argv[:1] == ["--phase"]:
        print(json.dumps(_phase(argv[1], Path(argv[2]))))
        return 0
    repeat = 2
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"bench/enrich.py: no such file: {path}", file=sys.stderr)
        return 2
    best: dict[str, dict] = {}
    for _ in range(repeat):
        for name in ("bare", "full", "api", "single", "full2"):
            out = subprocess.run(
                [sys.executable, __file__, "--phase", name, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            res = json.loads(out.strip().splitlines()[-1])
            if name not in best or res["secs"] < best[name]["secs"]:
                best[name] = res
    words, texts = best["bare"]["words"], best["bare"]["texts"]
    print(f"{texts} English texts, {words} words; best of {repeat}")
    print(f"{'phase':8s} {'words/s':>9s} {'secs':>7s} {'peak MiB':>9s}  pipeline")
    for name, res in best.items():
        wps = res["words"] / res["secs"]
        print(
            f"{name:8s} {wps:9.0f} {res['secs']:7.2f} {res['rss_mib']:9.0f}  "
            f"{' '.join(res['pipes'])}"
        )
    full_vs_bare = best["bare"]["secs"] / best["full"]["secs"]
    two_vs_one = best["full"]["secs"] / best["full2"]["secs"]
    print(f"full / bare words/s = {full_vs_bare:.2f} (target >= 0.85)")
    api_vs_bare = best["bare"]["secs"] / best["api"]["secs"]
    single_vs_bare = best["bare"]["secs"] / best["single"]["secs"]
    print(f"enrich_texts / bare words/s = {api_vs_bare:.2f} (target >= 0.85)")
    print(f"enrich_text per text / bare words/s = {single_vs_bare:.2f}")
    print(f"n_process=2 / n_process=1 = {two_vs_one:.2f} (target >= 1.6)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
