"""Named entities: cleanup of model spans and merging of mentions into canonical entities.

Two components:

``newsmill_entity_fix`` (after "ner") repairs the statistical NER output:

* spans with HTML-entity residue in them or at their edges ("&# 160", "&amp;", a bare "&"
  next to "#" or a digit: "justice&" of "international&# 160; justice&# 160;") are dropped —
  they are extraction junk, not names;
* a model span running over a colon is cut before it ("The Kharkiv Human Rights Protection
  Group: Report" → "Kharkiv Human Rights Protection Group");
* a leading "the" and a trailing possessive "'s" are stripped from ORG, GPE, LOC, FAC, NORP;
* **metonymy policy** — a capital or country standing for its government ("official Minsk",
  "Official Tbilisi", "Moscow said", "Washington announced") is kept as the *place*: label
  GPE, canonical "Minsk", also when the model read "official X" as an ORG or a PERSON. The
  word "official" is not part of the entity. Institutions named after their
  building ("Kremlin", "Pentagon") are ORG through the gazetteer;
* a gazetteer name followed by more capitalized name words is a longer, different name
  ("United Nations Environment Programme", "Malawi Red Cross Society"): the ruler runs
  before the model, so without this the model could not see past "United Nations";
* people the model missed are recovered from an apposition headed by a title word
  ("Kristjan Tamm, the chairman of …"); a one-token all-caps PERSON is an acronym, so ORG
  ("ANLA"); a lone dictionary word tagged PERSON at a sentence start is dropped ("Turnout
  was 38%" — the lemmatizer's word index is the dictionary);
* a lone capitalized dictionary word at a sentence start is no name when it modifies the
  lower-case noun after it ("Coastal cities in South Asia"); a name in apposition with an
  organization is one ("Gavi, the Vaccine Alliance" — not a person);
* cities (``patterns/cities.txt``, GeoNames, ≥ 50,000 people) fill gaps the model left or
  replace its ORG/NORP label for exactly that text ("ports of Odesa and Chornomorsk"); a
  city name inside a longer name or tagged PERSON is left alone (pattern id ``@city``);
* one label per name per article: when the model gives the same text different labels
  (Belarus GPE four times, ORG once) the majority wins, ties go to the place reading
  (GPE > LOC > FAC > ORG > PERSON); a rule (gazetteer) label always wins; a lone surname of
  a person named in full is PERSON even when the model says ORG;
* names already found are propagated to their other occurrences in the same article that
  the model missed (pattern id ``@propagated``, source "rule"), including the surname of a
  person named in full.

Rule spans carry a pattern id: the canonical name for gazetteer entries, or an ``@`` marker
(``@state_body``, ``@extended``, ``@propagated``) whose canonical name is the span text.

``newsmill_entities`` merges mentions into canonical entities per article:

* ``canonical`` is the gazetteer entry for rule spans ("Golos Ameriki" → "Voice of
  America", "Amnesty" → "Amnesty International"), else the mention text with typographic
  apostrophes normalized to ASCII "'" (so the canonical form is always
  "Prosecutor General's Office of Belarus") and whitespace collapsed;
* people: titles are split off ("President X" → name "X", role "President"), one-word names
  join the full name they belong to ("Struthers" → "Marie Struthers");
* organizations = ORG, people = PERSON, places = GPE, LOC, FAC. NORP ("Belarusian") stays an
  entity mention but is not a place. Numeric labels (DATE, TIME, CARDINAL, ORDINAL, MONEY,
  PERCENT, QUANTITY) are left to the dates and figures components and are not listed.

Results are plain dicts shaped like the ``models`` classes, on ``doc._.entity_mentions``,
``doc._.organizations``, ``doc._.people`` and ``doc._.places``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

import pipeline.enrich.extensions  # noqa: F401  (registers the Doc._ attributes)
from pipeline.enrich.extensions import doc_text
from pipeline.enrich.people import TITLE_WORDS, find_role, match_short_name, split_title

__all__ = ["NUMERIC_LABELS", "EntityFix", "canonical_text", "entities_component", "entity_fix"]

NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
PLACE_LABELS = ("GPE", "LOC", "FAC")
_STRIP_THE = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
_CONSISTENT = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PERSON"})
_HTML_JUNK = re.compile(r"&\s*#|&[A-Za-z]+;|&\s*\d|\d\s*&")
_METONYMY_WORDS = frozenset({"official"})
RULE_ID_PROPAGATED = "@propagated"
RULE_ID_EXTENDED = "@extended"


def canonical_text(text: str) -> str:
    """Normalized surface form: ASCII apostrophes, single spaces, no leading 'the'."""
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def is_rule_span(span: Span) -> bool:
    """True for spans set by newsmill's entity ruler (they carry a pattern id)."""
    return bool(span.ent_id_)


