"""The structure budget of ``parse.check_budget``: depth and element count, on pages made here."""

from __future__ import annotations

import pytest

from pipeline.errors import OverBudgetError
from pipeline.extract.parse import check_budget


def test_nesting_one_level_past_the_depth_budget_is_refused() -> None:
    html = "<html><body>" + "<div>" * 101 + "x" + "</div>" * 101 + "</body></html>"
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html, max_depth=100)
    assert caught.value.reason == "depth"


def test_many_closed_siblings_are_not_depth() -> None:
    html = "<body>" + "<div>x</div>" * 500 + "</body>"
    check_budget(html, max_depth=100)


def test_void_elements_never_nest() -> None:
    html = "<body><p>" + "a<br>" * 5_000 + "<img src=x>" * 5_000 + "</p></body>"
    check_budget(html, max_depth=100)


def test_paragraphs_left_open_close_each_other() -> None:
    html = "<body>" + "<p>para" * 5_000 + "</body>"
    check_budget(html, max_depth=100)


def test_tags_inside_a_script_are_not_elements() -> None:
    html = "<body><script>" + "'<div>'+" * 5_000 + "</script><p>x</p></body>"
    check_budget(html, max_depth=100)


def test_too_many_elements_is_refused_even_when_flat() -> None:
    html = "<body>" + "<span>x</span>" * 1_001 + "</body>"
    with pytest.raises(OverBudgetError) as caught:
        check_budget(html, max_nodes=1_000)
    assert caught.value.reason == "nodes"


def test_a_small_page_at_exactly_the_budget_passes_and_one_deeper_does_not() -> None:
    page = "<html><body><article><p>One.</p><p>Two.</p></article></body></html>"
    check_budget(page, max_depth=4)
    with pytest.raises(OverBudgetError):
        check_budget(page.replace("<p>One.", "<p><b>One.</b>"), max_depth=4)
