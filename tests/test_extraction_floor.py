"""CI quality floor: the body extractor on the public article-extraction benchmark.

Runs newsmill's adapter (``bench.extraction.body_text``: ``extract_article(html, url,
enrich=False).text``) on the 181 pages of ``../shared/corpora/article-extraction-benchmark``
in this process and scores it with the shared scorer's own metric functions
(``../shared/eval/extraction_eval.py``, loaded from its file, so the metric is the one the
benchmark reports). The floors sit a little under what ``bench/extraction.py`` measured (F1
0.979, precision 0.979, recall 0.980, no empty body; see bench/RESULTS.md), so a change that
loses article text or lets boilerplate in fails here. About 3 s; skipped when ``../shared``
is not next to the repository (a fresh clone).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "corpora" / "article-extraction-benchmark"
SCORER = SHARED / "eval" / "extraction_eval.py"

F1_FLOOR = 0.975
PRECISION_FLOOR = 0.965
HALF_F1_FLOOR = 0.965  # each half: the one it was developed on, and the held-out one

pytestmark = pytest.mark.skipif(
    not (DATA / "ground-truth.json").is_file() or not SCORER.is_file(),
    reason="../shared (benchmark corpus and scorer) is not next to the repository",
)


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_eval", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run() -> tuple[ModuleType, dict[str, str], dict[str, str]]:
    from bench.extraction import body_text

    scorer = _scorer()
    truth = {
        k: v.get("articleBody") or ""
        for k, v in json.loads((DATA / "ground-truth.json").read_text("utf-8")).items()
    }
    urls = {
        k: v.get("url") or ""
        for k, v in json.loads((DATA / "ground-truth.json").read_text("utf-8")).items()
    }
    pred = {}
    for page_id in truth:
        with gzip.open(
            DATA / "html" / f"{page_id}.html.gz", "rt", encoding="utf8", errors="replace"
        ) as fh:
            pred[page_id] = body_text(fh.read(), urls[page_id])
    return scorer, truth, pred


def test_benchmark_f1_and_precision_floor(
    run: tuple[ModuleType, dict[str, str], dict[str, str]],
) -> None:
    scorer, truth, pred = run
    metrics = scorer.score(truth, pred, n_bootstrap=0)
    assert metrics["n_pages"] == 181
    assert metrics["f1"] >= F1_FLOOR, metrics
    assert metrics["precision"] >= PRECISION_FLOOR, metrics


def test_no_empty_body_where_the_truth_has_one(
    run: tuple[ModuleType, dict[str, str], dict[str, str]],
) -> None:
    scorer, truth, pred = run
    empty = [k for k in truth if scorer.words(truth[k]) and not scorer.words(pred[k])]
    assert empty == []


@pytest.mark.parametrize("developed_on", [True, False], ids=["develop-half", "held-out-half"])
def test_each_half_of_the_benchmark(
    run: tuple[ModuleType, dict[str, str], dict[str, str]], developed_on: bool
) -> None:
    scorer, truth, pred = run
    ids = [k for k in truth if (int(k[0], 16) < 8) == developed_on]
    metrics = scorer.score({k: truth[k] for k in ids}, {k: pred[k] for k in ids}, n_bootstrap=0)
    assert metrics["f1"] >= HALF_F1_FLOOR, metrics