def _touches_html_junk(span: Span) -> bool:
    """HTML-entity residue in the span or right at its edges: "international&# 160; justice&#
    160;" gives the model "justice&" — extraction junk, not a name."""
    doc = span.doc  # two tokens each side hold at least the two characters (doc.text would
    # rebuild the whole text for every entity: quadratic in the length)
    left = "".join(t.text_with_ws for t in doc[max(span.start - 2, 0) : span.start])[-2:]
    right = span[-1].whitespace_ + "".join(t.text_with_ws for t in doc[span.end : span.end + 2])
    window = left + span.text + right[:2]
    return bool(_HTML_JUNK.search(window))


def _cut_at_colon(span: Span) -> int:
    """End of a model span cut before a colon ("Freedom House: Nations in Transit")."""
    if is_rule_span(span):
        return span.end
    for i in range(span.start, span.end):
        if span.doc[i].text == ":":
            return i
    return span.end


def _is_metonymy(span: Span) -> bool:
    """ "official Minsk", "Official Tbilisi": a capital for its government, read by the model
    as an ORG or a PERSON; the place it is (GPE)."""
    doc = span.doc
    if span.label_ not in ("ORG", "PERSON") or is_rule_span(span):
        return False
    if doc[span.start].lower_ in _METONYMY_WORDS:
        return len(span) > 1
    return span.start > 0 and doc[span.start - 1].lower_ in _METONYMY_WORDS


def _owner_cut(span: Span, start: int, end: int) -> int:
    """ "the ministry's Family Welfare Division": a lower-case owner is not part of the name."""
    doc = span.doc
    for k in range(start + 1, end - 1):
        owner = doc[start:k]
        if doc[k].text in ("'s", "’s") and all(t.is_lower or t.lower_ == "the" for t in owner):
            return k + 1
    return start


