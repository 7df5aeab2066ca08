"""The decode stage: page bytes → text, whatever the page says about its encoding."""

from __future__ import annotations

import codecs
import gzip

import pytest

from pipeline.errors import BinaryInputError, EmptyInputError
from pipeline.extract import extract_fields
from pipeline.extract.decode import decode_html, decode_page, normalize_encoding
from pipeline.extract.parse import LexborHTMLParser
from pipeline.extract.raw import RawArticle

FRENCH = "L’été dernier, « le café » coûtait très cher — trop cher, disait-on à Montréal."
RUSSIAN = (
    "Президент России заявил, что правительство рассмотрит новые меры поддержки экономики. "
    "Об этом сообщили журналисты в понедельник, уточнив, что решение примут до конца месяца."
)


def page(text: str, head: str = "") -> str:
    return (
        f"<!doctype html><html><head>{head}<title>Test</title></head>"
        f"<body><p>{text}</p></body></html>"
    )


@pytest.mark.parametrize(
    ("data", "content_type", "expected_encoding"),
    [
        # BOMs win over everything
        (codecs.BOM_UTF8 + page(FRENCH, '<meta charset="windows-1252">').encode(), None, "utf-8"),
        (
            codecs.BOM_UTF16_LE + page(FRENCH).encode("utf-16-le"),
            "text/html; charset=iso-8859-1",
            "utf-16-le",
        ),
        (codecs.BOM_UTF16_BE + page(RUSSIAN).encode("utf-16-be"), None, "utf-16-be"),
        # HTTP header, then <meta>
        (page(FRENCH).encode("cp1252"), "text/html; charset=windows-1252", "cp1252"),
        (page(RUSSIAN).encode("koi8-r"), 'text/html; charset="KOI8-R"', "koi8-r"),
        (page(FRENCH, '<meta charset="iso-8859-1">').encode("cp1252"), None, "cp1252"),
        (
            page(
                RUSSIAN,
                '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
            ).encode("cp1251"),
            None,
            "cp1251",
        ),
        # the header beats a contradicting meta
        (
            page(RUSSIAN, '<meta charset="koi8-r">').encode("cp1251"),
            "text/html; charset=windows-1251",
            "cp1251",
        ),
        # declared UTF-8, delivered as windows-1252
        (page(FRENCH, '<meta charset="utf-8">').encode("cp1252"), None, "cp1252"),
        (page(FRENCH).encode("cp1252"), "text/html; charset=UTF-8", "cp1252"),
        # declared Latin-1 by a server default, actually UTF-8
        (page(FRENCH, '<meta charset="utf-8">').encode(), "text/html; charset=ISO-8859-1", "utf-8"),
        # nothing declared
        (page(FRENCH).encode(), None, "utf-8"),
        (page(RUSSIAN).encode("cp1251"), None, "cp1251"),
        (page(RUSSIAN).encode("koi8-r"), None, "koi8-r"),
        (page("plain ASCII page").encode("ascii"), None, "utf-8"),
        # an unknown label is ignored
        (page(FRENCH, '<meta charset="x-no-such-charset">').encode(), None, "utf-8"),
    ],
)
def test_decode_encodings(data: bytes, content_type: str | None, expected_encoding: str) -> None:
    text, encoding = decode_html(data, content_type=content_type)
    assert encoding == expected_encoding
    assert "\ufffd" not in text
    assert "<title>Test</title>" in text
    assert FRENCH in text or RUSSIAN in text or "plain ASCII page" in text


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\r\n"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_html(data)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (gzip.compress(b"<html><body><p>zipped</p></body></html>"), "gzip"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"<html>\x00\x01\x02\x00binary</html>", "NUL bytes"),
    ],
)
def test_binary_input(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what) as info:
        decode_html(data)
    message = str(info.value)
    assert message.startswith("input looks like")
    assert message.endswith("not HTML")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("label", "codec"),
    [("UTF8", "utf-8"), ("utf-8", "utf-8"), ("ISO-8859-1", "cp1252"), ("latin1", "cp1252"),
     ("windows-1251", "cp1251"), ("KOI8-R", "koi8-r"), ("us-ascii", "cp1252"), ("bogus", None),
     (None, None)],
)  # fmt: skip
def test_normalize_encoding(label: str | None, codec: str | None) -> None:
    assert normalize_encoding(label) == codec


