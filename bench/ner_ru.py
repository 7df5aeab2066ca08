"""Russian NER on factru-dev, scored by ``../shared/eval/ner_factru.py``: natasha's NER
alone against newsmill's Russian enrichment, in the same run, on two fixed halves.

Usage::

    .venv/bin/python bench/ner_ru.py [FACTRU_DIR] [--json]

The 122 documents, sorted by name, are split into two fixed halves: even positions are the
**tune** half (the only half whose errors were looked at while writing the rules), odd
positions the **held-out** half. Each half is laid out as a folder of symlinks and the
shared scorer is run on it, unchanged, once per system (``--system natasha`` /
``--system newsmill``, from the project root, with this interpreter). Prints P / R / F1 per
type (PER, ORG, LOC) and micro, per half and system.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT = SHARED / "corpora" / "factru-dev"
SCORER = SHARED / "eval" / "ner_factru.py"
SYSTEMS = ("natasha", "newsmill")
TYPES = ("PER", "ORG", "LOC")


def halves(corpus: Path) -> dict[str, list[Path]]:
    """The fixed split: sorted documents with annotations, even positions tune, odd held-out."""
    docs = sorted(d for d in corpus.glob("*.txt") if d.with_suffix(".objects").exists())
    return {"tune": docs[0::2], "held-out": docs[1::2]}


def _lay_out(docs: list[Path], folder: Path) -> None:
    folder.mkdir()
    for doc in docs:
        for layer in doc.parent.glob(doc.stem + ".*"):
            (folder / layer.name).symlink_to(layer.resolve())


def score(folder: Path, system: str) -> dict:
    """One run of the shared scorer on ``folder``."""
    out = subprocess.run(
        [sys.executable, str(SCORER), str(folder), "--system", system],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT
    if not corpus.is_dir() or not SCORER.is_file():
        print(f"error: need {corpus} and {SCORER}", file=sys.stderr)
        return 2
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for half, docs in halves(corpus).items():
            folder = Path(tmp) / half
            _lay_out(docs, folder)
            results[half] = {system: score(folder, system) for system in SYSTEMS}
    if "--json" in argv:
        print(json.dumps(results))
        return 0
    print("| half | system | docs | PER P/R/F1 | ORG P/R/F1 | LOC P/R/F1 | micro P/R/F1 |")
    print("|---|---|---|---|---|---|---|")
    for half, by_system in results.items():
        for system, r in by_system.items():
            cells = [" / ".join(f"{x:.1f}" for x in r["per_type"][t]) for t in TYPES]
            micro = " / ".join(f"{x:.1f}" for x in r["micro"])
            print(f"| {half} | {system} | {r['docs']} | {' | '.join(cells)} | **{micro}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
