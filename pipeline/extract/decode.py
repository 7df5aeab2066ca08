"""Decode stage: the bytes of a page → text, with the encoding that was used.

The encoding is chosen in this order: a byte-order mark, the ``charset`` of the HTTP
``Content-Type`` header, a ``<meta charset>`` (or ``http-equiv``) in the first bytes of the
document, then statistical detection (charset-normalizer). Valid UTF-8 with non-ASCII bytes
wins over a declared single-byte charset (servers send a default ``ISO-8859-1`` for UTF-8
pages). A declared encoding is only trusted when the bytes decode under it strictly, without
many U+FFFD characters and, for single-byte codecs, without the letter soup of a wrong code
page (``оПЕГХДЕМР`` for windows-1251 read as KOI8-R); otherwise the bytes are detected again,
so a lying header or a page declared UTF-8 but delivered as windows-1252 still reads
correctly. A UTF-8 page with a few stray windows-1252 bytes (a quote pasted from a word
processor) is read as UTF-8 with those bytes read as windows-1252.

Nothing is decoded with replacement characters: every attempt is strict, and the last resort
is windows-1252 with its five undefined bytes kept as the code points of the same number.
U+FFFD characters the page itself carries are counted (:attr:`Decoded.replacement_chars`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from ftfy.badness import is_bad

from pipeline.errors import BinaryInputError, EmptyInputError

__all__ = ["Decoded", "decode_html", "decode_page", "normalize_encoding", "sniff_binary"]

#: How far into the document a ``<meta charset>`` is looked for.
META_SCAN_BYTES = 4096

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Magic numbers of binary formats a crawler meets instead of HTML.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)

_HEADER_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I | re.S
)

#: Labels that browsers (WHATWG Encoding) decode with another codec than Python would.
_ALIASES = {
    "latin1": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "x_user_defined": "cp1252",
}

#: Share of U+FFFD characters above which a decoding is considered wrong.
_MAX_REPLACEMENT_SHARE = 0.001


def normalize_encoding(label: str | None) -> str | None:
    """Python codec name for an encoding label (``"UTF8"`` → ``"utf-8"``); None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    key = name.replace("-", "_")
    name = _ALIASES.get(key, name)
    return "utf-8" if name in ("utf_8", "utf-8", "utf_8_sig") else name


#: Mess ratio (charset-normalizer) above which a single-byte decoding is suspected wrong.
_MAX_MESS = 0.02
#: Codecs with one byte per character, where any byte sequence decodes "successfully".
_MULTI_BYTE = ("utf-8", "utf-16", "utf-32", "gb18030", "big5", "cp932", "cp949", "euc", "iso2022")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: C0 control bytes that text never holds (tab, line feeds, form feed and escape excepted).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])
_MARKUP = re.compile(r"<\s*[!/?A-Za-z]")
_TAGS = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>|<[^>]*>")


@dataclass(frozen=True)
class Decoded:
    """A decoded page and how it was decoded."""

    text: str
    #: Python codec name actually used (``"utf-8"``, ``"cp1252"``, ``"koi8-r"``…).
    encoding: str
    #: What decided it: ``bom``, ``utf-8`` (valid UTF-8), ``header``, ``meta``,
    #: ``utf-8+cp1252`` (UTF-8 with stray windows-1252 bytes), ``detected`` or ``fallback``.
    source: str
    #: The codec the page declared first (HTTP header, then ``<meta>``), when it named one.
    declared: str | None = None
    #: Invalid UTF-8 bytes read as windows-1252 in a page that is otherwise UTF-8.
    repaired_bytes: int = 0
    #: U+FFFD characters in the text (damage done before the page reached us).
    replacement_chars: int = 0
    #: NUL bytes removed from a text page before decoding.
    nul_bytes: int = 0

    @property
    def mismatch(self) -> bool:
        """Whether the page declared one encoding and was decoded with another."""
        return self.declared is not None and self.declared != self.encoding


def decode_html(data: bytes, *, content_type: str | None = None) -> tuple[str, str]:
    """Decode the bytes of an HTML page; returns ``(text, encoding)``.

    See :func:`decode_page` for the rules and the errors raised.
    """
    decoded = decode_page(data, content_type=content_type)
    return decoded.text, decoded.encoding


