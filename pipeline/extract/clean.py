"""Clean stage: repair the text of article fields and recognise page furniture.

:func:`clean_text` repairs one block of text (a paragraph) and counts every repair in a
``Counter`` under a short key, so a record says how much was fixed:

==========================  ==============================================================
key                         repair
==========================  ==============================================================
``entity``                  a literal HTML entity left in the text (``&quot;``)
``entity_broken``           a numeric entity with spaces in it (``&# 160;``, ``&#x a0;``)
``entity_double_escaped``   an entity escaped twice or more (``&amp;#160;``)
``entity_no_semicolon``     a named entity without its semicolon (``&nbsp``)
``entity_c1``               a numeric reference into the C1 range, read as windows-1252
``c1_control``              a raw C1 control character, read as windows-1252
``mojibake``                UTF-8 read as windows-1252/Latin-1 (``â€™`` → ``’``), by ftfy
``unicode_nfc``             text not in Unicode NFC
``nbsp``                    no-break / narrow / other fixed-width spaces → a space
``zero_width``              zero-width characters, soft hyphens, BOMs removed
``control``                 control characters removed
``double_period``           ``..`` (or ``.”.``) at a sentence end → ``.``
``quote_spacing``           a space on the wrong side of a quote mark
``space_before_punct``      a space before ``, . ; : ! ?``
``whitespace``              runs of white space collapsed
``bullet``                  a bullet character written at the start of a paragraph
==========================  ==============================================================

Quotes and dashes are otherwise kept as the page wrote them.

:func:`is_furniture` tells paragraphs that are not article text ("Share", "Read more",
photo credits, the headline repeated). Its rules are data: ``furniture_<lang>.json`` next
to this module, with ``exact`` lines and regex ``patterns``.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from html.entities import html5 as _HTML5_ENTITIES
from pathlib import Path

import ftfy
from ftfy import fixes as _ftfy_fixes

__all__ = ["clean_inline", "clean_text", "furniture_rules", "is_furniture"]

_RULES_DIR = Path(__file__).parent

# -- entities ---------------------------------------------------------------------------------
#: ``&amp;`` escaping another entity (``&amp;#160;``, ``&amp;amp;quot;``).
_DOUBLE_ESCAPED = re.compile(
    r"&(?:amp;)+(?=#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};|# \d)"
)
#: Numeric references with stray spaces: ``&# 160;``, ``&#160 ;``, ``& #160;``, ``&#x a0;``.
_BROKEN_NUMERIC = re.compile(
    r"&[ \t\u00a0]?#[ \t\u00a0]?"
    r"(?:([0-9]{2,7})|[xX][ \t\u00a0]?([0-9a-fA-F](?:[ \t\u00a0]?[0-9a-fA-F]){0,5}))"
    r"[ \t\u00a0]?;"
)
#: Well-formed references, decoded by the same rules a browser uses.
_NUMERIC = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
#: Named entities a page writes without the semicolon; decoded only when the next
#: character is not a letter or digit (so ``R&D``, ``AT&T`` and ``&copyright`` stay).
_LEGACY_NO_SEMICOLON = (
    "nbsp|laquo|raquo|quot|amp|lt|gt|copy|reg|shy|mdash|ndash|hellip|rsquo|lsquo|rdquo|ldquo"
    "|bdquo|sbquo|middot|bull|deg|euro|pound|eacute|egrave|aacute|agrave|oacute|uacute|ntilde"
    "|ccedil|uuml|ouml|auml|szlig|iacute|acirc|ecirc|ocirc"
)
_NAMED_NO_SEMICOLON = re.compile(rf"&(?:({_LEGACY_NO_SEMICOLON})(?![A-Za-z0-9;])|(nbsp)(?!;))")

# -- characters -------------------------------------------------------------------------------
_SPACES = re.compile("[\u00a0\u202f\u2007\u2000-\u2006\u2008-\u200a\u205f\u3000\u1680]")
_ZERO_WIDTH_ALWAYS = re.compile("[\u200b\u2060\ufeff\u00ad\u180e\u2061-\u2064]")
#: Joiners and direction marks: removed next to ASCII or space, kept inside scripts and emoji
#: sequences that need them.
_ZERO_WIDTH_CONTEXT = re.compile(
    "(?:(?<=[\\x00-\\x7f])|^)[\u200c\u200d\u200e\u200f]+|[\u200c\u200d\u200e\u200f]+(?=[\\x00-\\x7f]|$)"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_C1 = re.compile("[\x80-\x9f]")
_WS_RUN = re.compile(r"\s{2,}")
_LEADING_BULLET = re.compile(r"^\s*[•·▪●■◦‣∙]\s+")
_ANY_WS = re.compile(r"[\t\r\n\f\v]")

# -- typography -------------------------------------------------------------------------------
_DOUBLE_PERIOD = re.compile(r"(?<![.…])\.\.(?!\.)(?=[\s)\]”’»\"']|$)")
_PERIOD_QUOTE_PERIOD = re.compile(r"([.!?…])([”»\"])\.(?=\s|$)")
#: ``witnesses, ”said`` → ``witnesses,” said``.
_SPACE_BEFORE_CLOSE_QUOTE = re.compile(r"(?<=[\w,.!?;:…])\s+([”»])(?=\w)")
_OPEN_SPACE = (
    re.compile(r"«\s+([^«»\s][^«»]*?[^«»\s]|[^«»\s])»"),
    re.compile(r"“\s+([^“”\s][^“”]*?[^“”\s]|[^“”\s])”"),
)
_CLOSE_SPACE = (
    re.compile(r"«([^«»\s][^«»]*?[^«»\s]|[^«»\s])\s+»"),
    re.compile(r"“([^“”\s][^“”]*?[^“”\s]|[^“”\s])\s+”"),
)
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ ]+(?=[,;!?]|:(?!\)|\()|\.(?![.\d\w]))")


def clean_text(s: str, counts: Counter[str]) -> str:
    """Repair one block of text (a paragraph); every repair is added to ``counts``.

    White space is collapsed to single spaces, so the result is one line.
    """
    if not s:
        return ""
    s = _fix_entities(s, counts)
    s = _fix_characters(s, counts)
    s = _fix_whitespace(s, counts)
    s = _fix_typography(s, counts)
    s, n = _LEADING_BULLET.subn("", s)
    counts["bullet"] += n
    return s.strip()


def clean_inline(s: str | None, counts: Counter[str]) -> str:
    """Repair a short inline field (title, author, tag): :func:`clean_text` plus trimming
    of stray separators and wrapping white space."""
    if not s:
        return ""
    out = clean_text(s, counts)
    return out.strip(" |·•-–—:;,").strip()


# -- steps ------------------------------------------------------------------------------------
def _fix_entities(s: str, counts: Counter[str]) -> str:
    if "&" not in s:
        return s
    s, n = _DOUBLE_ESCAPED.subn("&", s)
    counts["entity_double_escaped"] += n

    def broken(m: re.Match[str]) -> str:
        counts["entity_broken" if re.search(r"\s", m.group(0)) else "entity"] += 1
        code = int(m.group(1)) if m.group(1) is not None else int(re.sub(r"\s", "", m.group(2)), 16)
        return _codepoint(code, counts, fallback=m.group(0))

    s = _BROKEN_NUMERIC.sub(broken, s)

    def numeric(m: re.Match[str]) -> str:
        counts["entity"] += 1
        code = int(m.group(1)) if m.group(1) is not None else int(m.group(2), 16)
        return _codepoint(code, counts, fallback=m.group(0))

    s = _NUMERIC.sub(numeric, s)

    def named(m: re.Match[str]) -> str:
        key = m.group(1) + ";"
        if key not in _HTML5_ENTITIES:
            return m.group(0)
        counts["entity"] += 1
        return _HTML5_ENTITIES[key]

    s = _NAMED.sub(named, s)

    def no_semicolon(m: re.Match[str]) -> str:
        counts["entity_no_semicolon"] += 1
        return html.unescape(f"&{m.group(1) or m.group(2)};")

    return _NAMED_NO_SEMICOLON.sub(no_semicolon, s)


def _codepoint(code: int, counts: Counter[str], *, fallback: str) -> str:
    if 0x80 <= code <= 0x9F:
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: nothing printable
        counts["entity_c1"] += 1
        return char
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return fallback
    return chr(code)


def _fix_characters(s: str, counts: Counter[str]) -> str:
    if _C1.search(s):
        fixed = _ftfy_fixes.fix_c1_controls(s)
        if fixed != s:
            counts["c1_control"] += sum(1 for _ in _C1.finditer(s))
            s = fixed
    if not s.isascii():
        fixed = ftfy.fix_encoding(s)
        if fixed != s:
            counts["mojibake"] += 1
            s = fixed
        normal = unicodedata.normalize("NFC", s)
        if normal != s:
            counts["unicode_nfc"] += 1
            s = normal
        s, n = _SPACES.subn(" ", s)
        counts["nbsp"] += n
        s, n = _ZERO_WIDTH_ALWAYS.subn("", s)
        counts["zero_width"] += n
        s, n = _ZERO_WIDTH_CONTEXT.subn("", s)
        counts["zero_width"] += n
    s, n = _CONTROL.subn("", s)
    counts["control"] += n
    return s


def _fix_whitespace(s: str, counts: Counter[str]) -> str:
    s = _ANY_WS.sub(" ", s)
    s, n = _WS_RUN.subn(" ", s)
    counts["whitespace"] += n
    return s


def _fix_typography(s: str, counts: Counter[str]) -> str:
    s, n = _DOUBLE_PERIOD.subn(".", s)
    counts["double_period"] += n
    s, n = _PERIOD_QUOTE_PERIOD.subn(r"\1\2", s)
    counts["double_period"] += n
    s, n = _SPACE_BEFORE_CLOSE_QUOTE.subn(r"\1 ", s)
    counts["quote_spacing"] += n
    for pattern, repl in ((p, "«\\1»") for p in (_OPEN_SPACE[0], _CLOSE_SPACE[0])):
        if not _french_spacing(s):
            s, n = pattern.subn(repl, s)
            counts["quote_spacing"] += n
    for pattern in (_OPEN_SPACE[1], _CLOSE_SPACE[1]):
        s, n = pattern.subn("“\\1”", s)
        counts["quote_spacing"] += n
    s, n = _SPACE_BEFORE_PUNCT.subn("", s)
    counts["space_before_punct"] += n
    return s


def _french_spacing(s: str) -> bool:
    """Guillemets spaced on both sides on purpose (French: ``« mot »``)."""
    return bool(re.search(r"«\s[^«»]+\s»", s))


# -- furniture --------------------------------------------------------------------------------
_TRIM = re.compile(r"^[\W_]+|[\W_]+$")


@lru_cache(maxsize=16)
def furniture_rules(language: str = "en") -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The furniture rules of ``language`` (English when it has none): exact lines and
    compiled patterns, loaded from ``furniture_<lang>.json``."""
    lang = (language or "en").lower()[:2]
    path = _RULES_DIR / f"furniture_{lang}.json"
    if not path.exists():
        path = _RULES_DIR / "furniture_en.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    exact = frozenset(_normal(line) for line in data.get("exact", []))
    patterns = tuple(re.compile(p, re.I) for p in data.get("patterns", []))
    return exact, patterns


def is_furniture(paragraph: str, *, title: str | None = None, language: str | None = "en") -> bool:
    """Whether a paragraph is page furniture rather than article text.

    Furniture is a line of the language's rules ("Share", "I will follow", "Read more", a
    photo credit…) or the headline repeated in the body.
    """
    text = paragraph.strip()
    if not text:
        return True
    norm = _normal(text)
    if not norm:
        return True  # only punctuation or symbols
    if title and norm == _normal(title):
        return True
    exact, patterns = furniture_rules(language or "en")
    if norm in exact:
        return True
    return any(p.search(text) for p in patterns)


def _normal(text: str) -> str:
    return " ".join(_TRIM.sub("", text.casefold()).split())
