"""Author accuracy on the development sets whose truth names the page's authors, per fixed half.

Usage::

    .venv/bin/python bench/authors.py                          # tune half: lines, then misses
    .venv/bin/python bench/authors.py --summary --peers        # tune half, peers beside
    .venv/bin/python bench/authors.py --half both --summary --peers
    .venv/bin/python bench/authors.py --speed                  # CPU ms per page, author step

What is compared is the list a user reads in the record's ``authors``
(``extract_article(html, url, enrich=False).authors``; trafilatura's
``bare_extraction(..., with_metadata=True)`` author string and newspaper4k's
``Article.authors`` with ``--peers``). Both sides are read into a set of names by
:func:`names`: a leading "By" ("Written by", "Par", "Von") dropped, the text split on
``,`` ``;`` ``|`` ``&`` and " and ", a part after the first that is only credentials ("MS",
"RD", "Ph.D.", "M.D. FACLM") dropped, a leading "Dr"/"Prof" dropped, case folded (accents
kept), spaces collapsed.

- ``wcxb-articles-dev`` (truth: the ``author`` field, null when the page names no one):
  a page is **right** when the two sets of names are equal (no name on either side counts
  as right). **P** / **R**: name-level precision and recall over the pages whose truth
  names someone. **invented**: of the pages whose truth is null, how many get a name.
- ``readability-pages`` (truth: Readability.js's ``byline``, a noisy text that can hold a
  date or a job: "by Lucas Nolan22 Dec 2016651"), scored looser: a page with a byline is
  right when at least one name is given and every name given is a run of the byline's
  words (after the same normalization, the byline cut into words); a page without one is
  right when no name is given. **P**: of the names given on pages with a byline, the share
  found in it; **R**: of the pages with a byline, the share given at least one name found
  in it; **invented**: pages without a byline that get a name (Readability finds no
  byline on some pages that name an author: an upper bound).

The halves are those of :mod:`bench.corpora`; without ``--summary`` the pages newsmill gets
wrong on the ``tune`` half are listed (expected, got); the held-out half only in aggregate.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from bench.titles import no_network
from pipeline import extract_article
from pipeline.errors import NewsmillError

AuthorFn = Callable[[str, str], list[str]]

#: The sets with an author truth, and the field that holds it.
AUTHOR_SETS = {"wcxb-articles-dev": "author", "readability-pages": "byline"}

_BY = re.compile(r"^\s*(?:(?:written|posted|reported)\s+)?(?:by|par|von|por)\b[\s:]*", re.I)
_SPLIT = re.compile(r"\s*(?:[,;|&]|\band\b)\s*", re.I)
#: A word that is a credential or suffix: "MS", "FAND", "APRN-BC", "M.D.", "Ph.D.", "Jr."
_CREDENTIAL = re.compile(
    r"^(?:[A-Z]{2,6}(?:-[A-Z]{1,4})?|(?:[A-Z][a-z]?\.){1,4}|Ph\.?D\.?|Jr\.?|Sr\.?)$"
)
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms)\.?\s+", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def _name(part: str, first: bool = False) -> str:
    """One name as compared: honorific dropped, case folded, spaces collapsed, end
    punctuation stripped; ``""`` for a credentials-only part after the first ("Jane Doe,
    MS, RD": a name in capitals, "JOHN DOE", is not a credential)."""
    words = part.split()
    if not words or (not first and all(_CREDENTIAL.match(w.strip(",")) for w in words)):
        return ""
    text = _HONORIFIC.sub("", " ".join(words)).strip(" .:-–—()[]\"'")
    return text.casefold()


def names(values: list[str] | str | None) -> set[str]:
    """The set of normalized names in one author string or list (see the module doc)."""
    items = [values] if isinstance(values, str) else list(values or [])
    out: set[str] = set()
    for item in items:
        text = _BY.sub("", " ".join(item.split()))
        parts = _SPLIT.split(text)
        out.update(n for i, part in enumerate(parts) if (n := _name(part, first=i == 0)))
    return out


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _contained(name: str, byline_words: list[str]) -> bool:
    """Whether ``name``'s words are a run of ``byline_words``."""
    want = _words(name)
    n = len(want)
    return n > 0 and any(byline_words[i : i + n] == want for i in range(len(byline_words) - n + 1))


@dataclass
class Score:
    """One function's counts on one half of one set."""

    pages: int = 0
    right: int = 0
    given: int = 0  # names given (on pages whose truth names someone)
    given_ok: int = 0  # of them, right
    truth: int = 0  # truth names (wcxb) / pages with a byline (readability)
    found: int = 0  # of them, found
    null: int = 0  # pages whose truth names no one
    invented: int = 0  # of them, pages given a name

    def line(self) -> str:
        """The printed scores."""
        p = self.given_ok / self.given if self.given else 0.0
        r = self.found / self.truth if self.truth else 0.0
        return (
            f"right {self.right / self.pages:.3f} ({self.right}/{self.pages})  "
            f"P {p:.3f}  R {r:.3f}  invented {self.invented}/{self.null}"
        )


def judge(score: Score, set_name: str, truth: str | None, got: list[str]) -> bool:
    """Count one page into ``score``; whether it is right."""
    score.pages += 1
    got_names = names(got)
    if AUTHOR_SETS[set_name] == "byline":
        want_words = _words(_BY.sub("", truth or ""))
        if not want_words:
            return _null(score, got_names)
        hits = sum(_contained(n, want_words) for n in got_names)
        score.given += len(got_names)
        score.given_ok += hits
        score.truth += 1
        score.found += hits > 0
        ok = bool(got_names) and hits == len(got_names)
    else:
        want = names(truth)
        if not want:
            return _null(score, got_names)
        score.given += len(got_names)
        score.given_ok += len(got_names & want)
        score.truth += len(want)
        score.found += len(got_names & want)
        ok = got_names == want
    score.right += ok
    return ok


def _null(score: Score, got_names: set[str]) -> bool:
    score.null += 1
    score.invented += bool(got_names)
    score.right += not got_names
    return not got_names


def newsmill_authors(html: str, url: str) -> list[str]:
    """newsmill's authors of a page (``[]`` when extraction gives up on it)."""
    try:
        return extract_article(html, url or None, enrich=False).authors
    except NewsmillError:
        return []


def author_extractors(peers: bool = True) -> dict[str, AuthorFn]:
    """newsmill's author function, and with ``peers`` trafilatura's and newspaper4k's when
    they are installed."""
    extractors: dict[str, AuthorFn] = {"newsmill": newsmill_authors}
    if not peers:
        return extractors
    try:
        import trafilatura

        def traf(html: str, url: str) -> list[str]:
            doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True)
            author = getattr(doc, "author", None) if doc is not None else None
            return [author] if author else []

        extractors["trafilatura"] = traf
    except ImportError:
        pass
    try:
        from newspaper import Article  # newspaper4k

        def np4k(html: str, url: str) -> list[str]:
            with no_network():
                art = Article(url or "http://example.com/")
                art.download(input_html=html)
                art.parse()
                return list(art.authors or [])

        extractors["newspaper4k"] = np4k
    except ImportError:
        pass
    return extractors


