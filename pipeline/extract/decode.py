"""Decode stage: the bytes of a page → text, with the encoding that was used.

The encoding is chosen in this order: a byte-order mark, the ``charset`` of the HTTP
``Content-Type`` header, a ``<meta charset>`` (or ``http-equiv``) in the first bytes of the
document, then statistical detection (charset-normalizer). A declared encoding is only
trusted when the bytes decode under it strictly and without many U+FFFD characters;
otherwise the bytes are detected again, so a page declared UTF-8 but delivered as
windows-1252 still reads correctly. Nothing is decoded with replacement characters unless
every strict attempt has failed.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import BinaryInputError, EmptyInputError

__all__ = ["decode_html", "normalize_encoding"]

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


def decode_html(data: bytes, *, content_type: str | None = None) -> tuple[str, str]:
    """Decode the bytes of an HTML page; returns ``(text, encoding)``.

    Raises :class:`EmptyInputError` for empty or whitespace-only input and
    :class:`BinaryInputError` for bytes that are not text (a PDF, an image, an archive,
    anything with NUL bytes outside UTF-16/32).
    """
    if not data or not data.strip():
        raise EmptyInputError("input is empty", stage="decode")

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: fall through to the checks below

    _reject_binary(data)

    # Valid UTF-8 with non-ASCII bytes is almost never an accident: it wins over a declared
    # single-byte charset (servers often send a default "ISO-8859-1" for UTF-8 pages).
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and not data.isascii() and _plausible(utf8):
        return utf8, "utf-8"

    declared: list[str] = []
    if content_type:
        m = _HEADER_CHARSET.search(content_type.encode("latin-1", "replace"))
        if m:
            declared.append(m.group(1).decode("ascii"))
    m = _META_CHARSET.search(data[:META_SCAN_BYTES])
    if m:
        declared.append(m.group(1).decode("ascii"))

    for label in declared:
        encoding = normalize_encoding(label)
        if encoding is None or encoding.startswith(("utf-16", "utf-32")):
            continue  # a page that is readable as ASCII cannot be UTF-16
        text = _strict(data, encoding)
        if text is not None and _plausible(text):
            return text, encoding
        break  # the declaration is wrong: detect instead of trying weaker hints

    if utf8 is not None and _plausible(utf8):
        return utf8, "utf-8"
    return _detect(data)


def _reject_binary(data: bytes) -> None:
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"input looks like {what}, not HTML", stage="decode")
    if b"\x00" in data[:65536]:
        raise BinaryInputError("input looks like binary data (NUL bytes), not HTML", stage="decode")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _plausible(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad == 0 or bad <= len(text) * _MAX_REPLACEMENT_SHARE


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if matches:
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
        if text is not None:
            return text, encoding
    # Windows-1252 decodes almost anything; the last resort keeps every byte visible.
    text = _strict(data, "cp1252")
    if text is not None:
        return text, "cp1252"
    return data.decode("utf-8", errors="replace"), "utf-8"