def _strip_edges(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Without a leading "the"/"official" and a trailing possessive or punctuation."""
    while start < end and doc[start].lower_ in ("the", *_METONYMY_WORDS):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def _trim(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, _cut_at_colon(span)
    label = "GPE" if _is_metonymy(span) else span.label_
    if label == "ORG" and not is_rule_span(span):
        start = _owner_cut(span, start, end)
    if label in _STRIP_THE:
        start, end = _strip_edges(doc, start, end)
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    if start == span.start and end == span.end and label == span.label_:
        return span
    return Span(doc, start, end, label=label, span_id=span.id_)


_STOP_ENT_TYPES = frozenset(
    {"PERSON", "DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)
_GEO_WORDS = frozenset(
    [
        "region",
        "oblast",
        "province",
        "district",
        "river",
        "city",
        "county",
        "state",
        "mountains",
        "sea",
        "lake",
        "valley",
        "island",
        "islands",
    ]
)
#: When the model gives a name two labels equally often, the first of these wins.
_TIE_ORDER = ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP")
_MAX_EXTENSION = 5


def _name_word(tok: Token, blocked: set[int]) -> bool:
    return (
        tok.pos_ == "PROPN"
        and (tok.is_title or (tok.is_upper and len(tok) > 1))
        and tok.ent_type_ not in _STOP_ENT_TYPES
        and tok.ent_type_ not in PLACE_LABELS
        and tok.lower_ not in TITLE_WORDS
        and tok.i not in blocked
    )


def _extend_gazetteer_spans(doc: Doc, spans: list[Span]) -> list[Span]:
    """A gazetteer name followed by more name words is a longer, different name.

    "United Nations Environment Programme", "Malawi Red Cross Society": the entity ruler
    runs before the model and would otherwise cut these to "United Nations" / "Malawi".
    The longer span gets the pattern id ``@extended`` (source "rule", canonical = its text).
    """
    rule_tokens = {i for s in spans if is_rule_span(s) for i in range(s.start, s.end)}
    out: list[Span] = []
    for span in spans:
        if not is_rule_span(span) or span.ent_id_.startswith("@"):
            out.append(span)
            continue
        k = end = span.end
        while k < len(doc) and k - span.end <= _MAX_EXTENSION:
            if _name_word(doc[k], rule_tokens):
                k += 1
                end = k
            elif (
                doc[k].lower_ in ("of", "for", "and", "&")
                and k + 1 < len(doc)
                and _name_word(doc[k + 1], rule_tokens)
            ):
                k += 1
            else:
                break
        if end == span.end:
            out.append(span)
            continue
        ext_type = doc[span.end].ent_type_
        label = ext_type if ext_type in ("ORG", "FAC", "LOC", "GPE") else "ORG"
        if doc[end - 1].lower_ in _GEO_WORDS:
            label = "LOC"
        out.append(Span(doc, span.start, end, label=label, span_id=RULE_ID_EXTENDED))
    return filter_spans(out)


def _apposition_name(doc: Doc, tok: Token) -> int | None:
    """Start of the proper-noun chain a title-word apposition hangs from, if any."""
    if tok.lower_ not in TITLE_WORDS or tok.dep_ != "appos":  # the cheap test first
        return None
    head = tok.head
    if head.i > tok.i:
        return None
    if head.pos_ != "PROPN" or not head.is_title:
        return None
    start = head.i
    while (
        start > 0
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].head == head
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].is_title
    ):
        start -= 1
    return start


def _people_from_appositions(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names the model missed but the text introduces as people: "Kristjan Tamm, the
    chairman of …" (a proper-noun chain with an apposition headed by a title word)."""
    covered = {i: s for s in spans for i in range(s.start, s.end)}
    new: list[Span] = []
    for tok in doc:
        start = _apposition_name(doc, tok)
        if start is None:
            continue
        end = tok.head.i + 1
        owners = {covered[i] for i in range(start, end) if i in covered}
        if any(is_rule_span(s) or s.label_ != "ORG" for s in owners):
            continue  # a rule name, a person already, or another kind of name
        new.append(Span(doc, start, end, label="PERSON"))
    if not new:
        return spans
    taken = {i for s in new for i in range(s.start, s.end)}
    rest = [s for s in spans if not any(i in taken for i in range(s.start, s.end))]
    return sorted(rest + new, key=lambda s: s.start)


def _is_title_fragment(span: Span, person_starts: set[int]) -> bool:
    """'State' in "Secretary of State Antony Blinken": part of a title, not an entity."""
    doc = span.doc
    return (
        not is_rule_span(span)
        and span.end in person_starts
        and span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in TITLE_WORDS
    )


def _common_words(nlp: Language) -> frozenset[str]:
    """Lower-case dictionary words (the lemmatizer's noun/verb/adjective index), if any."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(w for words in lookups.get_table("lemma_index").values() for w in words)


CITIES_FILE = Path(__file__).with_name("patterns") / "cities.txt"
RULE_ID_CITY = "@city"


def _city_matcher(nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab)
    with CITIES_FILE.open(encoding="utf-8") as fh:
        names = [line.strip() for line in fh if line.strip()]
    matcher.add("CITY", [nlp.make_doc(n) for n in names])
    return matcher


@Language.factory("newsmill_entity_fix")
def make_entity_fix(nlp: Language, name: str) -> EntityFix:
    """Factory of the ``newsmill_entity_fix`` component."""
    return EntityFix(_common_words(nlp), _city_matcher(nlp))


class EntityFix:
    """Clean the model's entity spans (junk, colons, 'the', labels); see module docstring."""

    def __init__(self, common_words: frozenset[str], cities: PhraseMatcher | None = None) -> None:
        self.common_words = common_words
        self.cities = cities

    def __call__(self, doc: Doc) -> Doc:
        """Fix ``doc.ents`` in place."""
        return entity_fix(doc, self.common_words, self.cities)


def _is_false_name(span: Span, common_words: frozenset[str], names: set[str]) -> bool:
    """A lone capitalized dictionary word at a sentence start: "Turnout was 38%" (PERSON),
    "Coastal cities in South Asia" (ORG: a word modifying the lower-case noun after it)."""
    if len(span) != 1 or not span[0].is_sent_start or span.text in names:
        return False
    if span[0].lower_ not in common_words:
        return False
    if span.label_ == "PERSON":
        return True
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return (
        span.label_ in ("ORG", "LOC", "FAC", "GPE", "NORP")
        and nxt is not None
        and nxt.is_lower
        and nxt.pos_ in ("NOUN", "ADJ")
    )


def _is_longer_name_part(doc: Doc, start: int, end: int) -> bool:
    """A capitalized proper noun right before or after: "Michael Jackson", "Paris Hilton"."""
    for k in (start - 1, end):
        if 0 <= k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].is_title:
            return True
    return False


