"""People: titles, roles and name matching.

Roles come from the dependency parse and from title words:

* apposition to the right: "Marie Struthers, Director of Amnesty International for Eastern
  Europe and Central Asia, said" → "Director of Amnesty International for Eastern Europe and
  Central Asia"; the role stops at the end of the clause (comma, period, quote mark, a speech
  verb such as "said", a relative pronoun);
* apposition to the left: "Amnesty's director Marie Struthers" → "director of Amnesty"
  (a leading possessive "X's Y" is rewritten "Y of X");
* titles in front of the name: "President Alexander Lukashenko" → "President",
  "Foreign Minister Vladimir Makei" → "Foreign Minister", "Secretary of State Antony
  Blinken" → "Secretary of State". A title that the model put inside
  the PERSON span is split off the name.

Name matching: a one-word name ("Struthers", "Marie") is the same person as the one full
name of the article whose last (else first) word it is; when two full names share it, it
stays a person of its own.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

__all__ = ["HONORIFICS", "TITLE_WORDS", "find_role", "match_short_name", "split_title"]

#: Words that make a title when they stand right before a name (lowercased).
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "interior",
        "defence",
        "defense",
        "finance",
        "justice",
        "deputy",
        "chancellor",
        "senator",
        "sen.",
        "rep.",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "gov.",
        "mayor",
        "judge",
        "justice",
        "general",
        "gen.",
        "colonel",
        "col.",
        "lieutenant",
        "lt.",
        "major",
        "maj.",
        "captain",
        "capt.",
        "sergeant",
        "sgt.",
        "admiral",
        "adm.",
        "secretary",
        "secretary-general",
        "pope",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "ayatollah",
        "patriarch",
        "archbishop",
        "bishop",
        "cardinal",
        "rev.",
        "reverend",
        "father",
        "sister",
        "prof.",
        "professor",
        "ambassador",
        "envoy",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "founder",
        "leader",
        "opposition",
        "coach",
        "commissioner",
        "lawyer",
        "attorney",
        "activist",
        "journalist",
        "prosecutor",
        "chief",
        "head",
        "speaker",
        "premier",
        "president-elect",
        "first",
        "lady",
        "former",
        "acting",
        "interim",
    ]
)

#: Courtesy titles: stripped from names but not a role.
HONORIFICS = frozenset(
    {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "sir", "dame", "madam", "dr", "dr."}
)

_SPEECH_VERBS = frozenset(
    [
        "say",
        "says",
        "said",
        "tell",
        "tells",
        "told",
        "add",
        "adds",
        "added",
        "note",
        "notes",
        "noted",
        "state",
        "states",
        "stated",
        "explain",
        "explains",
        "explained",
        "write",
        "writes",
        "wrote",
        "declare",
        "declared",
        "insist",
        "insisted",
        "warn",
        "warned",
        "according",
    ]
)
_QUOTE_CHARS = frozenset('"“”«»„‘’')
_CLAUSE_STOP = frozenset(
    {",", ".", ";", ":", "!", "?", "(", ")", "—", "–", "who", "which", "whose"}
)
_DETERMINERS = ("the ", "a ", "an ")


def _is_title_token(tok: Token) -> bool:
    return tok.lower_ in TITLE_WORDS or tok.lower_ in HONORIFICS


def split_title(span: Span) -> tuple[int, str | None]:
    """Split title words off the front of a PERSON span.

    Returns the token index where the name proper starts and the title (None for none or a
    mere honorific such as "Mr."). At least one token is always left for the name.
    """
    i = span.start
    while i < span.end - 1 and _is_title_token(span.doc[i]):
        i += 1
    if i == span.start:
        return i, None
    words = [t.text for t in span.doc[span.start : i] if t.lower_ not in HONORIFICS]
    return i, (" ".join(words) or None)


def _preceding_title(doc: Doc, start: int) -> str | None:
    """Title words directly left of the name ("Foreign Minister" in "Foreign Minister X")."""
    i = start
    while i > 0:
        if doc[i - 1].lower_ in TITLE_WORDS and doc[i - 1].ent_type_ in ("", "PERSON"):
            i -= 1
        elif (
            i > 2
            and doc[i - 1].is_title
            and doc[i - 2].lower_ == "of"
            and doc[i - 3].lower_ in TITLE_WORDS
        ):
            i -= 3  # "Secretary of State Antony Blinken"
        else:
            break
    if i == start:
        return None
    words = doc[i:start]
    if all(t.lower_ in {"former", "acting", "interim", "first"} for t in words):
        return None
    # "Amnesty's director X" → "director of Amnesty".
    if i >= 2 and doc[i - 1].text in ("'s", "’s"):
        k = i - 1
        while k > 0 and doc[k - 1].pos_ in ("PROPN", "NOUN") and not doc[k - 1].is_sent_end:
            k -= 1
        if k < i - 1:
            owner = doc[k : i - 1].text
            if doc[k].ent_type_ == "" and k > 0 and doc[k - 1].lower_ == "the":
                owner = f"the {owner}"
            return f"{words.text} of {owner}"
    return words.text


def _clean_role(tokens: list[Token], head: Token | None = None) -> str | None:
    # Cut at the clause end (and before a second role coordinated with the first: "a
    # specialist at the World Bank and one of the report's authors"), then tidy up.
    kept: list[Token] = []
    for tok in tokens:
        if tok.text in _QUOTE_CHARS or tok.lower_ in _SPEECH_VERBS or tok.lower_ in _CLAUSE_STOP:
            break
        if head is not None and tok.dep_ == "cc" and tok.head == head:
            break
        kept.append(tok)
    if not kept:
        return None
    text = kept[0].doc[kept[0].i : kept[-1].i + 1].text.strip()
    return _rewrite_possessive(text)


_POSSESSIVE_PRONOUNS = ("its ", "their ", "his ", "her ", "our ")


def _rewrite_possessive(text: str) -> str | None:
    """ "Amnesty's director" → "director of Amnesty"; "its secretary general" → "secretary
    general"; a leading article is dropped. Only a possessive that *opens* the role is
    rewritten: "an adviser at Egypt's Ministry of Supply" stays as it is."""
    m = re.match(
        r"^(the )?((?:[A-Z][\w.&-]*\s?){1,4}|[a-z]+)\s?['’]s (.+)$", text, flags=re.IGNORECASE
    )
    if m and (" " not in m.group(2).strip() or m.group(2)[0].isupper()):
        text = f"{m.group(3)} of {(m.group(1) or '').lower()}{m.group(2).strip()}"
    low = text.lower()
    for pron in _POSSESSIVE_PRONOUNS:
        if low.startswith(pron):
            text = text[len(pron) :]
            low = text.lower()
            break
    for det in _DETERMINERS:
        if low.startswith(det):
            text = text[len(det) :]
            break
    return text or None


def find_role(span: Span) -> str | None:
    """The role the text gives the person of PERSON ``span``, or None.

    Tries, in order: a title inside the span, title words right before it, an apposition to
    the right, an apposition to the left (the name is the appositive of a common noun).
    """
    doc = span.doc
    _, title = split_title(span)
    if title:
        return title
    before = _preceding_title(doc, span.start)
    if before:
        return before
    root = span.root
    # Right apposition: "X, Director of Y, said".
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ != "PERSON":
            if child.pos_ not in ("NOUN", "PROPN"):
                continue
            start = child.left_edge.i
            if start < span.end:
                start = span.end
            while start < len(doc) and doc[start].is_punct:
                start += 1
            role = _clean_role(list(doc[start : child.right_edge.i + 1]), child)
            if role:
                return role
    # Left apposition: "Amnesty's director Marie Struthers".
    head = root.head
    if (
        root.dep_ == "appos"
        and head.i < span.start
        and head.pos_ in ("NOUN", "PROPN")
        and head.ent_type_ != "PERSON"
    ):
        toks = list(doc[head.left_edge.i : head.i + 1])
        if toks and not any(t.is_punct for t in toks):
            return _clean_role(toks)
    return None


def match_short_name(short: str, full_names: list[str]) -> str | None:
    """The full name a one-word name refers to: unique last-word match, else first-word."""
    for pos in (-1, 0):
        hits = {n for n in full_names if n.split()[pos] == short}
        if len(hits) == 1:
            return hits.pop()
    return None