def decode_page(data: bytes, *, content_type: str | None = None) -> Decoded:
    """Decode the bytes of an HTML page, reporting how (see the module docstring).

    Raises :class:`EmptyInputError` for empty or whitespace-only input and
    :class:`BinaryInputError` for bytes that are not text (a PDF, an image, an archive,
    more than a few NUL bytes outside UTF-16/32). UTF-16/32 without a byte-order mark is
    read when ``content_type`` names it; a few NUL bytes in a text page are removed and
    counted (:attr:`Decoded.nul_bytes`).
    """
    if not data or not data.strip():
        raise EmptyInputError("input is empty", stage="decode")
    by_bom = _by_bom(data)
    if by_bom is not None:
        return by_bom

    declared = _declared(data, content_type)
    first = normalize_encoding(declared[0][1]) if declared else None
    if first is not None and first.startswith(("utf-16", "utf-32")):
        wide = _decode_wide(data, first)  # no BOM, but the header names UTF-16/32
        if wide is not None:
            codec = wide_codec(data, first)
            return _result(wide, codec, declared[0][0], codec)
    sniffed = _sniff_wide(data)
    if sniffed is not None:  # no BOM, no declaration: the NUL bytes of ASCII markup tell
        return _result(sniffed[0], sniffed[1], "detected", first)
    _reject_binary(data)
    nuls = data.count(b"\x00")
    if nuls:  # a few NUL bytes in a text page: dropped (and counted), the page is read
        data = data.replace(b"\x00", b"")
    decoded = _decode_text(data, declared, first)
    return replace(decoded, nul_bytes=nuls) if nuls else decoded


def _decode_text(data: bytes, declared: list[tuple[str, str]], first: str | None) -> Decoded:
    """Decode bytes with no BOM and no NUL (see the module docstring for the order)."""

    # Valid UTF-8 with non-ASCII bytes is almost never an accident: it wins over a declared
    # single-byte charset (servers often send a default "ISO-8859-1" for UTF-8 pages).
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and not data.isascii() and _plausible(utf8):
        return _result(utf8, "utf-8", "utf-8", first)
    if utf8 is None:
        mixed = _utf8_with_cp1252(data)
        if mixed is not None:
            return _result(mixed[0], "utf-8", "utf-8+cp1252", first, mixed[1])
    by_declaration = _by_declaration(data, declared, first)
    if by_declaration is not None:
        return by_declaration
    return _by_detection(data, utf8, first)


def _by_bom(data: bytes) -> Decoded | None:
    """The page decoded by its byte-order mark, if it has one that decodes it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _result(data[len(bom) :].decode(encoding), encoding, "bom")
            except UnicodeDecodeError:
                return None  # a BOM followed by garbage: the other checks decide
    return None


def _by_declaration(
    data: bytes, declared: list[tuple[str, str]], first: str | None
) -> Decoded | None:
    """The page decoded by the first declared charset that reads it plausibly (a messy
    reading gives way to a detected one that is much less messy); None: detect instead."""
    for source, label in declared:
        charset = normalize_encoding(label)
        if charset is None or charset.startswith(("utf-16", "utf-32")):
            continue  # a page that is readable as ASCII cannot be UTF-16
        strict = _strict(data, charset)
        if strict is None or not _plausible(strict):
            return None  # the declaration is wrong: detect instead of trying weaker hints
        if strict.isascii() or charset.startswith(_MULTI_BYTE):
            return _result(strict, charset, source, first)
        mess = _mess(strict)
        if mess <= _MAX_MESS:
            return _result(strict, charset, source, first)
        detected = _detect(data)
        if detected is not None and _mess(detected[0]) < mess / 2:
            return _result(detected[0], detected[1], "detected", first)
        return _result(strict, charset, source, first)
    return None


def _by_detection(data: bytes, utf8: str | None, first: str | None) -> Decoded:
    """No usable declaration: UTF-8 when it reads plausibly, else what detection finds,
    else Windows-1252."""
    if utf8 is not None and _plausible(utf8):
        return _result(utf8, "utf-8", "utf-8", first)
    detected = _detect(data)
    if utf8 is not None:
        # valid UTF-8 carrying many U+FFFD: another reading must prove itself less messy
        if (
            detected is not None
            and detected[1] != "utf-8"
            and not is_bad(_sample(detected[0]))  # UTF-8 read as a single-byte code page
            and _mess(detected[0]) < _mess(utf8)
        ):
            return _result(detected[0], detected[1], "detected", first)
        return _result(utf8, "utf-8", "detected", first)
    if detected is not None:
        return _result(detected[0], detected[1], "detected", first)
    # Windows-1252 decodes almost anything; its five undefined bytes are kept as the C1
    # code points of the same number (as browsers do), never replaced.
    return _result(_cp1252_fallback(data), "cp1252", "fallback", first)


def _result(
    text: str, encoding: str, source: str, declared: str | None = None, repaired: int = 0
) -> Decoded:
    return Decoded(text, encoding, source, declared, repaired, text.count("\ufffd"))


def _declared(data: bytes, content_type: str | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if content_type:
        m = _HEADER_CHARSET.search(content_type.encode("latin-1", "replace"))
        if m:
            out.append(("header", m.group(1).decode("ascii")))
    m = _META_CHARSET.search(data[:META_SCAN_BYTES])
    if m:
        out.append(("meta", m.group(1).decode("ascii")))
    return out


def _reject_binary(data: bytes) -> None:
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"input looks like {what}, not HTML", stage="decode")
    if sniff_binary(data) is not None:
        raise BinaryInputError("input looks like binary data (NUL bytes), not HTML", stage="decode")


def sniff_binary(data: bytes) -> str | None:
    """``"nul"`` when the first 64 KiB hold NUL bytes among more than 1 % control bytes and
    are not UTF-16/32 markup; None for text (a stray NUL or two in a page is still text)."""
    head = data[:65536]
    if b"\x00" not in head:
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls <= len(head) // 100 or _sniff_wide(head[: len(head) - len(head) % 4]):
        return None
    return "nul"


def wide_codec(data: bytes, codec: str) -> str:
    """The byte order of UTF-16/32 text without a BOM: ``codec`` as named when it says
    (``utf-16-be``), else read from where the NUL bytes of ASCII characters fall."""
    if codec.endswith(("-le", "-be")):
        return codec
    width = 4 if codec.startswith("utf-32") else 2
    head = data[: 4096 - 4096 % width]
    big = sum(1 for i in range(0, len(head), width) if head[i] == 0)
    little = sum(1 for i in range(width - 1, len(head), width) if head[i] == 0)
    return f"{codec[:6]}-{'be' if big > little else 'le'}"


def _sniff_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-16/32 markup without a BOM, told by its NUL bytes (half or three quarters of the
    bytes of ASCII characters); ``(text, codec)`` or None."""
    head = data[:4096]
    share = head.count(b"\x00") / max(1, len(head))
    if share < 0.3:
        return None
    for codec in ("utf-32", "utf-16") if share > 0.6 else ("utf-16",):
        text = _decode_wide(data, codec)
        if text is not None and "\x00" not in text[:4096]:
            return text, wide_codec(data, codec)
    return None


