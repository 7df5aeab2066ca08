"""The extraction development sets in ``../shared/corpora`` and their two fixed halves.

Every set is split once, by a hash of the page id, into the half the extractor is tuned on
(``"tune"``) and the half it is only measured on (``"held-out"``). The split is written here
so that the benchmark, the floor tests and anyone reproducing a number use the same one:

- ``article-extraction-benchmark``: ids are hex digests already; ids starting 0-7 are the
  tuned half (the split this extractor was first developed with, kept so its history holds);
- every other set: the first byte of ``sha256("<set>/<id>")`` below 128 is the tuned half.

``site-pages`` holds ``NAME.html.gz`` next to ``NAME.json`` (``body``, ``title``, ``url``);
:func:`data_dir` writes it out in the scorer's layout (``ground-truth.json`` plus ``html/``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSMILL_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
SCORER = SHARED / "eval" / "extraction_eval.py"

#: The development sets, in the order the benchmark prints them.
SETS = ("article-extraction-benchmark", "readability-pages", "wcxb-articles-dev", "site-pages")
#: Sets whose ground truth has a title worth scoring (a human-reviewed or expected title).
TITLE_SETS = ("readability-pages", "wcxb-articles-dev")
HALVES = ("tune", "held-out")


def half(set_name: str, page_id: str) -> str:
    """``"tune"`` or ``"held-out"``: the fixed half of ``set_name`` that ``page_id`` is in."""
    if set_name == "article-extraction-benchmark":
        return "tune" if int(page_id[0], 16) < 8 else "held-out"
    digest = hashlib.sha256(f"{set_name}/{page_id}".encode()).digest()
    return "tune" if digest[0] < 128 else "held-out"


@dataclass
class Page:
    """One page of a development set with its expected body and title."""

    id: str
    url: str
    html: str
    body: str
    title: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def available(set_name: str) -> bool:
    """Whether the set (and the shared scorer) are on disk."""
    base = CORPORA / set_name
    if not SCORER.is_file():
        return False
    if set_name == "site-pages":
        return any(base.glob("*.json"))
    return (base / "ground-truth.json").is_file()


def halves_of(set_names: list[str], halves: list[str]) -> Iterator[tuple[str, list[Page], str]]:
    """``(set, its pages, half)`` for every available set and every one of ``halves``, the
    pages loaded once per set; a set not on disk is said so on stdout and skipped."""
    for set_name in set_names:
        if not available(set_name):
            print(f"{set_name}: not available")
            continue
        pages = load(set_name)
        for half_name in halves:
            yield set_name, pages, half_name


def print_misses(misses: Sequence[tuple[str, str, object]]) -> None:
    """The pages a function got wrong: id, what the truth wants, what it gave."""
    for page_id, expected, got in misses:
        print(f"  {page_id}\n    want {expected!r}\n    got  {got!r}")


def load(set_name: str) -> list[Page]:
    """The pages of one set, sorted by id."""
    base = CORPORA / set_name
    pages: list[Page] = []
    if set_name == "site-pages":
        for meta_path in sorted(base.glob("*.json")):
            meta = json.loads(meta_path.read_text("utf-8"))
            page_id = meta_path.name.removesuffix(".json")
            raw = gzip.decompress((base / f"{page_id}.html.gz").read_bytes())
            pages.append(
                Page(page_id, meta.get("url") or "", raw.decode("utf-8", "replace"),
                     meta.get("body") or "", meta.get("title"), meta)
            )  # fmt: skip
        return pages
    truth = json.loads((base / "ground-truth.json").read_text("utf-8"))
    for page_id in sorted(truth):
        entry = truth[page_id]
        with gzip.open(base / "html" / f"{page_id}.html.gz", "rt", encoding="utf8",
                       errors="replace") as fh:  # fmt: skip
            html = fh.read()
        url = entry.get("url")
        pages.append(
            Page(page_id, "" if url in (None, "None") else url, html,
                 entry.get("articleBody") or "", entry.get("title"), entry)
        )  # fmt: skip
    return pages


def data_dir(set_name: str, tmp: Path) -> Path:
    """A directory in the scorer's layout for ``set_name`` (the set itself when it has one)."""
    base = CORPORA / set_name
    if (base / "ground-truth.json").is_file():
        return base
    out = tmp / set_name
    (out / "html").mkdir(parents=True, exist_ok=True)
    truth = {}
    for page in load(set_name):
        truth[page.id] = {"articleBody": page.body, "url": page.url, "title": page.title}
        with gzip.open(out / "html" / f"{page.id}.html.gz", "wt", encoding="utf8") as fh:
            fh.write(page.html)
    (out / "ground-truth.json").write_text(json.dumps(truth, ensure_ascii=False), "utf-8")
    return out
