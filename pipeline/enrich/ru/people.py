"""People's roles from appositions and titles.

* apposition after the name: "Анна Петрова, директор Human Rights Watch по Европе, …" → the
  words after the comma up to the next comma, dash, quote or the sentence end, when their
  head noun (after any adjectives) is a title word (``gazetteer.json`` ``titles``: директор,
  министр, адвокат, глава, …), in any case ("с Сергеем Ивановым, руководителем штаба");
* title before the name: "Министр иностранных дел Владимир Макей", "Бывший министр финансов
  Алексей Кудрин", "Мэр Москвы Сергей Собянин" → the title word with its adjectives before
  and its genitive complement up to the name.

Roles are given as written (their case is the sentence's).
"""

from __future__ import annotations

from pipeline.enrich.ru.doc import Mention, RuDoc, Token
from pipeline.enrich.ru.lexicon import lexicon, word_key
from pipeline.enrich.ru.morph import parses

__all__ = ["find_role"]

MAX_ROLE_WORDS = 14
_STOP = frozenset(',;:—–()«»"“”„.!?')
_ADJ = frozenset({"ADJF", "PRTF", "NUMR"})


def _is_title(word: str) -> bool:
    titles = lexicon().titles
    return word_key(word) in titles or ("-" in word and word_key(word.split("-")[-1]) in titles)


def _is_adjective(word: str) -> bool:
    return any(p.tag.POS in _ADJ for p in parses(word))


def _apposition(doc: RuDoc, m: Mention) -> str | None:
    i = doc.token_index(m.end)
    tokens = doc.tokens
    if i >= len(tokens) or tokens[i].text != ",":
        return None
    words: list[Token] = []
    j = i + 1
    while j < len(tokens) and tokens[j].text not in _STOP and len(words) <= MAX_ROLE_WORDS:
        words.append(tokens[j])
        j += 1
    if not words or len(words) > MAX_ROLE_WORDS or not words[0].text[:1].islower():
        return None
    if j < len(tokens) and tokens[j].text in '«»"“„(':
        return None
    k = 0
    while k < len(words) - 1 and _is_adjective(words[k].text) and not _is_title(words[k].text):
        k += 1
    if not _is_title(words[k].text):
        return None
    return doc.text[words[0].start : words[-1].end]


def _title_before(doc: RuDoc, m: Mention, others: list[Mention]) -> str | None:
    end = doc.token_index(m.start) - 1
    tokens = doc.tokens
    sent_start = doc.sentence_of(m.start)[0]
    title = None
    j = end
    while j >= 0 and end - j < MAX_ROLE_WORDS and tokens[j].start >= sent_start:
        word = tokens[j].text
        if word in _STOP or not word.replace("-", "").isalpha():
            break
        if _is_title(word):
            title = j
        elif title is not None or not _complement(word, tokens[j], others):
            break
        j -= 1
    if title is None:
        return None
    start = title
    while start > 0 and tokens[start - 1].start >= sent_start:
        if not _is_adjective(tokens[start - 1].text):
            break
        start -= 1
    return doc.text[tokens[start].start : tokens[end].end]


def _complement(word: str, token: Token, others: list[Mention]) -> bool:
    """A word that may stand between a title and the name: a genitive noun or adjective, or
    part of an organization or place ("Мэр Москвы", "Пресс-секретарь Кремля")."""
    if any(o.start <= token.start and token.end <= o.end for o in others):
        return True
    return any(p.tag.case == "gent" and p.tag.POS in {"NOUN", "ADJF", "PRTF"} for p in parses(word))


def find_role(doc: RuDoc, m: Mention, others: list[Mention]) -> str | None:
    """The role the text gives the person mentioned at ``m``, else None."""
    return _apposition(doc, m) or _title_before(doc, m, others)