def _decode_wide(data: bytes, codec: str) -> str | None:
    """UTF-16/32 bytes without a BOM, decoded strictly; None when they are not that."""
    if len(data) % (4 if codec.startswith("utf-32") else 2):
        return None
    text = _strict(data, wide_codec(data, codec))
    return text if text is not None and _MARKUP.search(text[:4096]) else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad == 0 or bad <= len(text) * _MAX_REPLACEMENT_SHARE


# -- UTF-8 with stray windows-1252 bytes --------------------------------------------------------
#: Byte value → the character windows-1252 gives it (its five undefined bytes → the C1 code
#: point of the same number, as browsers do).
_CP1252_BYTE = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
#: Lone surrogates left by ``surrogateescape`` → the windows-1252 reading of their byte.
_ESCAPED_TO_CP1252 = {0xDC00 + b: _CP1252_BYTE[b] for b in range(0x80, 0x100)}
_ESCAPED = re.compile("[\udc80-\udcff]")
#: Latin-1 text → windows-1252 text (only 0x80–0x9F differ).
_LATIN1_TO_CP1252 = {b: _CP1252_BYTE[b] for b in range(0x80, 0xA0)}


def _utf8_with_cp1252(data: bytes) -> tuple[str, int] | None:
    """A page that is UTF-8 but for a few bytes; None when it is not mostly UTF-8."""
    sequences = len(_UTF8_SEQUENCE.findall(data))
    if sequences < 4:
        return None
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    if bad * 4 > sequences:
        return None
    return text.translate(_ESCAPED_TO_CP1252), bad


def _cp1252_fallback(data: bytes) -> str:
    """Windows-1252 that never fails: undefined bytes are kept as C1 code points."""
    return data.decode("latin-1").translate(_LATIN1_TO_CP1252)


# -- detection ------------------------------------------------------------------------------
def _sample(text: str) -> str:
    """The visible text of (the start of) a page, for judging a decoding."""
    return " ".join(_TAGS.sub(" ", text[:200_000]).split())[:20_000]


def _mess(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    return float(mess_ratio(_sample(text), 1.0))


def _detect(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # Among equally good guesses prefer windows-1252, the web's default single-byte
    # charset (charset-normalizer often ranks cp1250 first for French or Spanish).
    for m in matches[1:]:
        if (
            m.encoding == "cp1252"
            and m.chaos <= best.chaos
            and m.coherence >= best.coherence - 0.02
        ):
            best = m
            break
    encoding = normalize_encoding(best.encoding) or best.encoding
    text = _strict(data, encoding)
    return (text, encoding) if text is not None else None
