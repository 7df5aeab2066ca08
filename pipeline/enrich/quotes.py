"""Quotes: direct speech and who said it.

A quote is text between “ ” (or straight " ", or « ») inside one paragraph, at least
:data:`MIN_WORDS` words long — shorter quoted bits are scare quotes or titles (“hopeless”).
``text`` excludes the quote marks and a trailing comma.

The speaker is found, in order:

1. right after the quote: ``“…,” said Marie Struthers`` / ``“…,” Struthers said`` /
   ``“…,” said the Foreign Minister, Vladimir Makei`` (a PERSON within a few words of a speech
   verb), else ``“…,” he said`` → the previous speaker;
2. right before it: ``Struthers said: “…”`` / ``According to Struthers, “…”``;
3. carried over: a quote with no attribution of its own inherits the speaker of the previous
   quote in the same paragraph, or of the previous paragraph's last quote when this paragraph
   starts with the quote.

Speakers are canonical person names (so "said Struthers" resolves to "Marie Struthers" when
the article names her in full); an organization is the speaker only when no person is named
("…,” Amnesty International said").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

import pipeline.enrich.extensions  # noqa: F401  (registers the Doc._ attributes)
from pipeline.enrich.extensions import doc_text

__all__ = ["MIN_WORDS", "find_quotes", "quotes_component"]

MIN_WORDS = 4
_PAIRS = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"|«([^«»\n]+)»")
_SAY = (
    r"(?:said|says|say|told|tells|added|adds|noted|notes|stated|states|wrote|writes|explained|"
    r"explains|declared|insisted|warned|continued|asked|replied|stressed|emphasized|argued|"
    r"according\s+to)"
)
_AFTER_VERB_FIRST = re.compile(rf"^\s*[,.]?\s*{_SAY}\b", re.I)
_AFTER_PRONOUN = re.compile(rf"^\s*[,.]?\s*(?:he|she|they)\s+{_SAY}\b", re.I)
_BEFORE = re.compile(rf"{_SAY}(?:\s+\w+)?\s*[:,]?\s*$", re.I)
_ACCORDING = re.compile(r"according\s+to\s*$", re.I)
_ACCORDING_NAME = re.compile(r"according\s+to\s+([^,.;:“\"«]{2,80})[,:]?\s*$", re.I)
_SPEAKER_LABELS = ("PERSON", "ORG")


def _mentions_in(doc: Doc, start: int, end: int) -> list[dict]:
    return [
        m
        for m in (doc._.entity_mentions or [])
        if m["label"] in _SPEAKER_LABELS and start <= m["start"] and m["end"] <= end
    ]


def _pick(mentions: list[dict], nearest_last: bool = False) -> str | None:
    people = [m for m in mentions if m["label"] == "PERSON"]
    pool = people or mentions
    if not pool:
        return None
    return (pool[-1] if nearest_last else pool[0])["canonical"]


def _speaker_after(doc: Doc, text: str, close: int, limit: int) -> tuple[str | None, bool]:
    """Speaker named after the closing mark; second item: 'he said' (use previous)."""
    window = text[close:limit]
    cut = re.search(r"[.!?;](?:\s|$)|[“\"«]", window)
    sentence_end = close + (cut.start() if cut else len(window))
    window = text[close:sentence_end]
    if _AFTER_PRONOUN.match(window):
        return None, True
    m = _AFTER_VERB_FIRST.match(window)
    if m:
        begin = close + m.end()
        return _pick(_mentions_in(doc, begin, min(sentence_end, begin + 80))), False
    # "…,” Struthers said" / "…,” the ministry said".
    lead = re.match(r"^\s*[,.]?\s*", window)
    begin = close + (lead.end() if lead else 0)
    for mention in _mentions_in(doc, begin, sentence_end):
        rest = text[mention["end"] : sentence_end]
        if mention["start"] - begin <= 40 and re.match(rf"^(?:\s*,[^,]*,)?\s+{_SAY}\b", rest, re.I):
            return mention["canonical"], False
    return None, False


def _last_person_before(doc: Doc, pos: int, since: int) -> str | None:
    """The last person named between ``since`` and ``pos`` (the antecedent of "she said")."""
    people = [m for m in _mentions_in(doc, since, pos) if m["label"] == "PERSON"]
    return people[-1]["canonical"] if people else None


def _speaker_before(doc: Doc, text: str, open_: int, para_start: int) -> str | None:
    window = text[para_start:open_]
    if _ACCORDING.search(window.rstrip(" ,")):
        return None
    m = _ACCORDING_NAME.search(window)
    if m:  # "According to Kristjan Tamm, “…”"
        return _pick(_mentions_in(doc, para_start + m.start(1), para_start + m.end(1)), True)
    m = _BEFORE.search(window)
    if not m:
        return None
    sent_start = max(window.rfind(". ", 0, m.start()) + 1, 0)
    return _pick(_mentions_in(doc, para_start + sent_start, para_start + m.start()), True)


def find_quotes(doc: Doc) -> list[dict]:
    """All quotes of ``doc`` as dicts shaped like :class:`models.Quote`."""
    text = doc_text(doc)
    out: list[dict] = []
    prev_speaker: str | None = None
    prev_para = -2
    for p_index, para in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)):
        p_start, p_end = para.span()
        first_in_para = True
        for m in _PAIRS.finditer(text, p_start, p_end):
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            q_start, q_end = m.span(group)
            inner = text[q_start:q_end]
            stripped = inner.rstrip(" ,")
            q_end = q_start + len(stripped)
            lead = len(stripped) - len(stripped.lstrip())
            q_start += lead
            if len(stripped.split()) < MIN_WORDS:
                continue
            speaker, use_prev = _speaker_after(doc, text, m.end(), p_end)
            if speaker is None and not use_prev:
                speaker = _speaker_before(doc, text, m.start(), p_start)
            if speaker is None:
                at_para_start = not text[p_start : m.start()].strip()
                same_run = not first_in_para or (at_para_start and prev_para == p_index - 1)
                if use_prev or same_run:
                    gap = _mentions_in(doc, out[-1]["end"] if out else p_start, m.start())
                    others = {g["canonical"] for g in gap if g["label"] == "PERSON"}
                    if use_prev or others <= {prev_speaker}:
                        speaker = prev_speaker
            if speaker is None and use_prev:
                # "…,” she said" with no earlier quote: the person last named before it.
                since = max(text.rfind("\n\n", 0, p_start - 2), 0)
                speaker = _last_person_before(doc, m.start(), since)
            out.append(
                {"text": text[q_start:q_end], "speaker": speaker, "start": q_start, "end": q_end}
            )
            first_in_para = False
            prev_speaker = speaker
            prev_para = p_index
    return out


@Language.component("newsmill_quotes")
def quotes_component(doc: Doc) -> Doc:
    """Find the quotes of ``doc`` and their speakers → ``doc._.quotes``."""
    doc._.quotes = find_quotes(doc)
    return doc
