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
``replacement_char``        U+FFFD left in the text (damage done before the page reached
                            us); counted, not removed
``mojibake``                UTF-8 read as windows-1252/Latin-1 (``â€™`` → ``’``), by ftfy
``unicode_nfc``             text not in Unicode NFC
``nbsp``                    no-break / narrow / other fixed-width spaces → a space
``zero_width``              zero-width characters, soft hyphens, BOMs removed
``control``                 control characters removed
``double_period``           ``..`` (or ``.”.``) at a sentence end → ``.``
``quote_spacing``           a space on the wrong side of a quote mark
``space_before_punct``      a space before ``, . ; : ! ?``
``whitespace``              runs of white space collapsed; line breaks (also Windows
                            ``\r\n``), tabs, vertical tabs, line separators → a space
``bullet``                  a bullet character written at the start of a paragraph
==========================  ==============================================================

The extract stage adds ``furniture`` and ``duplicate_paragraph`` (paragraphs dropped),
``charset_mismatch`` (the page declared another encoding than the one its bytes are in) and
``mixed_encoding`` (stray windows-1252 bytes in a UTF-8 page), see
:mod:`pipeline.extract.decode`.

Quotes and dashes are otherwise kept as the page wrote them. French text (``language="fr"``)
keeps its spaces before ``; : ! ?`` and inside ``« »``.

Text that only looks like an entity is left alone: ``R&D``, ``AT&T``, ``&copyright``, a
numeric reference without ``;`` to a control character (``Room &#12``), and every code
sample the caller passes in ``keep`` (the text of ``<pre>``/``<code>`` elements: a tutorial
that shows ``&#160;`` means those six characters). A kept string is kept wherever it occurs
in the paragraph, also outside the code element: the paragraph is plain text by then.

:func:`is_furniture` tells paragraphs that are not article text ("Share", "Read more",
photo credits, newsletter prompts, the headline repeated). Its rules are data:
``furniture_<lang>.json`` next to this module, with ``exact`` lines and regex ``patterns``;
every language also gets the English list (site chrome is often English), and a spider adds
its own lines and patterns (``Spider.furniture_lines`` / ``Spider.furniture_patterns``).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from html.entities import html5 as _HTML5_ENTITIES
from pathlib import Path

import ftfy
from ftfy import fixes as _ftfy_fixes

__all__ = ["clean_inline", "clean_text", "decode_entities", "furniture_rules", "is_furniture"]

_RULES_DIR = Path(__file__).parent

# -- entities ---------------------------------------------------------------------------------
#: ``&amp;`` escaping another entity (``&amp;#160;``, ``&amp;amp;quot;``).
_DOUBLE_ESCAPED = re.compile(
    r"&(?:amp;)+(?=#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};|# \d)"
)
#: Numeric references with stray spaces: ``&# 160;``, ``&#160 ;``, ``& #160;``, ``&#x a0;``.
_BROKEN_NUMERIC = re.compile(
    r"&[ \t\u00a0]*#[ \t\u00a0]*"
    r"(?:([0-9]{2,7})|[xX][ \t\u00a0]*([0-9a-fA-F](?:[ \t\u00a0]?[0-9a-fA-F]){0,5}))"
    r"[ \t\u00a0]*;"
)
#: Well-formed references, decoded by the same rules a browser uses.
_NUMERIC = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));?")
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
#: Upper-case spellings some CMSs write (``&NBSP;``, ``&RSQUO;``) that HTML does not define.
_UPPER_NAMED = frozenset(
    {
        "NBSP",
        "RSQUO",
        "LSQUO",
        "RDQUO",
        "LDQUO",
        "MDASH",
        "NDASH",
        "HELLIP",
        "LAQUO",
        "RAQUO",
        "EURO",
        "BULL",
        "MIDDOT",
        "DEG",
        "SHY",
    }
)
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
#: Any character the space and zero-width steps act on (a cheap test first).
_INVISIBLE = re.compile(
    "[\u00a0\u202f\u2007\u2000-\u2006\u2008-\u200f\u205f\u3000\u1680"
    "\u2060-\u2064\ufeff\u00ad\u180e]"
)
#: UTF-8 read as a single-byte code page turns each multi-byte sequence into two or more
#: non-ASCII characters in a row (or a Latin-1 lead character before a space, where a
#: no-break space byte was lost): text without either cannot be mojibake, and skips ftfy.
#: (Written as one character class first, which the regex engine scans for quickly.)
_MAYBE_MOJIBAKE = re.compile("[^\x00-\x7f](?:[^\x00-\x7f]|(?<=[\u00c2-\u00f4]) )")
#: The same lead character ending a text right after a word or a stop: its no-break space
#: was cut off with the trailing white space before the text reached the clean stage (ftfy
#: judges it with the space put back). After a space it is left: ftfy's verdict on a lone
#: letter there is not reliable.
_MOJIBAKE_AT_END = re.compile("(?<=[^\\s\u00c0-\u00ff])[\u00c2-\u00f4]$")
_JOINERS = re.compile("[\u200c-\u200f]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_C1 = re.compile("[\x80-\x9f]")
#: After the steps before it, the only white space left is the ASCII space.
_WS_RUN = re.compile(r" {2,}")
_LEADING_BULLET = re.compile(r"^\s*[•·▪●■◦‣∙]\s+")
_ANY_WS = re.compile("[\t\r\n\f\v\x85\u2028\u2029]")

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
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ ]+(?=[,;!?]|:(?![:)(])|\.(?![.\d\w]))")
_SPACE_PUNCT = re.compile(" [,;:!?.]")
_SPACE_BEFORE_PUNCT_FR = re.compile(r"(?<=\S)[ ]+(?=,|\.(?![.\d\w]))")
#: ``word ,word`` → ``word, word`` (a space on the wrong side of a comma or semicolon).
_SPACE_WRONG_SIDE = re.compile(r"(?<=[^\W\d_]) ([,;])(?=[^\W\d_])")
#: Placeholders for protected spans: characters of Supplementary Private Use Area-B.
_KEEP_BASE = 0x100000
_KEEP_PLANE = re.compile("[\U00100000-\U0010ffff]")


