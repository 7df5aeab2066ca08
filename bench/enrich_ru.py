"""Throughput of newsmill's Russian enrichment against natasha's own pipelines, same run.

Usage::

    .venv/bin/python bench/enrich_ru.py [FACTRU_DIR] [--repeat N]

Texts: the 122 Russian news texts of ``../shared/corpora/factru-dev`` (words = whitespace
tokens). The phases run in this one process, each warmed up once, then alternating
``--repeat`` times (default 3); the best time of each is kept, since other jobs share the
machine:

* ``natasha-pipeline`` — natasha's documented pipeline for normalized entities: ``Doc``,
  ``segment``, ``tag_morph``, ``parse_syntax``, ``tag_ner``, ``span.normalize(morph_vocab)``
  (what it takes natasha to give names in the nominative, as newsmill's records do);
* ``natasha-ner`` — ``segment`` + ``tag_ner`` only (the factru scorer's anchor: spans, no
  normal forms, no dates, figures, roles or quotes);
* ``ner-batched`` — the same NER model alone, ``NewsNERTagger.map`` over all texts at once
  (batched as newsmill runs it): the model's cost without any rule;
* ``newsmill`` — :func:`pipeline.enrich.ru.enrich_many_ru`: NER, entity rules and nominative
  names, roles, dates, figures, quotes, ``Enrichment`` records.

Prints words/s per phase and the ratios newsmill / natasha-pipeline (target >= 0.85),
newsmill / natasha-ner and newsmill / ner-batched.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpora" / "factru-dev"


def _natasha_phases() -> dict[str, Callable[[list[str]], object]]:
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    seg, vocab = Segmenter(), MorphVocab()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)

    def pipeline(texts: list[str]) -> object:
        out = []
        for text in texts:
            doc = Doc(text)
            doc.segment(seg)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            for span in doc.spans:
                span.normalize(vocab)
            out.append([(s.start, s.stop, s.type, s.normal) for s in doc.spans])
        return out

    def ner_only(texts: list[str]) -> object:
        out = []
        for text in texts:
            doc = Doc(text)
            doc.segment(seg)
            doc.tag_ner(ner)
            out.append([(s.start, s.stop, s.type) for s in doc.spans])
        return out

    def ner_batched(texts: list[str]) -> object:
        return [[(s.start, s.stop, s.type) for s in m.spans] for m in ner.map(texts)]

    return {"natasha-pipeline": pipeline, "natasha-ner": ner_only, "ner-batched": ner_batched}


def _newsmill(texts: list[str]) -> object:
    from pipeline.enrich.ru import enrich_many_ru

    return enrich_many_ru([(t, "2020-01-01T00:00:00Z") for t in texts])


def main(argv: list[str]) -> int:
    repeat = 3
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
    args = [a for a in argv if not a.startswith("--") and not a.isdigit()]
    corpus = Path(args[0]) if args else DEFAULT
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        print(f"error: no texts in {corpus}", file=sys.stderr)
        return 2
    words = sum(len(t.split()) for t in texts)
    phases = {**_natasha_phases(), "newsmill": _newsmill}
    for run in phases.values():  # warm-up: models loaded, caches filled
        run(texts[:10])
    best = dict.fromkeys(phases, float("inf"))
    for _ in range(repeat):
        for name, run in phases.items():
            start = time.perf_counter()
            run(texts)
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"{len(texts)} texts, {words} words, best of {repeat}")
    print("| phase | seconds | words/s |")
    print("|---|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.2f} | {words / seconds:,.0f} |")
    print(f"newsmill / natasha-pipeline: {best['natasha-pipeline'] / best['newsmill']:.2f}x")
    print(f"newsmill / natasha-ner: {best['natasha-ner'] / best['newsmill']:.2f}x")
    print(f"newsmill / ner-batched: {best['ner-batched'] / best['newsmill']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
