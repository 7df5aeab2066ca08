"""A page's time budget is read inside the stages' long loops, not only between stages.

Each stage is given a :class:`Deadline` already past (a clock the test moves): a page with
more steps than :data:`EVERY` in the stage's loop is refused inside that stage
(``OverBudgetError``, reason ``time``), before the stage's end; a deadline not reached
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.errors import OverBudgetError
from pipeline.extract import extract_fields
from pipeline.extract.body import extract_body
from pipeline.extract.deadline import EVERY, Deadline
from pipeline.extract.metadata import extract_metadata
from pipeline.extract.parse import LexborHTMLParser, check_budget, parse_html
from pipeline.extract.pubdate import find_page_dates


class Clock:
    """A clock the test sets; counts its readings."""

    def __init__(self) -> None:
        self.now = 100.0
        self.readings = 0

    def __call__(self) -> float:
        self.readings += 1
        return self.now


def past_deadline(seconds: float = 5.0) -> tuple[Deadline, Clock]:
    clock = Clock()
    deadline = Deadline(seconds, url="https://example.org/slow", clock=clock)
    clock.now += seconds + 1
    return deadline, clock


def refused_in(stage: str, call: Callable[[], object]) -> OverBudgetError:
    with pytest.raises(OverBudgetError) as caught:
        call()
    err = caught.value
    assert err.reason == "time"
    assert f"in {stage}" in str(err)
    assert err.url == "https://example.org/slow"
    return err


def many_blocks(n: int) -> str:
    """An ordinary-looking page of ``n`` short, different blocks (no dates, no JSON-LD)."""
    items = "".join(
        f"<div class='row'><span>Harbour note {i}</span><p>Ferry {i} leaves at dawn, "
        f"weather allowing, from pier {i % 7}.</p></div>"
        for i in range(n)
    )
    return f"<html><head><title>Notes</title></head><body><main>{items}</main></body></html>"


def test_deadline_reads_its_clock_every_so_many_steps() -> None:
    clock = Clock()
    deadline = Deadline(5.0, clock=clock)
    first = clock.readings
    for _ in range(EVERY - 1):
        deadline.tick("loop")
    assert clock.readings == first
    deadline.tick("loop")
    assert clock.readings == first + 1
    clock.now += 6
    for _ in range(EVERY - 1):
        deadline.tick("loop")  # not read yet
    with pytest.raises(OverBudgetError) as caught:
        deadline.tick("loop")
    assert caught.value.reason == "time"
    assert caught.value.stage == "extract"


def test_no_budget_never_ends() -> None:
    clock = Clock()
    deadline = Deadline(None, clock=clock)
    clock.now += 1e9
    deadline.check("anything")
    for _ in range(3 * EVERY):
        deadline.tick("loop")


def test_the_budget_scan_reads_the_clock_between_tags() -> None:
    # a page that takes the scan (more tags than the depth budget could hold shallow)
    page = "<html><body>" + "<div><b>x</b></div>" * 5_000 + "</body></html>"
    check_budget(page, deadline=Deadline(None))  # passes the budget
    deadline, _ = past_deadline()
    refused_in("parse", lambda: check_budget(page, deadline=deadline))


def test_parse_refuses_a_page_past_its_time_before_the_parser_runs() -> None:
    deadline, _ = past_deadline()
    refused_in("parse", lambda: parse_html(many_blocks(10), deadline=deadline))


def test_the_body_walk_reads_the_clock_between_nodes() -> None:
    tree = LexborHTMLParser(many_blocks(2 * EVERY))
    assert extract_body(tree, deadline=Deadline(None))  # the page has a body
    deadline, _ = past_deadline()
    refused_in("body", lambda: extract_body(tree, deadline=deadline))


def test_metadata_and_the_date_search_read_the_clock() -> None:
    page = many_blocks(20)  # no declared date: htmldate would be asked
    tree = LexborHTMLParser(page)
    deadline, _ = past_deadline()
    refused_in("metadata", lambda: extract_metadata(tree, html=page, deadline=deadline))
    deadline, _ = past_deadline()
    refused_in(
        "dates",
        lambda: find_page_dates(tree, None, art={}, metas={}, html=page, deadline=deadline),
    )


def test_the_clean_stage_reads_the_clock_before_each_block() -> None:
    from pipeline.extract import _clean
    from pipeline.extract.raw import RawArticle

    raw = RawArticle(title="Notes", language="en", paragraphs=["Ferry leaves at dawn."] * 3)
    tree = LexborHTMLParser(many_blocks(3))
    assert _clean(raw, tree, None, deadline=Deadline(None)).text
    deadline, _ = past_deadline()
    refused_in("clean", lambda: _clean(raw, tree, None, deadline=deadline))


def test_a_deadline_not_reached_changes_nothing() -> None:
    page = many_blocks(3 * EVERY)
    clock = Clock()
    far = Deadline(3600.0, clock=clock)
    tree = LexborHTMLParser(page)
    assert extract_body(tree, deadline=far) == extract_body(tree)
    assert clock.readings > 1  # it was read, and let the work go on
    fields = extract_fields(page, "https://example.org/notes", time_budget=3600.0)
    assert fields.text == extract_fields(page, "https://example.org/notes").text


def test_a_page_past_its_time_is_a_refusal_with_its_url() -> None:
    with pytest.raises(OverBudgetError) as caught:
        extract_fields(many_blocks(50), "https://example.org/zero", time_budget=0.0)
    assert caught.value.reason == "time"
    assert caught.value.url == "https://example.org/zero"