def _city_spans(doc: Doc, spans: list[Span], cities: PhraseMatcher | None) -> list[Span]:
    """Cities the model missed or called an organization ("ports of Odesa and Chornomorsk").

    A city name (``patterns/cities.txt``) of proper nouns that is not part of a longer name
    fills a gap in the entities, or relabels a model ORG/NORP span of exactly that text as
    GPE; people (even "Jackson") and longer names ("Santa Marta Water Company") stay.
    """
    if cities is None:
        return spans
    by_token = {i: s for s in spans for i in range(s.start, s.end)}
    replace: dict[int, Span] = {}
    new: list[Span] = []
    for _, start, end in cities(doc):
        if not all(t.pos_ == "PROPN" for t in doc[start:end]):
            continue
        owners = {by_token[i] for i in range(start, end) if i in by_token}
        if not owners:
            if not _is_longer_name_part(doc, start, end):
                new.append(Span(doc, start, end, label="GPE", span_id=RULE_ID_CITY))
            continue
        if len(owners) != 1:
            continue
        owner = owners.pop()
        if (
            (owner.start, owner.end) == (start, end)
            and owner.label_ in ("ORG", "NORP")
            and not is_rule_span(owner)
        ):
            replace[owner.start] = Span(doc, start, end, label="GPE", span_id=RULE_ID_CITY)
    if not new and not replace:
        return spans
    out = [
        replace.get(s.start, s) if s.start in replace and s.end == replace[s.start].end else s
        for s in spans
    ]
    return filter_spans(out + new)


def _org_by_apposition(span: Span, org_tokens: set[int]) -> bool:
    """ "Gavi, the Vaccine Alliance, …": a name in apposition with an organization is one."""
    for tok in span:
        for child in tok.rights:
            if child.dep_ == "appos" and child.i >= span.end and child.i in org_tokens:
                return True
    return False