def clean_text(
    s: str,
    counts: Counter[str],
    *,
    language: str | None = None,
    keep: Iterable[str] = (),
) -> str:
    """Repair one block of text (a paragraph); every repair is added to ``counts``.

    White space is collapsed to single spaces, so the result is one line. ``language``
    (ISO 639-1) selects the typography rules; each string of ``keep`` that occurs in ``s``
    (a code sample) is passed through untouched.
    """
    if not s:
        return ""
    s, kept = _protect(s, keep)
    s = _fix_entities(s, counts)
    s = _fix_characters(s, counts)
    s = _fix_whitespace(s, counts)
    s = _fix_typography(s, counts, french=(language or "").lower().startswith("fr"))
    if not s.isascii():  # the bullet characters are not ASCII
        s, n = _LEADING_BULLET.subn("", s)
        counts["bullet"] += n
    s = s.strip()
    return _restore(s, kept) if kept else s


def clean_inline(s: str | None, counts: Counter[str], *, language: str | None = None) -> str:
    """Repair a short inline field (title, author, tag): :func:`clean_text` plus trimming
    of stray separators and wrapping white space."""
    if not s:
        return ""
    out = clean_text(s, counts, language=language)
    return out.strip(" |·•-–—:;,").strip()


def decode_entities(s: str, counts: Counter[str] | None = None) -> str:
    """Only the entity repairs of :func:`clean_text` (broken, double-escaped, semicolon-less,
    C1 references); for fields that are split on ``&`` or ``;`` before they are cleaned
    (author lists)."""
    return _fix_entities(s, counts if counts is not None else Counter())


def _protect(s: str, keep: Iterable[str]) -> tuple[str, list[str]]:
    """Replace each ``keep`` string found in ``s`` by one private-use placeholder."""
    kept: list[str] = []
    found = [k for k in keep if len(k) >= 2 and k in s]
    if not found or _KEEP_PLANE.search(s):
        return s, kept  # nothing to keep, or the text already uses the placeholders' plane
    for snippet in sorted(set(found), key=len, reverse=True):
        if snippet in s and len(kept) < 0xFFFD - 1:
            s = s.replace(snippet, chr(_KEEP_BASE + len(kept)))
            kept.append(snippet)
    return s, kept


def _restore(s: str, kept: list[str]) -> str:
    return re.sub(
        f"[{chr(_KEEP_BASE)}-{chr(_KEEP_BASE + len(kept) - 1)}]",
        lambda m: kept[ord(m.group(0)) - _KEEP_BASE],
        s,
    )


