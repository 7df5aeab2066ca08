"""The second opinion of the generic body extractor: readability-lxml, on unsure pages only.

newsmill's own scorer (:mod:`pipeline.extract.body`) reads most pages well; where it is
unsure of its choice — the body it chose holds little of the prose the page shows, or next
to nothing — it asks `readability-lxml <https://github.com/buriy/python-readability>`_ (a
port of Mozilla's Readability, a different scoring of the same page) for its article and
keeps the longer reading when readability's contains newsmill's own: a body that carries
what newsmill found plus more of the page's prose is the article split over blocks newsmill
left out, not a sidebar (trafilatura compares its own result with its readability port the
same way). The thresholds were decided on the tuned halves of the development sets
(``bench/extraction_fallback.py`` prints the evidence); the held-out halves only report.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = [
    "UNSURE_COVERAGE",
    "UNSURE_SHORT",
    "WORD",
    "prefer_second",
    "readability_summary",
    "unsure",
]

#: newsmill's body holding less than this share of the prose the page shows is unsure …
UNSURE_COVERAGE = 0.2
#: … and so is a body shorter than this (characters).
UNSURE_SHORT = 500
#: readability's body is taken when it holds at least this share of newsmill's word
#: 4-grams (it contains newsmill's reading) …
CONTAINS = 0.8
#: … and is at least this many times longer …
LONGER = 1.1
#: … and holds a block of at least this many characters (prose, as newsmill's scorer counts
#: it: "Write to us." on a contact page is not an article).
MIN_PROSE = 25

#: A word: what two texts are compared by.
WORD = re.compile(r"\w+")


def unsure(found: int, page_prose: int) -> bool:
    """Whether newsmill's body (``found`` characters) is unsure on a page showing
    ``page_prose`` characters of prose: short, or a small share of the prose."""
    return found < UNSURE_SHORT or found < UNSURE_COVERAGE * page_prose


def readability_summary(html: str) -> str:
    """readability-lxml's article of ``html`` as an HTML fragment (``""`` when it cannot
    read the page)."""
    from lxml.etree import LxmlError
    from readability import Document
    from readability.readability import Unparseable

    try:
        return str(Document(html).summary(html_partial=True))
    except (Unparseable, LxmlError, ValueError, TypeError, RecursionError):
        return ""


def _grams(paragraphs: list[str]) -> Counter[tuple[str, ...]]:
    words = WORD.findall(" ".join(paragraphs).lower())
    return Counter(tuple(words[i : i + 4]) for i in range(max(len(words) - 3, 0)))


def prefer_second(own: list[str], second: list[str]) -> bool:
    """Whether the second opinion ``second`` is the better body than ``own``: it holds
    (nearly) all of ``own`` and is longer."""
    own_len, second_len = sum(map(len, own)), sum(map(len, second))
    if second_len < LONGER * own_len or not any(len(p) >= MIN_PROSE for p in second):
        return False
    if not own_len:
        return True
    mine = _grams(own)
    if not mine:
        return True
    shared = sum((mine & _grams(second)).values())
    return shared >= CONTAINS * sum(mine.values())