def _cleaned(doc: Doc, common_words: frozenset[str]) -> list[Span]:
    """The model's spans without junk and false names, trimmed, acronyms as ORG."""
    kept: list[Span] = []
    ents = list(doc.ents)
    name_parts = {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    org_tokens = {i for e in ents if e.label_ == "ORG" for i in range(e.start, e.end)}
    junk_possible = "&" in doc_text(doc)  # every HTML-residue form has an ampersand
    for ent in ents:
        if not is_rule_span(ent) and (
            (junk_possible and _touches_html_junk(ent))
            or _is_false_name(ent, common_words, name_parts)
        ):
            continue
        if ent.label_ == "PERSON" and not is_rule_span(ent) and _org_by_apposition(ent, org_tokens):
            ent = Span(doc, ent.start, ent.end, label="ORG")
        span = _trim(ent)
        if span is not None:
            kept.append(_acronym_as_org(span))
    return kept


def _acronym_as_org(span: Span) -> Span:
    """A one-token all-caps PERSON is an acronym: ORG ("ANLA")."""
    if span.label_ == "PERSON" and len(span) == 1 and span[0].is_upper and len(span.text) > 1:
        return Span(span.doc, span.start, span.end, label="ORG")
    return span


def _wanted_label(
    span: Span, ruled: dict[str, str], surnames: set[str], votes: dict[str, Counter[str]]
) -> str | None:
    """One label per name: a rule label wins; a lone ORG word that is the last word of a
    full name is the person ("…,” Struthers said); else the model's majority label, ties
    going to the place reading (``_TIE_ORDER``)."""
    key = canonical_text(span.text)
    if key in ruled:
        return ruled[key]
    if span.label_ == "ORG" and len(span) == 1 and span.text in surnames:
        return "PERSON"
    if span.label_ not in _CONSISTENT or len(votes[key]) < 2:
        return None
    (top, n1), (_, n2) = votes[key].most_common(2)
    tied = [lab for lab, c in votes[key].items() if c == n1]
    return top if n1 > n2 else min(tied, key=_TIE_ORDER.index)


def _relabelled(doc: Doc, kept: list[Span]) -> list[Span]:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    ruled: dict[str, str] = {}
    for span in kept:
        key = canonical_text(span.text)
        if span.label_ in _CONSISTENT:
            votes[key][span.label_] += 1
        if is_rule_span(span) and span.ent_id_ != RULE_ID_CITY:
            ruled[key] = span.label_
    surnames = {s[-1].text for s in kept if s.label_ == "PERSON" and len(s) > 1}
    person_starts = {s.start for s in kept if s.label_ == "PERSON"}
    fixed: list[Span] = []
    for span in kept:
        if _is_title_fragment(span, person_starts):
            continue
        want = _wanted_label(span, ruled, surnames, votes)
        if want and want != span.label_ and not is_rule_span(span):
            span = Span(doc, span.start, span.end, label=want)
        fixed.append(span)
    return fixed


def entity_fix(
    doc: Doc, common_words: frozenset[str] = frozenset(), cities: PhraseMatcher | None = None
) -> Doc:
    """Clean the entity spans of ``doc``; see the module docstring for the rules."""
    kept = _cleaned(doc, common_words)
    kept = _extend_gazetteer_spans(doc, kept)
    kept = _people_from_appositions(doc, kept)
    kept = _city_spans(doc, kept, cities)
    fixed = _relabelled(doc, kept)
    doc.ents = filter_spans(fixed + _propagate(doc, fixed))
    return doc


def _propagate(doc: Doc, spans: list[Span]) -> list[Span]:
    """Other occurrences of names already found (and of full names' last words), as spans.

    The model often misses a name it tagged elsewhere in the same article ("Belarus and the
    Human Rights Council"); these copies carry the pattern id ``@propagated`` (source "rule").
    """
    taken = {i for s in spans for i in range(s.start, s.end)}
    names: dict[str, str] = {}
    for span in spans:
        if span.label_ in _CONSISTENT and len(span.text) > 2 and span.text[0].isupper():
            names.setdefault(span.text, span.label_)
            if span.label_ == "PERSON" and len(span) > 1 and len(span[-1].text) > 2:
                names.setdefault(span[-1].text, "PERSON")
    extra: list[Span] = []
    text = doc_text(doc)  # Doc.text joins every token: read it once per doc
    for name, label in names.items():
        for start, end in _standalone(text, name):
            copy = doc.char_span(start, end, label=label, span_id=RULE_ID_PROPAGATED)
            if copy is None or any(i in taken for i in range(copy.start, copy.end)):
                continue
            if label == "PERSON" and len(copy) == 1 and copy[0].pos_ != "PROPN":
                continue
            taken.update(range(copy.start, copy.end))
            extra.append(copy)
    return extra


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"


def _standalone(text: str, name: str) -> Iterator[tuple[int, int]]:
    r"""Character ranges of ``name`` in ``text`` with no word character or hyphen on either
    side: what ``re.finditer(r"(?<![\w-])NAME(?![\w-])")`` finds, without compiling a
    pattern per name (which would also evict the static patterns from ``re``'s cache)."""
    pos, n, size = text.find(name), len(text), len(name)
    while pos >= 0:
        end = pos + size
        if (pos == 0 or not _is_word_char(text[pos - 1])) and (
            end == n or not _is_word_char(text[end])
        ):
            yield pos, end
            pos = text.find(name, end)
        else:
            pos = text.find(name, pos + 1)


def _mention_canonical(span: Span) -> tuple[str, Span]:
    """Canonical name of a mention and the span that carries the name proper."""
    if is_rule_span(span) and not span.ent_id_.startswith("@"):
        return span.ent_id_, span
    if span.label_ == "PERSON":
        name_start, _ = split_title(span)
        name = span.doc[name_start : span.end]
        text = canonical_text(name.text)
        text = re.sub(r"\s?'s$", "", text)
        return text, name
    return canonical_text(span.text), span


@Language.component("newsmill_entities")
def entities_component(doc: Doc) -> Doc:
    """Merge entity mentions into canonical organizations, people and places."""
    ents = [e for e in doc.ents if e.label_ not in NUMERIC_LABELS]
    named = [(e, *_mention_canonical(e)) for e in ents]
    full_names = sorted({c for e, c, _ in named if e.label_ == "PERSON" and len(c.split()) > 1})
    resolved: list[tuple[Span, str, Span]] = []
    for ent, canon, name in named:
        if ent.label_ == "PERSON" and len(canon.split()) == 1:
            canon = match_short_name(canon, full_names) or canon
        resolved.append((ent, canon, name))

    mentions: list[dict] = []
    groups: dict[str, dict[str, dict]] = {"ORG": {}, "PERSON": {}, "PLACE": {}}
    for ent, canon, _name in resolved:
        mentions.append(
            {
                "text": ent.text,
                "label": ent.label_,
                "canonical": canon,
                "start": ent.start_char,
                "end": ent.end_char,
                "source": "rule" if is_rule_span(ent) else "model",
            }
        )
        group = "PLACE" if ent.label_ in PLACE_LABELS else ent.label_
        if group not in groups:
            continue
        entry = groups[group].setdefault(canon, {"name": canon, "mentions": 0, "role": None})
        entry["mentions"] += 1
        if group == "PERSON" and entry["role"] is None:
            entry["role"] = find_role(ent)
    doc._.entity_mentions = mentions
    doc._.organizations = list(groups["ORG"].values())
    doc._.people = list(groups["PERSON"].values())
    doc._.places = list(groups["PLACE"].values())
    return doc
