"""``node_text``: an element's text as a reader sees it (#14: titles, bylines, date lines).

Inline markup is flattened without a space ("Wo<b>rd</b>s" is one word); a line break or a
block element inside the element separates words, as the browser shows them on two lines.
"""

from __future__ import annotations

import pytest

from pipeline.extract.metadata import extract_metadata
from pipeline.extract.parse import node_text, parse_html


def first(html: str, selector: str) -> str:
    return node_text(parse_html(f"<html><body>{html}</body></html>").css_first(selector))


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<h1>Wo<b>rd</b>s <i>stay</i> whole</h1>", "Words stay whole"),
        ("<h1>Harbour pier<br>reopens after storm</h1>", "Harbour pier reopens after storm"),
        (
            "<h1><span>Election night</span><div>Results from every ward</div></h1>",
            "Election night Results from every ward",
        ),
        ("<h1>Budget<p>What changes in April</p></h1>", "Budget What changes in April"),
        ("<div class=d>12.03.2021<br/>14:00</div>", "12.03.2021 14:00"),
        ("<div class=d><ul><li>Sport</li><li>Football</li></ul></div>", "Sport Football"),
        ("<h1>  Spaced \n\t out  </h1>", "Spaced out"),
        ("<h1></h1>", ""),
    ],
)
def test_node_text_separates_lines_and_blocks_only(html: str, expected: str) -> None:
    assert first(html, "h1, .d") == expected


def test_a_headline_with_a_line_break_keeps_its_words_apart() -> None:
    html = (
        "<html><head><title>Desk</title></head><body><article>"
        "<h1>Ten note-taking apps for the school year<br>compared</h1>"
        "<p>Some text of the review.</p></article></body></html>"
    )
    title = extract_metadata(parse_html(html)).title
    assert title == "Ten note-taking apps for the school year compared"
