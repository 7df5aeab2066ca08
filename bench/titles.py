"""Title accuracy on the development sets whose truth has a title, per fixed half.

Usage::

    .venv/bin/python bench/titles.py --half tune              # one line per set, then misses
    .venv/bin/python bench/titles.py --half tune --summary    # one line per set only
    .venv/bin/python bench/titles.py --summary --peers        # both halves, peers beside

A title counts when it is exact after normalization (:func:`bench.extraction_quick.norm_title`:
NFKC, case, quotes and dashes, spaces, final punctuation); the sets are
:data:`bench.corpora.TITLE_SETS` and the halves those of :mod:`bench.corpora`. Without
``--summary`` the pages newsmill misses are listed (expected, got) — for the ``tune`` half
only: the held-out half is reported in aggregate. ``--peers`` adds trafilatura's and
newspaper4k's titles when they are installed (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import corpora
from bench.extraction_quick import norm_title
from pipeline import extract_article
from pipeline.errors import NewsmillError

TitleFn = Callable[[str, str], str]


def newsmill_title(html: str, url: str) -> str:
    """newsmill's title of a page (``""`` when extraction gives up on it)."""
    try:
        return extract_article(html, url or None, enrich=False).title
    except NewsmillError:
        return ""


def title_extractors(peers: bool = True) -> dict[str, TitleFn]:
    """newsmill's title function, and with ``peers`` trafilatura's and newspaper4k's when
    they are installed."""
    extractors: dict[str, TitleFn] = {"newsmill": newsmill_title}
    if not peers:
        return extractors
    try:
        import trafilatura

        def traf(html: str, url: str) -> str:
            meta = trafilatura.extract_metadata(html)
            return (meta.title if meta else "") or ""

        extractors["trafilatura"] = traf
    except ImportError:
        pass
    try:
        from newspaper import Article  # newspaper4k

        def np4k(html: str, url: str) -> str:
            with no_network():  # it reaches out per page; offline, that is a timeout each
                art = Article(url or "http://example.com/")
                art.download(input_html=html)
                art.parse()
                return art.title or ""

        extractors["newspaper4k"] = np4k
    except ImportError:
        pass
    return extractors


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Connections refused at once inside the block (as the scorer does for its peers)."""

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise OSError("network disabled by bench/titles.py")

    saved = socket.getaddrinfo, socket.create_connection, socket.socket.connect
    socket.getaddrinfo = refuse  # type: ignore[assignment]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.getaddrinfo, socket.create_connection, socket.socket.connect = saved  # type: ignore[method-assign]


def score_half(
    fn: TitleFn, set_name: str, pages: list[corpora.Page], half_name: str
) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(right, pages, misses) of one title function on one half of a set; each miss is
    (page id, expected, got). A function that raises counts as a wrong title."""
    part = [p for p in pages if corpora.half(set_name, p.id) == half_name]
    ok, misses = 0, []
    for page in part:
        try:
            got = fn(page.html, page.url)
        except Exception:  # a peer's failure counts as a wrong title
            got = ""
        if norm_title(got) == norm_title(page.title):
            ok += 1
        else:
            misses.append((page.id, page.title or "", got))
    return ok, len(part), misses


def main(argv: list[str] | None = None) -> int:
    """Print title accuracy per set and half (and the tuned half's misses)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="*", default=list(corpora.TITLE_SETS))
    ap.add_argument("--half", choices=corpora.HALVES, help="one half only (default: both)")
    ap.add_argument("--summary", action="store_true", help="the accuracy lines only")
    ap.add_argument("--peers", action="store_true", help="trafilatura, newspaper4k beside")
    args = ap.parse_args(argv)
    extractors = title_extractors(args.peers)
    halves = [args.half] if args.half else list(corpora.HALVES)
    for set_name, pages, half_name in corpora.halves_of(args.sets, halves):
        for name, fn in extractors.items():
            ok, n, misses = score_half(fn, set_name, pages, half_name)
            print(f"{set_name:20} {half_name:8} {name:12} {ok / n:.3f} ({ok}/{n})", flush=True)
            if name == "newsmill" and half_name == "tune" and not args.summary:
                corpora.print_misses(misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
