"""Pages laid out with tables, as before CSS: a cell that holds a story's paragraphs is a
column of the page, not a row of data; its paragraphs stay paragraphs."""

from __future__ import annotations

import pytest
from harbour_story import STORY

from pipeline.extract.body import extract_body
from pipeline.extract.parse import parse_html


def body_of(inner: str) -> list[str]:
    return extract_body(parse_html(f"<html><head></head><body>{inner}</body></html>"))


def _nav_cell() -> str:
    links = "".join(
        f"<a href='/{w.lower()}'>{w}</a><br>" for w in ("Home", "News", "Sports", "Opinion")
    )
    return f"<td width='150' valign='top'><font size='2'>{links}</font></td>"


@pytest.mark.parametrize(
    "story",
    [
        # paragraphs as runs of text between <br><br>, inside <font>
        "<font face='Arial' size='2'>" + "".join(f"{p}<br><br>" for p in STORY) + "</font>",
        # paragraphs as runs of text between <br><br>, bare in the cell
        "".join(f"{p}<br><br>" for p in STORY),
    ],
)
@pytest.mark.parametrize("nav", [True, False])
def test_the_paragraphs_of_a_story_cell_are_lines_of_their_own(story: str, nav: bool) -> None:
    page = (
        "<table width='760'><tr><td colspan='2'><img src='/masthead.gif'></td></tr>"
        f"<tr>{_nav_cell() if nav else ''}<td width='610' valign='top'>{story}</td></tr>"
        "</table>"
    )
    body = body_of(page)
    for paragraph in STORY:
        assert paragraph in body
    assert not any("Sports" in line for line in body)


def test_a_data_table_in_the_story_cell_still_reads_a_row_a_line() -> None:
    table = (
        "<table border='1'><tr><th>Vessel</th><th>Draught</th></tr>"
        "<tr><td>Northern Star</td><td>9.5 m</td></tr>"
        "<tr><td>Cape Ranger</td><td>11.2 m</td></tr></table>"
    )
    story = (
        "".join(f"{p}<br><br>" for p in STORY[:2])
        + table
        + "".join(f"{p}<br><br>" for p in STORY[2:])
    )
    page = f"<table><tr>{_nav_cell()}<td valign='top'>{story}</td></tr></table>"
    body = body_of(page)
    assert "Vessel Draught" in body
    assert "Northern Star 9.5 m" in body
    assert "Cape Ranger 11.2 m" in body
    for paragraph in STORY:
        assert paragraph in body


def test_cells_of_a_row_that_each_hold_a_line_are_one_line() -> None:
    table = (
        "<table><tr><td>Channel depth before</td><td>7.8 m</td></tr>"
        "<tr><td>Channel depth after</td><td>12.0 m</td></tr></table>"
    )
    body = body_of(f"<div class='text'>{''.join(f'<p>{p}</p>' for p in STORY)}{table}</div>")
    assert body[-2:] == ["Channel depth before 7.8 m", "Channel depth after 12.0 m"]


def test_a_data_row_with_a_cell_of_two_short_paragraphs_stays_one_line() -> None:
    table = (
        "<table><tr><th>Pos</th><th>Club</th><th>Pts</th><th>Notes</th></tr>"
        "<tr><td>1</td><td><a href='/clubs/rovers'>Millbrook Rovers</a></td><td>27</td>"
        "<td>Unbeaten at home.<br><br>Two points deducted in October.</td></tr>"
        "<tr><td>2</td><td><a href='/clubs/united'>Harbour United</a></td><td>25</td>"
        "<td>Top scorers.</td></tr></table>"
    )
    body = body_of(f"<div class='text'>{''.join(f'<p>{p}</p>' for p in STORY)}{table}</div>")
    assert "1 Millbrook Rovers 27 Unbeaten at home. Two points deducted in October." in body
    assert "2 Harbour United 25 Top scorers." in body
