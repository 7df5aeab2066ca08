"""Byline and date lines at the edges of the story's text.

The element that holds a story often holds its byline ("By Jane Doe", "Von Jane Doe | 3.
März 2024") above the first paragraph and its date line ("Feb. 27, 2024 6:10 p.m.") above or
under it. The author and date steps read them from the page; the story's text does not keep
them. Only short paragraphs among the first three and the last two are looked at:

- a byline line holds one of the authors the page names (its metadata's or byline's) and,
  besides the names, only a byline label ("By", "Written by", "Von", "Par", "Автор:"…),
  joining words, dates and times, and at most a few words after a label (a job: "Staff
  Writer"); a sentence that names the author ("Jane Doe has covered the harbour…") has more;
- a date line is a date (with its year) and a time, weekday, zone or label ("Updated",
  "Veröffentlicht am", "Опубликовано") only.
"""

from __future__ import annotations

import re

from pipeline.extract.times import DATE_WORDS, fold

__all__ = ["edge_lines"]

#: How many paragraphs from the start and from the end are looked at.
_HEAD, _TAIL = 3, 2
#: A longer paragraph is prose.
_MAX_LEN = 160
#: Words after a byline label that are not names: a job, a desk ("Harbour Gazette Staff
#: Writer").
_AFTER_LABEL = 4
#: A byline label at the start of a line, in the languages whose bylines newsmill reads.
_BYLINE_LABEL = re.compile(
    r"^\W*(?:(?:written|posted|published|reported|story|text|words|reporting)\s+by|by|von|par"
    r"|por|di|door|av|af|authors?|autor(?:in|es|en)?|auteur|autore|texto|redacción|автор"
    r"|авторы|текст)\b\s*:?",
    re.I,
)
#: A date line's label, in the languages whose dates newsmill reads.
_DATE_LABELS = frozenset(
    fold(w)
    for w in (
        "published", "updated", "last", "posted", "modified", "first", "veröffentlicht",
        "aktualisiert", "stand", "publié", "mis", "jour", "publicado", "actualizado",
        "pubblicato", "aggiornato", "gepubliceerd", "bijgewerkt", "опубликовано", "обновлено",
        "on", "le", "el", "il", "op", "da", "y", "et", "and", "und",
    )
)  # fmt: skip
#: What may join names in a byline: "and", "und", "et", "y", "e", "i", "и", "en", "&".
_JOINING = frozenset({"and", "und", "et", "y", "e", "i", "и", "en", "og", "och", "oraz"})
_WORD = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def edge_lines(paragraphs: list[str], authors: list[str]) -> set[int]:
    """The indexes of the byline and date lines before the story's first sentence and
    after its last (at most :data:`_HEAD` and :data:`_TAIL` paragraphs from either end) in a
    story's text; ``authors``: the names the page gives its authors."""
    found: set[int] = set()
    count = len(paragraphs)
    for order in (range(min(_HEAD, count)), range(count - 1, max(-1, count - 1 - _TAIL), -1)):
        for i in order:
            text = paragraphs[i]
            if _sentence(text):
                break  # the story begins (ends) here
            if len(text) <= _MAX_LEN and (_date_line(text) or _byline(text, authors)):
                found.add(i)
    return found if len(found) < count else set()


def _sentence(text: str) -> bool:
    """Whether ``text`` reads as prose: a sentence of eight words or more."""
    return len(text) > _MAX_LEN or (
        len(text.split()) >= 8 and text.rstrip('"”’»)]').endswith((".", "!", "?", "…"))
    )


def _date_line(text: str) -> bool:
    """Whether ``text`` is a date (with its year) and nothing a date line does not hold."""
    if not _YEAR.search(text):
        return False
    return all(fold(w) in DATE_WORDS or fold(w) in _DATE_LABELS for w in _WORD.findall(text))


def _byline(text: str, authors: list[str]) -> bool:
    """Whether ``text`` is a byline of ``authors``: their names, a label, joining words,
    dates, and at most :data:`_AFTER_LABEL` other words after a label."""
    rest = text.casefold()
    named = False
    for name in sorted(authors, key=len, reverse=True):
        at = rest.find(name.casefold())
        if at >= 0 and len(name) > 2:
            rest = f"{rest[:at]} , {rest[at + len(name) :]}"
            named = True
    if not named:
        return False
    label = _BYLINE_LABEL.match(rest)
    if label:
        rest = rest[label.end() :]
    others = [w for w in _WORD.findall(rest) if w not in _JOINING and fold(w) not in DATE_WORDS]
    return not others or (label is not None and len(others) <= _AFTER_LABEL)
