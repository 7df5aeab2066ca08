"""Russian named entities: natasha's news NER spans, repaired and completed by rules.

Model spans (slovnet's news NER: PER, ORG, LOC; labels PERSON, ORG, LOC in the record) go
through these rules, in order:

* **split** at brackets, bullets and line breaks, and a PER or LOC span at commas ("Халед
  эль-Масри (Khaled el-Masri)" → two names); a trailing closing quote is dropped;
* **gazetteer** (``gazetteer.json``): names matched by their words' dictionary forms in any
  case ("Евросоюза", "ООН", "Европы") are added where the model found nothing, and relabel
  what it found (the model calls "ЕС" and "Кремль" places: they are organizations);
* **descriptors**: an organization's type word before its name joins it ("партии «Яблоко»",
  "компании Philips"); a quoted name after such a word is an organization even when the
  model missed it; a geographic word joins a place ("реки Славянки", "штата Аризона") — the
  name proper stays the *core* its canonical name is made from;
* **state bodies whole**: an organization followed by a country or region in the genitive
  takes it in ("Генеральная прокуратура Беларуси", "МЧС России"); the place stays a place;
* **propagation**: a surname of a person named in full, met again where the model found
  nothing ("Стразерс сказала"), is that person.

Canonical names are nominative (:func:`pipeline.enrich.ru.morph.inflect_phrase`:
"Беларуси" → "Беларусь", "Марии Ивановой" → "Мария Иванова"), and a lone surname merges
into the person named in full.
"""

from __future__ import annotations

import re

from pipeline.enrich.ru.doc import Mention, RuDoc, Token
from pipeline.enrich.ru.lexicon import key, lexicon, word_key
from pipeline.enrich.ru.morph import cases_of, inflect_phrase, parses

__all__ = ["LABELS", "canonicalize", "find_mentions"]

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
_SPLIT = re.compile(r"[()\[\]•\n]+")
_COMMA = re.compile(r",\s*")
_TRIM = " \t\r\n.,;:!?—–-«»\"“”„'’"
_OPEN_QUOTES = '«"“„'
_CLOSE_QUOTES = '»"”“'


def _pieces(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """``[start, end)`` cut at brackets, bullets, line breaks (and commas for PER/LOC)."""
    cuts = [(start, end)]
    for pattern in (_SPLIT, _COMMA) if label != "ORG" else (_SPLIT,):
        nxt = []
        for s, e in cuts:
            pos = s
            for m in pattern.finditer(text, s, e):
                nxt.append((pos, m.start()))
                pos = m.end()
            nxt.append((pos, e))
        cuts = nxt
    out: list[tuple[int, int]] = []
    for s, e in cuts:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip(_TRIM.replace("«", "").replace("„", "")))
        s2, e2 = s + lead, s + len(piece.rstrip(_TRIM))
        if e2 > s2 and any(ch.isalpha() for ch in text[s2:e2]):
            out.append((s2, e2))
    return out


def _model_mentions(doc: RuDoc, spans: list[tuple[int, int, str]]) -> list[Mention]:
    out: list[Mention] = []
    for start, end, typ in spans:
        label = LABELS.get(typ)
        if label:
            out.extend(Mention(s, e, label, "model") for s, e in _pieces(doc.text, start, end, typ))
    return out


def _covered(mentions: list[Mention], start: int, end: int) -> Mention | None:
    for m in mentions:
        if m.start < end and start < m.end:
            return m
    return None


def _gazetteer(doc: RuDoc, mentions: list[Mention]) -> list[Mention]:
    """Relabel model spans that are gazetteer names; add the names the model missed."""
    lex = lexicon()
    tokens = doc.tokens
    keys = [word_key(t.text) if t.text[:1].isupper() else "" for t in tokens]
    i = 0
    while i < len(tokens):
        hit = _gazetteer_at(tokens, keys, i, lex.longest)
        if hit is None:
            i += 1
            continue
        n, label = hit
        _gazetteer_hit(mentions, tokens[i].start, tokens[i + n - 1].end, label, n > 1)
        i += n
    return mentions


def _gazetteer_hit(mentions: list[Mention], start: int, end: int, label: str, long: bool) -> None:
    """Add or relabel the mention of one gazetteer name at ``[start, end)``."""
    if long:  # a longer gazetteer name replaces model spans inside it
        inner = [m for m in mentions if start <= m.start and m.end <= end]
        if inner and (start, end) not in {(m.start, m.end) for m in inner}:
            for m in inner:
                mentions.remove(m)
    found = _covered(mentions, start, end)
    if found is not None and (found.start, found.end) == (start, end):
        if found.label != label:
            found.label, found.source = label, "rule"
        return
    if found is None or (found.label == "ORG" and label == "LOC"):
        # a place named inside an organization's name is a place too
        mentions.append(Mention(start, end, label, "rule"))