def score_half(
    fn: AuthorFn, set_name: str, pages: list[corpora.Page], half_name: str
) -> tuple[Score, list[tuple[str, str, list[str]]]]:
    """The score of one author function on one half of a set, and its misses (page id,
    truth, got). A function that raises counts as giving no name."""
    score, misses = Score(), []
    field = AUTHOR_SETS[set_name]
    for page in pages:
        if corpora.half(set_name, page.id) != half_name:
            continue
        try:
            got = fn(page.html, page.url)
        except Exception:  # a peer's failure counts as no name
            got = []
        truth = page.extra.get(field)
        truth = truth if isinstance(truth, str) and truth not in ("", "None") else None
        if not judge(score, set_name, truth, got):
            misses.append((page.id, truth or "", got))
    return score, misses


def author_step_ms(set_names: list[str], repeat: int = 5) -> float:
    """CPU milliseconds per page of newsmill's author step alone
    (``metadata._find_authors``, what ``extract_metadata`` calls for the authors) on the
    pages of ``set_names``, parsed and their JSON-LD and meta tags read beforehand; the best
    of ``repeat`` passes."""
    from pipeline.extract import metadata
    from pipeline.extract.parse import parse_html

    prepared = []
    for set_name in set_names:
        for page in corpora.load(set_name):
            tree = parse_html(page.html)
            head = metadata._HeadElements(tree)
            objects = metadata._jsonld_of(head.scripts)
            metas = metadata._meta_index(head.metas)
            art = metadata._article_of(objects) or {}
            site = metadata._meta(metas, "og:site_name") or metadata._site_name_from_jsonld(objects)
            prepared.append((tree, art, objects, metas, site))
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for args in prepared:
            metadata._find_authors(*args)
        best = min(best, time.process_time() - start)
    return best / len(prepared) * 1000


def main(argv: list[str] | None = None) -> int:
    """Print author scores per set and half (and the tuned half's misses)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(AUTHOR_SETS), choices=list(AUTHOR_SETS))
    ap.add_argument("--half", choices=[*corpora.HALVES, "both"], default="tune")
    ap.add_argument("--summary", action="store_true", help="the score lines only")
    ap.add_argument("--peers", action="store_true", help="trafilatura, newspaper4k beside")
    ap.add_argument("--speed", action="store_true", help="CPU ms per page of the author step")
    args = ap.parse_args(argv)
    if args.speed:
        ms = author_step_ms([s for s in args.sets if corpora.available(s)])
        print(f"author step: {ms:.3f} ms CPU per page (best of 5, pages of {args.sets})")
        return 0
    extractors = author_extractors(args.peers)
    halves = list(corpora.HALVES) if args.half == "both" else [args.half]
    for set_name, pages, half_name in corpora.halves_of(args.sets, halves):
        for name, fn in extractors.items():
            score, misses = score_half(fn, set_name, pages, half_name)
            print(f"{set_name:18} {half_name:8} {name:12} {score.line()}", flush=True)
            if name == "newsmill" and half_name == "tune" and not args.summary:
                corpora.print_misses(misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
