"""The second opinion (readability-lxml) of the generic body extractor: asked only where
newsmill is unsure, kept only when it holds newsmill's reading and more."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.extract import extract_fields, fallback
from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html

FIXTURES = Path(__file__).parent / "fixtures"
VOA = FIXTURES / "voa" / "us_VoiceOfAmerica_2024_04_28.html.gz"

_NOTES = [
    "The committee met twice in March to review the bids for the new library roof, and "
    "chose the lowest one after checking the builder's references with two other towns.",
    "Work starts in May; the reading rooms stay open, but the archive on the top floor "
    "will move to the school hall across the road until the autumn.",
]


def _never_asked(html: str) -> str:
    raise AssertionError("readability was asked on a page newsmill is sure of")


def test_a_page_newsmill_is_sure_of_never_asks_readability(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second opinion costs a second parse: a full article page does not pay it."""
    monkeypatch.setattr(fallback, "readability_summary", _never_asked)
    fields = extract_fields(gzip.decompress(VOA.read_bytes()))
    assert len(fields.text) > 2000


def test_text_only_inside_a_link_is_read() -> None:
    """A short page whose text all sits inside one link (a ``javascript:`` wrapper) has no
    prose for newsmill's scorer; readability's reading of it is the page's text."""
    page = (
        "<html><head><title>Library roof</title></head><body><a href='javascript:void(0)'>"
        + "".join(f"<p>{p}</p>" for p in _NOTES)
        + "</a></body></html>"
    )
    fields = extract_fields(page)
    assert fields.text.split("\n\n") == _NOTES


def test_the_second_opinion_is_not_asked_without_the_html() -> None:
    """``extract_body(tree)`` alone (no HTML text) is newsmill's own reading."""
    page = f"<html><body><a href='javascript:void(0)'><p>{_NOTES[0]}</p></a></body></html>"
    assert extract_body(parse_html(page)) == []
    assert extract_body(parse_html(page), page) == [_NOTES[0]]
    assert extract_body(parse_html(page), page, second_opinion=False) == []


@pytest.mark.parametrize(
    ("found", "shown", "unsure"),
    [(0, 0, True), (300, 320, True), (2000, 2200, False), (2000, 6000, False), (2000, 12000, True)],
)
def test_unsure_is_short_or_a_small_share_of_the_prose(
    found: int, shown: int, unsure: bool
) -> None:
    assert fallback.unsure(found, shown) is unsure


def test_the_second_opinion_wins_only_when_it_contains_newsmills_reading() -> None:
    own = [_NOTES[0]]
    assert fallback.prefer_second(own, [_NOTES[0], _NOTES[1]])
    assert not fallback.prefer_second(own, [_NOTES[1], _NOTES[1]])  # longer, but other text
    assert not fallback.prefer_second(own, [_NOTES[0]])  # nothing more
    assert fallback.prefer_second([], [_NOTES[1]])
    assert not fallback.prefer_second(own, [])
    assert not fallback.prefer_second([], ["Write to us."])  # no prose: not an article


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<?php echo 1; ?>", "<![CDATA[x]]>", "<html><body></body></html>", "\x00\x01",
     "<svg xmlns='http://www.w3.org/2000/svg'><text>x</text></svg>", "<" * 5000],
)  # fmt: skip
def test_readability_on_odd_input_is_empty_or_text_never_an_error(html: str) -> None:
    out = fallback.readability_summary(html)
    assert isinstance(out, str)