def _gazetteer_at(
    tokens: list[Token], keys: list[str], i: int, longest: int
) -> tuple[int, str] | None:
    if not keys[i]:
        return None
    lex = lexicon()
    abbr = lex.abbreviations.get(tokens[i].text)
    for n in range(min(longest, len(tokens) - i), 0, -1):
        words = tuple(keys[j] or word_key(tokens[j].text) for j in range(i, i + n))
        found = lex.names.get(words)
        if found:
            return n, found[0]
    return (1, abbr[0]) if abbr else None


def _previous(doc: RuDoc, offset: int) -> Token | None:
    i = doc.token_index(offset) - 1
    return doc.tokens[i] if i >= 0 else None


def _next(doc: RuDoc, offset: int) -> Token | None:
    i = doc.token_index(offset)
    return doc.tokens[i] if i < len(doc.tokens) else None


def _descriptor_before(doc: RuDoc, m: Mention, words: frozenset[str]) -> int | None:
    """Start of a descriptor word right before ``m`` (or before its opening quote)."""
    prev = _previous(doc, m.start)
    if prev is not None and prev.text in _OPEN_QUOTES and prev.end == m.start:
        prev = _previous(doc, prev.start)
    if prev is None or not prev.text.isalpha() or doc.text[prev.end : m.start].strip(' «„"“'):
        return None
    return prev.start if word_key(prev.text) in words else None


def _extend_descriptors(doc: RuDoc, mentions: list[Mention]) -> None:
    lex = lexicon()
    for m in mentions:
        words = {"ORG": lex.org_descriptors, "LOC": lex.geo_descriptors}.get(m.label)
        if not words:
            continue
        start = _descriptor_before(doc, m, words)
        others = [x for x in mentions if x is not m]
        if start is None or _covered(others, start, m.start) is not None:
            continue
        if m.label == "ORG" or _apposed(doc.text[start : m.start], doc.text[m.start : m.end]):
            m.start = start  # the core (canonical name) stays the name proper


def _apposed(descriptor: str, name: str) -> bool:
    """Whether a place name stands in apposition to a singular geographic word ("реки
    Славянки", "города Феникс") rather than as its genitive complement ("район
    Дюссельдорфа", "регионов России")."""
    word = descriptor.split()[0]
    desc = {str(p.tag.case) for p in parses(word) if p.tag.POS == "NOUN" and p.tag.number == "sing"}
    if not desc:
        return False
    place = cases_of(name.split()[-1])
    return not place or "nomn" in place or bool(desc & place)


_QUOTED = re.compile(r"«([^«»\n]{1,60})»|„([^„“\n]{1,60})“")


def _quoted_orgs(doc: RuDoc, mentions: list[Mention]) -> None:
    """A quoted name after an organization's type word is an organization."""
    lex = lexicon()
    for m in _QUOTED.finditer(doc.text):
        inner_start = m.start() + 1
        inner_end = m.end() - 1
        if not doc.text[inner_start : inner_start + 1].isupper():
            continue
        prev = _previous(doc, m.start())
        if prev is None or word_key(prev.text) not in lex.org_descriptors:
            continue
        if doc.text[prev.end : m.start()].strip():
            continue
        if _covered(mentions, prev.start, inner_end) is None:
            mentions.append(Mention(prev.start, inner_end, "ORG", "rule", inner_start, inner_end))


def _state_bodies(doc: RuDoc, mentions: list[Mention]) -> None:
    """An organization followed by a place (or country abbreviation) in the genitive takes it."""
    places = {m.start: m for m in mentions if m.label == "LOC"}
    for m in mentions:
        if m.label != "ORG":
            continue
        nxt = _next(doc, m.end)
        if nxt is None or doc.text[m.end : nxt.start] != " ":
            continue
        place = places.get(nxt.start)
        if place is not None and place.start == place.core_start and _genitive(doc, place):
            m.end = m.core_end = place.end


def _joined_orgs(doc: RuDoc, mentions: list[Mention]) -> None:
    """An organization right before another one in the genitive is its parent's part:
    "Палаты представителей Конгресса США", "Свердловского обкома КПСС" (both stay)."""
    orgs = {m.start: m for m in mentions if m.label == "ORG"}
    for m in list(orgs.values()):
        nxt = _next(doc, m.end)
        if nxt is None or doc.text[m.end : nxt.start] != " " or nxt.start not in orgs:
            continue
        other = orgs[nxt.start]
        if other.start == other.core_start and _genitive(doc, other, first=True):
            m.end = m.core_end = other.end


