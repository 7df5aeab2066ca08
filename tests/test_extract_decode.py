"""The decode stage: page bytes → text, whatever the page says about its encoding."""

from __future__ import annotations

import codecs
import gzip

import pytest

from pipeline.errors import BinaryInputError, EmptyInputError
from pipeline.extract.decode import decode_html, normalize_encoding

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