# -- steps ------------------------------------------------------------------------------------
def _fix_entities(s: str, counts: Counter[str]) -> str:
    if "&" not in s:
        return s
    s, n = _DOUBLE_ESCAPED.subn("&", s)
    counts["entity_double_escaped"] += n

    def broken(m: re.Match[str]) -> str:
        code = int(m.group(1)) if m.group(1) is not None else int(re.sub(r"\s", "", m.group(2)), 16)
        char = _codepoint(code, counts)
        if char is None:
            return m.group(0)
        counts["entity_broken" if re.search(r"\s", m.group(0)) else "entity"] += 1
        return char

    s = _BROKEN_NUMERIC.sub(broken, s)

    def numeric(m: re.Match[str]) -> str:
        code = int(m.group(1)) if m.group(1) is not None else int(m.group(2), 16)
        if not m.group(0).endswith(";") and (code < 0x20 or code == 0x7F):
            return m.group(0)  # "Room &#12": a number sign, not a reference to a control
        char = _codepoint(code, counts)
        if char is None:
            return m.group(0)
        counts["entity"] += 1
        return char

    s = _NUMERIC.sub(numeric, s)

    def named(m: re.Match[str]) -> str:
        key = m.group(1) + ";"
        if key in _HTML5_ENTITIES:
            counts["entity"] += 1
            return _HTML5_ENTITIES[key]
        if m.group(1) in _UPPER_NAMED:
            counts["entity_broken"] += 1
            return _HTML5_ENTITIES[m.group(1).lower() + ";"]
        return m.group(0)

    s = _NAMED.sub(named, s)

    def no_semicolon(m: re.Match[str]) -> str:
        counts["entity_no_semicolon"] += 1
        return html.unescape(f"&{m.group(1) or m.group(2)};")

    return _NAMED_NO_SEMICOLON.sub(no_semicolon, s)


def _codepoint(code: int, counts: Counter[str]) -> str | None:
    """The character a numeric reference stands for; None for a code point no text holds."""
    if 0x80 <= code <= 0x9F:
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: nothing printable
        counts["entity_c1"] += 1
        return char
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code >= _KEEP_BASE:
        return None
    return chr(code)


def _fix_characters(s: str, counts: Counter[str]) -> str:
    if not s.isascii() and _C1.search(s):  # C1 characters are not ASCII
        fixed = _ftfy_fixes.fix_c1_controls(s)
        if fixed != s:
            counts["c1_control"] += sum(1 for _ in _C1.finditer(s))
            s = fixed
    if not s.isascii():
        if _MAYBE_MOJIBAKE.search(s):
            fixed = ftfy.fix_encoding(s)
            if fixed != s:
                counts["mojibake"] += 1
                s = fixed
        # the lead character sits last (or before a final "\n"), after the character it
        # looks behind at: the last three characters hold every place the pattern can match
        if _MOJIBAKE_AT_END.search(s[-3:]):  # ftfy judges it with the lost space put back
            fixed = ftfy.fix_encoding(s + " ")
            if fixed != s + " ":
                counts["mojibake"] += 1
                s = fixed
        if not unicodedata.is_normalized("NFC", s):
            counts["unicode_nfc"] += 1
            s = unicodedata.normalize("NFC", s)
        if _INVISIBLE.search(s):
            s, n = _SPACES.subn(" ", s)
            counts["nbsp"] += n
            s, n = _ZERO_WIDTH_ALWAYS.subn("", s)
            counts["zero_width"] += n
            if _JOINERS.search(s):
                s, n = _ZERO_WIDTH_CONTEXT.subn("", s)
                counts["zero_width"] += n
        if "\ufffd" in s:
            counts["replacement_char"] += s.count("\ufffd")
    # printable text holds no control character, line or paragraph separator (a cheap test)
    if not s.isprintable() and _CONTROL.search(s):
        s, n = _CONTROL.subn("", s)
        counts["control"] += n
    return s


def _fix_whitespace(s: str, counts: Counter[str]) -> str:
    if not s.isprintable() and _ANY_WS.search(s):
        s, n = _ANY_WS.subn(" ", s)
        counts["whitespace"] += n
    if "  " in s:
        s, n = _WS_RUN.subn(" ", s)
        counts["whitespace"] += n
    return s


def _fix_typography(s: str, counts: Counter[str], *, french: bool = False) -> str:
    # One repair can make another one due (". ." → ".." → "."): repeat until nothing changes.
    for _ in range(4):
        before = s
        s = _typography_pass(s, counts, french=french)
        if s == before:
            break
    return s


def _typography_pass(s: str, counts: Counter[str], *, french: bool) -> str:
    # Each rule runs only when the characters it needs are there (the cheap test first).
    if ".." in s:
        s, n = _DOUBLE_PERIOD.subn(".", s)
        counts["double_period"] += n
    if '".' in s or "”." in s or "»." in s:  # _PERIOD_QUOTE_PERIOD needs one
        s, n = _PERIOD_QUOTE_PERIOD.subn(r"\1\2", s)
        counts["double_period"] += n
    if " ”" in s or " »" in s:
        s = _move_closing_quotes(s, counts)
    if not french and "«" in s and not _french_spacing(s):
        for pattern in (_OPEN_SPACE[0], _CLOSE_SPACE[0]):
            s, n = pattern.subn("«\\1»", s)
            counts["quote_spacing"] += n
    if "“" in s:
        for pattern in (_OPEN_SPACE[1], _CLOSE_SPACE[1]):
            s, n = pattern.subn("“\\1”", s)
            counts["quote_spacing"] += n
    if _SPACE_PUNCT.search(s):
        s, n = _SPACE_WRONG_SIDE.subn(r"\1 ", s)
        counts["space_before_punct"] += n
        s, n = (_SPACE_BEFORE_PUNCT_FR if french else _SPACE_BEFORE_PUNCT).subn("", s)
        counts["space_before_punct"] += n
    return s


