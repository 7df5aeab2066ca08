"""Byline and date lines at the edges of the story's text.

The element that holds a story often holds its byline ("By Jane Doe", "Von Jane Doe | 3.
März 2024") and its date line ("Feb. 27, 2024 6:10 p.m.", "Veröffentlicht am 27.02.2024")
above the first paragraph or under the last. The author and date steps read them from the
page; the story's text does not keep them. Each is grounded in what those steps found:

- a byline line holds one of the page's authors, after a byline label ("By", "Written by",
  "Von", "Par", "Автор:"…), and besides the names only joining words, dates and times and,
  after a comma or a bar, a few capitalized words (a job: "Staff Writer"); or the names and
  a date of the page's own day, with no label ("Jane Doe | Feb. 27, 2024"). A line that is
  only a name (a signature, an interview's speaker), a signature dated another day, or a
  line that names the author in a sentence ("Author Jane Doe Wins Booker Prize") stays;
- a date line is a full date (day, month, year), with a time, weekday, zone or label
  ("Updated", "Veröffentlicht am", "Опубликовано") only, of the day the page was published
  or modified. A date heading of another day (a diary's, a results page's), a year or a
  month ("August 1914") stays.

Only the lines before the first paragraph that is neither, and after the last, are looked
at, at most three at the start and two at the end, and the text is never emptied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from pipeline.extract.metadata import BYLINE_LABEL
from pipeline.extract.pubdate import DATE_LABEL
from pipeline.extract.times import DATE_WORDS, fold, parse_page_date

__all__ = ["edge_lines"]

#: How many paragraphs from the start and from the end may be byline or date lines.
_HEAD, _TAIL = 3, 2
#: A longer paragraph is prose.
_MAX_LEN = 160
#: Capitalized words after a byline label that are not names: a job, a desk ("Harbour
#: Gazette Staff Writer").
_AFTER_LABEL = 4
#: Labels of a date line the date step's "Published"/"Updated" labels (:data:`DATE_LABEL`)
#: do not hold: the German "Stand:" and the Russian "Дата публикации:".
_MORE_DATE_LABELS = re.compile(r"^\W*(?:stand|дата\s+публикации)\b\s*:?\s*", re.I)
#: What may join names in a byline: "and", "und", "et", "y", "e", "i", "и", "en", "og",
#: "och", "oraz" ("&" is no word: it is left out with the punctuation).
_JOINING = frozenset({"and", "und", "et", "y", "e", "i", "и", "en", "og", "och", "oraz"})
_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def edge_lines(paragraphs: list[str], authors: list[str], days: Iterable[date]) -> set[int]:
    """The indexes of the byline and date lines at the start and the end of a story's text.

    ``authors``: the names the page gives its authors; ``days``: the days of its
    publication and modification dates (the calendar days of those values as written, in
    their own zone)."""
    known = set(days)
    found: set[int] = set()
    count = len(paragraphs)
    for order in (range(min(_HEAD, count)), range(count - 1, max(-1, count - 1 - _TAIL), -1)):
        for i in order:
            text = paragraphs[i]
            if len(text) > _MAX_LEN or not (
                _date_line(text, known) or _byline(text, authors, known)
            ):
                break  # the story begins (ends) here
            found.add(i)
    return found if len(found) < count else set()


def _day_of(text: str) -> date | None:
    """The day ``text`` writes in full (day, month and year), without a label."""
    if not _YEAR.search(text):
        return None
    unlabelled = _MORE_DATE_LABELS.sub("", DATE_LABEL.sub("", text))
    parsed = parse_page_date(unlabelled.strip(" ,|·•–—-"), dateparser=False)
    return parsed.day if parsed is not None else None


def _date_line(text: str, days: set[date]) -> bool:
    """Whether ``text`` is a date line of one of ``days``."""
    return bool(days) and _day_of(text) in days


def _byline(text: str, authors: list[str], days: set[date]) -> bool:
    """Whether ``text`` is a byline of ``authors`` (see the module's docstring)."""
    rest = text
    named = run_on = False
    for name in sorted(authors, key=len, reverse=True):
        at = rest.casefold().find(name.casefold())
        if at >= 0 and len(name) > 2:
            after = rest[at + len(name) :].lstrip()
            # words straight after the name, without a comma or a bar: a sentence
            run_on = run_on or (bool(after) and after[0].isalnum())
            rest = f"{rest[:at]} | {after}"
            named = True
    if not named:
        return False
    label = BYLINE_LABEL.match(rest)
    if label:
        rest = rest[label.end() :]
    parts = [p.strip() for p in re.split(r"\s*(?:\||•|·|,(?!\s*\d{4})|\s[-–—]\s)\s*", rest)]
    dated = False
    others: list[str] = []
    for part in filter(None, parts):
        day = _day_of(part)
        if day is not None:
            dated = dated or day in days
            continue
        words = _WORD.findall(part)
        others += [w for w in words if w.lower() not in _JOINING and fold(w) not in DATE_WORDS]
    if label is not None:
        # a job or a desk after the names: capitalized words ("Staff Writer"), not prose
        if others and run_on:
            return False
        return len(others) <= _AFTER_LABEL and all(w[0].isupper() for w in others)
    return dated and not others
