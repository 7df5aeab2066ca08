"""The Russian article being enriched: text, tokens, sentences and entity mentions."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

__all__ = ["Mention", "RuDoc", "Token"]


@dataclass(frozen=True)
class Token:
    """One razdel token: ``text == doc.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass
class Mention:
    """An entity mention; ``core_start``/``core_end`` delimit the name proper inside a span
    extended by a descriptor ("реки Славянки": the core is "Славянки")."""

    start: int
    end: int
    label: str  # PERSON, ORG, LOC
    source: str  # model or rule
    core_start: int = -1
    core_end: int = -1
    canonical: str = ""

    def __post_init__(self) -> None:
        if self.core_start < 0:
            self.core_start = self.start
        if self.core_end < 0:
            self.core_end = self.end


@dataclass
class RuDoc:
    """Text plus its tokens and sentence spans; ``mentions`` is filled by the entity rules."""

    text: str
    tokens: list[Token]
    sents: list[tuple[int, int]]
    published_at: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [t.start for t in self.tokens]

    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self._starts, offset)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """The tokens lying inside ``[start, end)``."""
        i = self.token_index(start)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= end:
            out.append(self.tokens[i])
            i += 1
        return out

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The ``(start, end)`` of the sentence holding ``offset``."""
        i = bisect.bisect_right([s for s, _ in self.sents], offset) - 1
        return self.sents[max(i, 0)] if self.sents else (0, len(self.text))