def _move_closing_quotes(s: str, counts: Counter[str]) -> str:
    """``witnesses, ”said`` → ``witnesses,” said``, but only for a mark that closes a quote
    opened before it (``“``/``«``): ``were ”dwindling.”`` uses ``”`` to open, and stays."""

    def move(m: re.Match[str]) -> str:
        quote = m.group(1)
        before = s[: m.start()]
        opening = "“" if quote == "”" else "«"
        if before.count(opening) <= before.count(quote):
            return m.group(0)
        counts["quote_spacing"] += 1
        return quote + " "

    return _SPACE_BEFORE_CLOSE_QUOTE.sub(move, s)


def _french_spacing(s: str) -> bool:
    """Guillemets spaced on both sides on purpose (French: ``« mot »``)."""
    return bool(re.search(r"«\s[^«»]+\s»", s))


# -- furniture --------------------------------------------------------------------------------
Rules = tuple[frozenset[str], tuple[re.Pattern[str], ...]]


@lru_cache(maxsize=64)
def furniture_rules(
    language: str = "en", lines: tuple[str, ...] = (), patterns: tuple[str, ...] = ()
) -> Rules:
    """The furniture rules of ``language``: its list (``furniture_<lang>.json``) plus the
    English one, plus a spider's extra ``lines`` and ``patterns``; exact lines (normalized)
    and compiled patterns."""
    lang = (language or "en").lower()[:2]
    exact: set[str] = set()
    compiled: list[re.Pattern[str]] = []
    for code in dict.fromkeys((lang, "en")):
        path = _RULES_DIR / f"furniture_{code}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        exact.update(_normal(line) for line in data.get("exact", []))
        compiled.extend(re.compile(p, re.I) for p in data.get("patterns", []))
    exact.update(_normal(line) for line in lines)
    compiled.extend(re.compile(p, re.I) for p in patterns)
    return frozenset(exact), tuple(compiled)


def is_furniture(
    paragraph: str,
    *,
    title: str | None = None,
    language: str | None = "en",
    lines: Iterable[str] = (),
    patterns: Iterable[str] = (),
) -> bool:
    """Whether a paragraph is page furniture rather than article text.

    Furniture is a line of the language's rules ("Share", "I will follow", "Read more", a
    photo credit, a newsletter prompt…), one of the spider's extra ``lines`` or
    ``patterns`` (regexes, searched case-insensitively), or the headline repeated in the
    body.
    """
    text = paragraph.strip()
    if not text:
        return True
    norm = _normal(text)
    if not norm:
        return True  # only punctuation or symbols
    if title and norm == _normal_title(title):
        return True
    exact, matches = _furniture_matcher(language or "en", tuple(lines), tuple(patterns))
    return norm in exact or matches(text)


@lru_cache(maxsize=64)
def _furniture_matcher(
    language: str, lines: tuple[str, ...], patterns: tuple[str, ...]
) -> tuple[frozenset[str], Callable[[str], bool]]:
    """The exact lines of :func:`furniture_rules` and a test whether any of its patterns
    matches a text: one search of the patterns joined as alternatives (they are anchored
    lines, so one scan costs a fraction of one search per pattern), or one search each
    when they cannot be joined (a pattern with groups, whose numbers joining would shift,
    or with global inline flags)."""
    exact, compiled = furniture_rules(language, lines, patterns)
    if not compiled:
        return exact, lambda text: False
    if all(p.groups == 0 for p in compiled):
        try:
            joined = re.compile("|".join(f"(?:{p.pattern})" for p in compiled), re.I)
        except re.error:
            pass
        else:
            return exact, lambda text: joined.search(text) is not None
    return exact, lambda text: any(p.search(text) for p in compiled)


@lru_cache(maxsize=256)
def _normal_title(title: str) -> str:
    """:func:`_normal` of a title (the same for every paragraph of a page)."""
    return _normal(title)


def _normal(text: str) -> str:
    """Case-folded, white space collapsed, without punctuation or symbols at either end."""
    t = text.casefold()
    start, end = 0, len(t)
    while start < end and not t[start].isalnum():
        start += 1
    while end > start and not t[end - 1].isalnum():
        end -= 1
    t = t[start:end]
    # a cleaned paragraph is printable (its only white space single ASCII spaces, none at
    # its ends, which are alphanumeric): nothing to collapse
    if t.isprintable() and "  " not in t:
        return t
    return " ".join(t.split())