def _bodies_of_places(doc: RuDoc, mentions: list[Mention]) -> None:
    """A government body's head word before a place in the genitive is an organization
    ("мэрии Москвы", "правительства Китая", "представительства США")."""
    bodies = lexicon().state_bodies
    for place in [m for m in mentions if m.label == "LOC" and m.start == m.core_start]:
        prev = _previous(doc, place.start)
        if prev is None or doc.text[prev.end : place.start] != " ":
            continue
        if word_key(prev.text) not in bodies and key(prev.text) not in bodies:
            continue
        if _genitive(doc, place) and _covered(mentions, prev.start, prev.end) is None:
            mentions.append(Mention(prev.start, place.end, "ORG", "rule"))


def _genitive(doc: RuDoc, place: Mention, first: bool = False) -> bool:
    words = [t.text for t in doc.tokens_between(place.start, place.end)]
    if not words:
        return False
    last = words[0] if first else words[-1]
    found = cases_of(last, frozenset({"NOUN"}))
    return not found or "gent" in found or last.isupper()


def _propagate_surnames(doc: RuDoc, mentions: list[Mention]) -> None:
    """The surname of a person named in full, where the model found nothing, is that person."""
    surnames: set[str] = set()
    for m in mentions:
        if m.label == "PERSON":
            words = doc.text[m.start : m.end].split()
            if len(words) >= 2:
                surnames.add(_stem(words[-1]))
    if not surnames:
        return
    taken = sorted((m.start, m.end) for m in mentions)
    for t in doc.tokens:
        if not (t.text[:1].isupper() and t.text.isalpha() and len(t.text) > 2):
            continue
        if _stem(t.text) in surnames and not _overlaps(taken, t.start, t.end):
            mentions.append(Mention(t.start, t.end, "PERSON", "rule"))


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _stem(surname: str) -> str:
    """A surname without its case ending: "Стразерс", "Иванова", "Ивановой" → "иванов"."""
    word = key(surname)
    for ending in (
        "ыми",
        "ому",
        "ого",
        "ыми",
        "ой",
        "ым",
        "ом",
        "ою",
        "ую",
        "ая",
        "ий",
        "ым",
        "а",
        "у",
        "е",
        "ы",
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def find_mentions(doc: RuDoc, spans: list[tuple[int, int, str]]) -> list[Mention]:
    """All entity mentions of ``doc``, from the model's ``spans`` and the rules, sorted."""
    mentions = _model_mentions(doc, spans)
    _gazetteer(doc, mentions)
    _quoted_orgs(doc, mentions)
    _extend_descriptors(doc, mentions)
    _state_bodies(doc, mentions)
    _bodies_of_places(doc, mentions)
    _joined_orgs(doc, mentions)
    _propagate_surnames(doc, mentions)
    mentions.sort(key=lambda m: (m.start, -m.end))
    for m in mentions:
        m.canonical = _canonical_form(doc, m)
    canonicalize(mentions)
    return mentions


def _canonical_form(doc: RuDoc, m: Mention) -> str:
    lex = lexicon()
    start = m.core_start
    tokens = doc.tokens_between(start, m.end)
    words = [t.text for t in tokens]
    keys = tuple(word_key(w) for w in words)
    found = lex.names.get(keys) or (lex.abbreviations.get(words[0]) if len(words) == 1 else None)
    if found:
        return found[1]
    kind = "PER" if m.label == "PERSON" else m.label
    normal = inflect_phrase(words, kind)
    out = doc.text[start : m.end]
    for t, w, n in sorted(zip(tokens, words, normal, strict=True), key=lambda x: -x[0].start):
        if w != n:
            a, b = t.start - start, t.end - start
            out = out[:a] + n + out[b:]
    return _balance_quotes(" ".join(out.split()))


def _balance_quotes(name: str) -> str:
    if name.count("«") > name.count("»"):
        name += "»"
    if name.count("„") > name.count("“"):
        name += "“"
    return name


def canonicalize(mentions: list[Mention]) -> None:
    """Merge people by surname: a mention whose name is one word, the surname of a person
    named in full in the same article, takes that person's canonical name."""
    full: dict[str, str] = {}
    for m in mentions:
        words = m.canonical.split()
        if m.label == "PERSON" and len(words) >= 2:
            full.setdefault(_stem(words[-1]), m.canonical)
    for m in mentions:
        if m.label == "PERSON" and len(m.canonical.split()) == 1:
            m.canonical = full.get(_stem(m.canonical), m.canonical)