# -- lying declarations, mixed bytes, damage counted ----------------------------------------
class ParagraphSpider:
    """Reads every ``<p>`` as is: these tests look at decoding, not at body extraction."""

    def parse_article(self, tree: LexborHTMLParser, url: str | None) -> RawArticle:
        return RawArticle(paragraphs=[p.text() for p in tree.css("p")])


PARAS = ParagraphSpider()


@pytest.mark.parametrize(
    ("data", "content_type", "expected_encoding"),
    [
        # a lying header between the two Cyrillic code pages: both decode any byte, so only
        # the letter soup (оПЕГХДЕМР) gives the lie away
        (page(RUSSIAN).encode("cp1251"), "text/html; charset=koi8-r", "cp1251"),
        (page(RUSSIAN).encode("koi8-r"), "text/html; charset=windows-1251", "koi8-r"),
        (page(RUSSIAN).encode("cp1251"), "text/html; charset=ISO-8859-1", "cp1251"),
        (page(RUSSIAN, '<meta charset="windows-1252">').encode("koi8-r"), None, "koi8-r"),
    ],
)
def test_lying_single_byte_declarations(
    data: bytes, content_type: str | None, expected_encoding: str
) -> None:
    decoded = decode_page(data, content_type=content_type)
    assert decoded.encoding == expected_encoding
    assert RUSSIAN in decoded.text
    assert decoded.source == "detected"
    assert decoded.mismatch


def test_declared_single_byte_is_kept_when_it_reads_well() -> None:
    decoded = decode_page(page(FRENCH).encode("cp1252"), content_type="text/html; charset=cp1252")
    assert (decoded.encoding, decoded.source, decoded.mismatch) == ("cp1252", "header", False)


def test_utf8_page_with_stray_cp1252_bytes() -> None:
    # a UTF-8 page where one paragraph was pasted from a windows-1252 word processor
    data = page(FRENCH * 2).encode() + "<p>“Don’t,” he said.</p>".encode("cp1252")
    decoded = decode_page(data, content_type="text/html; charset=utf-8")
    assert decoded.encoding == "utf-8"
    assert decoded.source == "utf-8+cp1252"
    assert decoded.repaired_bytes == 3
    assert FRENCH in decoded.text
    assert "“Don’t,” he said." in decoded.text
    assert "\ufffd" not in decoded.text


def test_replacement_characters_are_counted_and_redetected() -> None:
    # U+FFFD written into the page upstream (a crawler that decoded with errors="replace")
    damaged = page(FRENCH).replace("é", "\ufffd").replace("è", "\ufffd")
    decoded = decode_page(damaged.encode(), content_type="text/html; charset=utf-8")
    assert decoded.replacement_chars == damaged.count("\ufffd") > 2
    assert decoded.source == "detected"  # too many to trust the declaration blindly
    assert decoded.encoding == "utf-8"  # …but no other reading is better
    assert "coûtait" in decoded.text
    one = page(FRENCH + " \ufffd").encode()
    assert decode_page(one * 20).replacement_chars == 20


def test_last_resort_keeps_every_byte() -> None:
    # bytes windows-1252 leaves undefined, with nothing else to go on
    decoded = decode_page(b"<html><body><p>caf\xe9 \x81\x8d\x8f\x90\x9d</p></body></html>")
    assert "\ufffd" not in decoded.text
    assert decoded.replacement_chars == 0


def test_windows_line_endings_leave_no_carriage_return() -> None:
    html = page(FRENCH + "\r\nSecond line.\r\n\r\n").replace("><", ">\r\n<").encode("cp1252")
    fields = extract_fields(html, content_type="text/html; charset=windows-1252", spider=PARAS)
    assert "\r" not in fields.text
    assert f"{FRENCH} Second line." in fields.text


def test_decode_repairs_reach_the_record() -> None:
    data = page(RUSSIAN + " " + RUSSIAN).encode("cp1251")
    fields = extract_fields(data, content_type="text/html; charset=koi8-r", spider=PARAS)
    assert RUSSIAN in fields.text
    assert "page declared charset koi8-r, decoded as cp1251" in fields.warnings
    assert fields.cleaning["charset_mismatch"] == 1
    mixed = page(FRENCH * 2).encode() + "<p>Don’t stop here, please.</p>".encode("cp1252")
    assert extract_fields(mixed, spider=PARAS).cleaning["mixed_encoding"] == 1
