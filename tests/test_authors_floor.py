"""CI quality floor: authors on wcxb-articles-dev and readability-pages (issue #14).

Scores newsmill's ``authors`` with ``bench/authors.py``'s metric (a page is right when its
set of normalized names equals the truth's; readability-pages matched loosely against
Readability.js's byline) on each fixed half of each set. The floors sit a little under what
``bench/authors.py --half both`` measured (bench/RESULTS.md, "Authors"), so a change that
loses authors fails here. Skipped when ``../shared`` is not next to the repository.
"""

from __future__ import annotations

import pytest

from bench import corpora
from bench.authors import newsmill_authors, score_half

#: (set, half) → the lowest share of pages right that passes (measured 0.841 / 0.780 on
#: wcxb-articles-dev, 0.809 / 0.787 on readability-pages, tune / held-out).
FLOORS = {
    ("wcxb-articles-dev", "tune"): 0.82,
    ("wcxb-articles-dev", "held-out"): 0.76,
    ("readability-pages", "tune"): 0.78,
    ("readability-pages", "held-out"): 0.76,
}


@pytest.mark.parametrize("set_name", ["wcxb-articles-dev", "readability-pages"])
def test_author_floor_on_each_half(set_name: str) -> None:
    if not corpora.available(set_name):
        pytest.skip(f"../shared ({set_name}) is not next to the repository")
    pages = corpora.load(set_name)
    for half_name in ("tune", "held-out"):
        score, _ = score_half(newsmill_authors, set_name, pages, half_name)
        assert score.right / score.pages >= FLOORS[set_name, half_name], (
            set_name,
            half_name,
            score.line(),
        )
