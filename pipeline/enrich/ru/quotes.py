"""Russian direct speech: «…» and „…“ with their speaker.

A quote is the text inside «…» or „…“ (nested quotes allowed), at least :data:`MIN_WORDS`
words long. The speaker is, in order:

1. after the quote: "«…», – заявила Анна Петрова" / "«…», — сказала Петрова" (a person
   within the words after a speech verb), "«…», — сказала она" → the previous speaker;
2. before it: "Анна Петрова заявила: «…»", "Пресс-секретарь Дмитрий Песков: «…»",
   "По словам Кристьяна Тамма, «…»";
3. carried over: a quote with no attribution of its own inherits the speaker of the previous
   quote in the same paragraph ("«…», – сказала Стразерс. «…»");
4. else unknown ("«…», — говорится в заявлении").

Speakers are canonical person names (a lone surname resolves to the full name).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.enrich.ru.doc import Mention

__all__ = ["MIN_WORDS", "find_quotes"]

MIN_WORDS = 3
_QUOTE = re.compile(r"«((?:[^«»\n]|«[^«»\n]*»)+)»|„([^„“\n]+)“")
_SAY = (
    r"(?:сказал|заявил|отметил|подчеркнул|добавил|рассказал|пояснил|сообщил|написал|"
    r"уточнил|признал|заметил|считает|говорит|заявляет|отмечает|подчеркивает|подчёркивает|"
    r"добавляет|сообщает|пишет|объяснил|ответил|предупредил|призвал|настаивает|констатировал|"
    r"говорил|поделил)\w*"
)
_AFTER = re.compile(rf"^\s*[,.!?…]?\s*[–—-]\s*{_SAY}\b(?P<rest>[^.!?«„]{{0,120}})", re.I)
_AFTER_PRONOUN = re.compile(r"^\s*[,.!?…]?\s*[–—-]\s*\w+\s+(?:он|она|они)\b", re.I)
_BEFORE_SAY = re.compile(rf"{_SAY}(?:\s+\w+)?\s*[:,]\s*$", re.I)
_BEFORE_COLON = re.compile(r":\s*$")
_BEFORE_ACCORDING = re.compile(r"по\s+словам\s+(?P<who>[^,.!?«»]{2,80}),\s*$", re.I)


def _people_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.label == "PERSON" and start <= m.start and m.end <= end]


def _speaker_after(
    text: str, span: tuple[int, int], mentions: list[Mention], last: str | None
) -> tuple[bool, str | None]:
    """Whether the words after the quote attribute it, and to whom."""
    start, end = span
    tail = text[end : end + 200]
    m = _AFTER.match(tail)
    pronoun = bool(_AFTER_PRONOUN.match(tail))
    if m:
        people = _people_in(mentions, end + m.start("rest"), end + m.end("rest"))
        if people:
            return True, people[0].canonical
        pronoun = bool(re.match(r"\s*(?:он|она|они)\b", m.group("rest")))
        if not pronoun:
            return True, None
    if pronoun:
        earlier = _people_in(mentions, max(0, start - 400), start)
        return True, last or (earlier[-1].canonical if earlier else None)
    return False, None


def _speaker_before(text: str, start: int, mentions: list[Mention]) -> str | None:
    sent_start = max(text.rfind(c, 0, start) for c in ".!?\n»“") + 1
    head = text[sent_start:start]
    according = _BEFORE_ACCORDING.search(head)
    if according or _BEFORE_SAY.search(head) or _BEFORE_COLON.search(head):
        people = _people_in(mentions, sent_start, start)
        if people:
            return people[-1].canonical
    return None


def find_quotes(text: str, mentions: list[Mention]) -> list[dict]:
    """Quotes of ``text`` as ``Quote`` dicts; ``mentions`` are its canonical entity mentions."""
    out: list[dict[str, Any]] = []
    last: str | None = None
    previous_end = 0
    previous_speaker: str | None = None
    for m in _QUOTE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        body, start = m.group(group), m.start(group)
        stripped = body.rstrip(" ,")
        if len(stripped.split()) < MIN_WORDS:
            continue
        attributed, speaker = _speaker_after(text, (m.start(), m.end()), mentions, last)
        if not attributed:
            speaker = _speaker_before(text, m.start(), mentions)
        if not attributed and speaker is None and out and "\n" not in text[previous_end:start]:
            speaker = previous_speaker  # carried over within the paragraph
        if speaker:
            last = speaker
        out.append(
            {"text": stripped, "speaker": speaker, "start": start, "end": start + len(stripped)}
        )
        previous_end, previous_speaker = start + len(stripped), speaker
    return out
